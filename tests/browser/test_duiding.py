"""Annotations (duiding) in the browser: add one on the general dashboard, see it in the list
beside the map and on the trend chart, and have personal data refused in the form."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.layouts.annotations import GENERAL
from tests.browser.conftest import browser_errors, login_in_browser, wait_until


def test_a_user_adds_an_annotation_that_shows_in_the_list_and_on_the_trend(dash_duo, twente_app):
    login_in_browser(dash_duo, twente_app, "gebruiker", "/?periode=12m&trend=maand")
    driver = dash_duo.driver
    wait_until(dash_duo, lambda d: d.find_elements(By.CSS_SELECTOR, f"#{ids.KPIS} .kpi-card"))
    driver.find_element(By.ID, GENERAL.add).click()
    text = driver.find_element(By.ID, GENERAL.text)
    wait_until(dash_duo, lambda d: text.is_displayed(), message="the form did not open")
    text.send_keys("melding via 06-12345678")
    driver.find_element(By.ID, GENERAL.save).click()
    wait_until(
        dash_duo,
        lambda d: "persoonsgegevens" in d.find_element(By.ID, GENERAL.message).text,
        message="personal data was not refused",
    )
    text.clear()
    text.send_keys("extra handhavingsinzet in het centrum")
    driver.find_element(By.ID, GENERAL.save).click()
    wait_until(
        dash_duo,
        lambda d: (
            "extra handhavingsinzet in het centrum" in d.find_element(By.ID, GENERAL.items).text
        ),
        message="the annotation is not in the list",
    )
    assert "Wijzigen" in driver.find_element(By.ID, GENERAL.items).text
    wait_until(
        dash_duo,
        lambda d: "Duiding" in d.find_element(By.ID, ids.TREND).text,
        message="the trend has no annotation",
    )
    assert browser_errors(driver) == []
