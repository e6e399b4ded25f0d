"""Every page of the page table, at 1366x768 and on a phone (390x844), as the admin who may open
them all (issue 21): no page scrolls sideways, no severe console entry, axe-core finds nothing
serious or critical, no English UI word and no number written other than the Dutch way
(tests/browser/ui_language.py), and no text is cut: no chart text sticks out of its chart, no
text is shortened to "..." without a tooltip. On the phone the menu folds, the filters fold into a
drawer (the same components) and the view stacks.

One served app and one login per test; each page is waited for by its content (every callback
answered, its heading filled), never by a fixed pause."""

from __future__ import annotations

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.frame import MENU, MENU_BUTTON, PAGE
from dashboard.pages import PAGES
from tests.browser.conftest import browser_errors, login_in_browser, wait_until
from tests.browser.ui_language import english_ui_findings, number_format_findings

DESKTOP = (1366, 768, False)
PHONE = (390, 844, True)
SERIOUS = ("serious", "critical")

# The page is there: the renderer has no callback waiting or running, the page container and
# its heading are filled, and every chart has drawn.
SETTLED = """
const store = window.store;
if (!store) return false;
const page = document.getElementById(arguments[0]);
if (!page || !page.children.length) return false;
const callbacks = Object.assign({}, store.getState().callbacks);
delete callbacks.stored;
delete callbacks.completed;
if (!Object.values(callbacks).every((list) => list.length === 0)) return false;
const heading = page.querySelector('h1');
if (!heading || !heading.textContent.trim()) return false;
return [...page.querySelectorAll('.js-plotly-plot')].every((g) => g.querySelector('.main-svg'));
"""
HORIZONTAL_SCROLL = """
const s = document.scrollingElement;
return s.scrollWidth > s.clientWidth ? `scrollWidth ${s.scrollWidth} > ${s.clientWidth}` : null;
"""
# Text of a chart outside the chart's own box is cut off by the card around it (the longest
# bar label of "Verdeling", the count right of the longest bar, upright axis labels below).
CHART_TEXT_OUTSIDE = """
const out = [];
for (const graph of document.querySelectorAll('.js-plotly-plot')) {
  const svg = graph.querySelector('.main-svg');
  if (!svg || !graph.offsetParent) continue;
  const box = svg.getBoundingClientRect();
  for (const text of graph.querySelectorAll('text')) {
    const r = text.getBoundingClientRect();
    if (!text.textContent.trim() || !r.width) continue;
    const outside = r.left < box.left - 1 || r.right > box.right + 1
      || r.top < box.top - 1 || r.bottom > box.bottom + 1;
    if (outside) {
      out.push(`${graph.id || graph.parentElement.id}: "${text.textContent}"`);
    }
  }
}
return out;
"""
# Text shortened with an ellipsis (or clipped on one line) and no title anywhere to read it.
CUT_WITHOUT_TOOLTIP = """
const out = [];
for (const el of document.querySelectorAll('nav *, #' + arguments[0] + ' *')) {
  if (!el.offsetParent || !el.textContent.trim()) continue;
  if (el.closest('.js-plotly-plot, .leaflet-container')) continue;
  // Text for screen readers only is clipped on purpose.
  if (el.closest('.visually-hidden, .visually-hidden-focusable, .ag-aria-description-container'))
    continue;
  // In a grid (AG Grid) the texts are the header labels and the cell values; its cell and header
  // boxes clip their own handles and padding.
  if (el.closest('.ag-root-wrapper') && !el.matches('.ag-header-cell-text, .ag-cell-value'))
    continue;
  const cs = getComputedStyle(el);
  const clipped = cs.textOverflow === 'ellipsis'
    || (cs.overflowX === 'hidden' && cs.whiteSpace === 'nowrap');
  if (!clipped || el.scrollWidth <= el.clientWidth + 1) continue;
  if (el.closest('[title]')) continue;
  out.push(`${el.tagName.toLowerCase()}.${el.className}: "${el.textContent.trim()}"`);
}
return out;
"""


def set_size(driver, size) -> None:
    width, height, mobile = size
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def open_page(dash_duo, base: str, path: str) -> None:
    dash_duo.driver.get(base + path)
    wait_until(
        dash_duo,
        lambda d: d.execute_script(SETTLED, PAGE),
        timeout=30,
        message=f"{path} did not finish loading",
    )


