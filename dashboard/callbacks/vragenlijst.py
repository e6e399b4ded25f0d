"""Callback of the questionnaire: the answers of the logged-in user (always current_user, never
an account named in the request) are checked and stored on the server."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, no_update
from flask import abort
from flask_login import current_user

from dashboard import inputs
from dashboard.data.session import primary_session, write_session
from dashboard.data.store import measurement
from dashboard.layouts import vragenlijst as layout
from dashboard.layouts.vragenlijst import VRAGENLIJST


def _answers(values, components) -> dict:
    """{question id: value} from the pattern-matching inputs; an id that is not a question of
    the round is passed on as it is, so that the store refuses it."""
    answers = {}
    for value, component in zip(values or [], components or [], strict=False):
        key = component.get("vraag") if isinstance(component, dict) else component
        answers[key if isinstance(key, int | str) else repr(key)] = value
    return answers


def submit(n_clicks, round_id, values, components):
    """Store the answers; the form makes way for the thanks, or a message says what to fix."""
    if not getattr(current_user, "is_authenticated", False):
        abort(401)
    if not n_clicks:
        return no_update
    try:
        round_id = inputs.integer(round_id, "vragenlijst")
    except inputs.InvalidInput:
        round_id = None  # not an id (another type, or too big for the column): no round
    if round_id is None:
        text = "Deze vragenlijst bestaat niet. Laad de pagina opnieuw."
        return {"form": no_update, "message": layout.message(text)}
    try:
        with write_session() as session:
            measurement.submit(session, round_id, current_user, _answers(values, components))
    except measurement.AlreadyAnswered:
        with primary_session() as session:
            current = measurement.get_round(session, round_id)
        return {"form": [], "message": layout.already_answered(current.naam if current else "")}
    except measurement.MeasurementError as exc:
        return {"form": no_update, "message": layout.message(f"Niet verstuurd: {exc}.")}
    with primary_session() as session:
        naam = measurement.get_round(session, round_id).naam
    return {"form": [], "message": layout.thanks(naam)}


def register(app: Dash) -> None:
    app.callback(
        Input(VRAGENLIJST.submit, "n_clicks"),
        State(VRAGENLIJST.round, "data"),
        State({"type": VRAGENLIJST.answer, "vraag": ALL}, "value"),
        State({"type": VRAGENLIJST.answer, "vraag": ALL}, "id"),
        output={
            "form": Output(VRAGENLIJST.form, "children"),
            "message": Output(VRAGENLIJST.message, "children"),
        },
        prevent_initial_call=True,
    )(submit)
