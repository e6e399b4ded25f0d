"""The nulmeting and the evaluations: rounds of a short questionnaire about the information
position and the regie role of the municipalities, answered once per account and round.

Anonymity. Who answered is kept (measurement_participation, so that everyone answers once); what
was answered is kept without the account (measurement_answer). Row order could still link the
two, since both tables grow in the order of submission; therefore every new answer swaps its
contents with a randomly chosen answer to the same question of the same round (an inside-out
Fisher-Yates shuffle). Afterwards the position of an answer says nothing about when, or by whom,
it was given, and the answers of one respondent are no longer linked across questions. Results
are only shown from MIN_RESPONSES respondents on.

Every change is written to the audit log in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard import inputs
from dashboard.analysis import likert
from dashboard.data.models import (
    MeasurementAnswer,
    MeasurementParticipation,
    MeasurementQuestion,
    MeasurementRound,
    utcnow,
)
from dashboard.data.store import audit

KINDS = {"nulmeting": "Nulmeting", "evaluatie": "Evaluatie"}
LIKERT, OPEN = "likert", "open"
MAX_NAME_LENGTH = 100
MAX_OPEN_LENGTH = 2000
MIN_RESPONSES = 3  # fewer respondents: no results, the few who answered could be recognised
# Usage frozen at closing: from this many days before the round opened up to the closing date.
USAGE_DAYS_BEFORE_OPENING = 180


@dataclass(frozen=True)
class Question:
    code: str  # stable: the same question in every round, so rounds can be compared
    tekst: str
    soort: str = LIKERT


DEFAULT_QUESTIONS: tuple[Question, ...] = (
    Question("actueel_beeld", "Ik heb een actueel beeld van de veiligheid in mijn buurten."),
    Question(
        "cijfers_overleg",
        "Ik gebruik cijfers in het overleg met partners (politie, zorg, woningcorporaties).",
    ),
    Question("prioriteiten_onderbouwd", "Onze prioriteiten zijn onderbouwd met cijfers."),
    Question(
        "vergelijken",
        "Ik kan de veiligheid in onze gemeente vergelijken met andere gebieden en eerdere jaren.",
    ),
    Question(
        "snel_antwoord",
        "Een vraag van het college of de raad over een buurt kan ik snel met cijfers beantwoorden.",
    ),
    Question("effect_volgen", "Wij volgen het effect van onze aanpak met cijfers."),
    Question(
        "gedeeld_beeld", "Wij en onze partners werken vanuit een gedeeld beeld van de veiligheid."
    ),
    Question("regie_partners", "Als gemeente voeren wij de regie in het veiligheidsoverleg."),
    Question(
        "open_informatie",
        "Welke informatie mist u nog om uw regierol goed te kunnen vervullen?",
        OPEN,
    ),
    Question("open_opmerkingen", "Overige opmerkingen of suggesties over het dashboard.", OPEN),
)


class MeasurementError(ValueError):
    """A measurement action cannot be carried out; the message (Dutch) says why."""


class AlreadyAnswered(MeasurementError):
    """The account has already answered this round."""


@dataclass(frozen=True)
class RoundInfo:
    id: int
    naam: str
    soort: str
    geopend: dt.datetime
    gesloten: dt.datetime | None
    door: str | None
    reacties: int
    gebruik: dict | None  # the usage figures frozen at closing

    @property
    def is_open(self) -> bool:
        return self.gesloten is None

    @property
    def status(self) -> str:
        return "open" if self.is_open else "gesloten"


@dataclass(frozen=True)
class QuestionInfo:
    id: int
    positie: int
    code: str
    tekst: str
    soort: str


def _info(r: MeasurementRound, reacties: int) -> RoundInfo:
    return RoundInfo(
        id=r.id,
        naam=r.naam,
        soort=r.soort,
        geopend=r.geopend,
        gesloten=r.gesloten,
        door=r.door,
        reacties=reacties,
        gebruik=json.loads(r.gebruik_json) if r.gebruik_json else None,
    )


def _responses(session: Session, round_id: int) -> int:
    query = select(func.count()).where(MeasurementParticipation.round_id == round_id)
    return int(session.scalar(query) or 0)


# --- rounds ---------------------------------------------------------------------------------


def create_round(
    session: Session,
    naam: str,
    soort: str,
    by: str | None,
    questions: tuple[Question, ...] = DEFAULT_QUESTIONS,
    now: dt.datetime | None = None,
) -> RoundInfo:
    """Open a new round with the (default) questions. Refused: an empty or duplicate name, an
    unknown kind, or a round that is still open."""
    # Text fields in the browser: anything else is a request no form sends (400).
    naam = " ".join((inputs.text(naam, "naam") or "").split())
    soort = inputs.text(soort, "soort")
    if not naam:
        raise MeasurementError("geef de meting een naam")
    if len(naam) > MAX_NAME_LENGTH:
        raise MeasurementError(f"de naam is langer dan {MAX_NAME_LENGTH} tekens")
    if soort not in KINDS:
        raise MeasurementError(f"onbekende soort {soort!r}: kies nulmeting of evaluatie")
    current = open_round(session)
    if current is not None:
        raise MeasurementError(f"meting {current.naam!r} is nog open; sluit die eerst")
    if session.scalar(select(MeasurementRound.id).where(MeasurementRound.naam == naam)):
        raise MeasurementError(f"er bestaat al een meting met de naam {naam!r}")
    row = MeasurementRound(naam=naam, soort=soort, geopend=now or utcnow(), door=by)
    try:
        with session.begin_nested():  # a concurrent round with the same name
            session.add(row)
            session.flush()
    except IntegrityError:
        raise MeasurementError(f"er bestaat al een meting met de naam {naam!r}") from None
    for position, question in enumerate(questions, start=1):
        if question.soort not in (LIKERT, OPEN):
            raise ValueError(f"unknown question kind {question.soort!r}")
        session.add(
            MeasurementQuestion(
                round_id=row.id,
                positie=position,
                code=question.code,
                tekst=question.tekst,
                soort=question.soort,
            )
        )
    session.flush()
    audit.record(
        session,
        by,
        "meting_geopend",
        {"meting": naam, "soort": soort, "vragen": len(questions)},
    )
    return _info(row, 0)


def open_round(session: Session) -> RoundInfo | None:
    """The round that is open now (at most one), or None."""
    query = (
        select(MeasurementRound)
        .where(MeasurementRound.gesloten.is_(None))
        .order_by(MeasurementRound.geopend.desc(), MeasurementRound.id.desc())
        .limit(1)
    )
    row = session.scalar(query)
    return None if row is None else _info(row, _responses(session, row.id))


def get_round(session: Session, round_id: int) -> RoundInfo | None:
    row = session.get(MeasurementRound, round_id)
    return None if row is None else _info(row, _responses(session, row.id))


def rounds(session: Session) -> list[RoundInfo]:
    """Every round, oldest first, with its number of respondents."""
    counts = dict(
        session.execute(
            select(MeasurementParticipation.round_id, func.count()).group_by(
                MeasurementParticipation.round_id
            )
        ).all()
    )
    rows = session.scalars(
        select(MeasurementRound).order_by(MeasurementRound.geopend, MeasurementRound.id)
    )
    return [_info(r, int(counts.get(r.id, 0))) for r in rows]


def questions(session: Session, round_id: int) -> list[QuestionInfo]:
    rows = session.scalars(
        select(MeasurementQuestion)
        .where(MeasurementQuestion.round_id == round_id)
        .order_by(MeasurementQuestion.positie)
    )
    return [QuestionInfo(q.id, q.positie, q.code, q.tekst, q.soort) for q in rows]


def usage_window(opened: dt.datetime, closed: dt.datetime) -> tuple[dt.date, dt.date]:
    """The period whose usage is frozen with a round: the half year before it opened up to the
    day it closed, so the figures show how the dashboard was used when people answered."""
    start = opened.date() - dt.timedelta(days=USAGE_DAYS_BEFORE_OPENING)
    return start, max(closed.date(), start)


def close_round(
    session: Session,
    round_id: int,
    by: str | None,
    usage_summary: Mapping,
    now: dt.datetime | None = None,
) -> RoundInfo:
    """Close an open round and freeze the usage figures (see usage_window) with it."""
    row = session.get(MeasurementRound, round_id, with_for_update=True)
    if row is None:
        raise MeasurementError("deze meting bestaat niet")
    if row.gesloten is not None:
        raise MeasurementError(f"meting {row.naam!r} is al gesloten")
    row.gesloten = now or utcnow()
    row.gebruik_json = json.dumps(dict(usage_summary), ensure_ascii=False, default=str)
    session.flush()
    reacties = _responses(session, row.id)
    audit.record(session, by, "meting_gesloten", {"meting": row.naam, "reacties": reacties})
    return _info(row, reacties)


# --- answering ------------------------------------------------------------------------------


def has_answered(session: Session, round_id: int, user_id: int) -> bool:
    query = select(MeasurementParticipation.id).where(
        MeasurementParticipation.round_id == round_id,
        MeasurementParticipation.user_id == user_id,
    )
    return session.scalar(query) is not None


def _likert_value(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value in likert.SCALE else None


def validate(questions_: list[QuestionInfo], answers: Mapping) -> dict[int, int | str]:
    """The answers to store, by question id; MeasurementError names every problem."""
    by_id = {q.id: q for q in questions_}
    unknown = [k for k in answers if k not in by_id]
    if unknown:
        raise MeasurementError("antwoorden op vragen die niet bij deze meting horen")
    clean: dict[int, int | str] = {}
    missing, too_long = [], []
    for q in questions_:
        value = answers.get(q.id)
        if q.soort == LIKERT:
            score = _likert_value(value)
            if score is None:
                missing.append(q.positie)
            else:
                clean[q.id] = score
            continue
        if value is None:
            continue
        if not isinstance(value, str):
            raise MeasurementError(f"vraag {q.positie}: het antwoord moet tekst zijn")
        text = value.strip()
        if len(text) > MAX_OPEN_LENGTH:
            too_long.append(q.positie)
        elif text:
            clean[q.id] = text
    problems = []
    if missing:
        numbers = ", ".join(str(p) for p in missing)
        problems.append(
            f"beantwoord {'vraag' if len(missing) == 1 else 'de vragen'} {numbers} "
            "met een keuze van 1 tot en met 5"
        )
    if too_long:
        numbers = ", ".join(str(p) for p in too_long)
        problems.append(f"het antwoord op vraag {numbers} is langer dan {MAX_OPEN_LENGTH} tekens")
    if problems:
        raise MeasurementError("; ".join(problems))
    return clean


def submit(
    session: Session,
    round_id: int,
    user,
    answers: Mapping,
    *,
    rng: random.Random | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Store one respondent's answers (question id -> 1..5 or text) in the caller's transaction:
    the participation with the account, the answers without it. Returns the number of answers
    stored. Refused: a round that is closed or unknown, a second submission, unknown question
    ids, a Likert question without 1..5, an open answer that is too long."""
    row = session.get(MeasurementRound, inputs.integer(round_id, "meting"))
    if row is None:
        raise MeasurementError("deze meting bestaat niet")
    if row.gesloten is not None:
        raise MeasurementError(f"meting {row.naam!r} is gesloten; antwoorden kan niet meer")
    if has_answered(session, round_id, user.id):
        raise AlreadyAnswered("u heeft deze vragenlijst al ingevuld")
    clean = validate(questions(session, round_id), answers)
    try:
        with session.begin_nested():  # the same account submitting twice at the same moment
            session.add(
                MeasurementParticipation(
                    round_id=round_id, user_id=user.id, tijdstip=now or utcnow()
                )
            )
            session.flush()
    except IntegrityError:
        raise AlreadyAnswered("u heeft deze vragenlijst al ingevuld") from None
    shuffle = rng or random.SystemRandom()
    for question_id, value in clean.items():
        answer = MeasurementAnswer(
            round_id=round_id,
            question_id=question_id,
            waarde=value if isinstance(value, int) else None,
            tekst=value if isinstance(value, str) else None,
            gemeente_code=user.gemeente_code,
            role=user.role,
        )
        session.add(answer)
        session.flush()
        _swap_with_random_earlier(session, answer, shuffle)
    audit.record(session, user.username, "meting_ingevuld", {"meting": row.naam})
    return len(clean)


