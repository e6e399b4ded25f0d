"""Protected codes (themes.toml `beschermd = true`) on every surface of Algemeen beeld.

Generated over every protected code x every viewer (no grant, each theme grant, projectleider,
admin) x every surface that shows police figures (KPI cards and map, the areas table and its
pages, the CSV, the trend, the week pattern, the profile, the extrapolation, the code list):

- a viewer without a protecting theme gets nothing of the code: the surfaces answer exactly
  what they answer without it, and the page says why;
- a viewer with it gets the code at gemeente level and above only: no surface lists a wijk or
  buurt for a selection with a protected code (their figures, with small numbers hidden, are on
  the theme page), so no surface can be set against another to recover a hidden count.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask_login import login_user

from auth.user import CurrentUser
from dashboard import policy
from dashboard.callbacks import algemeen as cb
from dashboard.data.queries import areas as area_queries
from dashboard.data.reference.categories import MAIN_CATEGORIES
from dashboard.data.reference.themes import THEME_DEFINITIONS
from dashboard.data.store import grants as grant_store
from dashboard.data.store import users
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.state import ViewState, to_search
from tests.conftest import login
from tests.csv_export import read_export
from tests.dash_requests import post_callback, value
from tests.layout_tree import find_component

VIEWERS = {
    "zonder-thema": CurrentUser(990, "t-geen", "gebruiker", "GM9901", True, frozenset()),
    **{
        f"thema-{slug}": CurrentUser(
            991, f"t-{slug}", "gebruiker", "GM9901", True, frozenset({slug})
        )
        for slug in THEME_DEFINITIONS
    },
    "projectleider": CurrentUser(992, "t-pl", "projectleider", None, True),
    "admin": CurrentUser(993, "t-admin", "admin", None, True),
}
VAN, TOT = dt.date(2025, 6, 1), dt.date(2026, 5, 31)


def may_see(viewer: CurrentUser, code: str) -> bool:
    """The rule, written out independently of the policy module."""
    if viewer.role in ("admin", "projectleider"):
        return True
    return any(
        THEME_DEFINITIONS[t].beschermd and code in THEME_DEFINITIONS[t].politie_codes
        for t in viewer.themes
    )


@pytest.fixture(scope="module")
def areas(demo_main):
    """A gemeente, one of its wijken and one of that wijk's buurten."""
    _, factory, _ = demo_main
    with factory() as session:
        gemeente = area_queries.area(session, "GM9901")
        wijk = area_queries.areas(session, "wijk", gemeente)[0]
        buurt = area_queries.areas(session, "buurt", wijk)[0]
    return {"gemeente": gemeente.code, "wijk": wijk.code, "buurt": buurt.code}


def search(area: str | None, codes=()) -> str:
    state = ViewState(periode="aangepast", van=VAN, tot=TOT, codes=tuple(codes))
    return to_search(state.with_area(area))


def surfaces(query: str) -> dict:
    """What each surface of Algemeen beeld answers for a URL state, in the current request."""
    main = cb.update_main(query)
    # The areas table in another order: a page the server answers to the grid's request.
    ask = {"startRow": 0, "endRow": 25, "sortModel": [{"colId": "naam", "sort": "asc"}]}
    by_name = cb.page_table(ask, query)["answer"]
    csv = cb.download_table(1, query)["download"]
    _, frame = read_export(csv, dtype={"Gebiedscode": str})
    return {
        "title": str(main["title"]),
        "cards": [str(card.to_plotly_json()) for card in main["kpis"]],
        "url": main["map_url"],
        "hideout": main["hideout"],
        "rows": main["table"]["rowData"],
        "pages": main["table"]["rowCount"],
        "by name": (by_name["rowData"], by_name["rowCount"]),
        # The rows without the explanation (the title of the selection, which may differ).
        "csv": frame.to_csv(index=False, sep=";"),
        "trend": cb.update_trend(query)["trend"].to_plotly_json()["data"],
        "heatmap": cb.update_heatmap(query)["heatmap"].to_plotly_json()["data"],
        "profile": str(cb.update_profile(query)["profile"].to_plotly_json()),
        "extrapolation": str(cb.update_extrapolation(query + "&extrapolatie=6")["note"]),
    }


def listed_areas(answer: dict) -> set[str]:
    codes = {r["area_code"] for r in answer["rows"] + answer["by name"][0]}
    codes |= set(answer["hideout"]["areas"])
    codes |= {line.split(";", 1)[0] for line in answer["csv"].splitlines()[1:] if line}
    return codes


def as_viewer(app, viewer: CurrentUser, query: str) -> dict:
    with app.server.test_request_context():
        login_user(viewer)
        return surfaces(query)


def test_the_shipped_themes_protect_their_sensitive_codes():
    assert {"F95", "E37", "E33", "E35", "F15"} <= policy.PROTECTED_CODES
    assert not policy.PROTECTED_CODES & set(THEME_DEFINITIONS["hennep-drugs"].politie_codes)


