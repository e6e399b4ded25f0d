"""The general dashboard's callbacks called as plain functions, and through Dash's endpoint."""

from __future__ import annotations

import json

import pytest
from flask_login import login_user

from auth.user import CurrentUser
from dashboard import policy
from dashboard.callbacks import algemeen as cb
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries.filters import IncidentFilter
from dashboard.data.reference.categories import MAIN_CATEGORIES
from dashboard.formatting import nl_date
from dashboard.inputs import InvalidInput
from dashboard.layouts.algemeen import ALGEMEEN, TABLE_PAGE_SIZE
from dashboard.measures import areas
from dashboard.measures.areas import OUTSIDE_INDELING
from dashboard.measures.selection import resolve
from dashboard.state import ViewState, to_search
from tests.conftest import fresh_url
from tests.csv_export import read_export
from tests.layout_tree import find_component

# Outside a request the callbacks run as the system (policy.SYSTEM, an admin): every code per
# gemeente and region, and per wijk and buurt no protected code (policy.exclusion).
SYSTEM = policy.SYSTEM


def protected_count(session, area, period) -> int:
    """The registrations of protected codes in an area and period, counted directly: what a
    gemeente's total holds for the system and its buurten leave out."""
    frame = incident_queries.code_counts(session, IncidentFilter(area), period)
    return int(frame[frame["mk_code"].isin(policy.PROTECTED_CODES)]["aantal"].sum())


@pytest.fixture
def ctx(app):
    with app.server.app_context():
        yield


def kpi_values(cards) -> dict[str, int]:
    out = {}
    for card in cards:
        value = card.children.children[1]
        out[card.id["categorie"]] = int(getattr(value, "data-value"))
    return out


def test_main_callback_numbers_equal_the_query_layer(ctx, demo_main):
    _, factory, _ = demo_main
    search = to_search(ViewState(periode="12m", vergelijking="vorige").with_area("GM9901"))
    main = cb.update_main(search)
    title, cards, url, hideout = main["title"], main["kpis"], main["map_url"], main["hideout"]
    viewport, rows, count = main["viewport"], main["table"]["rowData"], main["table"]["rowCount"]
    with factory() as session:
        context = resolve(
            session,
            ViewState(periode="12m", vergelijking="vorige").with_area("GM9901"),
            SYSTEM,
        )
        expected = incident_queries.counts(session, context.filter, context.periods).set_index(
            "hoofdcategorie"
        )
        buurten = area_queries.areas(session, "buurt", context.area)
        left_out = protected_count(session, context.area, context.period)
    values = kpi_values(cards)
    for hc in MAIN_CATEGORIES:
        assert values[hc] == expected.at[hc, "periode"]
    assert values["totaal"] == expected["periode"].sum()
    assert "Demostad" in str(title)
    # The note says, once, that the buurten leave the protected codes out.
    assert str(title).count("Zonder beschermde codes") == 1
    assert "onder gemeenteniveau" in str(title)
    assert url == "/geo/buurt/GM9901.geojson"  # only this gemeente's boundaries
    assert set(hideout["areas"]) == {b.code for b in buurten}
    assert {r["area_code"] for r in rows} == {b.code for b in buurten}
    # The buurten add up to the gemeente, less the protected codes (counted per gemeente only).
    assert left_out > 0
    assert sum(r["periode"] for r in rows) == values["totaal"] - left_out
    assert count == len(buurten) <= TABLE_PAGE_SIZE  # fewer buurten than a page: one page
    assert viewport["bounds"][0][0] < viewport["bounds"][1][0]


def test_changing_gemeente_changes_numbers(ctx):
    first = cb.update_main(to_search(ViewState().with_area("GM9901")))
    second = cb.update_main(to_search(ViewState().with_area("GM9902")))
    assert kpi_values(first["kpis"]) != kpi_values(second["kpis"])
    assert set(first["hideout"]["areas"]).isdisjoint(second["hideout"]["areas"])


def test_region_view_shows_gemeenten(ctx):
    main = cb.update_main("")
    assert main["map_url"] == "/geo/gemeente.geojson"
    assert set(main["hideout"]["areas"]) == {"GM9901", "GM9902", "GM9903"}
    assert len(main["table"]["rowData"]) == 3 and main["table"]["rowCount"] == 3


def _measure_order(frame, column: str, ascending: bool):
    """The areas table in a column's order as the product promises it: empty values last,
    ties by the larger count, the larger comparison count, then the code."""
    keys = [column] + [k for k in ("periode", "vergelijking", "area_code") if k != column]
    directions = [ascending] + [k == "area_code" for k in keys[1:]]
    return frame.sort_values(keys, ascending=directions, na_position="last")


