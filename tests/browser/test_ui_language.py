"""Everything a user reads is Dutch: Dash's dropdowns and date picker, the chart axes and the
numbers, in headless Chromium at 1366x768 (issue 21, "English on screen")."""

from __future__ import annotations

import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.data.reference.themes import THEMES
from dashboard.formatting import MONTHS
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.beheer import BEHEER
from dashboard.layouts.gebruik import GEBRUIK
from dashboard.layouts.thema import THEMA
from tests.browser.conftest import login_in_browser, wait_until
from tests.browser.ui_language import (
    calendar_weekdays,
    english_ui_findings,
    number_format_findings,
)

# A custom period, so that the date picker of Algemeen beeld is enabled.
CUSTOM_PERIOD = "/?periode=aangepast&van=2026-01-01&tot=2026-10-31"
DUTCH_MONTH_TICK = re.compile(r"^(" + "|".join(MONTHS) + r") \d{4}$")
DUTCH_DAY = re.compile(r"^\d{1,2} (" + "|".join(MONTHS) + r") \d{4}$")
DUTCH_WEEKDAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
THEME = next(iter(THEMES))


def settled(driver) -> bool:
    """The page has drawn its content and no component waits for a callback."""
    return driver.execute_script(
        "return document.querySelectorAll('.kpi-card, .js-plotly-plot, .dash-spreadsheet,"
        " table, .ag-root-wrapper').length > 0"
        " && !document.querySelector('[data-dash-is-loading=\"true\"]');"
    )


def open_dropdown(dash_duo, dropdown_id: str):
    dash_duo.find_element(f"#{dropdown_id}").click()
    return wait_until(
        dash_duo,
        lambda d: d.find_element(By.CSS_SELECTOR, ".dash-dropdown-content"),
        message=f"{dropdown_id} opened",
    )


def close_popups(driver) -> None:
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)


def visible_text(driver, selector: str) -> str:
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, selector))


def test_algemeen_dropdown_date_picker_and_trend_read_dutch(dash_duo, twente_app):
    login_in_browser(dash_duo, twente_app, path=CUSTOM_PERIOD)
    driver = dash_duo.driver
    ticks = f"#{ALGEMEEN.trend} .xtick text"
    wait_until(dash_duo, lambda d: d.find_elements(By.CSS_SELECTOR, ticks), message="trend axis")

    # The trend's date axis names the months in Dutch: "jan 2026", not "Jan 2026".
    shown_ticks = [t.text for t in driver.find_elements(By.CSS_SELECTOR, ticks) if t.text]
    assert shown_ticks and all(DUTCH_MONTH_TICK.match(t) for t in shown_ticks), shown_ticks

    # The week on top of its hover: "15 dec 2025", not "Dec 15, 2025" or "15 dec, 2025".
    plot = driver.find_element(By.CSS_SELECTOR, f"#{ALGEMEEN.trend} .nsewdrag")
    # The middle of the plot (Selenium 4 offsets from the centre): a whole week of both series.
    ActionChains(driver).move_to_element_with_offset(plot, 0, 0).perform()
    hover = wait_until(
        dash_duo,
        lambda d: [
            t.text for t in d.find_elements(By.CSS_SELECTOR, ".hoverlayer .legendtitletext")
        ],
        message="trend hover",
    )
    assert DUTCH_DAY.match(hover[0]), hover

    # The incident codes (a multi-select): Dutch search field, buttons and "nothing found".
    menu = open_dropdown(dash_duo, ALGEMEEN.codes)
    search = menu.find_element(By.CSS_SELECTOR, ".dash-dropdown-search")
    assert search.get_attribute("placeholder") == "Zoeken"
    buttons = visible_text(driver, ".dash-dropdown-action-button")
    assert "Alles selecteren" in buttons and "Niets selecteren" in buttons
    assert english_ui_findings(driver) == {}
    search.send_keys("qqqq")
    wait_until(dash_duo, lambda d: "Niets gevonden" in menu.text, message="no options text")
    assert english_ui_findings(driver) == {}
    close_popups(driver)

    # The date picker: Dutch months and days, the week from Monday.
    dash_duo.find_element(f"#{ALGEMEEN.dates}").click()
    wait_until(dash_duo, lambda d: calendar_weekdays(d), message="calendar opened")
    assert calendar_weekdays(driver) == DUTCH_WEEKDAYS
    headers = visible_text(driver, ".dash-datepicker-calendar-month-header")
    assert "januari 2026" in headers, headers
    assert english_ui_findings(driver) == {}
    close_popups(driver)


def test_main_pages_read_dutch_at_1366(dash_duo, twente_app):
    """Algemeen beeld, a theme page, Databronnen, Gebruik and Beheer (as admin), each with a
    dropdown open and, where the page has one, the date picker: no English UI word and every
    number written the Dutch way."""
    base = login_in_browser(dash_duo, twente_app, "admin", CUSTOM_PERIOD)
    driver = dash_duo.driver
    pages = {
        CUSTOM_PERIOD: (ALGEMEEN.gemeente, ALGEMEEN.dates),
        f"/thema/{THEME}": (THEMA.gemeente, None),
        "/databronnen": (None, None),
        "/gebruik": (GEBRUIK.dvo_half, GEBRUIK.dates),
        "/beheer": (BEHEER.account_user, None),
    }
    found = {}
    for path, (dropdown_id, date_picker_id) in pages.items():
        dash_duo.wait_for_page(url=base + path)
        wait_until(dash_duo, settled, timeout=30, message=f"{path} loaded")
        words = english_ui_findings(driver)
        if dropdown_id:
            open_dropdown(dash_duo, dropdown_id)
            words |= english_ui_findings(driver)
            close_popups(driver)
        if date_picker_id:
            dash_duo.find_element(f"#{date_picker_id}").click()
            wait_until(dash_duo, lambda d: calendar_weekdays(d), message=f"{path} calendar")
            words |= english_ui_findings(driver)
            close_popups(driver)
        numbers = number_format_findings(driver)
        if words or numbers:
            found[path] = {"English": words, "numbers": numbers}
    assert found == {}