@pytest.mark.parametrize("code", sorted(policy.PROTECTED_CODES))
def test_every_surface_x_viewer_x_level_for_a_protected_code(app, areas, code):
    for name, viewer in VIEWERS.items():
        for level in ("regio", "gemeente", "wijk", "buurt"):
            area = None if level == "regio" else areas[level]
            where = f"{code} / {name} / {level}"
            asked = as_viewer(app, viewer, search(area, [code]))
            if not may_see(viewer, code):
                plain = as_viewer(app, viewer, search(area))
                for surface in plain:
                    if surface != "title":
                        assert asked[surface] == plain[surface], f"{where}: {surface} differs"
                assert "beschermde code" in asked["title"], where
                continue
            # Allowed: never a wijk or buurt on any surface.
            assert all(a.startswith("GM") for a in listed_areas(asked)), where
            assert asked["url"] == "/geo/gemeente.geojson", where
            if level in ("wijk", "buurt"):
                gemeente = as_viewer(app, viewer, search(areas["gemeente"], [code]))
                for surface in ("cards", "rows", "by name", "csv", "trend", "heatmap", "profile"):
                    assert asked[surface] == gemeente[surface], f"{where}: {surface}"
                assert "U ziet" in asked["title"], where


def test_the_code_list_offers_a_protected_code_only_with_its_theme(app):
    everything = list(MAIN_CATEGORIES)
    for name, viewer in VIEWERS.items():
        with app.server.test_request_context():
            login_user(viewer)
            answer = cb.code_options(everything, sorted(policy.PROTECTED_CODES))
        options, kept = answer["options"], answer["codes"]
        offered = {o["value"] for o in options}
        for code in policy.PROTECTED_CODES:
            assert (code in offered) == may_see(viewer, code), f"{name}: {code}"
        # A protected code the viewer may not see does not survive in the selection either.
        assert set(kept) == {c for c in policy.PROTECTED_CODES if may_see(viewer, c)}, name
        assert "F550" in offered  # unprotected codes stay open to everyone


def test_unprotected_codes_stay_exact_below_gemeente_level(app, areas):
    viewer = VIEWERS["zonder-thema"]
    answer = as_viewer(app, viewer, search(areas["gemeente"], ["F550"]))
    assert any(a.startswith("BU") for a in listed_areas(answer))
    assert "beschermde" not in answer["title"]


def main_callback(client, query: str) -> dict:
    state = [value(ALGEMEEN.table, "getRowsRequest", None)]
    response = post_callback(
        client, f"{ALGEMEEN.title}.children", [value(ALGEMEEN.view, "data", query)], state
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def test_the_reproduction_through_the_web(app, areas, demo_main):
    """The issue's reproduction: the woonoverlast codes, a custom period and a gemeente, through
    the real endpoints: refused for a gebruiker without the grant, gemeenten only for a
    projectleider (who sees every theme)."""
    _, factory, _ = demo_main
    with factory() as session:
        granted = grant_store.themes_of(session, users.get_user(session, "gebruiker").id)
    assert "woonoverlast" not in granted
    codes = list(THEME_DEFINITIONS["woonoverlast"].politie_codes)
    query = search(areas["gemeente"], codes)

    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    asked = main_callback(client, query)
    assert "beschermde codes" in json.dumps(asked[ALGEMEEN.title])
    plain = main_callback(client, search(areas["gemeente"]))
    table, plain_table = asked[ALGEMEEN.table_first]["data"], plain[ALGEMEEN.table_first]["data"]
    assert (table["rowData"], table["rowCount"]) == (
        plain_table["rowData"],
        plain_table["rowCount"],
    )
    assert asked[ALGEMEEN.kpis] == plain[ALGEMEEN.kpis]

    leader = app.server.test_client()
    assert login(leader, "projectleider").status_code == 302
    shown = main_callback(leader, query)
    rows = shown[ALGEMEEN.table_first]["data"]["rowData"]
    assert rows and all(r["area_code"].startswith("GM") for r in rows)
    assert "themapagina" in json.dumps(shown[ALGEMEEN.title])


@pytest.mark.parametrize("name", ["zonder-thema", "thema-woonoverlast", "admin"])
def test_a_link_with_protected_codes_opens_without_the_ones_the_viewer_may_not_see(app, name):
    from dashboard import pages

    viewer = VIEWERS[name]
    codes = ["F550", *THEME_DEFINITIONS["woonoverlast"].politie_codes]
    with app.server.test_request_context():
        login_user(viewer)
        page = pages.build_algemeen(search("GM9901", codes))
    dropdown = find_component(page, ALGEMEEN.codes)
    kept = [c for c in codes if c == "F550" or may_see(viewer, c)]
    assert dropdown.value == kept
    offered = {o["value"] for o in dropdown.options}
    assert "F550" in offered
    assert offered & policy.PROTECTED_CODES == {
        c for c in policy.PROTECTED_CODES if may_see(viewer, c)
    }
    # The refusal note of the link (the help texts mention protected codes on every page).
    said = "uit de selectie gelaten" in str(page)
    assert said == (len(kept) < len(codes)), name
