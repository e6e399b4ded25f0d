"""The admin page in headless Chromium: granting a theme, and no link for a gebruiker."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from dashboard.data.models import utcnow
from dashboard.data.session import EXTENSION_KEY
from dashboard.data.store import users
from tests.browser.conftest import browser_errors, login_in_browser, wait_until
from tests.conftest import active_by_hand, build_demo_db, fresh_url, make_app


@pytest.fixture(scope="module")
def admin_app(tmp_path_factory):
    """Its own database: this test writes grants, which other browser tests must not see."""
    url = fresh_url(tmp_path_factory.mktemp("beheer"), "beheer")
    engine, _, _ = build_demo_db(url, seed=11, scale=0.05, years=1)
    yield make_app(url)
    engine.dispose()


def users_text(driver) -> str:
    return driver.find_element(By.ID, "beheer-gebruikers").text


def test_admin_grants_a_theme(dash_duo, admin_app):
    login_in_browser(dash_duo, admin_app, username="admin", path="/beheer")
    driver = dash_duo.driver
    wait_until(dash_duo, lambda d: "gebruiker" in users_text(d), message="users table")
    licences = dash_duo.find_element("#beheer-licenties").text
    factory = admin_app.server.extensions[EXTENSION_KEY].factory
    with factory() as session:  # the demo accounts and a colleague per gemeente
        active = sum(1 for u in users.list_users(session) if u.active)
        in_use = active_by_hand(session, utcnow().date())
    assert in_use >= 1  # the admin just logged in
    assert licences.startswith(
        f"{active} licenties in gebruik (actieve accounts), waarvan {in_use} actief"
    )
    dash_duo.select_dcc_dropdown("#beheer-thema-gebruiker", value="gebruiker")
    dash_duo.select_dcc_dropdown("#beheer-thema", value="Huiselijk geweld")
    button = driver.find_element(By.ID, "beheer-thema-toekennen")
    # Centre it first: at 1366x768 it sits at the fold, under the dropdown's open menu.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    wait_until(
        dash_duo,
        lambda d: (
            "toegang tot Huiselijk geweld" in d.find_element(By.ID, "beheer-thema-melding").text
        ),
    )
    wait_until(dash_duo, lambda d: "Huiselijk geweld" in users_text(d), message="grant in table")
    wait_until(
        dash_duo,
        lambda d: "thema toegekend" in d.find_element(By.ID, "beheer-auditlog").text,
        message="audit log",
    )
    assert browser_errors(driver) == []


def test_gebruiker_sees_no_beheer_link(dash_duo, admin_app):
    login_in_browser(dash_duo, admin_app, username="gebruiker", path="/")
    wait_until(
        dash_duo, lambda d: "Algemeen beeld" in d.find_element(By.CSS_SELECTOR, ".navbar").text
    )
    assert "Beheer" not in dash_duo.find_element(".navbar").text