def test_page_one_follows_the_grid_s_order_and_another_order_is_asked_of_the_server(ctx, demo_main):
    """A filter change sends page one in the order the grid shows (its last request); another
    order or page is one request whose answer is the measure's rows in that order, with the
    row count for the pager and what it answers (the browser matches it to the grid)."""
    _, factory, _ = demo_main
    state = ViewState(periode="12m").with_area("GM9901")
    search = to_search(state)
    with factory() as session:
        frame = areas.area_table(session, resolve(session, state, SYSTEM)).frame
    by_name = [{"colId": "naam", "sort": "asc"}]
    grid_request = {"startRow": 0, "endRow": 25, "sortModel": by_name, "filterModel": {}}
    first = cb.update_main(search, grid_request)["table"]
    expected = _measure_order(frame, "naam", True)
    assert [r["area_code"] for r in first["rowData"]] == list(expected["area_code"][:25])
    assert (first["rowCount"], first["sortModel"], first["view"]) == (len(frame), by_name, search)
    # Without a request (the page loads): the largest count first.
    default = cb.update_main(search)["table"]
    largest = _measure_order(frame, "periode", False)
    assert [r["area_code"] for r in default["rowData"]] == list(largest["area_code"][:25])
    assert default["sortModel"] == [{"colId": "periode", "sort": "desc"}]

    for column in ("per_1000", "verschil_pct", "inwoners"):
        for sort in ("asc", "desc"):
            order = [{"colId": column, "sort": sort}]
            ask = {"startRow": 0, "endRow": 25, "sortModel": order}
            answer = cb.page_table(ask, search)["answer"]
            expected = _measure_order(frame, column, sort == "asc")
            assert [r["area_code"] for r in answer["rowData"]] == list(
                expected["area_code"][:25]
            ), order
            assert (answer["rowCount"], answer["startRow"]) == (len(frame), 0)
            assert (answer["sortModel"], answer["view"]) == (order, search)
            # Only the table's columns travel.
            assert all(set(r) == set(areas.TABLE_COLUMNS) for r in answer["rowData"])
    # A page past the end (asked before a filter change made the table shorter): no rows.
    late = cb.page_table({"startRow": 250, "endRow": 275, "sortModel": []}, search)["answer"]
    assert late["rowData"] == [] and late["rowCount"] == len(frame)


@pytest.mark.parametrize(
    "request_",
    [
        "periode",
        ["startRow", 0],
        {"startRow": "25"},
        {"startRow": -25},
        {"startRow": 2.5},
        {"startRow": True},
    ],
)
def test_a_request_for_rows_no_grid_sends_is_refused(ctx, request_):
    with pytest.raises(InvalidInput):
        cb.page_table(request_, to_search(ViewState()))
    if not isinstance(request_, dict):
        with pytest.raises(InvalidInput):
            cb.update_main(to_search(ViewState()), request_)


def test_a_link_with_a_period_outside_the_data_shows_what_it_can_and_says_why(ctx, demo_main):
    """Issue 18: such a link answered 500 in six callbacks; now the period is held to the data
    (or the default shown) and the title says so."""
    _, factory, _ = demo_main
    with factory() as session:
        first = freshness_queries.earliest_data_date(session)
        last = freshness_queries.latest_data_date(session)
    data = f"{nl_date(first)} t/m {nl_date(last)}"
    before = "?periode=aangepast&van=0001-01-02&tot=0001-12-31&vergelijking=vorige"
    main = cb.update_main(before)
    title, cards = main["title"], main["kpis"]
    headline, note = title[0], title[1].children
    assert "laatste 12 maanden" in headline
    assert note == (
        f"De gekozen periode valt buiten de beschikbare gegevens ({data}); daarom is de "
        "standaardperiode getoond."
    )
    assert kpi_values(cards)["totaal"] > 0
    wide = "?periode=aangepast&van=1900-01-01&tot=9999-12-31"
    main = cb.update_main(wide)
    title, cards = main["title"], main["kpis"]
    assert f"aangepaste periode ({data})" in title[0]
    assert (
        title[1].children == f"De gekozen periode is ingekort tot de beschikbare gegevens ({data})."
    )
    assert kpi_values(cards)["totaal"] > 0
    for search in (before, wide):
        assert cb.update_trend(search)["trend"]["data"], search
        assert cb.update_heatmap(search)["heatmap"]["data"], search
        assert cb.update_profile(search)["profile"], search
        explanation, _ = read_export(cb.download_table(1, search)["download"])
        assert "ingekort" in explanation or search == before
    inside = f"?periode=aangepast&van={first}&tot={last}"
    assert isinstance(cb.update_main(inside)["title"], str)  # no note when nothing changed


