"""An open page says what happened when the server refuses an update (issue 9): a database
outage shows a banner and the page recovers by itself once the database is back; an ended
session shows a banner with a link that logs in again and returns to the same view."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from dashboard.data.session import EXTENSION_KEY
from dashboard.data.store import users
from dashboard.layouts.algemeen import ALGEMEEN
from tests.browser.conftest import browser_errors, login_in_browser, wait_until
from tests.conftest import PASSWORDS, build_demo_db, make_app

BANNER = "#verzoek-melding"
DATABASE_TEXT = "De database is tijdelijk niet bereikbaar; de pagina probeert het opnieuw."
SESSION_TEXT = "Uw sessie is verlopen; log opnieuw in."


@pytest.fixture
def status_app(tmp_path):
    """A SQLite database in a folder of its own (moving the folder away is the outage) and an
    app of its own (ending the user's sessions must not touch other tests)."""
    folder = tmp_path / "data"
    engine, _, _ = build_demo_db(f"sqlite:///{folder / 'db.sqlite'}", seed=11, scale=0.05, years=1)
    engine.dispose()
    app = make_app(f"sqlite:///{folder / 'db.sqlite'}")
    yield app, folder
    app.server.extensions[EXTENSION_KEY].engine.dispose()


def banner(driver):
    found = driver.find_elements(By.CSS_SELECTOR, BANNER)
    return found[0] if found else None


def banner_of(kind: str):
    def check(driver):
        element = banner(driver)
        return element if element and element.get_attribute("data-soort") == kind else None

    return check


def page_ready(dash_duo) -> None:
    wait_until(
        dash_duo,
        lambda d: d.find_element(By.ID, ALGEMEEN.title).text.strip() != "",
        timeout=30,
        message="dashboard title",
    )


def title(driver) -> str:
    return driver.find_element(By.ID, ALGEMEEN.title).text


def unexpected_errors(driver, *allowed_statuses: int) -> list[dict]:
    """Console errors, less the refused requests this test causes on purpose."""
    allowed = [f"status of {status}" for status in allowed_statuses]
    return [
        e
        for e in browser_errors(driver)
        if not (
            "_dash-update-component" in e["message"] and any(a in e["message"] for a in allowed)
        )
    ]


def test_a_database_outage_shows_a_banner_and_the_page_recovers(dash_duo, status_app, tmp_path):
    app, folder = status_app
    login_in_browser(dash_duo, app)
    driver = dash_duo.driver
    page_ready(dash_duo)
    before = title(driver)
    assert banner(driver) is None

    moved = Path(str(folder) + "-weg")
    app.server.extensions[EXTENSION_KEY].engine.dispose()  # no open connection survives
    folder.rename(moved)
    try:
        dash_duo.select_dcc_dropdown(f"#{ALGEMEEN.period}", value="Laatste 4 weken")
        element = wait_until(dash_duo, banner_of("database"), timeout=15, message="banner")
        assert element.text == DATABASE_TEXT
        assert element.get_attribute("role") == "alert"
        # It is in view at 1366x768, above the page.
        box = element.rect
        assert box["y"] >= 0 and box["y"] + box["height"] < 768
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366
        driver.save_screenshot(str(tmp_path / "database-banner.png"))
        assert title(driver) == before  # nothing changed while the database was away
    finally:
        if moved.exists():
            moved.rename(folder)
    # The page tries again by itself: the banner goes and the new period is shown.
    wait_until(dash_duo, lambda d: banner(d) is None, timeout=30, message="banner gone")
    wait_until(dash_duo, lambda d: title(d) != before, timeout=15, message="title updated")
    assert unexpected_errors(driver, 503) == []


def test_an_ended_session_shows_a_banner_with_a_way_back(dash_duo, status_app, tmp_path):
    app, _ = status_app
    login_in_browser(dash_duo, app)
    driver = dash_duo.driver
    page_ready(dash_duo)
    factory = app.server.extensions[EXTENSION_KEY].factory
    with factory() as session, session.begin():
        users.end_sessions_of(session, users.get_user(session, "gebruiker").id)

    dash_duo.select_dcc_dropdown(f"#{ALGEMEEN.period}", value="Laatste 4 weken")
    element = wait_until(dash_duo, banner_of("sessie"), timeout=15, message="banner")
    assert element.text.startswith(SESSION_TEXT)
    driver.save_screenshot(str(tmp_path / "session-banner.png"))
    view = driver.current_url.split("://", 1)[1].split("/", 1)[1]
    assert "/login" not in driver.current_url  # no jump away: what the user typed stays

    link = element.find_element(By.TAG_NAME, "a")
    assert link.text == "Opnieuw inloggen"
    link.click()
    wait_until(dash_duo, lambda d: "/login" in d.current_url, message="login page")
    driver.find_element(By.ID, "username").send_keys("gebruiker")
    driver.find_element(By.ID, "password").send_keys(PASSWORDS["gebruiker"])
    driver.find_element(By.ID, "login-submit").click()
    # Back on the same view, with its filter in the address.
    wait_until(dash_duo, lambda d: d.current_url.endswith("/" + view), message="same view")
    page_ready(dash_duo)
    assert banner(driver) is None
    assert unexpected_errors(driver, 401) == []
