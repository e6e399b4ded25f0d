"""Demo measurement rounds: a closed nulmeting of about a year ago, answered by the demo
accounts with the somewhat low scores of a baseline, and an open evaluation that the login
accounts of the demo (admin, projectleider, gebruiker) have not answered yet, so the
questionnaire can be tried. Other active accounts answer the evaluation with higher scores.

Everything goes through the measurement store (validation, anonymous answers, audit log) and is
drawn from a generator seeded with the demo's seed, so the same seed gives the same answers.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dashboard.data.models import User
from dashboard.data.store import measurement

ACTOR = "demo"


class CloseRound(Protocol):
    """Closes the open round with its usage figures frozen: the measure
    dashboard.measures.measurement.close_open_round, handed in by the caller because the usage
    figures are a measure and the data layer does not import measures."""

    def __call__(
        self, session: Session, by: str, titles: dict[str, str], now: dt.datetime | None = None
    ) -> object: ...


SEED_OFFSET = 5_000  # its own stream: changing the incidents does not change the answers
# Mean score per question at the nulmeting (1..5); the evaluation adds EVALUATION_GAIN.
BASELINE = {
    "actueel_beeld": 2.6,
    "cijfers_overleg": 2.4,
    "prioriteiten_onderbouwd": 2.5,
    "vergelijken": 2.1,
    "snel_antwoord": 2.3,
    "effect_volgen": 2.0,
    "gedeeld_beeld": 2.8,
    "regie_partners": 3.1,
}
EVALUATION_GAIN = 0.9
OPEN_TEXTS = {
    "open_informatie": (
        "Cijfers over woonoverlast van de woningcorporaties per buurt.",
        "Een beeld van de jeugdoverlast per wijk, liefst per maand.",
        "Meldingen van inwoners naast de politieregistraties.",
        "De cijfers van Veilig Thuis op gemeenteniveau.",
        "Een vergelijking met gemeenten van dezelfde grootte.",
        "Informatie over ondermijning die we met partners kunnen delen.",
    ),
    "open_opmerkingen": (
        "Graag een korte uitleg bij de cijfers voor het college.",
        "Het zou helpen als we het overzicht kunnen downloaden voor de driehoek.",
        "Fijn dat dit er komt.",
    ),
}
OPEN_SHARE = {"open_informatie": 0.6, "open_opmerkingen": 0.3}
LOGIN_ACCOUNTS = ("admin", "projectleider", "gebruiker")


def _monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _answers(
    rng: random.Random, questions: list[measurement.QuestionInfo], gain: float, used: set[str]
) -> dict[int, int | str]:
    person = rng.gauss(0, 0.5)  # some respondents are more positive than others
    answers: dict[int, int | str] = {}
    for q in questions:
        if q.soort == measurement.LIKERT:
            score = BASELINE.get(q.code, 2.5) + gain + person + rng.gauss(0, 0.8)
            answers[q.id] = min(5, max(1, round(score)))
        elif q.code in OPEN_TEXTS and rng.random() < OPEN_SHARE.get(q.code, 0.3):
            left = [t for t in OPEN_TEXTS[q.code] if t not in used]
            if left:  # no one gives the same answer twice in one round
                answers[q.id] = text = rng.choice(left)
                used.add(text)
    return answers


def _answer_round(
    session: Session,
    rng: random.Random,
    round_: measurement.RoundInfo,
    respondents: list[User],
    gain: float,
    days: int,
) -> None:
    questions = measurement.questions(session, round_.id)
    used: set[str] = set()
    for user in respondents:
        when = round_.geopend + dt.timedelta(days=rng.randrange(days), minutes=rng.randrange(600))
        answers = _answers(rng, questions, gain, used)
        measurement.submit(session, round_.id, user, answers, rng=rng, now=when)


def build_measurement_demo(
    factory: sessionmaker[Session], seed: int, end: dt.date, close_round: CloseRound
) -> None:
    """Replace the measurement rounds by the demo's: run after the accounts (and any usage
    history) exist, since closing the nulmeting freezes the usage of that moment."""
    rng = random.Random(seed + SEED_OFFSET)
    with factory() as session, session.begin():
        measurement.clear_all(session)
        accounts = list(
            session.scalars(select(User).where(User.active.is_(True)).order_by(User.username))
        )
        opened = dt.datetime.combine(_monday(end - dt.timedelta(days=364)), dt.time(9, 0))
        closed = opened + dt.timedelta(days=27, hours=8)
        nulmeting = measurement.create_round(
            session, f"Nulmeting {opened.year}", "nulmeting", ACTOR, now=opened
        )
        _answer_round(session, rng, nulmeting, accounts, 0.0, days=27)
        close_round(session, ACTOR, {}, now=closed)

        opened = dt.datetime.combine(_monday(end - dt.timedelta(days=13)), dt.time(9, 0))
        evaluatie = measurement.create_round(
            session, f"Evaluatie {opened.year}", "evaluatie", ACTOR, now=opened
        )
        others = [u for u in accounts if u.username not in LOGIN_ACCOUNTS]
        _answer_round(session, rng, evaluatie, others, EVALUATION_GAIN, days=7)
