"""The general map fetches boundaries per gemeente: the region view loads the gemeenten, a
gemeente view only that gemeente's buurten (what keeps a national database usable)."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By

from tests.browser.conftest import browser_errors, login_in_browser, wait_until
from tests.browser.test_algemeen import area_count, db_areas

RESOURCES = """
    return performance.getEntriesByType('resource')
        .filter(e => e.name.includes('/geo/'))
        .map(e => [new URL(e.name).pathname, e.encodedBodySize]);
"""


def geo_requests(driver) -> dict[str, int]:
    return dict(driver.execute_script(RESOURCES))


def test_gemeente_view_loads_only_its_own_boundaries(dash_duo, twente_app):
    login_in_browser(dash_duo, twente_app, path="/?periode=12m")  # the region (a link)
    driver = dash_duo.driver
    gemeenten = db_areas(twente_app, "gemeente")
    wait_until(dash_duo, lambda d: area_count(d) == len(gemeenten), message="gemeenten on map")
    assert set(geo_requests(driver)) == {"/geo/gemeente.geojson"}

    target = gemeenten[0]
    buurten = db_areas(twente_app, "buurt", target.code)
    dash_duo.select_dcc_dropdown("#filter-gemeente", value=target.naam)
    wait_until(dash_duo, lambda d: area_count(d) == len(buurten), message="buurten on map")
    requests = geo_requests(driver)
    own = f"/geo/buurt/{target.code}.geojson"
    assert own in requests
    assert "/geo/buurt.geojson" not in requests  # never every buurt of the region

    # The payload is that gemeente's share, not the region's: compare with the whole level.
    whole = driver.execute_async_script(
        "const done = arguments[0];"
        "fetch('/geo/buurt.geojson').then(r => r.arrayBuffer()).then(b => done(b.byteLength));"
    )
    per_buurt = whole / len(db_areas(twente_app, "buurt"))
    assert requests[own] < whole / 2
    assert requests[own] < per_buurt * len(buurten) * 1.5

    # Another gemeente: its own document, the map shows its buurten only.
    other = gemeenten[-1]
    other_buurten = db_areas(twente_app, "buurt", other.code)
    dash_duo.select_dcc_dropdown("#filter-gemeente", value=other.naam)
    wait_until(dash_duo, lambda d: area_count(d) == len(other_buurten), message="other buurten")
    assert f"/geo/buurt/{other.code}.geojson" in geo_requests(driver)
    assert browser_errors(driver) == []


# --- reading the map without hovering (issue 21, item 2) ------------------------------------

VISIBLE_LABELS = """
return Array.from(document.querySelectorAll('#algemeen-kaart .kaart-label'))
    .filter(e => getComputedStyle(e).visibility !== 'hidden')
    .map(e => { const r = e.getBoundingClientRect();
                return [e.textContent, r.left, r.top, r.right, r.bottom]; });
"""
RANKED = """
const plot = document.querySelector('#algemeen-kaart-rangorde .js-plotly-plot');
return plot && plot.data && plot.data.length ? plot.data[0].y : null;
"""


def visible_labels(driver) -> list[list]:
    return driver.execute_script(VISIBLE_LABELS)


def assert_apart(labels: list[list]) -> None:
    """No two shown names overlap."""
    for k, (name, left, top, right, bottom) in enumerate(labels):
        for other, o_left, o_top, o_right, o_bottom in labels[k + 1 :]:
            apart = right <= o_left or o_right <= left or bottom <= o_top or o_bottom <= top
            assert apart, f"{name} overlaps {other}"


def test_the_map_names_its_areas_without_hovering(dash_duo, twente_app):
    """No background in tests and no hover: the names are on the map, they do not collide,
    and the ranked bar lists the areas beside it."""
    login_in_browser(dash_duo, twente_app, path="/?periode=12m")  # the region (a link)
    driver = dash_duo.driver
    gemeenten = db_areas(twente_app, "gemeente")
    wait_until(
        dash_duo, lambda d: area_count(d) == len(gemeenten), timeout=30, message="gemeenten on map"
    )
    # Most gemeente names fit at this size; those that would collide wait for a zoom.
    wait_until(
        dash_duo,
        lambda d: len(visible_labels(d)) >= len(gemeenten) // 2,
        message="gemeente names on the map",
    )
    labels = visible_labels(driver)
    assert {name for name, *_ in labels} <= {g.naam for g in gemeenten}
    assert_apart(labels)
    assert driver.find_elements(By.CSS_SELECTOR, ".leaflet-tile-pane img") == []  # tiles off
    ranked = wait_until(dash_duo, lambda d: d.execute_script(RANKED), message="ranked bar")
    assert sorted(ranked) == sorted(g.code for g in gemeenten)

    # A gemeente's buurten are named by their wijken.
    target = max(gemeenten, key=lambda g: len(db_areas(twente_app, "wijk", g.code)))
    wijken = db_areas(twente_app, "wijk", target.code)
    buurten = db_areas(twente_app, "buurt", target.code)
    dash_duo.select_dcc_dropdown("#filter-gemeente", value=target.naam)
    wait_until(dash_duo, lambda d: area_count(d) == len(buurten), message="buurten on map")
    short = {re.sub(r"^Wijk \d+\s+", "", w.naam) for w in wijken}
    wait_until(
        dash_duo,
        lambda d: (names := {n for n, *_ in visible_labels(d)}) and names <= short,
        message="wijk names on the map",
    )
    assert_apart(visible_labels(driver))
    assert browser_errors(driver) == []
