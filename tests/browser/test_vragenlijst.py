"""The questionnaire in headless Chromium: a user answers the open evaluation of the demo, is
told what is missing first, sees the thanks, and finds it "al ingevuld" when he comes back."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import func, select

from dashboard.data.models import MeasurementAnswer, User
from dashboard.data.store import measurement
from dashboard.layouts.vragenlijst import VRAGENLIJST
from tests.browser.conftest import browser_errors, login_in_browser, wait_until
from tests.conftest import build_demo_db, fresh_url, make_app

OPEN_TEXT = "Cijfers van de woningcorporatie per buurt."


@pytest.fixture(scope="module")
def questionnaire_site(tmp_path_factory):
    """Its own small demo database: this test adds answers that other tests must not see."""
    url = fresh_url(tmp_path_factory.mktemp("vragenlijst"), "vragenlijst")
    engine, factory, _ = build_demo_db(url, seed=17, scale=0.05, years=1)
    yield make_app(url), factory
    engine.dispose()


def choose(driver, position: int, label: str) -> None:
    option = driver.find_element(
        By.XPATH, f"//div[@id='vraag-{position}']//label[normalize-space()='{label}']"
    )
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", option)
    option.click()


def test_a_user_fills_in_the_questionnaire(dash_duo, questionnaire_site):
    app, factory = questionnaire_site
    with factory() as session:
        current = measurement.open_round(session)
        likert = [q for q in measurement.questions(session, current.id) if q.soort == "likert"]
        user_id = session.scalar(select(User.id).where(User.username == "gebruiker"))
        assert not measurement.has_answered(session, current.id, user_id)
        before = session.scalar(
            select(func.count()).where(MeasurementAnswer.round_id == current.id)
        )
    login_in_browser(dash_duo, app, "gebruiker", "/vragenlijst")
    driver = dash_duo.driver
    wait_until(dash_duo, lambda d: d.find_element(By.ID, "vraag-1"), message="the questions")
    assert f"Vragenlijst: {current.naam}" in driver.find_element(By.TAG_NAME, "h1").text
    assert len(driver.find_elements(By.CSS_SELECTOR, ".vraag-likert")) == len(likert)

    # Everything but the last Likert question: the server names what is missing.
    for q in likert[:-1]:
        choose(driver, q.positie, "4 eens")
    submit = driver.find_element(By.ID, VRAGENLIJST.submit)
    driver.execute_script("arguments[0].click();", submit)
    wait_until(
        dash_duo,
        lambda d: (
            f"beantwoord vraag {likert[-1].positie}"
            in d.find_element(By.ID, VRAGENLIJST.message).text
        ),
        message="the message about the missing answer",
    )

    choose(driver, likert[-1].positie, "2 oneens")
    textarea = driver.find_element(By.CSS_SELECTOR, ".vraag-open textarea")
    textarea.send_keys(OPEN_TEXT)
    driver.execute_script("arguments[0].click();", submit)
    wait_until(
        dash_duo,
        lambda d: "Dank u wel" in d.find_element(By.ID, VRAGENLIJST.thanks).text,
        message="the thanks",
    )
    assert driver.find_elements(By.CSS_SELECTOR, ".vraag") == []  # the form is gone

    with factory() as session:
        assert measurement.has_answered(session, current.id, user_id)
        stored = session.execute(
            select(MeasurementAnswer.waarde, MeasurementAnswer.tekst).where(
                MeasurementAnswer.round_id == current.id
            )
        ).all()
    assert len(stored) == before + len(likert) + 1
    assert OPEN_TEXT in {t for _, t in stored}

    # Coming back: no second form.
    driver.get(dash_duo.server_url)
    wait_until(
        dash_duo,
        lambda d: "al ingevuld" in d.find_element(By.ID, VRAGENLIJST.thanks).text,
        message="already answered",
    )
    assert driver.find_elements(By.ID, VRAGENLIJST.submit) == []
    assert browser_errors(driver) == []
