"""Layout of the questionnaire (nulmeting / evaluation) that every user fills in once per round."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.analysis.likert import LABELS, SCALE
from dashboard.data.store.measurement import (
    LIKERT,
    MAX_OPEN_LENGTH,
    MIN_RESPONSES,
    QuestionInfo,
    RoundInfo,
)


@dataclass(frozen=True)
class VragenlijstIds:
    """Component ids of the Vragenlijst page."""

    round: str = "vragenlijst-ronde"  # the id of the round the form was built for
    answer: str = "vragenlijst-antwoord"  # pattern-matching type: {"type": answer, "vraag": id}
    form: str = "vragenlijst-formulier"
    submit: str = "vragenlijst-versturen"
    message: str = "vragenlijst-melding"
    thanks: str = "vragenlijst-bedankt"


VRAGENLIJST = VragenlijstIds()

INTRO = (
    "Met deze korte vragenlijst meten we hoe u de informatiepositie en de regierol van uw "
    "gemeente op het gebied van veiligheid ervaart. Dezelfde vragen komen terug bij elke "
    "evaluatie, zodat we kunnen zien wat het dashboard verandert. Invullen duurt ongeveer "
    "drie minuten en kan één keer per meting."
)
PRIVACY = (
    "Uw antwoorden worden anoniem opgeslagen: los van uw account, alleen met uw gemeente en rol. "
    "Er wordt alleen bijgehouden dat u heeft meegedaan. Resultaten worden pas getoond vanaf "
    f"{MIN_RESPONSES} reacties en nooit per persoon."
)


def _page(children, naam: str | None = None) -> html.Div:
    title = f"Vragenlijst: {naam}" if naam else "Vragenlijst"
    return html.Div(
        [html.H1(title, className="h5 mb-2"), *children],
        className="vragenlijst mx-auto",
        style={"maxWidth": "880px"},
    )


def build(round_: RoundInfo | None, questions: list[QuestionInfo], answered: bool) -> html.Div:
    if round_ is None:
        return _page(
            [
                dbc.Alert(
                    "Er staat op dit moment geen vragenlijst open. Als de projectleider een "
                    "nieuwe meting start, kunt u die hier invullen.",
                    color="secondary",
                    id=VRAGENLIJST.thanks,
                )
            ]
        )
    if answered:
        return _page([already_answered(round_.naam)], round_.naam)
    return _page(
        [
            dcc.Store(id=VRAGENLIJST.round, data=round_.id),
            html.Div(
                [
                    html.P(INTRO, className="mb-1"),
                    html.P(PRIVACY, className="small text-muted mb-2"),
                    html.Div([question_block(q) for q in questions]),
                    dbc.Button(
                        "Versturen", id=VRAGENLIJST.submit, color="primary", class_name="mb-2"
                    ),
                ],
                id=VRAGENLIJST.form,
            ),
            # Outside the form: after sending, the form is emptied and the thanks shows here.
            html.Div(id=VRAGENLIJST.message, className="mb-2"),
        ],
        round_.naam,
    )


def question_block(question: QuestionInfo) -> dbc.Card:
    answer_id = {"type": VRAGENLIJST.answer, "vraag": question.id}
    text = html.Div(
        [html.Span(f"{question.positie}. ", className="fw-semibold"), question.tekst],
        className="mb-1",
    )
    if question.soort == LIKERT:
        body = [
            text,
            dbc.RadioItems(
                id=answer_id,
                options=[{"label": f"{v} {LABELS[v]}", "value": v} for v in SCALE],
                value=None,
                inline=True,
                class_name="likert",
                input_class_name="me-1",
                label_class_name="me-2",
            ),
        ]
    else:
        # The question is the field's label, the field inside it (a <label for=...> cannot
        # point at a pattern-matching id): screen readers name the field by its question.
        field = dbc.Textarea(
            id=answer_id,
            value="",
            rows=2,
            maxLength=MAX_OPEN_LENGTH,
            placeholder=f"Optioneel, maximaal {MAX_OPEN_LENGTH} tekens",
            size="sm",
        )
        body = [html.Label([text, field], className="d-block mb-0")]
    return dbc.Card(
        dbc.CardBody(body, class_name="py-2 px-3"),
        class_name=f"mb-2 shadow-sm vraag vraag-{question.soort}",
        id=f"vraag-{question.positie}",
    )


def thanks(naam: str) -> dbc.Alert:
    return dbc.Alert(
        [
            html.Div("Dank u wel!", className="fw-semibold"),
            f"Uw antwoorden op de vragenlijst {naam} zijn opgeslagen.",
        ],
        color="success",
        id=VRAGENLIJST.thanks,
    )


def already_answered(naam: str) -> dbc.Alert:
    return dbc.Alert(
        f"U heeft de vragenlijst {naam} al ingevuld. Dank u wel voor uw antwoorden.",
        color="success",
        id=VRAGENLIJST.thanks,
    )


def message(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="danger", class_name="py-1 px-2 mb-0 small")
