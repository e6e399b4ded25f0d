"""The data page in headless Chromium, as the project lead uses it."""

from __future__ import annotations

import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.layouts.databronnen import DATABRONNEN
from tests.browser.conftest import browser_errors, login_in_browser, wait_until

RUNS = f"#{DATABRONNEN.runs}"


def test_data_page_shows_deliveries_and_rejections(dash_duo, twente_app):
    login_in_browser(dash_duo, twente_app, username="projectleider", path="/databronnen")
    driver = dash_duo.driver
    wait_until(
        dash_duo,
        lambda d: "Politie (BVH-extractie)" in d.find_element(By.ID, "databronnen-bronnen").text,
    )
    wait_until(
        dash_duo,
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#databronnen-per-week .bars path")) > 50,
    )
    note = dash_duo.find_element("#databronnen-per-week-noot").text
    assert "weken" in note or "week van" in note
    wait_until(dash_duo, lambda d: d.find_elements(By.CSS_SELECTOR, f"{RUNS} .ag-row"))
    # Choosing a delivery with the keyboard shows its rejected rows (the demo deliveries have
    # none): focus the first row's source and press space.
    cell = driver.find_element(By.CSS_SELECTOR, f"{RUNS} .ag-row[row-index='0'] [col-id='bron']")
    # (The source cards push the grid below the fold: the cell gets the focus a Tab would give.)
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", cell
    )
    ActionChains(driver).send_keys(Keys.SPACE).perform()
    wait_until(
        dash_duo,
        lambda d: "geen afgekeurde rijen" in d.find_element(By.ID, "databronnen-afgekeurd").text,
    )
    assert browser_errors(driver) == []


def test_the_deliveries_fit_their_card_at_1366(dash_duo, twente_app):
    """Issue 21: the deliveries table was 1631 px wide at 1366 and hid three columns behind a
    scroll bar. Every column is within the card now and nothing scrolls sideways."""
    login_in_browser(dash_duo, twente_app, username="projectleider", path="/databronnen")
    driver = dash_duo.driver
    wait_until(dash_duo, lambda d: d.find_elements(By.CSS_SELECTOR, f"{RUNS} .ag-row"))
    sizes = driver.execute_script(
        """
        const grid = document.querySelector(arguments[0]);
        const card = grid.closest('.card-body').getBoundingClientRect();
        const headers = [...grid.querySelectorAll('.ag-header-cell')].map((h) => {
            const r = h.getBoundingClientRect();
            return {text: h.innerText.trim(), left: r.left, right: r.right};
        });
        const viewport = grid.querySelector('.ag-center-cols-viewport');
        return {
            card: [card.left, card.right],
            headers: headers,
            gridScroll: viewport.scrollWidth - viewport.clientWidth,
            pageScroll: document.documentElement.scrollWidth - window.innerWidth,
        };
        """,
        RUNS,
    )
    left, right = sizes["card"]
    names = [h["text"] for h in sizes["headers"] if h["text"]]
    assert names == [
        "Levering", "Bron", "Bestand", "Status", "Periode",
        "Gelezen", "Toegevoegd", "Bijgewerkt", "Ongewijzigd", "Afgekeurd",
    ]  # fmt: skip
    inside = [h for h in sizes["headers"] if h["left"] >= left - 1 and h["right"] <= right + 1]
    assert len(inside) == len(sizes["headers"]), sizes
    assert sizes["gridScroll"] <= 1 and sizes["pageScroll"] <= 0, sizes
    # Counts in the Dutch format: a thousands dot, right-aligned.
    read = [c.text for c in driver.find_elements(By.CSS_SELECTOR, f"{RUNS} [col-id='gelezen']")]
    counts = [t for t in read[1:] if t]  # the first is the header
    assert counts and all(re.fullmatch(r"\d{1,3}(\.\d{3})*", t) for t in counts), counts
    assert any("." in t for t in counts), counts  # the demo has deliveries over 1.000 rows


def test_data_page_is_refused_to_a_gebruiker(dash_duo, twente_app):
    login_in_browser(dash_duo, twente_app, username="gebruiker", path="/")
    assert "Databronnen" not in dash_duo.find_element(".navbar").text
    # Opening the URL directly: the server answers 403 with its own page, no Dash app at all.
    dash_duo.driver.get(dash_duo.server.url.rstrip("/") + "/databronnen")
    wait_until(dash_duo, lambda d: "Geen toegang" in d.find_element(By.TAG_NAME, "body").text)
    assert "databronnen-bronnen" not in dash_duo.driver.page_source
