"""Start where you work, in headless Chromium: a gebruiker opens on the own gemeente, saves
another view as start view in "Mijn weergaven", and opening "/" again lands on it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from selenium.webdriver.common.by import By

from dashboard.data.queries import areas as area_queries
from dashboard.data.session import read_session
from dashboard.data.store import users
from tests.browser.conftest import browser_errors, login_in_browser, wait_until


def query(driver) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(driver.current_url).query).items()}


def test_save_a_view_as_start_view_and_land_on_it(dash_duo, twente_app):
    with twente_app.server.app_context(), read_session() as session:
        own = users.get_user(session, "gebruiker").gemeente_code
        other = next(a for a in area_queries.areas(session, "gemeente") if a.code != own)
    base = login_in_browser(dash_duo, twente_app)
    driver = dash_duo.driver

    # A bare "/" opens on the account's own gemeente.
    wait_until(dash_duo, lambda d: query(d).get("gebied") == own, message="own gemeente")

    # A shared link to another gemeente, saved as start view through the menu.
    driver.get(f"{base}/?periode=12m&vergelijking=vorige&gebied={other.code}")
    wait_until(dash_duo, lambda d: query(d).get("gebied") == other.code, message="the link")
    # "Mijn weergaven" is the menu under the user's name.
    dash_duo.wait_for_contains_text("#mijn-weergaven .dropdown-toggle", "gebruiker (gebruiker)")
    driver.find_element(By.CSS_SELECTOR, "#mijn-weergaven .dropdown-toggle").click()
    dash_duo.wait_for_contains_text("#mijn-weergaven .dropdown-menu", "Mijn weergaven")
    dash_duo.wait_for_element("#mijn-weergaven-opslaan").click()
    name = dash_duo.wait_for_element("#mijn-weergaven-naam")
    name.send_keys(f"{other.naam} jaar")
    driver.find_element(By.ID, "mijn-weergaven-als-start").click()
    driver.find_element(By.ID, "mijn-weergaven-bewaar").click()
    dash_duo.wait_for_contains_text(
        "#mijn-weergaven-melding",
        f"Weergave '{other.naam} jaar' is bewaard en is uw startweergave.",
    )
    driver.find_element(By.ID, "mijn-weergaven-sluiten").click()

    # Opening "/" again lands on the saved view, with its filters.
    driver.get(f"{base}/")
    wait_until(
        dash_duo,
        lambda d: query(d).get("gebied") == other.code and query(d).get("vergelijking") == "vorige",
        message=f"start view, URL is {driver.current_url}",
    )
    dash_duo.wait_for_contains_text("#algemeen-titel", other.naam)
    driver.find_element(By.CSS_SELECTOR, "#mijn-weergaven .dropdown-toggle").click()
    dash_duo.wait_for_contains_text("#mijn-weergaven-menu-lijst", f"{other.naam} jaar (start)")
    assert browser_errors(driver) == []
