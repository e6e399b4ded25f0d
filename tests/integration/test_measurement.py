"""Nulmeting and evaluation (issue 5): the store's rules (once per round, closed rounds, validation,
anonymity), the results against hand-computed values, usage frozen at closing, the demo rounds,
and access: /metingen and each of its callbacks for the project roles only, the questionnaire for
the logged-in user only."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, inspect, select

from dashboard import pages
from dashboard.data.models import (
    AuditEvent,
    MeasurementAnswer,
    MeasurementParticipation,
    MeasurementRound,
    User,
)
from dashboard.data.store import audit, measurement, users
from dashboard.data.store import usage as usage_store
from dashboard.layouts.metingen import METINGEN
from dashboard.layouts.vragenlijst import VRAGENLIJST
from dashboard.measures import measurement as measure
from dashboard.measures import usage as gebruik
from tests.conftest import (
    DEMO_END,
    build_demo_db,
    database_copy,
    fresh_url,
    login,
    make_app,
    shared_demo_snapshot,
)
from tests.csv_export import read_export
from tests.dash_requests import post_dependency

SEED = 5
PASSWORD = "respondent-wachtwoord"
# t(0.975, df) from statistical tables.
T_975 = {2: 4.302653, 4: 2.776445}


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(
        tmp_path_factory.mktemp("measurement"), seed=SEED, scale=0.05, years=1
    )


@pytest.fixture
def private(snapshot, tmp_path):
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        yield url, factory


@pytest.fixture
def empty(private):
    """The demo database without its demo rounds, and five respondents."""
    url, factory = private
    with factory.begin() as session:
        measurement.clear_all(session)
        for i in range(1, 6):
            users.add_user(
                session, f"resp{i}", role="gebruiker", gemeente_code="GM9901", password=PASSWORD
            )
    return url, factory


def account(session, username: str) -> User:
    return session.scalar(select(User).where(User.username == username))


def ids_by_code(session, round_id: int) -> dict[str, int]:
    return {q.code: q.id for q in measurement.questions(session, round_id)}


def full_answers(session, round_id: int, score: int = 3) -> dict[int, int | str]:
    return {
        q.id: score
        for q in measurement.questions(session, round_id)
        if q.soort == measurement.LIKERT
    }


def new_round(factory, naam="Nulmeting 2026", soort="nulmeting", now=None) -> int:
    with factory.begin() as session:
        return measurement.create_round(session, naam, soort, "projectleider", now=now).id


# --- the question set ----------------------------------------------------------------------


def test_default_questions_are_stable_and_cover_information_position_and_regie():
    codes = [q.code for q in measurement.DEFAULT_QUESTIONS]
    assert len(codes) == len(set(codes))
    texts = {q.tekst.rstrip(".") for q in measurement.DEFAULT_QUESTIONS}
    for required in (
        "Ik heb een actueel beeld van de veiligheid in mijn buurten",
        "Onze prioriteiten zijn onderbouwd met cijfers",
    ):
        assert required in texts
    assert any(t.startswith("Ik gebruik cijfers in het overleg met partners") for t in texts)
    kinds = [q.soort for q in measurement.DEFAULT_QUESTIONS]
    assert kinds.count("open") in (1, 2) and kinds.count("likert") >= 6
    # Every round gets the same codes, so rounds can be compared question by question.
    assert all(len(c) <= 40 and c.replace("_", "").isalnum() for c in codes)


# --- rounds ---------------------------------------------------------------------------------


def test_a_duplicate_name_or_a_second_open_round_is_refused(empty):
    _, factory = empty
    first = new_round(factory, "Nulmeting 2026")
    with factory.begin() as session, pytest.raises(measurement.MeasurementError, match="nog open"):
        measurement.create_round(session, "Evaluatie 2027", "evaluatie", "projectleider")
    with factory.begin() as session:
        measure.close_open_round(session, "projectleider", {})
    with (
        factory.begin() as session,
        pytest.raises(measurement.MeasurementError, match="bestaat al"),
    ):
        measurement.create_round(session, "  Nulmeting   2026 ", "evaluatie", "projectleider")
    for naam, soort, message in (
        ("", "evaluatie", "naam"),
        ("x" * 101, "evaluatie", "langer"),
        ("Evaluatie 2027", "enquete", "onbekende soort"),
    ):
        with factory.begin() as session, pytest.raises(measurement.MeasurementError, match=message):
            measurement.create_round(session, naam, soort, "projectleider")
    with factory() as session:
        assert [r.naam for r in measurement.rounds(session)] == ["Nulmeting 2026"]
        assert measurement.open_round(session) is None
        assert [q.code for q in measurement.questions(session, first)] == [
            q.code for q in measurement.DEFAULT_QUESTIONS
        ]


def test_closing_twice_or_without_an_open_round_is_refused(empty):
    _, factory = empty
    round_id = new_round(factory)
    with factory.begin() as session:
        measurement.close_round(session, round_id, "projectleider", {"weergaven": 1})
    with (
        factory.begin() as session,
        pytest.raises(measurement.MeasurementError, match="al gesloten"),
    ):
        measurement.close_round(session, round_id, "projectleider", {})
    with factory.begin() as session, pytest.raises(measurement.MeasurementError, match="geen open"):
        measure.close_open_round(session, "projectleider", {})


# --- answering ------------------------------------------------------------------------------


def test_everyone_answers_once_per_round(empty):
    _, factory = empty
    round_id = new_round(factory)
    with factory.begin() as session:
        user = account(session, "resp1")
        assert not measurement.has_answered(session, round_id, user.id)
        stored = measurement.submit(session, round_id, user, full_answers(session, round_id))
        assert stored == 8
    with factory.begin() as session:
        user = account(session, "resp1")
        assert measurement.has_answered(session, round_id, user.id)
        with pytest.raises(measurement.AlreadyAnswered, match="al ingevuld"):
            measurement.submit(session, round_id, user, full_answers(session, round_id, 5))
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(MeasurementParticipation)) == 1
        assert session.scalar(select(func.count()).select_from(MeasurementAnswer)) == 8
        assert measurement.rounds(session)[0].reacties == 1


def test_a_closed_round_takes_no_answers(empty):
    _, factory = empty
    round_id = new_round(factory)
    with factory.begin() as session:
        answers = full_answers(session, round_id)
        measurement.close_round(session, round_id, "projectleider", {})
    with factory.begin() as session, pytest.raises(measurement.MeasurementError, match="gesloten"):
        measurement.submit(session, round_id, account(session, "resp1"), answers)
    with factory.begin() as session, pytest.raises(measurement.MeasurementError, match="bestaat"):
        measurement.submit(session, 9999, account(session, "resp1"), answers)
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(MeasurementAnswer)) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a, q: a.pop(q["actueel_beeld"]), "vraag 1 met een keuze van 1 tot en met 5"),
        (lambda a, q: a.update({q["vergelijken"]: 6}), "vraag 4"),
        (lambda a, q: a.update({q["vergelijken"]: 0}), "vraag 4"),
        (lambda a, q: a.update({q["vergelijken"]: "veel"}), "vraag 4"),
        (lambda a, q: a.update({q["vergelijken"]: True}), "vraag 4"),
        (lambda a, q: a.update({q["vergelijken"]: 3.5}), "vraag 4"),
        (lambda a, q: a.update({q["open_informatie"]: "x" * 2001}), "langer dan 2000"),
        (lambda a, q: a.update({q["open_informatie"]: 5}), "tekst"),
        (lambda a, q: a.update({123456: 3}), "niet bij deze meting"),
        (lambda a, q: a.update({str(q["actueel_beeld"]): 3}), "niet bij deze meting"),
    ],
)
def test_invalid_answers_are_refused_with_a_clear_message(empty, change, message):
    _, factory = empty
    round_id = new_round(factory)
    with factory.begin() as session:
        answers = full_answers(session, round_id)
        change(answers, ids_by_code(session, round_id))
        with pytest.raises(measurement.MeasurementError, match=message):
            measurement.submit(session, round_id, account(session, "resp1"), answers)
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(MeasurementParticipation)) == 0
        assert session.scalar(select(func.count()).select_from(MeasurementAnswer)) == 0


def test_every_missing_likert_answer_is_named_and_open_answers_are_optional(empty):
    _, factory = empty
    round_id = new_round(factory)
    with factory.begin() as session:
        q = ids_by_code(session, round_id)
        with pytest.raises(measurement.MeasurementError, match="de vragen 2, 5, 8 met"):
            measurement.submit(
                session,
                round_id,
                account(session, "resp1"),
                {
                    q["actueel_beeld"]: 4,
                    q["prioriteiten_onderbouwd"]: 4,
                    q["vergelijken"]: "3",  # a number as text (as a form may send it) is fine
                    q["effect_volgen"]: 2,
                    q["gedeeld_beeld"]: 2,
                },
            )
    with factory.begin() as session:
        answers = full_answers(session, round_id)
        answers[q["open_informatie"]] = "  Cijfers van de woningcorporatie.  "
        answers[q["open_opmerkingen"]] = "   "  # empty: not stored
        assert measurement.submit(session, round_id, account(session, "resp1"), answers) == 9
    with factory() as session:
        texts = session.scalars(
            select(MeasurementAnswer.tekst).where(MeasurementAnswer.tekst.is_not(None))
        )
        assert list(texts) == ["Cijfers van de woningcorporatie."]


def test_answers_are_stored_without_the_account(empty):
    _, factory = empty
    round_id = new_round(factory)
    with factory.begin() as session:
        for i, name in enumerate(("resp1", "resp2", "resp3"), start=1):
            answers = full_answers(session, round_id, i)
            measurement.submit(session, round_id, account(session, name), answers)
    with factory() as session:
        table = inspect(session.get_bind()).get_columns("measurement_answer")
        columns = {c["name"] for c in table}
        assert columns == {
            "id",
            "round_id",
            "question_id",
            "waarde",
            "tekst",
            "gemeente_code",
            "role",
        }
        keys = inspect(session.get_bind()).get_foreign_keys("measurement_answer")
        assert {k["referred_table"] for k in keys} == {"measurement_round", "measurement_question"}
        # Participation is kept (who answered), the answers carry gemeente and role only.
        who = session.scalars(select(MeasurementParticipation.user_id)).all()
        assert len(who) == 3
        rows = session.execute(
            select(MeasurementAnswer.gemeente_code, MeasurementAnswer.role)
        ).all()
        assert set(rows) == {("GM9901", "gebruiker")}
        # The shuffle keeps every answer: per question the values 1, 2 and 3 once each.
        per_question: dict[int, list[int]] = {}
        for question_id, waarde in session.execute(
            select(MeasurementAnswer.question_id, MeasurementAnswer.waarde)
        ):
            per_question.setdefault(question_id, []).append(waarde)
        assert len(per_question) == 8
        assert all(sorted(v) == [1, 2, 3] for v in per_question.values())
        # The audit log says who took part, never what was answered.
        events = session.scalars(select(AuditEvent).where(AuditEvent.actie == "meting_ingevuld"))
        details = [audit.details_of(e) for e in events]
        details = [d for d in details if d["meting"] == "Nulmeting 2026"]
        assert details == [{"meting": "Nulmeting 2026"}] * 3


# --- results --------------------------------------------------------------------------------


def test_results_match_hand_computed_mean_and_interval(empty):
    _, factory = empty
    round_id = new_round(factory)
    actueel = [1, 2, 3, 4, 5]
    prioriteiten = [4, 4, 4, 4, 5]
    with factory.begin() as session:
        q = ids_by_code(session, round_id)
        for i in range(5):
            answers = full_answers(session, round_id, 3)
            answers[q["actueel_beeld"]] = actueel[i]
            answers[q["prioriteiten_onderbouwd"]] = prioriteiten[i]
            if i < 2:
                answers[q["open_informatie"]] = f"Wens {'BA'[i]}"
            measurement.submit(session, round_id, account(session, f"resp{i + 1}"), answers)
    with factory() as session:
        results = measurement.results(session).set_index("code")
        answers = measurement.open_answers(session)
    # mean 3, s = sqrt(10 / 4), half-width t(0.975, 4) * s / sqrt(5)
    row = results.loc["actueel_beeld"]
    half = T_975[4] * (10 / 4) ** 0.5 / 5**0.5
    assert row["n"] == 5 and row["gemiddelde"] == pytest.approx(3.0)
    assert row["ci_laag"] == pytest.approx(3 - half, abs=1e-5)
    assert row["ci_hoog"] == pytest.approx(3 + half, abs=1e-5)
    assert row["ci_laag"] == pytest.approx(1.036757, abs=1e-5)
    assert [row[f"n_{v}"] for v in range(1, 6)] == [1, 1, 1, 1, 1]
    # mean 4.2, s = sqrt(0.2), half-width t(0.975, 4) * 0.2
    row = results.loc["prioriteiten_onderbouwd"]
    assert row["gemiddelde"] == pytest.approx(4.2)
    assert row["ci_laag"] == pytest.approx(4.2 - T_975[4] * 0.2, abs=1e-5)
    assert row["ci_hoog"] == pytest.approx(4.2 + T_975[4] * 0.2, abs=1e-5)
    assert [row[f"n_{v}"] for v in range(1, 6)] == [0, 0, 0, 4, 1]
    # no spread: the interval is the mean itself
    row = results.loc["vergelijken"]
    assert (row["gemiddelde"], row["ci_laag"], row["ci_hoog"]) == (3.0, 3.0, 3.0)
    assert set(results["ronde"]) == {"Nulmeting 2026"} and len(results) == 8
    # open answers in text order, never in the order they were given
    assert list(answers["antwoord"]) == ["Wens A", "Wens B"]


def test_rounds_with_few_respondents_show_no_results_and_intervals_stay_on_the_scale(empty):
    _, factory = empty
    round_id = new_round(factory)
    with factory.begin() as session:
        q = ids_by_code(session, round_id)
        for i, score in enumerate((1, 5), start=1):
            answers = full_answers(session, round_id, score)
            answers[q["open_informatie"]] = "herkenbaar antwoord"
            measurement.submit(session, round_id, account(session, f"resp{i}"), answers)
    with factory() as session:
        assert measurement.results(session).empty
        assert measurement.open_answers(session).empty
        shown = measurement.results(session, min_responses=2).iloc[0]
    # mean 3 with s = 2.83: the t interval (-22.4 .. 28.4) is clipped to the scale
    assert (shown["gemiddelde"], shown["ci_laag"], shown["ci_hoog"]) == (3.0, 1, 5)


def test_the_export_has_results_and_open_answers(empty):
    _, factory = empty
    round_id = new_round(factory)
    with factory.begin() as session:
        q = ids_by_code(session, round_id)
        for i in range(1, 4):
            answers = full_answers(session, round_id, i)
            answers[q["open_opmerkingen"]] = f"opmerking {i}; met puntkomma"
            measurement.submit(session, round_id, account(session, f"resp{i}"), answers)
    with factory() as session:
        text = measure.export_csv(measurement.results(session), measurement.open_answers(session))
    explanation, frame = read_export(text)
    assert explanation.startswith("Resultaten van de nulmeting en evaluaties. Schaal 1")
    assert list(frame.columns)[:9] == [
        "Ronde",
        "Soort",
        "Status",
        "Reacties",
        "Soort vraag",
        "Positie",
        "Code",
        "Vraag",
        "Aantal antwoorden",
    ]
    rows = frame.to_dict("records")
    likert_rows = [r for r in rows if r["Soort vraag"] == "likert"]
    open_rows = [r for r in rows if r["Soort vraag"] == "open"]
    assert len(likert_rows) == 8 and len(open_rows) == 3
    first = likert_rows[0]
    assert (first["Ronde"], first["Status"], first["Reacties"], first["Code"]) == (
        "Nulmeting 2026",
        "open",
        3,
        "actueel_beeld",
    )
    assert (first["Aantal antwoorden"], first["Aantal 1"], first["Aantal 3"]) == (3, 1, 1)
    assert first["Gemiddelde"] == 2.0 and ";2,0;" in text  # a decimal comma for Excel
    assert [r["Antwoord"] for r in open_rows] == [
        f"opmerking {i}; met puntkomma" for i in (1, 2, 3)
    ]
    assert open_rows[0]["Ronde"] == "Nulmeting 2026" and open_rows[0]["Reacties"] == 3


# --- closing freezes usage ------------------------------------------------------------------


def test_closing_freezes_the_usage_of_the_half_year_before_opening_up_to_closing(empty):
    _, factory = empty
    opened = dt.datetime(2026, 6, 1, 9, 0)
    closed = dt.datetime(2026, 6, 29, 17, 0)
    start = dt.date(2025, 12, 3)  # 180 days before 1 June 2026
    assert measurement.usage_window(opened, closed) == (start, dt.date(2026, 6, 29))
    new_round(factory, now=opened)
    with factory() as session:
        before = gebruik.compute(session, start, closed.date(), {}).summary.as_record()
    who = {"username": "resp1", "gemeente_code": "GM9901", "role": "gebruiker"}
    with factory.begin() as session:
        for when in (dt.datetime(2025, 12, 3, 8), dt.datetime(2026, 6, 29, 16)):  # counted
            usage_store.record(session, soort="weergave", pagina="/", when=when, **who)
        for when in (dt.datetime(2025, 12, 2, 23), dt.datetime(2026, 6, 30, 8)):  # outside
            usage_store.record(session, soort="weergave", pagina="/", when=when, **who)
    with factory.begin() as session:
        info = measure.close_open_round(session, "projectleider", {}, now=closed)
    with factory() as session:
        stored = session.get(MeasurementRound, info.id)
        frozen = json.loads(stored.gebruik_json)
        assert stored.gesloten == closed
        assert frozen == gebruik.compute(session, start, closed.date(), {}).summary.as_record()
    assert frozen["van"] == "2025-12-03" and frozen["tot"] == "2026-06-29"
    assert frozen["weergaven"] == before["weergaven"] + 2
    # Later use does not change the frozen figures.
    with factory.begin() as session:
        usage_store.record(session, soort="weergave", pagina="/", when=closed, **who)
    with factory() as session:
        assert measurement.rounds(session)[0].gebruik == frozen


def test_every_change_is_in_the_audit_log(empty):
    _, factory = empty
    round_id = new_round(factory)
    with factory.begin() as session:
        answers = full_answers(session, round_id)
        measurement.submit(session, round_id, account(session, "resp1"), answers)
    with factory.begin() as session:
        measure.close_open_round(session, "admin", {})
    with factory() as session:
        events = [
            (e.username, e.actie, audit.details_of(e)) for e in reversed(audit.events(session, 3))
        ]
    assert events == [
        (
            "projectleider",
            "meting_geopend",
            {"meting": "Nulmeting 2026", "soort": "nulmeting", "vragen": 10},
        ),
        ("resp1", "meting_ingevuld", {"meting": "Nulmeting 2026"}),
        ("admin", "meting_gesloten", {"meting": "Nulmeting 2026", "reacties": 1}),
    ]


# --- the demo -------------------------------------------------------------------------------


def demo_rounds(factory):
    with factory() as session:
        return measurement.rounds(session), measurement.results(session)


def test_the_demo_has_a_closed_nulmeting_and_an_open_evaluation(private, tmp_path):
    _, factory = private
    rounds, results = demo_rounds(factory)
    nulmeting, evaluatie = rounds
    year = DEMO_END.year
    assert nulmeting.naam == f"Nulmeting {year - 1}" and nulmeting.soort == "nulmeting"
    assert not nulmeting.is_open and nulmeting.gebruik["weergaven"] >= 0
    assert nulmeting.reacties >= measurement.MIN_RESPONSES
    assert evaluatie.naam == f"Evaluatie {year}" and evaluatie.is_open
    with factory() as session:
        for name in ("admin", "projectleider", "gebruiker"):
            assert not measurement.has_answered(session, evaluatie.id, account(session, name).id)
    base = results[results["ronde"] == nulmeting.naam]
    assert len(base) == 8 and base["gemiddelde"].between(1.5, 3.5).all()
    # the same seed gives the same rounds and answers
    _, again, _ = build_demo_db(fresh_url(tmp_path, "again"), seed=SEED, scale=0.05, years=1)
    rounds_again, results_again = demo_rounds(again)
    assert [(r.naam, r.reacties, r.gebruik) for r in rounds_again] == [
        (r.naam, r.reacties, r.gebruik) for r in rounds
    ]
    assert results_again.equals(results)


# --- access ---------------------------------------------------------------------------------


@pytest.fixture
def site(empty):
    url, factory = empty
    from dashboard.data.store import protocol

    with factory.begin() as session:
        versie = protocol.current_version(session).versie
        for i in range(1, 6):
            protocol.accept(session, account(session, f"resp{i}").id, versie)
    return url, factory, make_app(url)


def client_for(app, username: str, password: str | None = None):
    client = app.server.test_client()
    assert login(client, username, password).status_code == 302
    return client


def metingen_callbacks(client) -> list[dict]:
    deps = client.get("/_dash-dependencies").get_json()
    return [
        d
        for d in deps
        if any(o.startswith("metingen-") for o in d["output"].strip(".").split("..."))
        and not d.get("clientside_function")
    ]


VALUES = {
    (METINGEN.loaded, "data"): True,
    (METINGEN.create, "n_clicks"): 1,
    (METINGEN.name, "value"): "Evaluatie 2027",
    (METINGEN.kind, "value"): "evaluatie",
    (METINGEN.close_confirm, "submit_n_clicks"): 1,
    (METINGEN.download_button, "n_clicks"): 1,
    (METINGEN.question, "value"): "actueel_beeld",
}


def call(client, dep: dict, values: dict | None = None):
    return post_dependency(client, dep, {**VALUES, **(values or {})})


def test_metingen_is_in_the_page_table_for_the_project_roles():
    page = pages.find("/metingen")
    assert (
        page is not None
        and page.title == "Metingen"
        and page.roles == frozenset({"admin", "projectleider"})
    )
    questionnaire = pages.find("/vragenlijst")
    assert questionnaire is not None and questionnaire.roles is None
    assert questionnaire.title == "Vragenlijst"


def test_a_gebruiker_gets_403_from_the_page_and_every_callback_of_metingen(site):
    _, factory, app = site
    new_round(factory)
    user = client_for(app, "resp1", PASSWORD)
    assert user.get("/metingen").status_code == 403
    layout = user.get("/_dash-layout").get_data(as_text=True)
    assert "\\u002fmetingen" not in layout  # no link either
    callbacks = metingen_callbacks(user)
    assert len(callbacks) == 5
    for dep in callbacks:
        answer = call(user, dep)
        assert answer.status_code == 403, dep["output"]
        assert "Nulmeting" not in answer.get_data(as_text=True)
    with factory() as session:  # nothing was created or closed
        assert [(r.naam, r.is_open) for r in measurement.rounds(session)] == [
            ("Nulmeting 2026", True)
        ]


def test_anonymous_requests_get_401(site):
    _, _, app = site
    lead = client_for(app, "projectleider")
    anonymous = app.server.test_client()
    for dep in metingen_callbacks(lead):
        assert call(anonymous, dep).status_code == 401
    assert anonymous.get("/metingen").status_code == 302


@pytest.mark.parametrize("username", ["admin", "projectleider"])
def test_the_project_roles_run_every_callback_of_metingen(site, username):
    _, factory, app = site
    lead = client_for(app, username)
    assert lead.get("/metingen").status_code == 200
    by_output = {dep["output"]: dep for dep in metingen_callbacks(lead)}

    def dep_for(component: str) -> dict:
        return next(d for o, d in by_output.items() if component in o)

    created = call(lead, dep_for(METINGEN.created))
    assert created.status_code == 200
    assert "Evaluatie 2027 is geopend" in created.get_data(as_text=True)
    again = call(lead, dep_for(METINGEN.created)).get_data(as_text=True)
    assert "Niet geopend" in again and "nog open" in again
    refreshed = call(lead, dep_for(METINGEN.rounds)).get_json()["response"]
    assert refreshed[METINGEN.rounds]["rowData"][0]["naam"] == "Evaluatie 2027"
    assert refreshed[METINGEN.close]["disabled"] is False
    assert call(lead, dep_for(METINGEN.distribution)).status_code == 200
    closed = call(lead, dep_for(METINGEN.closed)).get_data(as_text=True)
    assert "Evaluatie 2027 is gesloten" in closed
    download = call(lead, dep_for(METINGEN.download)).get_json()["response"]
    assert download[METINGEN.download]["data"]["filename"] == "metingen_resultaten.csv"
    with factory() as session:
        (only,) = measurement.rounds(session)
        assert only.naam == "Evaluatie 2027" and only.gebruik is not None
        actions = [e.actie for e in audit.events(session, 3)]
    assert actions == ["export", "meting_gesloten", "meting_geopend"]


def questionnaire_dep(client) -> dict:
    deps = client.get("/_dash-dependencies").get_json()
    return next(d for d in deps if VRAGENLIJST.form in d["output"])


def submit_body(dep: dict, round_id, answers: dict) -> dict:
    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
        for o in dep["output"].strip(".").split("...")
    ]
    pattern = {"type": VRAGENLIJST.answer}
    return {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": [{"id": VRAGENLIJST.submit, "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{VRAGENLIJST.submit}.n_clicks"],
        "state": [
            {"id": VRAGENLIJST.round, "property": "data", "value": round_id},
            [
                {"id": {**pattern, "vraag": k}, "property": "value", "value": v}
                for k, v in answers.items()
            ],
            [
                {"id": {**pattern, "vraag": k}, "property": "id", "value": {**pattern, "vraag": k}}
                for k in answers
            ],
        ],
    }


def test_the_questionnaire_stores_the_answers_of_the_logged_in_user(site):
    _, factory, app = site
    round_id = new_round(factory)
    with factory() as session:
        answers = full_answers(session, round_id, 4)
        resp2 = account(session, "resp2").id
    user = client_for(app, "resp1", PASSWORD)
    page = user.get("/vragenlijst")
    assert page.status_code == 200
    dep = questionnaire_dep(user)
    anonymous = app.server.test_client()
    assert (
        anonymous.post(
            "/_dash-update-component", json=submit_body(dep, round_id, answers)
        ).status_code
        == 401
    )
    # a user id in the body changes nothing: the account is the session's
    body = submit_body(dep, round_id, answers)
    body["user_id"] = resp2
    answer = user.post("/_dash-update-component", json=body)
    assert answer.status_code == 200
    assert "Dank u wel" in answer.get_data(as_text=True)
    again = user.post("/_dash-update-component", json=submit_body(dep, round_id, answers))
    assert "al ingevuld" in again.get_data(as_text=True)
    missing = dict(list(answers.items())[1:])
    other = client_for(app, "resp3", PASSWORD)
    refused = other.post("/_dash-update-component", json=submit_body(dep, round_id, missing))
    assert "Niet verstuurd: beantwoord vraag 1" in refused.get_data(as_text=True)
    forged = other.post("/_dash-update-component", json=submit_body(dep, "1 OR 1=1", answers))
    assert "bestaat niet" in forged.get_data(as_text=True)
    with factory() as session:
        who = session.scalars(select(MeasurementParticipation.user_id)).all()
        assert who == [account(session, "resp1").id]
