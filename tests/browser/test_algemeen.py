"""The general dashboard in headless Chromium, as a safety officer uses it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.data.queries import areas as area_queries
from tests.browser.conftest import browser_errors, login_in_browser, wait_until

AREA_PATHS = "path.area"
# A link to the region: a bare "/" opens on the demo gebruiker's own gemeente (issue 21).
REGION_VIEW = "/?periode=12m"


def area_count(driver) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, AREA_PATHS))


def total(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".kpi-card [data-value]").get_attribute(
        "data-value"
    )


def query(driver) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(driver.current_url).query).items()}


def db_areas(app, niveau, parent_code=None):
    with app.server.app_context():
        from dashboard.data.session import read_session

        with read_session() as session:
            parent = area_queries.area(session, parent_code) if parent_code else None
            return area_queries.areas(session, niveau, parent)


def clickable_point_script() -> str:
    # The centre of a buurt's bounding box is not always inside the buurt: find an area whose
    # centre hits the area itself, and return that point so the click lands exactly there.
    return """
        for (const p of document.querySelectorAll(arguments[0])) {
            const r = p.getBoundingClientRect();
            const x = Math.round(r.left + r.width / 2), y = Math.round(r.top + r.height / 2);
            if (r.width > 8 && r.height > 8 && document.elementFromPoint(x, y) === p) {
                return [p.getAttribute('class'), x, y];
            }
        }
        return null;
    """


def click_at(driver, x: int, y: int) -> None:
    """A real mouse click at viewport coordinates (move, press, release), as a user does."""
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        driver.execute_cdp_cmd(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
        )


def wait_for_map_to_settle(dash_duo):
    """fitBounds animates the zoom (the map carries .leaflet-zoom-anim meanwhile) and may start
    only once the boundaries have loaded: wait until no animation runs and an area has kept the
    same position for a full second."""

    def snapshot(driver):
        return driver.execute_script(
            "if (document.querySelector('.leaflet-zoom-anim')) return null;"
            "const p = document.querySelector(arguments[0]); if (!p) return null;"
            "const r = p.getBoundingClientRect(); return [r.left, r.top, r.width, r.height];",
            AREA_PATHS,
        )

    history: list = []

    def settled(driver):
        history.append(snapshot(driver))
        recent = history[-4:]
        return len(recent) == 4 and recent[0] is not None and all(r == recent[0] for r in recent)

    WebDriverWait(dash_duo.driver, 15, poll_frequency=0.33).until(settled, "map keeps moving")


def test_general_dashboard_end_to_end(dash_duo, twente_app):
    login_in_browser(dash_duo, twente_app, path=REGION_VIEW)
    driver = dash_duo.driver
    gemeenten = db_areas(twente_app, "gemeente")

    # The map shows every gemeente of the region, and the page says it is internal.
    wait_until(dash_duo, lambda d: area_count(d) == len(gemeenten), message="gemeenten on map")
    assert "Alleen voor intern gebruik" in driver.find_element(By.TAG_NAME, "body").text
    assert dash_duo.find_element("#data-date").text.startswith("Data t/m")
    badge = dash_duo.find_element("#demo-badge")
    assert badge.is_displayed() and badge.text == "Demodata (synthetisch)"
    region_total = total(driver)

    # Choosing a gemeente changes the KPI numbers and shows its buurten on the map.
    target = gemeenten[len(gemeenten) // 2]
    buurten = db_areas(twente_app, "buurt", target.code)
    dash_duo.select_dcc_dropdown("#filter-gemeente", value=target.naam)
    wait_until(dash_duo, lambda d: area_count(d) == len(buurten), message="buurten on map")
    wait_until(dash_duo, lambda d: total(d) != region_total, message="KPI changed")
    assert query(driver)["gebied"] == target.code
    assert target.naam in dash_duo.find_element("#algemeen-titel").text

    # Clicking an area on the map selects it in the filters (once every callback has answered
    # and the zoom animation is over: a click during a redraw is lost, as it would be for a user).
    wait_until(dash_duo, lambda d: dash_duo._wait_for_callbacks(), message="callbacks pending")
    wait_for_map_to_settle(dash_duo)
    found = driver.execute_script(clickable_point_script(), AREA_PATHS)
    assert found, "no clickable buurt found"
    css_class, x, y = found
    code = next(c.removeprefix("area-") for c in css_class.split() if c.startswith("area-"))
    click_at(driver, x, y)
    wait_until(
        dash_duo,
        lambda d: query(d).get("gebied") == code,
        message=f"clicked {code}, URL has {query(driver).get('gebied')}",
    )
    buurt = next(b for b in buurten if b.code == code)
    wait_until(dash_duo, lambda d: buurt.naam in d.find_element(By.ID, "filter-buurt").text)
    wait_until(dash_duo, lambda d: buurt.naam in d.find_element(By.ID, "algemeen-titel").text)
    selected_total = total(driver)

    # A reload restores the view from the URL.
    driver.refresh()
    wait_until(dash_duo, lambda d: buurt.naam in d.find_element(By.ID, "algemeen-titel").text)
    wait_until(dash_duo, lambda d: total(d) == selected_total, message="same KPI after reload")
    assert target.naam in dash_duo.find_element("#filter-gemeente").text
    assert buurt.naam in dash_duo.find_element("#filter-buurt").text

    assert browser_errors(driver) == []


def test_filters_change_the_numbers(dash_duo, twente_app):
    login_in_browser(dash_duo, twente_app, path="/?periode=12m")
    driver = dash_duo.driver
    wait_until(dash_duo, lambda d: area_count(d) > 0)
    before = total(driver)
    dash_duo.select_dcc_dropdown("#filter-periode", value="Laatste 4 weken")
    wait_until(dash_duo, lambda d: total(d) != before, message="period changes the total")
    assert query(driver)["periode"] == "4w"
    four_weeks = total(driver)
    # Unticking a hoofdcategorie removes its card and lowers the total.
    driver.find_element(By.CSS_SELECTOR, "#filter-hoofdcategorie input[value='verkeer']").click()
    wait_until(dash_duo, lambda d: int(total(d)) < int(four_weeks), message="fewer categories")
    assert "verkeer" not in query(driver)["hc"]
    # A custom range enables the date fields and puts the dates in the URL.
    dash_duo.select_dcc_dropdown("#filter-periode", value="Aangepaste periode")
    wait_until(dash_duo, lambda d: query(d).get("periode") == "aangepast", message="custom range")
    assert query(driver)["van"] < query(driver)["tot"]
    wait_until(
        dash_duo, lambda d: "aangepaste periode" in d.find_element(By.ID, "algemeen-titel").text
    )
    # The per-1,000 measure relabels the legend.
    driver.find_element(By.CSS_SELECTOR, "#filter-maat input[value='per1000']").click()
    wait_until(
        dash_duo, lambda d: "Per 1.000" in d.find_element(By.ID, "algemeen-kaart-legenda").text
    )
    assert browser_errors(driver) == []


def table_codes(driver) -> list[str]:
    """The areas in the table's current page, in order (the name cell's text)."""
    return driver.execute_script(
        """
        const rows = [...document.querySelectorAll(arguments[0])];
        const at = (row) => Number(row.getAttribute('row-index'));
        rows.sort((a, b) => at(a) - at(b));
        return rows.map(r => r.querySelector("[col-id='naam']"))
          .filter(Boolean).map(c => c.innerText.trim()).filter(Boolean);
        """,
        "#algemeen-tabel .ag-center-cols-container .ag-row",
    )


def click_element(driver, selector: str) -> None:
    """A click through the DOM: the table's pager sits below the emulated window's fold."""
    driver.execute_script("arguments[0].click();", driver.find_element(By.CSS_SELECTOR, selector))


# Every callback request's outputs, recorded in the page (the renderer posts with fetch).
RECORD_REQUESTS = """
window.dvRequests = [];
if (!window.dvFetch) {
  window.dvFetch = window.fetch;
  window.fetch = function (url, options) {
    if (String(url).includes('_dash-update-component') && options && options.body) {
      try { window.dvRequests.push(JSON.parse(options.body).output); } catch (e) {}
    }
    return window.dvFetch.apply(this, arguments);
  };
}
"""


def table_requests(driver) -> int:
    """Requests for a page of the areas table since RECORD_REQUESTS."""
    outputs = driver.execute_script("return window.dvRequests || [];")
    return sum("algemeen-tabel-antwoord" in output for output in outputs)


def paging_text(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "#algemeen-tabel .ag-paging-panel").text


def test_areas_table_pages_and_sorts_and_tooltips_name_the_area(dash_duo, twente_app):
    """The areas table comes a page at a time (a national region has 342 gemeenten); sorting
    on a column asks the server again and starts at page one; page one of a filter change comes
    with the figures, without a request of its own. The map tooltip puts the name from the
    boundaries above the figures of the filter."""
    login_in_browser(dash_duo, twente_app, path=REGION_VIEW)
    driver = dash_duo.driver
    gemeenten = db_areas(twente_app, "gemeente")
    largest = max(gemeenten, key=lambda g: len(db_areas(twente_app, "buurt", g.code)))
    buurten = db_areas(twente_app, "buurt", largest.code)
    assert len(buurten) > 25, "the test needs a gemeente of more than one page"
    wait_until(dash_duo, lambda d: area_count(d) == len(gemeenten), message="gemeenten on map")
    wait_until(dash_duo, lambda d: len(table_codes(d)) == len(gemeenten), message="gemeenten")
    driver.execute_script(RECORD_REQUESTS)
    dash_duo.select_dcc_dropdown("#filter-gemeente", value=largest.naam)
    wait_until(dash_duo, lambda d: area_count(d) == len(buurten), message="buurten on map")
    names = {b.naam for b in buurten}
    wait_until(dash_duo, lambda d: set(table_codes(d)) <= names and len(table_codes(d)) == 25)
    first = table_codes(driver)
    assert table_requests(driver) == 0  # page one came with the KPI figures
    pages = -(-len(buurten) // 25)
    wait_until(dash_duo, lambda d: f"1 t/m 25 van {len(buurten)}" in paging_text(d))
    assert f"Pagina 1 van {pages}" in paging_text(driver)

    click_element(driver, "#algemeen-tabel [data-ref='btNext']")
    wait_until(dash_duo, lambda d: table_codes(d) and table_codes(d)[0] not in first)
    second = table_codes(driver)
    assert set(second) <= names and not set(second) & set(first)
    assert f"Pagina 2 van {pages}" in paging_text(driver)
    assert table_requests(driver) == 1  # one request for the page

    # Sorting by name: the first page of the whole gemeente in alphabetical order.
    header = "#algemeen-tabel .ag-header-cell[col-id='naam'] .ag-header-cell-label"
    click_element(driver, header)
    expected = sorted(names)[:25]
    wait_until(
        dash_duo,
        lambda d: table_codes(d) == expected or table_codes(d) == sorted(names)[-25:][::-1],
        message="sorted by name",
    )
    assert f"Pagina 1 van {pages}" in paging_text(driver)
    assert table_requests(driver) == 2
    by_name = table_codes(driver)

    # A filter change on page two: back to page one, in the chosen order, and that page comes
    # with the figures again (no request of its own).
    click_element(driver, "#algemeen-tabel [data-ref='btNext']")
    wait_until(dash_duo, lambda d: f"Pagina 2 van {pages}" in paging_text(d))
    wait_until(dash_duo, lambda d: table_codes(d) and table_codes(d)[0] not in by_name)
    before = total(driver)
    dash_duo.select_dcc_dropdown("#filter-periode", value="Laatste 4 weken")
    wait_until(dash_duo, lambda d: total(d) != before, message="period changes the total")
    wait_until(dash_duo, lambda d: f"Pagina 1 van {pages}" in paging_text(d))
    wait_until(dash_duo, lambda d: table_codes(d) == by_name, message="still by name")
    assert table_requests(driver) == 3  # the page: one request; the filter change: none

    # The tooltip of an area: its name from the boundary document, then the figures.
    wait_for_map_to_settle(dash_duo)
    found = driver.execute_script(clickable_point_script(), AREA_PATHS)
    css_class, x, y = found
    code = next(c.removeprefix("area-") for c in css_class.split() if c.startswith("area-"))
    driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
    # (the names on the map are Leaflet tooltips too: kaart-label, assets/map-labels.js)
    hover = ".leaflet-tooltip:not(.kaart-label)"
    wait_until(dash_duo, lambda d: d.find_elements(By.CSS_SELECTOR, hover))
    tooltip = driver.find_element(By.CSS_SELECTOR, hover)
    naam = next(b.naam for b in buurten if b.code == code)
    assert tooltip.find_element(By.TAG_NAME, "b").text == naam
    assert "Aantal:" in tooltip.text and "Per 1.000 inwoners:" in tooltip.text
    assert browser_errors(driver) == []
