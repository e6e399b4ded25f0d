"""Numbers read the Dutch way wherever they are shown: a decimal comma and a thousands dot in
texts made in Python, in Plotly figures (hover, axes) and in tables (issue 21)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from dashboard import figures
from dashboard.callbacks.open_data import trend_figure as open_data_trend
from dashboard.formatting import (
    DECIMAL,
    PLOTLY_SEPARATORS,
    THOUSANDS,
    hover_number,
    nl_number,
    nl_percent_change,
    nl_signed,
)
from dashboard.layouts.components.grid import LOCALE_TEXT, number_column


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (1500, 0, "1.500"),
        (5902, 0, "5.902"),
        (20471, 0, "20.471"),
        (12.5, 1, "12,5"),
        (1234567.891, 2, "1.234.567,89"),
        (999, 0, "999"),
        (-1500, 0, "-1.500"),
        (np.int64(5902), 0, "5.902"),
        (np.float32(12.5), 1, "12,5"),
        (Decimal("1500.25"), 2, "1.500,25"),
        (0.04, 1, "0,0"),
    ],
)
def test_numbers_have_a_decimal_comma_and_a_thousands_dot(value, decimals, shown):
    assert nl_number(value, decimals) == shown


@pytest.mark.parametrize(
    ("value", "decimals", "number", "signed"),
    [(-0.04, 1, "0,0", "±0,0"), (-0.4, 0, "0", "±0"), (-1e-9, 2, "0,00", "±0,00")],
)
def test_a_value_that_rounds_to_zero_has_no_minus(value, decimals, number, signed):
    """ "-0,0" or "−0,0" on a card reads as a decrease that is not there."""
    assert nl_number(value, decimals) == number
    assert nl_signed(value, decimals) == signed


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, np.float32("nan"), pd.NA, pd.NaT])
def test_a_missing_number_is_a_dash_of_any_kind_of_missing(missing):
    """A pandas column with NA or a float32 NaN reached the cards as "nan" or an error."""
    assert nl_number(missing) == "-"
    assert nl_signed(missing) == "-"
    assert nl_percent_change(missing) == "n.v.t."


def test_signed_numbers_group_thousands_and_use_a_real_minus():
    assert nl_signed(1500) == "+1.500"
    assert nl_signed(-2346.26, 1) == "−2.346,3"
    assert nl_percent_change(12.34) == "+12,3%"


def test_hover_texts_use_the_grouped_d3_format():
    """With the figures' separators ",." plotly shows %{y:,.0f} as 1.500."""
    assert hover_number() == "%{y:,.0f}"
    assert hover_number("customdata", 1) == "%{customdata:,.1f}"
    assert PLOTLY_SEPARATORS == ",."


def _layouts(fig) -> tuple[dict, dict]:
    layout = fig.to_plotly_json()["layout"]
    return layout, layout["template"]["layout"]


def test_every_figure_has_dutch_separators_and_groups_four_digit_ticks():
    """Plotly groups thousands on an axis only from 10.000 unless told: the theme page showed
    ticks "1000 1500". The default template tells every axis, whichever builder made it."""
    weeks = pd.date_range("2026-01-05", periods=4, freq="W-MON")
    built = [
        figures.weekly_rows_figure(
            pd.DataFrame(
                {"week": weeks, "aantal": [1500] * 4, "verwacht": [1400.0] * 4, "afwijkend": ""}
            )
        ),
        figures.empty_figure("geen gegevens"),
        open_data_trend(
            pd.DataFrame({"start": [dt.date(2025, 1, 1), dt.date(2026, 1, 1)], "aantal": [1, 2]}),
            "jaar",
        ),
    ]
    for fig in built:
        layout, template = _layouts(fig)
        assert layout["separators"] == ",."
        assert template["xaxis"]["separatethousands"] is True
        assert template["yaxis"]["separatethousands"] is True


def test_usage_hover_shows_grouped_counts():
    frame = pd.DataFrame(
        {
            "maand": [dt.date(2026, 9, 1), dt.date(2026, 10, 1)],
            "weergaven": [1024, 1500],
            "gebruikers": [17, 20],
            "volledig": [True, True],
        }
    )
    fig = figures.usage_figure(frame, "maand", "maand")
    assert all(":,.0f}" in trace.hovertemplate for trace in fig.data)


def test_table_numbers_are_grouped_with_dutch_separators():
    """A table's number column is formatted in the browser by nlNumber (assets/grid.js, the
    rule of nl_number) with its number of decimals; AG Grid's own numbers use the same
    separators."""
    column = number_column("gelezen", "Gelezen")
    assert column["valueFormatter"] == {"function": "nlNumber(params.value, 0)"}
    assert number_column("per_1000", "Per 1.000", 1)["valueFormatter"] == {
        "function": "nlNumber(params.value, 1)"
    }
    assert (LOCALE_TEXT["decimalSeparator"], LOCALE_TEXT["thousandSeparator"]) == (",", ".")
    assert (DECIMAL, THOUSANDS) == (",", ".")
