"""The extrapolation card of the general dashboard (issue 7): off by default, labelled as no
prediction, its measured error stated, the baseline shown when the model did not beat it, and
never for a sparse series."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import figures
from dashboard.callbacks import algemeen as cb
from dashboard.data.queries import areas as area_queries
from dashboard.measures.extrapolation import LABEL as EXTRAPOLATION_LABEL
from dashboard.state import ViewState, parse, to_search


@pytest.fixture
def ctx(app):
    with app.server.app_context():
        yield


def test_the_horizon_lives_in_the_url():
    state = ViewState(extrapolatie=6)
    assert "extrapolatie=6" in to_search(state) and parse(to_search(state)).extrapolatie == 6
    assert parse("?extrapolatie=7").extrapolatie == 0  # only 3, 6 or 12 months
    assert "extrapolatie" not in to_search(ViewState())


def test_off_by_default_and_explained(ctx):
    answer = cb.update_extrapolation(to_search(ViewState()))
    style, note = answer["style"], answer["note"]
    assert style == {"display": "none"} and "geen voorspelling" in note


def test_a_gemeente_series_is_extrapolated_with_its_measured_error(ctx):
    search = to_search(ViewState(extrapolatie=6).with_area("GM9901"))
    answer = cb.update_extrapolation(search)
    figure, style, note = answer["figure"], answer["style"], answer["note"]
    names = [trace.name for trace in figure.data]
    assert style == {}
    assert "Afwijking" in note and "MASE" in note
    if EXTRAPOLATION_LABEL in names:
        assert "80%-onzekerheidsband" in names and EXTRAPOLATION_LABEL in note
        dashed = next(t for t in figure.data if t.name == EXTRAPOLATION_LABEL)
        assert len(dashed.x) == 6 + 1  # joined to the last month, then six months on
    else:  # the model did not beat the baseline: the page says so and shows the baseline
        assert "Basislijn: zelfde maand vorig jaar" in names
        assert "niet beter" in note


def test_a_sparse_buurt_gets_no_extrapolation_and_the_reason(ctx, demo_main):
    _, factory, _ = demo_main
    with factory() as session:
        gemeente = area_queries.area(session, "GM9901")
        buurten = area_queries.areas(session, "buurt", gemeente)
    # Few registrations: one hoofdcategorie in one buurt.
    search = to_search(
        ViewState(extrapolatie=6, hoofdcategorieen=("ondermijning",)).with_area(buurten[-1].code)
    )
    answer = cb.update_extrapolation(search)
    figure, note = answer["figure"], answer["note"]
    assert "Te weinig registraties per maand" in note
    assert all(t.name == "registraties per maand" for t in figure.data)


def test_the_baseline_figure_has_no_band():
    history = pd.DataFrame(
        {"start": pd.date_range("2025-01-01", periods=12, freq="MS").date, "aantal": range(12)}
    )
    future = list(pd.date_range("2026-01-01", periods=3, freq="MS").date)
    figure = figures.extrapolation_figure(
        history, future, [1.0, 2.0, 3.0], None, None, "Basislijn: zelfde maand vorig jaar", ""
    )
    assert [t.name for t in figure.data] == [
        "registraties per maand",
        "Basislijn: zelfde maand vorig jaar",
    ]