def test_a_link_with_a_period_outside_the_data_opens_with_the_shown_period_in_its_filters(
    app, demo_main
):
    """The filters of a freshly opened link hold what the view shows (the period fitted to the
    data, or the default), and the page says once what changed: otherwise the date picker said
    01-01-2000 while the figures were for the last 12 months."""
    from dashboard import pages
    from dashboard.state import parse

    _, factory, _ = demo_main
    with factory() as session:
        first = freshness_queries.earliest_data_date(session)
        last = freshness_queries.latest_data_date(session)
    with app.server.test_request_context():
        login_user(CurrentUser(1, "g", "gebruiker", "GM9901", True))
        outside = pages.build_algemeen("?periode=aangepast&van=0001-01-02&tot=0001-12-31")
        wide = pages.build_algemeen("?periode=aangepast&van=1900-01-01&tot=9999-12-31")
        plain = pages.build_algemeen("?periode=4w")
    assert find_component(outside, ALGEMEEN.period).value == parse("").periode
    assert "standaardperiode" in str(outside)
    dates = find_component(wide, ALGEMEEN.dates)
    assert (dates.start_date, dates.end_date) == (first, last)
    assert "ingekort" in str(wide)
    assert "beschikbare gegevens" not in str(plain)


def test_unknown_or_crafted_area_falls_back_to_region(ctx):
    assert "hele regio" in cb.update_main("?gebied=GM0000&periode=4w")["title"]
    assert "hele regio" in cb.update_main("?gebied=' OR 1=1 --")["title"]


def test_code_filter_narrows_the_total(ctx):
    everything = kpi_values(cb.update_main(to_search(ViewState()))["kpis"])["totaal"]
    only = kpi_values(cb.update_main(to_search(ViewState(codes=("F550",))))["kpis"])["totaal"]
    assert 0 < only < everything


def test_selected_buurt_is_highlighted_among_its_wijk(ctx):
    state = ViewState().with_area("BU99010000")
    hideout = cb.update_main(to_search(state))["hideout"]
    assert hideout["selected"] == "BU99010000"
    assert all(code.startswith("BU990100") for code in hideout["areas"])


def test_tooltips_escape_names(ctx):
    import pandas as pd

    table = pd.DataFrame(
        {
            "area_code": ["X"],
            "naam": ["<img src=x onerror=alert(1)>"],
            "periode": [1],
            "vergelijking": [0],
            "verschil": [1],
            "verschil_pct": [None],
            "inwoners": [None],
            "per_1000": [None],
        }
    )
    hideout, _ = cb.map_hideout(table, "aantal", None)
    # Plain text only: the browser adds the name from the boundaries and escapes it.
    assert set(hideout["areas"]["X"]) == {"c", "d"}
    assert "<" not in hideout["areas"]["X"]["d"]


def test_trend_heatmap_and_profile_render(ctx):
    search = to_search(ViewState(trend="maand").with_area("WK990100"))
    figure = cb.update_trend(search)["trend"]
    legend = [t.name for t in figure.data if t.showlegend is not False]
    assert legend[0].startswith("Vergelijking") and legend[1].startswith("Periode")
    # The data end within a month: that month is drawn as partial, not as a whole one.
    assert legend[2:] == ["onvolledige maand"]
    heat = cb.update_heatmap(search)["heatmap"]
    assert heat.data[0].z.shape == (7, 24)
    profile = cb.update_profile(search)["profile"]
    text = json.dumps(profile.to_plotly_json(), default=str)
    assert "Inwoners" in text and "Demostad" in text


def test_payload_through_dash_endpoint_is_small(user_client):
    from tests.dash_requests import post_dependency

    deps = user_client.get("/_dash-dependencies").get_json()
    main = next(d for d in deps if "algemeen-titel.children" in d["output"])
    response = post_dependency(user_client, main, {(ALGEMEEN.view, "data"): "?gebied=GM9901"})
    assert response.status_code == 200
    assert len(response.data) < 100_000
    assert b"geometry" not in response.data  # only numbers per area travel


