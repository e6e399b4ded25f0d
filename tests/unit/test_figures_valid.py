"""The dashboard's charts skip plotly's validation when they are built (it cost about 10 ms per
chart on every filter change); here every builder's output goes through that validation, so a
misspelt or wrong property fails a test instead of silently not drawing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import figures, figures_thema
from dashboard.measures.theme_areas import RegionComparison

WEEKS = pd.DataFrame(
    {
        "start": pd.date_range("2025-01-06", periods=10, freq="W-MON").date,
        "aantal": np.arange(10),
        "volledig": [False] + [True] * 9,
    }
)
MARKS = [
    {"van": "2025-02-01", "tot": "2025-02-20", "tekst": "Inzet wijkagent"},
    {"van": "2025-03-01", "tot": "2025-03-01", "tekst": "Nieuwe camera"},
]

COMPARISON = RegionComparison(
    pd.DataFrame(
        {
            "area_code": ["GM0153", "GM0164", "GM0183"],
            "naam": ["Enschede", "Hengelo", "Tubbergen"],
            "per_1000": [4.2, 3.1, np.nan],
            "p0": [670, 250, 0],
        }
    ),
    region_per_1000=3.6,
    selected="GM0164",
)

BUILDERS = {
    "trend": lambda: figures.trend_figure(WEEKS, WEEKS, "week", ("Periode", "Vergelijking")),
    "trend with annotations": lambda: figures.with_annotations(
        figures.trend_figure(WEEKS, WEEKS, "week", ("Periode", "Vergelijking")), MARKS
    ),
    "heatmap": lambda: figures.heatmap_figure(
        pd.DataFrame({"weekdag": [0, 6], "uur": [3, 23], "aantal": [4, 5]})
    ),
    "mix": lambda: figures.mix_figure(
        pd.DataFrame(
            {
                "hoofdcategorie": ["Geweld", "Verkeer"] * 2,
                "gebied": ["Buurt", "Buurt", "Gemeente", "Gemeente"],
                "per_1000": [1.5, 2.0, 3.0, np.nan],
            }
        )
    ),
    "empty": lambda: figures.empty_figure("Geen gegevens"),
    "theme comparison": lambda: figures_thema.comparison_figure(COMPARISON, "meldingen"),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_passes_plotly_validation(name):
    figure = BUILDERS[name]()
    validated = go.Figure(figure.to_dict())  # raises ValueError on an unknown property
    assert len(validated.data) == len(figure.data)


def test_an_unknown_property_would_fail_the_check():
    figure = figures.fast_figure([{"type": "scatter", "x": [1], "colour": "red"}], {})
    with pytest.raises(ValueError, match="colour"):
        go.Figure(figure.to_dict())


def test_theme_comparison_highlights_the_chosen_gemeente_and_draws_the_region():
    figure = figures_thema.comparison_figure(COMPARISON, "meldingen")
    bars = figure.data[0]
    assert list(bars.y) == ["Enschede", "Hengelo"]  # no inhabitants: no rate, no bar
    assert list(bars.marker.color) == [figures.PERIOD_COLOUR, figures_thema.SELECTED_COLOUR]
    assert figure.layout.shapes[0].x0 == figure.layout.shapes[0].x1 == 3.6
    assert figure.layout.annotations[0].text == "regio 3,60"
