"""Projectresultaten in headless Chromium: the checklist is edited in the grid with the
keyboard and saved."""

from __future__ import annotations

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.layouts.resultaten import RESULTATEN
from tests.browser.conftest import browser_errors, login_in_browser, wait_until

TABLE = f"#{RESULTATEN.table}"


def test_an_owner_typed_in_the_grid_is_saved(dash_duo, twente_app):
    login_in_browser(dash_duo, twente_app, "projectleider", "/resultaten")
    driver = dash_duo.driver
    wait_until(dash_duo, lambda d: d.find_elements(By.CSS_SELECTOR, f"{TABLE} .ag-row"))
    row = f"{TABLE} .ag-row[row-index='5']"
    cell = driver.find_element(By.CSS_SELECTOR, f"{row} [col-id='eigenaar']")
    code = driver.find_element(By.CSS_SELECTOR, f"{row} [col-id='code']").text
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", cell)
    driver.execute_script("arguments[0].focus();", cell)
    # Enter opens the cell, the typed text replaces it, Enter closes it again.
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    editor = wait_until(dash_duo, lambda d: d.find_element(By.CSS_SELECTOR, f"{TABLE} input"))
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys("Teamleider Analyse", Keys.ENTER)
    wait_until(dash_duo, lambda d: "Teamleider Analyse" in cell.text)
    driver.find_element(By.ID, RESULTATEN.save).click()
    wait_until(
        dash_duo,
        lambda d: "Opgeslagen" in d.find_element(By.ID, RESULTATEN.message).text,
        message="saved",
    )
    # The row the user changed, and only that one (the grid sent its rows as they now are).
    assert driver.find_element(By.ID, RESULTATEN.message).text == f"Opgeslagen: {code}."
    assert browser_errors(driver) == []
