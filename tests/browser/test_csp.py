"""The pages work in headless Chromium under the Content-Security-Policy: Dash's renderer,
plotly, dash-leaflet with the assets namespace functions, the tables. The console must show no
CSP violation and no other severe error."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from dashboard.data.reference.themes import THEMES
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.frame import PAGE
from dashboard.layouts.gebruik import GEBRUIK
from dashboard.layouts.thema import THEMA
from tests.browser.conftest import browser_errors, login_in_browser, wait_until
from tests.conftest import build_demo_db, fresh_url, make_app

THEME = next(iter(THEMES))
# Smoke test of the pages the other tests here do not open.
OTHER_PAGES = ("/open-data", "/databronnen", "/resultaten", "/metingen", "/vragenlijst")
CSP_WORDS = ("Content Security Policy", "Content-Security-Policy")

# The policy as the browser receives it (a same-origin fetch of the page with its cookie).
FETCH_CSP = """
const done = arguments[arguments.length - 1];
fetch(window.location.href, {credentials: "same-origin"})
  .then((r) => done(r.headers.get("content-security-policy")))
  .catch((e) => done("fout: " + e));
"""
# An injected inline script: the policy must stop it (that is what it is for).
INJECT = """
window.__cspProbe = "niet uitgevoerd";
const s = document.createElement("script");
s.textContent = "window.__cspProbe = 'uitgevoerd';";
document.body.appendChild(s);
"""


@pytest.fixture(scope="module")
def csp_app(tmp_path_factory):
    url = fresh_url(tmp_path_factory.mktemp("csp"), "csp")
    engine, _, _ = build_demo_db(url, seed=23, scale=0.05, years=1)
    yield make_app(url)
    engine.dispose()


def csp_violations(entries: list[dict]) -> list[dict]:
    return [e for e in entries if any(word in e["message"] for word in CSP_WORDS)]


def assert_clean_console(driver, page: str) -> None:
    entries = driver.get_log("browser")
    assert csp_violations(entries) == [], page
    assert [e for e in entries if e["level"] == "SEVERE"] == [], page


def wait_for_plots(dash_duo, message: str) -> None:
    wait_until(
        dash_duo,
        lambda d: d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg"),
        timeout=20,
        message=message,
    )


def test_general_dashboard_under_the_policy(dash_duo, csp_app):
    login_in_browser(dash_duo, csp_app, "gebruiker", "/")
    driver = dash_duo.driver
    wait_until(
        dash_duo,
        lambda d: d.find_element(By.ID, ALGEMEEN.title).text.strip() != "",
        timeout=20,
        message="title",
    )
    # Leaflet draws the areas through the style function in assets/dashboard.js.
    wait_until(
        dash_duo,
        lambda d: d.find_elements(By.CSS_SELECTOR, "path.area"),
        timeout=20,
        message="areas on the map",
    )
    wait_until(dash_duo, lambda d: d.find_elements(By.CSS_SELECTOR, ".kpi-card"), message="KPIs")
    wait_for_plots(dash_duo, "plotly charts")
    assert_clean_console(driver, "/")

    policy = driver.execute_async_script(FETCH_CSP)
    assert policy and policy.startswith("default-src 'self'; script-src 'self' 'sha256-")
    assert "'unsafe-eval'" not in policy

    # The policy is enforced: an injected inline script does not run, and the console says so
    # (which shows that the console check above would see a violation).
    driver.execute_script(INJECT)
    assert driver.execute_script("return window.__cspProbe;") == "niet uitgevoerd"
    wait_until(
        dash_duo,
        lambda d: csp_violations(d.get_log("browser")),
        timeout=5,
        message="the refused script in the console",
    )


def test_theme_and_gebruik_under_the_policy(dash_duo, csp_app):
    base = login_in_browser(dash_duo, csp_app, "projectleider", f"/thema/{THEME}")
    driver = dash_duo.driver
    wait_until(
        dash_duo,
        lambda d: THEMES[THEME] in d.find_element(By.ID, THEMA.title).text,
        timeout=20,
        message="theme title",
    )
    wait_until(
        dash_duo,
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#{THEMA.kpis} .kpi-card"),
        timeout=20,
        message="theme KPIs",
    )
    wait_until(
        dash_duo,
        lambda d: d.find_elements(By.CSS_SELECTOR, "path.area"),
        timeout=20,
        message="theme map",
    )
    wait_for_plots(dash_duo, "theme charts")
    assert_clean_console(driver, "thema")

    dash_duo.wait_for_page(url=base + "/gebruik")
    wait_until(
        dash_duo,
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#{GEBRUIK.kpis} .kpi-card"),
        timeout=20,
        message="usage KPIs",
    )
    wait_for_plots(dash_duo, "usage charts")
    assert_clean_console(driver, "/gebruik")


def settled(driver) -> bool:
    """The page has content and no component is waiting for a callback."""
    return driver.execute_script(
        "const page = document.getElementById(arguments[0]);"
        "return Boolean(page && page.innerText.trim())"
        " && !document.querySelector('[data-dash-is-loading=\"true\"]');",
        PAGE,
    )


def test_beheer_and_the_other_pages_under_the_policy(dash_duo, csp_app):
    base = login_in_browser(dash_duo, csp_app, "admin", "/beheer")
    driver = dash_duo.driver
    wait_until(
        dash_duo,
        lambda d: "gebruiker" in d.find_element(By.ID, "beheer-gebruikers").text,
        timeout=20,
        message="users table",
    )
    assert_clean_console(driver, "/beheer")
    for path in OTHER_PAGES:
        dash_duo.wait_for_page(url=base + path)
        wait_until(dash_duo, settled, timeout=20, message=f"{path} loaded")
        assert_clean_console(driver, path)
    assert browser_errors(driver) == []
