"""Annotations (duiding) in the browser: add one on the general dashboard, see it in the list
beside the map and on the trend chart, and have personal data refused in the form."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from dashboard.data.store import users
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.annotations import GENERAL
from tests.browser.conftest import browser_errors, login_in_browser, wait_until


def own_gemeente_view(app) -> str:
    """The demo gebruiker's gemeente: a gebruiker annotates his own gemeente only."""
    from dashboard.data.session import read_session

    with app.server.app_context(), read_session() as session:
        code = users.get_user(session, "gebruiker").gemeente_code
    return f"/?periode=12m&trend=maand&gebied={code}"


def test_a_user_adds_an_annotation_that_shows_in_the_list_and_on_the_trend(dash_duo, twente_app):
    login_in_browser(dash_duo, twente_app, "gebruiker", own_gemeente_view(twente_app))
    driver = dash_duo.driver
    wait_until(dash_duo, lambda d: d.find_elements(By.CSS_SELECTOR, f"#{ALGEMEEN.kpis} .kpi-card"))
    driver.find_element(By.ID, GENERAL.add).click()
    text = driver.find_element(By.ID, GENERAL.text)
    wait_until(dash_duo, lambda d: text.is_displayed(), message="the form did not open")
    text.send_keys("melding via 06-12345678")
    driver.find_element(By.ID, GENERAL.save).click()
    wait_until(
        dash_duo,
        lambda d: "persoonsgegevens" in d.find_element(By.ID, GENERAL.message).text,
        message="personal data was not refused",
    )
    text.clear()
    text.send_keys("extra handhavingsinzet in het centrum")
    driver.find_element(By.ID, GENERAL.save).click()
    wait_until(
        dash_duo,
        lambda d: (
            "extra handhavingsinzet in het centrum" in d.find_element(By.ID, GENERAL.items).text
        ),
        message="the annotation is not in the list",
    )
    assert "Wijzigen" in driver.find_element(By.ID, GENERAL.items).text
    wait_until(
        dash_duo,
        lambda d: "Duiding" in d.find_element(By.ID, ALGEMEEN.trend).text,
        message="the trend has no annotation",
    )
    assert browser_errors(driver) == []


HOSTILE = (
    '<a href="https://evil.example/login">Log opnieuw in</a> '
    '<span style="font-size:60px;fill:red">DATA ONJUIST</span>'
)


def test_markup_in_an_annotation_shows_as_typed_not_as_a_link(dash_duo, twente_app):
    """Issue 18: the hover of the trend drew a typed <a href> as a link and <span style> as
    styled text. Plotly draws the hover itself (Plotly.Fx.hover) and the label is read back."""
    login_in_browser(dash_duo, twente_app, "gebruiker", own_gemeente_view(twente_app))
    driver = dash_duo.driver
    wait_until(dash_duo, lambda d: d.find_elements(By.CSS_SELECTOR, f"#{ALGEMEEN.kpis} .kpi-card"))
    driver.find_element(By.ID, GENERAL.add).click()
    text = driver.find_element(By.ID, GENERAL.text)
    wait_until(dash_duo, lambda d: text.is_displayed(), message="the form did not open")
    text.send_keys(HOSTILE)
    driver.find_element(By.ID, GENERAL.save).click()
    wait_until(
        dash_duo,
        lambda d: "DATA ONJUIST" in d.find_element(By.ID, GENERAL.items).text,
        message="the annotation is not in the list",
    )
    # The list shows the text as typed (Dash renders children as text).
    assert HOSTILE in driver.find_element(By.ID, GENERAL.items).text
    hover = """
        const gd = document.querySelector('#TREND .js-plotly-plot');
        const i = gd && gd.data.findIndex(t => t.name === 'Duiding');
        if (!gd || i < 0) { return null; }
        const p = gd.data[i].hovertext.findIndex(t => t.includes('DATA ONJUIST'));
        if (p < 0) { return null; }
        Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: p}]);
        const layer = gd.querySelector('.hoverlayer');
        return {
            text: layer.textContent,
            links: layer.querySelectorAll('a').length,
            styled: [...layer.querySelectorAll('[style]')].filter(
                e => e.getAttribute('style').includes('60px')).length,
        };
    """.replace("#TREND", "#" + ALGEMEEN.trend)
    label = wait_until(
        dash_duo,
        lambda d: (r := d.execute_script(hover)) and "DATA ONJUIST" in r["text"] and r,
        message="the trend shows no annotation hover",
    )
    assert label["links"] == 0 and label["styled"] == 0
    assert HOSTILE in label["text"]
    assert browser_errors(driver) == []