def _swap_with_random_earlier(
    session: Session, answer: MeasurementAnswer, rng: random.Random
) -> None:
    ids = session.scalars(
        select(MeasurementAnswer.id).where(
            MeasurementAnswer.round_id == answer.round_id,
            MeasurementAnswer.question_id == answer.question_id,
        )
    ).all()
    other_id = rng.choice(sorted(ids))
    if other_id == answer.id:
        return
    other = session.get(MeasurementAnswer, other_id)
    fields = ("waarde", "tekst", "gemeente_code", "role")
    mine = [getattr(answer, f) for f in fields]
    for f in fields:
        setattr(answer, f, getattr(other, f))
    for f, v in zip(fields, mine, strict=True):
        setattr(other, f, v)
    session.flush()


# --- results --------------------------------------------------------------------------------

RESULT_COLUMNS = [
    "ronde_id",
    "ronde",
    "soort",
    "status",
    "reacties",
    "positie",
    "code",
    "vraag",
    "n",
    "gemiddelde",
    "ci_laag",
    "ci_hoog",
    *(f"n_{v}" for v in likert.SCALE),
]


def results(session: Session, min_responses: int = MIN_RESPONSES) -> pd.DataFrame:
    """One row per round x Likert question code (rounds oldest first, questions in order): n,
    mean, 95% interval of the mean and the count per answer 1..5. A round with fewer than
    min_responses respondents has no rows (its answers could be recognised)."""
    counted = session.execute(
        select(
            MeasurementAnswer.round_id,
            MeasurementAnswer.question_id,
            MeasurementAnswer.waarde,
            func.count(),
        )
        .where(MeasurementAnswer.waarde.is_not(None))
        .group_by(
            MeasurementAnswer.round_id, MeasurementAnswer.question_id, MeasurementAnswer.waarde
        )
    ).all()
    counts: dict[tuple[int, int], dict[int, int]] = {}
    for round_id, question_id, waarde, n in counted:
        counts.setdefault((round_id, question_id), {})[waarde] = int(n)
    shown = [r for r in rounds(session) if r.reacties >= min_responses]
    rows = []
    for r in shown:
        for q in questions(session, r.id):
            if q.soort != LIKERT:
                continue
            rows.append(
                {
                    "ronde_id": r.id,
                    "ronde": r.naam,
                    "soort": r.soort,
                    "status": r.status,
                    "reacties": r.reacties,
                    "positie": q.positie,
                    "code": q.code,
                    "vraag": q.tekst,
                    **likert.summarize(counts.get((r.id, q.id), {})),
                }
            )
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def open_answers(session: Session, min_responses: int = MIN_RESPONSES) -> pd.DataFrame:
    """ronde, positie, code, vraag, antwoord: the open answers of the rounds with at least
    min_responses respondents, sorted by text (never in the order they were given)."""
    shown = {r.id: r for r in rounds(session) if r.reacties >= min_responses}
    columns = ["ronde_id", "ronde", "positie", "code", "vraag", "antwoord"]
    if not shown:
        return pd.DataFrame(columns=columns)
    query = (
        select(
            MeasurementAnswer.round_id,
            MeasurementQuestion.positie,
            MeasurementQuestion.code,
            MeasurementQuestion.tekst,
            MeasurementAnswer.tekst,
        )
        .join(MeasurementQuestion, MeasurementQuestion.id == MeasurementAnswer.question_id)
        .where(MeasurementAnswer.tekst.is_not(None), MeasurementAnswer.round_id.in_(list(shown)))
    )
    rows = [
        (rid, shown[rid].naam, pos, code, vraag, text)
        for rid, pos, code, vraag, text in session.execute(query).all()
    ]
    frame = pd.DataFrame(rows, columns=columns)
    order = {rid: i for i, rid in enumerate(shown)}
    frame["_volgorde"] = frame["ronde_id"].map(order)
    frame = frame.sort_values(["_volgorde", "positie", "antwoord"], kind="stable")
    return frame.drop(columns="_volgorde").reset_index(drop=True)


def clear_all(session: Session) -> None:
    """Remove every round with its questions and answers (the demo generator only)."""
    from sqlalchemy import delete

    for model in (
        MeasurementAnswer,
        MeasurementParticipation,
        MeasurementQuestion,
        MeasurementRound,
    ):
        session.execute(delete(model))
