"""Browser tests: headless Chromium at 1366x768 against a real server and a real login."""

from __future__ import annotations

import shutil

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import PASSWORDS, build_demo_db, fresh_url, make_app, skip_or_fail

CHROME_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1366,768",
)


def pytest_setup_options():
    options = Options()
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    return options


@pytest.fixture(autouse=True)
def _needs_chromium():
    if not (
        shutil.which("chromedriver") and (shutil.which("chromium") or shutil.which("google-chrome"))
    ):
        skip_or_fail(
            "chromium and chromedriver are needed: sudo apt-get install -y chromium chromium-driver"
        )


@pytest.fixture(scope="session")
def twente_app(tmp_path_factory, request):
    """Real CBS areas of Twente when the shared data is there, else the fictional region."""
    url = fresh_url(tmp_path_factory.mktemp("browser"), "browser")
    try:
        cbs_dir = request.getfixturevalue("shared_data_dir")
    except pytest.skip.Exception:
        cbs_dir = None
    kwargs = {"cbs_dir": cbs_dir, "regio_code": "VR05", "regio_naam": "Twente"} if cbs_dir else {}
    _, factory, _ = build_demo_db(url, seed=5, scale=0.3, years=2, **kwargs)
    if cbs_dir:
        from dashboard.data.ingest.open_data import load_open_data

        load_open_data(factory, cbs_dir / "politie" / "misdrijven_buurt_2023_twente.csv")
    return make_app(url)


def login_in_browser(dash_duo, app, username="gebruiker", path="/"):
    """dash_duo cannot start on a page behind a login: start without navigating, log in through
    the form, then point server_url at the page (which waits for Dash)."""
    dash_duo.start_server(app, navigate=False)
    base = dash_duo.server.url.rstrip("/")
    driver = dash_duo.driver
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORDS[username])
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)
    dash_duo.server_url = base + path
    return base


def wait_until(dash_duo, predicate, timeout=15, message=""):
    # Dash replaces components while it updates them: an element found a moment ago can be gone.
    wait = WebDriverWait(
        dash_duo.driver, timeout, ignored_exceptions=(StaleElementReferenceException,)
    )
    return wait.until(lambda d: predicate(d), message)


def browser_errors(driver) -> list[dict]:
    """Severe console entries (errors and failed requests) since the last call."""
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
