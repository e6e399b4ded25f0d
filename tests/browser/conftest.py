"""Browser tests: headless Chromium at 1366x768 against a real server and a real login."""

from __future__ import annotations

import logging
import shutil
import socket

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


@pytest.fixture(autouse=True)
def _free_port_for_dash_duo():
    """dash_duo serves each test on the next port counted up from 58050, the same numbers in
    every process: two runs at the same time (scripts/run-tests runs the engine passes side by
    side) would meet on one port, and a test could load the other run's app. Each test starts
    instead from a port the system has just found free."""
    from dash.testing.application_runners import BaseDashRunner

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        BaseDashRunner._next_port = probe.getsockname()[1]


@pytest.fixture(scope="session", autouse=True)
def _quiet_server_thread():
    """dash_duo stops its server thread (and restarts it after a slow start) by raising
    SystemExit inside it. Raised while that thread writes a log line, it leaves the logging
    handler's lock held, and the next log call of the whole run waits forever: a CI run hung
    so in test_gebruik (py-spy: the main thread and the new server thread both in
    Handler.acquire). The server thread logs only its start banners, at INFO: keeping these two
    loggers at WARNING leaves it nothing to be interrupted in."""
    names = ("dash.dash", "werkzeug")
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.WARNING)
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


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
