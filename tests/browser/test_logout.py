"""Logging out in headless Chromium: the button in the navigation bar and the one on the
protocol page post the CSRF token (a form, no script) and end the session."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.data.session import EXTENSION_KEY
from dashboard.data.store import protocol
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.frame import LOGOUT_BUTTON
from tests.browser.conftest import browser_errors, login_in_browser, wait_until
from tests.conftest import PASSWORDS, build_demo_db, make_app


@pytest.fixture(scope="module")
def logout_app(tmp_path_factory):
    """Its own database: logging out ends every session of the account."""
    url = f"sqlite:///{tmp_path_factory.mktemp('logout') / 'logout.db'}"
    engine, _, _ = build_demo_db(url, seed=17, scale=0.05, years=1)
    app = make_app(url)
    yield app
    app.server.extensions[EXTENSION_KEY].engine.dispose()
    engine.dispose()


def still_logged_in(driver, base: str) -> bool:
    driver.get(base + "/_dash-layout")
    return "niet ingelogd" not in driver.page_source


def test_the_navigation_bar_logs_out(dash_duo, logout_app):
    base = login_in_browser(dash_duo, logout_app)
    driver = dash_duo.driver
    wait_until(
        dash_duo, lambda d: d.find_element(By.ID, ALGEMEEN.title).text.strip() != "", timeout=30
    )
    button = driver.find_element(By.ID, LOGOUT_BUTTON)
    assert button.text == "Uitloggen"
    button.click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.rstrip("/").endswith("/login"))
    assert browser_errors(driver) == []
    assert not still_logged_in(driver, base)


def test_the_protocol_page_logs_out(dash_duo, logout_app):
    factory = logout_app.server.extensions[EXTENSION_KEY].factory
    with factory() as session, session.begin():
        protocol.publish(session, protocol.default_text() + "\n\nNieuwe versie.", "admin")
    # By hand: login_in_browser waits for a Dash page, and this one is server-rendered.
    dash_duo.start_server(logout_app, navigate=False)
    base = dash_duo.server.url.rstrip("/")
    driver = dash_duo.driver
    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys("gebruiker")
    driver.find_element(By.ID, "password").send_keys(PASSWORDS["gebruiker"])
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 10).until(lambda d: "/protocol" in d.current_url)
    driver.find_element(By.ID, "protocol-uitloggen").click()
    WebDriverWait(driver, 10).until(lambda d: "/login" in d.current_url)
    assert not still_logged_in(driver, base)