def test_csv_download(ctx):
    download = cb.download_table(1, to_search(ViewState().with_area("GM9901")))["download"]
    assert download["filename"].startswith("gebieden_GM9901_")
    explanation, frame = read_export(download, dtype={"Gebiedscode": str})
    assert download["content"].splitlines()[0].startswith("\ufeffGebiedscode;Gebied;Aantal;")
    assert list(frame.columns) == [
        "Gebiedscode", "Gebied", "Aantal", "Vergelijking", "Verschil", "Verschil (%)",
        "Inwoners", "Per 1.000 inwoners",
    ]  # fmt: skip
    assert "Demostad" in explanation
    assert len(frame) == 18 and frame["Gebiedscode"].str.startswith("BU").all()  # the buurten
    assert frame["Aantal"].dtype.kind == "i" and frame["Per 1.000 inwoners"].dtype.kind == "f"


def test_views_without_any_registration_render_zeros(ctx):
    """Found by the benchmark: a rare code in a buurt over four weeks crashed the KPIs/profile."""
    search = to_search(ViewState(periode="4w", codes=("F542",)).with_area("BU99010000"))
    cards = cb.update_main(search)["kpis"]
    assert kpi_values(cards)["totaal"] == 0
    text = json.dumps(cb.update_profile(search)["profile"].to_plotly_json(), default=str)
    assert "Inwoners" in text


def test_registrations_outside_the_shown_indeling_stay_in_the_table(tmp_path):
    """A registration delivered with a buurt of an older indeling: counted and named, not lost."""
    import datetime as dt

    import pandas as pd

    from dashboard.data.db import transaction
    from dashboard.data.ops import aggregate_refresh, loading
    from tests.conftest import build_demo_db, make_app

    url = fresh_url(tmp_path, "indeling")
    _, factory, _ = build_demo_db(url, seed=2, years=1, scale=0.1)
    old_buurt = {
        "niveau": "buurt",
        "code": "BU99010099",
        "naam": "Oude buurt",
        "wijk_code": "WK990100",
        "gemeente_code": "GM9901",
        "regio_code": "RG99",
        "min_lon": None,
        "min_lat": None,
        "max_lon": None,
        "max_lat": None,
    }
    with transaction(factory) as session:
        loading.replace_areas(session, 2001, [old_buurt], [])
        loading.insert_incidents(
            session,
            pd.DataFrame(
                [
                    {
                        "registratienummer": "OUD-1",
                        "pleegdatum": dt.date(2026, 11, 20),
                        "uur": 3,
                        "buurt_code": "BU99010099",
                        "mk_code": "F550",
                    }
                ]
            ),
            None,
        )
        aggregate_refresh.refresh_aggregates(session, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    app = make_app(url)
    state = ViewState(periode="4w").with_area("GM9901")
    with app.server.app_context():
        main = cb.update_main(to_search(state))
    cards, hideout, rows = main["kpis"], main["hideout"], main["table"]["rowData"]
    with factory() as session:
        context = resolve(session, state, SYSTEM)
        left_out = protected_count(session, context.area, context.period)
    outside = [r for r in rows if r["naam"] == OUTSIDE_INDELING]
    assert outside and outside[0]["periode"] == 1
    assert sum(r["periode"] for r in rows) == kpi_values(cards)["totaal"] - left_out
    assert "BU99010099" not in hideout["areas"]


def test_a_comparison_before_the_data_is_flagged_on_the_cards_and_in_the_csv(ctx, demo_main):
    """Issue 19: a period compared with days before the first delivery showed a steep rise as if
    it were real. Every card and the CSV now say that the comparison is incomplete, in the
    same words as the periodic report; a comparison inside the data carries no flag."""
    import datetime as dt

    _, factory, _ = demo_main
    with factory() as session:
        first = freshness_queries.earliest_data_date(session)
    flag = f"Vergelijking onvolledig: gegevens vanaf {nl_date(first)}"
    van, tot = first + dt.timedelta(days=200), first + dt.timedelta(days=500)
    search = f"?periode=aangepast&van={van}&tot={tot}&vergelijking=vorig_jaar"
    cards = cb.update_main(search)["kpis"]
    for card in cards:
        assert card.children.children[-1].children == flag, card.id
        # No change and no "niet toevallig" against days without data.
        text = json.dumps(card.to_plotly_json(), default=str)
        assert "verschil n.v.t." in text and "toevallig" not in text, card.id
    explanation, _ = read_export(cb.download_table(1, search)["download"])
    assert explanation.endswith(f"{flag}.")
    later = (van + dt.timedelta(days=200), tot + dt.timedelta(days=200))
    inside = f"?periode=aangepast&van={later[0]}&tot={later[1]}&vergelijking=vorig_jaar"
    cards = cb.update_main(inside)["kpis"]
    assert "onvolledig" not in json.dumps([c.to_plotly_json() for c in cards], default=str)
    assert "onvolledig" not in read_export(cb.download_table(1, inside)["download"])[0]
