"""The data page in headless Chromium, as the project lead uses it."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from tests.browser.conftest import browser_errors, login_in_browser, wait_until


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
    # Choosing a delivery shows its rejected rows (the demo deliveries have none).
    radio = driver.find_element(By.CSS_SELECTOR, "#databronnen-leveringen input[type='radio']")
    # The source cards (police, CBS and every partner dataset) push the table below the fold of
    # the 1366x768 window; a script click selects the row wherever it is.
    driver.execute_script("arguments[0].click();", radio)
    wait_until(
        dash_duo,
        lambda d: "geen afgekeurde rijen" in d.find_element(By.ID, "databronnen-afgekeurd").text,
    )
    assert browser_errors(driver) == []


def test_data_page_is_refused_to_a_gebruiker(dash_duo, twente_app):
    login_in_browser(dash_duo, twente_app, username="gebruiker", path="/")
    assert "Databronnen" not in dash_duo.find_element(".navbar").text
    # Opening the URL directly: the server answers 403 with its own page, no Dash app at all.
    dash_duo.driver.get(dash_duo.server.url.rstrip("/") + "/databronnen")
    wait_until(dash_duo, lambda d: "Geen toegang" in d.find_element(By.TAG_NAME, "body").text)
    assert "databronnen-bronnen" not in dash_duo.driver.page_source
