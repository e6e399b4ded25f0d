"""The user protocol in headless Chromium: a new user accepts it and lands on the dashboard."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.data.store import users
from dashboard.layouts.algemeen import ALGEMEEN
from tests.browser.conftest import browser_errors, wait_until
from tests.conftest import build_demo_db, make_app

NEW_USER, NEW_PASSWORD = "nieuwe.collega", "nieuw-wachtwoord-1"


@pytest.fixture(scope="module")
def protocol_app(tmp_path_factory):
    """Its own database: this test adds a user, which other browser tests must not see."""
    url = f"sqlite:///{tmp_path_factory.mktemp('protocol') / 'protocol.db'}"
    engine, factory, _ = build_demo_db(url, seed=13, scale=0.05, years=1)
    with factory() as session, session.begin():
        users.add_user(
            session, NEW_USER, role="gebruiker", gemeente_code=None, password=NEW_PASSWORD
        )
    yield make_app(url)
    engine.dispose()


def test_new_user_accepts_the_protocol_first(dash_duo, protocol_app):
    dash_duo.start_server(protocol_app, navigate=False)
    base = dash_duo.server.url.rstrip("/")
    driver = dash_duo.driver
    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys(NEW_USER)
    driver.find_element(By.ID, "password").send_keys(NEW_PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 10).until(lambda d: "/protocol" in d.current_url)
    assert "Versie 1" in driver.find_element(By.ID, "protocol-versie").text
    assert "persoonsgegevens" in driver.find_element(By.ID, "protocol-tekst").text
    driver.find_element(By.ID, "protocol-akkoord").click()
    WebDriverWait(driver, 10).until(lambda d: "/protocol" not in d.current_url)
    wait_until(
        dash_duo,
        lambda d: d.find_element(By.ID, "algemeen-titel").text.strip() != "",
        timeout=20,
        message="dashboard title",
    )
    assert browser_errors(driver) == []


def test_a_new_version_sends_an_open_page_to_the_protocol(dash_duo, protocol_app):
    """The user has the dashboard open when an admin publishes a new version: the next update
    is refused (403), and the page says so with a link to the protocol instead of going
    silent; after accepting he is back on the same view."""
    from dashboard.data.session import EXTENSION_KEY
    from dashboard.data.store import protocol

    dash_duo.start_server(protocol_app, navigate=False)
    base = dash_duo.server.url.rstrip("/")
    driver = dash_duo.driver
    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys(NEW_USER)
    driver.find_element(By.ID, "password").send_keys(NEW_PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 20).until(lambda d: "/login" not in d.current_url)
    if "/protocol" in driver.current_url:  # not accepted yet in this database
        driver.find_element(By.ID, "protocol-akkoord").click()
    wait_until(
        dash_duo,
        lambda d: d.find_element(By.ID, ALGEMEEN.title).text.strip() != "",
        timeout=20,
        message="dashboard title",
    )
    factory = protocol_app.server.extensions[EXTENSION_KEY].factory
    with factory() as session, session.begin():
        protocol.publish(session, protocol.default_text() + "\n\nVersie met wijziging.", "admin")
    view = driver.current_url
    button = driver.find_element(By.ID, ALGEMEEN.table_download_button)
    driver.execute_script("arguments[0].click();", button)  # below the fold at 1366x768
    banner = WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#verzoek-melding[data-soort=protocol]")
    )[0]
    assert "nieuwe versie van het gebruikersprotocol" in banner.text
    banner.find_element(By.LINK_TEXT, "Naar het protocol").click()
    WebDriverWait(driver, 10).until(lambda d: "/protocol" in d.current_url)
    assert "next=" in driver.current_url
    assert "Versie 2" in driver.find_element(By.ID, "protocol-versie").text
    driver.find_element(By.ID, "protocol-akkoord").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url == view)
