"""The Gebruik page in headless Chromium: views made in the browser show up in its counts."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.gebruik import GEBRUIK
from tests.browser.conftest import browser_errors, login_in_browser, wait_until
from tests.conftest import build_demo_db, fresh_url, make_app


@pytest.fixture(scope="module")
def usage_app(tmp_path_factory):
    """Its own database: this test adds views that other tests must not count."""
    url = fresh_url(tmp_path_factory.mktemp("gebruik"), "gebruik")
    engine, _, _ = build_demo_db(url, seed=19, scale=0.05, years=1)
    yield make_app(url)
    engine.dispose()


def views_card(driver) -> int:
    card = driver.find_element(By.CSS_SELECTOR, f"#{GEBRUIK.kpis} .kpi-card:first-child")
    return int(card.find_element(By.CLASS_NAME, "kpi-value").text.replace(".", ""))


def test_views_in_the_browser_are_counted(dash_duo, usage_app):
    base = login_in_browser(dash_duo, usage_app, "projectleider", "/gebruik")
    driver = dash_duo.driver
    wait_until(dash_duo, lambda d: d.find_elements(By.CSS_SELECTOR, f"#{GEBRUIK.kpis} .kpi-card"))
    before = views_card(driver)  # this view of /gebruik itself is already counted
    dash_duo.wait_for_page(f"{base}/")
    wait_until(dash_duo, lambda d: d.find_element(By.ID, ALGEMEEN.title).text.strip() != "")
    dash_duo.wait_for_page(f"{base}/gebruik")
    wait_until(dash_duo, lambda d: d.find_elements(By.CSS_SELECTOR, f"#{GEBRUIK.kpis} .kpi-card"))
    # One view of the general dashboard and one more of this page.
    wait_until(dash_duo, lambda d: views_card(d) == before + 2, message="two more views")
    rows = driver.find_element(By.ID, GEBRUIK.pages).text
    assert "Algemeen beeld" in rows and "Gebruik" in rows
    assert "Definities" in driver.find_element(By.TAG_NAME, "body").text
    assert browser_errors(driver) == []
