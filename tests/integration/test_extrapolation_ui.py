"""The extrapolation card of the general dashboard (issues 7 and 20): off by default, labelled
as no prediction, the method shown named with its back-test error beside the runner-up's and the
band's measured coverage; "too little history" and the baseline without band when fewer than 12
back-test forecasts per step could be made; never for a sparse series."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard import figures
from dashboard.analysis.extrapolation import METHODS
from dashboard.callbacks import algemeen as cb
from dashboard.data.queries import areas as area_queries
from dashboard.measures.extrapolation import BAND_LABEL, method_label
from dashboard.measures.extrapolation import LABEL as EXTRAPOLATION_LABEL
from dashboard.state import ViewState, parse, to_search

METHOD_LABELS = {method_label(m) for m in METHODS}


@pytest.fixture
def ctx(app):
    with app.server.app_context():
        yield


@pytest.fixture
def short_history(ctx, monkeypatch):
    """The card's history cut to its last `months` whole months (and no cached fit)."""
    from dashboard.cache import app_cache
    from dashboard.measures import extrapolation as measure

    real = measure.incident_queries.trend

    def cut(months: int):
        def recent(session, flt, span, grain):
            return real(session, flt, span, grain).tail(months).reset_index(drop=True)

        monkeypatch.setattr(measure.incident_queries, "trend", recent)

    app_cache().clear()
    yield cut
    app_cache().clear()


def test_the_horizon_lives_in_the_url():
    state = ViewState(extrapolatie=6)
    assert "extrapolatie=6" in to_search(state) and parse(to_search(state)).extrapolatie == 6
    assert parse("?extrapolatie=7").extrapolatie == 0  # only 3, 6 or 12 months
    assert "extrapolatie" not in to_search(ViewState())


def test_off_by_default_and_explained(ctx):
    answer = cb.update_extrapolation(to_search(ViewState()))
    style, note = answer["style"], answer["note"]
    # Out of sight but laid out at its width (display: none drew it for no width).
    assert style["visibility"] == "hidden" and style["height"] == "0px" and "display" not in style
    assert "geen voorspelling" in note


def test_a_gemeente_series_is_extrapolated_with_its_measured_error(ctx):
    search = to_search(ViewState(extrapolatie=6).with_area("GM9901"))
    answer = cb.update_extrapolation(search)
    figure, style, note = answer["figure"], answer["style"], answer["note"]
    names = [trace.name for trace in figure.data]
    assert style == {}
    # The demo holds years of months: measured on the series itself, with a band.
    assert names == [BAND_LABEL, "registraties per maand", EXTRAPOLATION_LABEL]
    assert note.startswith(f"{EXTRAPOLATION_LABEL}. Methode: ")
    method = note.split("Methode: ")[1].split(".")[0]
    assert method in METHOD_LABELS
    assert "Fout in de back-test: gemiddeld " in note and "voor de tweede beste methode" in note
    assert "gemeten op deze reeks, 12 voorspellingen per stap vooruit" in note
    assert re.search(r"De 80%-band hield in de back-test \d+% van \d+ voorspellingen", note)
    dashed = next(t for t in figure.data if t.name == EXTRAPOLATION_LABEL)
    assert len(dashed.x) == 6 + 1  # joined to the last month, then six months on


def test_a_short_history_says_too_little_and_shows_the_baseline_without_band(
    short_history, monkeypatch
):
    """Fewer whole months than 12 back-test forecasts per step need, and no siblings to pool
    with: no error figure, no band, the baseline named."""
    from dashboard.measures import extrapolation as measure

    short_history(14)
    monkeypatch.setattr(measure, "MAX_SIBLINGS", 0)
    search = to_search(ViewState(extrapolatie=12).with_area("GM9901"))
    answer = cb.update_extrapolation(search)
    names = [trace.name for trace in answer["figure"].data]
    note = answer["note"]
    assert "te weinig historie om de fout te meten" in note
    assert "Methode: gemiddelde van de laatste 12 maanden" in note
    assert "MASE" not in note and "%-band hield" not in note
    assert names == ["registraties per maand", EXTRAPOLATION_LABEL]


def test_a_short_history_pools_with_the_other_gemeenten(short_history):
    short_history(20)  # alone 8 forecasts for step 12; 3 gemeenten x 6 from origin 3 on
    search = to_search(ViewState(extrapolatie=12).with_area("GM9901"))
    note = cb.update_extrapolation(search)["note"]
    assert "gepoold over 3 gebieden van hetzelfde niveau, 18 voorspellingen per stap" in note
    assert "te weinig historie" not in note


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
        history, future, [1.0, 2.0, 3.0], None, None, EXTRAPOLATION_LABEL, BAND_LABEL
    )
    assert [t.name for t in figure.data] == ["registraties per maand", EXTRAPOLATION_LABEL]


def test_a_short_band_is_an_area_not_dots():
    """Six months of band are 12 points: without a mode Plotly drew them as dots."""
    history = pd.DataFrame(
        {"start": pd.date_range("2025-01-01", periods=12, freq="MS").date, "aantal": range(12)}
    )
    future = list(pd.date_range("2026-01-01", periods=6, freq="MS").date)
    path = [5.0] * 6
    figure = figures.extrapolation_figure(
        history, future, path, [3.0] * 6, [7.0] * 6, EXTRAPOLATION_LABEL, BAND_LABEL
    )
    band = next(t for t in figure.data if t.name == BAND_LABEL)
    assert band.mode == "lines" and band.fill == "toself"


@pytest.mark.parametrize("level", ["regio", "gemeente", "wijk", "buurt"])
def test_pooled_siblings_come_from_one_query_with_each_siblings_own_counts(ctx, level):
    """The areas a short history pools with are read in one query over their parent (not one
    trend each); each row equals that area's own monthly trend, with the same codes left out
    for the viewer. The region, alone on its level, pools with its gemeenten (issue 20:
    hierarchically, one level down)."""
    import dataclasses
    from unittest import mock

    from dashboard.data.queries import incidents as incident_queries
    from dashboard.data.session import read_session
    from dashboard.measures import extrapolation as measure
    from dashboard.measures.completeness import data_months
    from dashboard.measures.selection import resolve
    from dashboard.policy import Viewer

    with read_session() as session:
        gemeente = area_queries.area(session, "GM9901")
        area = {
            "regio": area_queries.region(session),
            "gemeente": gemeente,
            "wijk": area_queries.areas(session, "wijk", gemeente)[0],
            "buurt": area_queries.areas(session, "buurt", gemeente)[0],
        }[level]
        state = parse(to_search(ViewState().with_area(area.code)))
        context = resolve(session, state, Viewer("gebruiker"))
        months = data_months(session)
        starts = list(incident_queries.trend(session, context.filter, months, "maand")["start"])
        _, pooled_level, siblings = measure._pool_areas(session, area)
        with mock.patch.object(
            measure.incident_queries, "counts", wraps=incident_queries.counts
        ) as counted:
            rows = measure._pool_rows(session, context.filter, starts)
        assert counted.call_count == 1
        assert siblings and len(rows) == len(siblings)
        expected_level = "gemeente" if level == "regio" else level
        assert pooled_level == expected_level
        assert all(s.niveau == expected_level and s.code != area.code for s in siblings)
        for sibling, row in zip(siblings, rows, strict=True):
            own = incident_queries.trend(
                session, dataclasses.replace(context.filter, area=sibling), months, "maand"
            )
            assert row.tolist() == own["aantal"].astype(float).tolist(), sibling.code
