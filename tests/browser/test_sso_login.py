"""Single sign-on in headless Chromium against a real OpenID Connect provider on loopback: the
button on the login page, the provider's page, the user protocol of a new account, the dashboard
with the theme its group grants, and logging out here and at the provider."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import create_app
from dashboard.config import Config
from dashboard.data.session import EXTENSION_KEY
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.frame import LOGOUT_BUTTON
from dashboard.layouts.thema import THEMA
from tests.browser.conftest import browser_errors, wait_until
from tests.conftest import REPO, build_demo_db
from tests.oidc_provider import TENANT, running_provider


@pytest.fixture(scope="module")
def sso_site(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('sso') / 'sso.db'}"
    engine, _, _ = build_demo_db(url, seed=19, scale=0.05, years=1)
    with running_provider() as provider:
        provider.set_user(
            "t.tester",
            oid="oid-browser-1",
            tid=TENANT,
            email="t.tester@enschede.nl",
            groups=["grp-cyber"],
        )
        settings = provider.settings(
            unknown_users="create", group_themes={"grp-cyber": "cybercrime"}
        )
        config = Config(
            mode="test",
            database_url=url,
            secret_key="test-secret",
            instance_dir=REPO / "instance",
            oidc_providers=(settings,),
        )
        app = create_app(config)
        yield app, provider
        app.server.extensions[EXTENSION_KEY].engine.dispose()
    engine.dispose()


def test_a_work_account_signs_in_and_out_in_the_browser(dash_duo, sso_site):
    app, provider = sso_site
    dash_duo.start_server(app, navigate=False)
    base = dash_duo.server.url.rstrip("/")
    driver = dash_duo.driver
    driver.get(base + "/login")
    button = driver.find_element(By.CSS_SELECTOR, "a.sso-login")
    assert button.text == "Inloggen met uw werkaccount"
    # The password form stays beside it while local accounts are on.
    assert driver.find_element(By.ID, "login-or").is_displayed()
    button.click()

    # The provider's own page: choose the account and consent.
    WebDriverWait(driver, 10).until(lambda d: d.current_url.startswith(provider.base))
    driver.find_element(By.CSS_SELECTOR, "input[name=sub]").send_keys("t.tester")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()

    # A new account accepts the user protocol first, then lands on the dashboard.
    WebDriverWait(driver, 15).until(lambda d: "/protocol" in d.current_url)
    driver.find_element(By.ID, "protocol-akkoord").click()
    wait_until(dash_duo, lambda d: d.find_element(By.ID, ALGEMEEN.title).text.strip() != "", 30)
    navbar = driver.find_element(By.TAG_NAME, "nav").text
    assert "t.tester.enschede.nl (gebruiker)" in navbar
    # The group claim granted the cybercrime theme: its page opens.
    driver.get(base + "/thema/cybercrime")
    wait_until(dash_duo, lambda d: "Cybercrime" in d.find_element(By.ID, THEMA.title).text, 30)
    # Only the app's own errors count (the test provider has no favicon).
    assert [e for e in browser_errors(driver) if provider.base not in e["message"]] == []

    driver.find_element(By.ID, LOGOUT_BUTTON).click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "logged-out"))
    driver.find_element(By.ID, "provider-logout").click()
    WebDriverWait(driver, 10).until(lambda d: "/oauth2/end_session" in d.current_url)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.startswith(base + "/login"))
    driver.get(base + "/_dash-layout")
    assert "niet ingelogd" in driver.page_source
