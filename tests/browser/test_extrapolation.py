"""The extrapolation card in headless Chromium: switched on, it shows the dashed continuation
labelled as no prediction, the method named with its measured error, and the band only when the
back-test measured it."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from dashboard.cache import app_cache
from dashboard.data.session import read_session
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.measures.extrapolation import extrapolation
from dashboard.measures.selection import resolve
from dashboard.policy import Viewer
from dashboard.state import ViewState, to_search
from tests.browser.conftest import browser_errors, login_in_browser, wait_until

# No codes in these states: what the viewer may see does not change them.
ANY_VIEWER = Viewer("gebruiker", "GM9901")


def expected_branch(app, search: str) -> bool:
    """Whether the error and band were measured for this selection (asked of the server side)."""
    from dashboard.state import parse

    with app.server.app_context(), read_session() as session:
        context = resolve(session, parse(search), ANY_VIEWER)
        data = extrapolation(session, context, parse(search).extrapolatie, app_cache())
    return bool(data.result.measured[0])


def test_the_extrapolation_is_labelled_in_the_browser(dash_duo, app):
    search = to_search(ViewState(extrapolatie=6).with_area("GM9901"))
    measured = expected_branch(app, search)
    login_in_browser(dash_duo, app, "gebruiker", "/" + search)
    driver = dash_duo.driver
    wait_until(
        dash_duo,
        lambda d: "Methode:" in d.find_element(By.ID, ALGEMEEN.extrapolation_note).text,
        timeout=20,
        message="the extrapolation note",
    )
    legend = " ".join(
        e.text
        for e in driver.find_elements(By.CSS_SELECTOR, f"#{ALGEMEEN.extrapolation} .legendtext")
    )
    note = driver.find_element(By.ID, ALGEMEEN.extrapolation_note).text
    assert "Extrapolatie van historische cijfers - geen voorspelling" in legend
    assert "geen voorspelling" in note
    if measured:  # the demo's years of months: error, runner-up and band measured
        assert "80%-band (gemeten in de back-test)" in legend
        assert "Fout in de back-test" in note and "MASE" in note and "%-band hield" in note
    else:
        assert "80%-band" not in legend and "te weinig historie om de fout te meten" in note
    # Switching it off hides the chart again and keeps the choice in the URL.
    off = driver.find_element(By.CSS_SELECTOR, f"#{ALGEMEEN.horizon} input[value='0']")
    driver.execute_script("arguments[0].click();", off)  # below the fold at 1366x768
    wait_until(
        dash_duo,
        lambda d: not d.find_element(By.ID, ALGEMEEN.extrapolation).is_displayed(),
        message="the chart hidden",
    )
    assert "extrapolatie" not in driver.current_url
    assert browser_errors(driver) == []
