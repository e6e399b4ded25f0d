"""The general map fetches boundaries per gemeente: the region view loads the gemeenten, a
gemeente view only that gemeente's buurten (what keeps a national database usable)."""

from __future__ import annotations

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