def problems(driver) -> list[str]:
    """Everything wrong with the open page, as readable lines (empty: nothing)."""
    found = []
    scroll = driver.execute_script(HORIZONTAL_SCROLL)
    if scroll:
        found.append(f"scrolls sideways: {scroll}")
    found += [f"console: {e['message'][:300]}" for e in browser_errors(driver)]
    found += [f"chart text cut: {t}" for t in driver.execute_script(CHART_TEXT_OUTSIDE)]
    found += [
        f"text cut without tooltip: {t}" for t in driver.execute_script(CUT_WITHOUT_TOOLTIP, PAGE)
    ]
    found += [f"English: {w!r} in {t!r}" for w, t in english_ui_findings(driver).items()]
    numbers = number_format_findings(driver)
    found += [f"number not Dutch: {n!r} in {t!r}" for n, t in numbers.items()]
    axe = Axe(driver)
    axe.inject()
    for violation in axe.run()["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [n["target"] for n in violation["nodes"]][:4]
            found.append(f"axe {violation['id']} ({violation['impact']}): {targets}")
    return found


def every_page(dash_duo, app, size) -> dict[str, list[str]]:
    base = login_in_browser(dash_duo, app, "admin")
    driver = dash_duo.driver
    driver.set_script_timeout(60)
    set_size(driver, size)
    found = {}
    for page in PAGES:
        open_page(dash_duo, base, page.path)
        if page_problems := problems(driver):
            found[page.path] = page_problems
    return found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{path}: {line}" for path, lines in found.items() for line in lines)


def test_every_page_at_1366x768(dash_duo, twente_app):
    found = every_page(dash_duo, twente_app, DESKTOP)
    assert found == {}, report(found)


def test_every_page_on_a_phone(dash_duo, twente_app):
    found = every_page(dash_duo, twente_app, PHONE)
    assert found == {}, report(found)


def displayed(driver, selector: str) -> bool:
    return any(e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, selector))


def box(driver, selector: str) -> dict:
    return driver.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};",
        selector,
    )


def card_of(selector: str) -> str:
    return f".card:has({selector})"


def test_a_phone_shows_the_view_first_and_folds_menu_and_filters(dash_duo, twente_app):
    base = login_in_browser(dash_duo, twente_app, "gebruiker")
    driver = dash_duo.driver
    set_size(driver, PHONE)
    open_page(dash_duo, base, "/")
    # The menu folds behind its button, and unfolds on a tap.
    assert not displayed(driver, f"#{MENU} .nav-link")
    driver.find_element(By.ID, MENU_BUTTON).click()
    wait_until(dash_duo, lambda d: displayed(d, f"#{MENU} .nav-link"), message="menu closed")
    assert driver.find_element(By.ID, MENU_BUTTON).get_attribute("aria-expanded") == "true"
    driver.find_element(By.ID, MENU_BUTTON).click()
    wait_until(dash_duo, lambda d: not displayed(d, f"#{MENU} .nav-link"), message="menu open")
    # The view comes first: KPI cards, map and trend under each other, each the full width.
    kpis, map_card = box(driver, f"#{ALGEMEEN.kpis}"), box(driver, card_of(f"#{ALGEMEEN.map}"))
    trend_card = box(driver, card_of(f"#{ALGEMEEN.trend}"))
    assert kpis["bottom"] <= map_card["top"] <= map_card["bottom"] <= trend_card["top"]
    assert map_card["right"] - map_card["left"] > 340 and trend_card["left"] == map_card["left"]
    # The filters wait in a drawer: one set of components, hidden until "Filters" is tapped.
    assert len(driver.find_elements(By.ID, ALGEMEEN.gemeente)) == 1
    assert not driver.find_element(By.ID, ALGEMEEN.gemeente).is_displayed()
    opener = driver.find_element(By.CSS_SELECTOR, ".filter-knop")
    opener.click()
    wait_until(
        dash_duo,
        lambda d: d.find_element(By.ID, ALGEMEEN.gemeente).is_displayed(),
        message="the drawer did not open",
    )
    assert opener.get_attribute("aria-expanded") == "true"
    # A filter chosen in the drawer changes the view behind it.
    driver.find_element(By.ID, ALGEMEEN.gemeente).click()
    wait_until(dash_duo, lambda d: displayed(d, "[role=option]"), message="no gemeente list")
    driver.find_element(By.CSS_SELECTOR, "[role=option]").click()
    wait_until(dash_duo, lambda d: "gebied=GM" in d.current_url, message="no gemeente chosen")
    # Escape closes the drawer and the focus returns to its button.
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    wait_until(
        dash_duo,
        lambda d: not d.find_element(By.ID, ALGEMEEN.gemeente).is_displayed(),
        message="the drawer did not close",
    )
    wait_until(
        dash_duo,
        lambda d: d.execute_script("return document.activeElement.matches('.filter-knop')"),
        message="the focus did not return to the Filters button",
    )
    assert browser_errors(driver) == []


def test_the_open_date_picker_draws_above_the_map_controls(dash_duo, twente_app):
    base = login_in_browser(dash_duo, twente_app, "gebruiker")
    driver = dash_duo.driver
    open_page(dash_duo, base, "/?periode=aangepast&van=2026-01-01&tot=2026-03-01")
    driver.find_element(By.ID, ALGEMEEN.dates).click()
    wait_until(dash_duo, lambda d: displayed(d, ".dash-datepicker-content"), message="no calendar")
    # The open calendar reaches over the map; where the zoom button is, the calendar is on top.
    on_top = driver.execute_script(
        """
        const r = document.querySelector('.leaflet-control-zoom-in').getBoundingClientRect();
        const picker = document.querySelector('.dash-datepicker-content').getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        const under = x < picker.right && y > picker.top && y < picker.bottom;
        const el = document.elementFromPoint(x, y);
        return [under, Boolean(el.closest('.dash-datepicker-content'))];
        """
    )
    assert on_top == [True, True]
