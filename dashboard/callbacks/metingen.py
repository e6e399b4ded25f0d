"""Callbacks of the Metingen page: project roles only, checked in every callback, so a direct
POST by a gebruiker gets 403 and no data."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, no_update
from flask_login import current_user

from auth.permissions import PROJECT_ROLES, require_roles
from dashboard import figures_metingen, ids, inputs, pages, usage
from dashboard.data import audit, measurement
from dashboard.data.session import primary_session, write_session
from dashboard.formatting import nl_date
from dashboard.layouts import metingen as layout
from dashboard.layouts.components.notice import message
from dashboard.views import metingen as view

EXPORT_NAME = "metingen_resultaten.csv"


def page_titles() -> dict[str, str]:
    return {p.path: p.title for p in pages.PAGES}


def _open_answer_groups(answers) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    groups: list[tuple[str, list[tuple[str, list[str]]]]] = []
    for ronde, part in answers.groupby("ronde", sort=False):
        per_question = [
            (f"{positie}. {q['vraag'].iloc[0]}", list(q["antwoord"]))
            for positie, q in part.groupby("positie", sort=True)
        ]
        groups.append((ronde, per_question))
    return groups


@require_roles(PROJECT_ROLES)
def refresh(_loaded, _created, _closed, question):
    with primary_session() as session:
        rounds = measurement.rounds(session)
        results = measurement.results(session)
        answers = measurement.open_answers(session)
        usage_columns = view.usage_by_round(session, rounds, page_titles())
    current = next((r for r in rounds if r.is_open), None)
    status = layout.open_status(
        current.naam if current else None,
        current.reacties if current else 0,
        nl_date(current.geopend.date()) if current else None,
    )
    questions = results.drop_duplicates("code").sort_values("positie")
    options = [
        {"label": f"{q.positie}. {q.vraag}", "value": q.code} for q in questions.itertuples()
    ]
    codes = [o["value"] for o in options]
    question = question if question in codes else (codes[0] if codes else None)
    usage_frame = view.usage_table(usage_columns)
    usage_part = (
        layout.usage_table(usage_frame.to_dict("records"), list(usage_frame.columns))
        if usage_columns
        else "Nog geen gebruikscijfers: die worden bevroren bij het sluiten van een meting."
    )
    return (
        view.rounds_records(rounds),
        status,
        current is None,
        figures_metingen.means_figure(results),
        options,
        question,
        view.results_records(results),
        usage_part,
        layout.open_answers(_open_answer_groups(answers)),
    )


@require_roles(PROJECT_ROLES)
def distribution(question, _created, _closed):
    question = inputs.text(question, "vraag")
    with primary_session() as session:
        results = measurement.results(session)
    return figures_metingen.distribution_figure(results, question)


@require_roles(PROJECT_ROLES)
def create(n_clicks, naam, soort):
    if not n_clicks:
        return no_update, no_update, no_update
    try:
        with write_session() as session:
            created = measurement.create_round(
                session, naam or "", soort or "", by=current_user.username
            )
    except measurement.MeasurementError as exc:
        return message(f"Niet geopend: {exc}.", ok=False), no_update, no_update
    text = (
        f"Meting {created.naam} is geopend. Alle gebruikers kunnen nu de vragenlijst invullen "
        "(menu Vragenlijst)."
    )
    return message(text, ok=True), created.id, ""


@require_roles(PROJECT_ROLES)
def close(submitted):
    if not submitted:
        return no_update, no_update
    try:
        with write_session() as session:
            closed = view.close_open_round(session, current_user.username, page_titles())
    except measurement.MeasurementError as exc:
        return message(f"Niet gesloten: {exc}.", ok=False), no_update
    text = (
        f"Meting {closed.naam} is gesloten met {closed.reacties} reacties; "
        "de gebruikscijfers zijn bevroren."
    )
    return message(text, ok=True), closed.id


@require_roles(PROJECT_ROLES)
def download(n_clicks):
    if not n_clicks:
        return no_update
    with primary_session() as session:
        results = measurement.results(session)
        answers = measurement.open_answers(session)
    with write_session() as session:
        audit.record(session, current_user.username, "export", {"bestand": EXPORT_NAME})
    usage.track("download", "/metingen", {"bestand": EXPORT_NAME})
    return dcc.send_string(view.export_csv(results, answers), EXPORT_NAME)


def register(app: Dash) -> None:
    app.callback(
        Output(ids.MT_ROUNDS, "data"),
        Output(ids.MT_OPEN_STATUS, "children"),
        Output(ids.MT_CLOSE, "disabled"),
        Output(ids.MT_MEANS, "figure"),
        Output(ids.MT_QUESTION, "options"),
        Output(ids.MT_QUESTION, "value"),
        Output(ids.MT_RESULTS, "data"),
        Output(ids.MT_USAGE, "children"),
        Output(ids.MT_OPEN_ANSWERS, "children"),
        Input(ids.MT_LOADED, "data"),
        Input(ids.MT_CREATED, "data"),
        Input(ids.MT_CLOSED, "data"),
        State(ids.MT_QUESTION, "value"),
    )(refresh)
    app.callback(
        Output(ids.MT_DISTRIBUTION, "figure"),
        Input(ids.MT_QUESTION, "value"),
        Input(ids.MT_CREATED, "data"),
        Input(ids.MT_CLOSED, "data"),
    )(distribution)
    app.callback(
        Output(ids.MT_CREATE_MESSAGE, "children"),
        Output(ids.MT_CREATED, "data"),
        Output(ids.MT_NAME, "value"),
        Input(ids.MT_CREATE, "n_clicks"),
        State(ids.MT_NAME, "value"),
        State(ids.MT_KIND, "value"),
        prevent_initial_call=True,
    )(create)
    app.callback(
        Output(ids.MT_CLOSE_MESSAGE, "children"),
        Output(ids.MT_CLOSED, "data"),
        Input(ids.MT_CLOSE_CONFIRM, "submit_n_clicks"),
        prevent_initial_call=True,
    )(close)
    app.callback(
        Output(ids.MT_DOWNLOAD, "data"),
        Input(ids.MT_DOWNLOAD_BUTTON, "n_clicks"),
        prevent_initial_call=True,
    )(download)
