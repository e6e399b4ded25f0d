"""Callbacks of the Metingen page: project roles only, checked in every callback, so a direct
POST by a gebruiker gets 403 and no data."""

from __future__ import annotations

import pandas as pd
from dash import Dash, Input, Output, State, dcc, no_update
from flask_login import current_user

from auth.permissions import PROJECT_ROLES, require_roles
from dashboard import figures_metingen, inputs, pages, usage
from dashboard.data.session import primary_session, write_session
from dashboard.data.store import audit, measurement
from dashboard.formatting import nl_local_date, nl_number
from dashboard.layouts import metingen as layout
from dashboard.layouts.components.notice import message
from dashboard.layouts.metingen import METINGEN
from dashboard.measures import measurement as measure

EXPORT_NAME = "metingen_resultaten.csv"
NOT_CREATED = {"created": no_update, "name": no_update}


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


def rounds_records(rounds: list[measurement.RoundInfo]) -> list[dict]:
    return [
        {
            "naam": r.naam,
            "soort": measurement.KINDS.get(r.soort, r.soort),
            "geopend": nl_local_date(r.geopend),
            "gesloten": nl_local_date(r.gesloten) if r.gesloten else "nog open",
            "reacties": r.reacties,
        }
        for r in rounds
    ]


def results_records(frame: pd.DataFrame) -> list[dict]:
    """The results table: per question its rounds one below the other, numbers in Dutch."""
    records = []
    order = {r: i for i, r in enumerate(dict.fromkeys(frame["ronde"]))}
    frame = frame.assign(_ronde=frame["ronde"].map(order)).sort_values(["positie", "_ronde"])
    for row in frame.itertuples(index=False):
        interval = (
            f"{nl_number(row.ci_laag, 2)} – {nl_number(row.ci_hoog, 2)}"
            if row.ci_laag is not None and not pd.isna(row.ci_laag)
            else "-"
        )
        first = not records or records[-1]["_positie"] != row.positie
        records.append(
            {
                "_positie": row.positie,
                "vraag": f"{row.positie}. {row.vraag}" if first else "",
                "ronde": row.ronde,
                "n": row.n,
                "gemiddelde": nl_number(row.gemiddelde, 2),
                "interval": interval,
                **{f"n_{v}": getattr(row, f"n_{v}") for v in (1, 2, 3, 4, 5)},
            }
        )
    return [{k: v for k, v in r.items() if k != "_positie"} for r in records]


@require_roles(PROJECT_ROLES)
def refresh(_loaded, _created, _closed, question):
    with primary_session() as session:
        rounds = measurement.rounds(session)
        results = measurement.results(session)
        answers = measurement.open_answers(session)
        usage_columns = measure.usage_by_round(session, rounds, page_titles())
    current = next((r for r in rounds if r.is_open), None)
    status = layout.open_status(
        current.naam if current else None,
        current.reacties if current else 0,
        nl_local_date(current.geopend) if current else None,
    )
    questions = results.drop_duplicates("code").sort_values("positie")
    options = [
        {"label": f"{q.positie}. {q.vraag}", "value": q.code} for q in questions.itertuples()
    ]
    codes = [o["value"] for o in options]
    question = question if question in codes else (codes[0] if codes else None)
    usage_frame = measure.usage_table(usage_columns)
    usage_part = (
        layout.usage_table(usage_frame.to_dict("records"), list(usage_frame.columns))
        if usage_columns
        else "Nog geen gebruikscijfers: die worden bevroren bij het sluiten van een meting."
    )
    return {
        "rounds": rounds_records(rounds),
        "open_status": status,
        "close_disabled": current is None,
        "means": figures_metingen.means_figure(results),
        "question_options": options,
        "question": question,
        "results": results_records(results),
        "usage": usage_part,
        "open_answers": layout.open_answers(_open_answer_groups(answers)),
    }


@require_roles(PROJECT_ROLES)
def distribution(question, _created, _closed):
    question = inputs.text(question, "vraag")
    with primary_session() as session:
        results = measurement.results(session)
    return figures_metingen.distribution_figure(results, question)


@require_roles(PROJECT_ROLES)
def create(n_clicks, naam, soort):
    if not n_clicks:
        return no_update
    try:
        with write_session() as session:
            created = measurement.create_round(
                session, naam or "", soort or "", by=current_user.username
            )
    except measurement.MeasurementError as exc:
        return {"message": message(f"Niet geopend: {exc}.", ok=False)} | NOT_CREATED
    text = (
        f"Meting {created.naam} is geopend. Alle gebruikers kunnen nu de vragenlijst invullen "
        "(menu Vragenlijst)."
    )
    return {"message": message(text, ok=True), "created": created.id, "name": ""}


@require_roles(PROJECT_ROLES)
def close(submitted):
    if not submitted:
        return no_update
    try:
        with write_session() as session:
            closed = measure.close_open_round(session, current_user.username, page_titles())
    except measurement.MeasurementError as exc:
        return {"message": message(f"Niet gesloten: {exc}.", ok=False), "closed": no_update}
    text = (
        f"Meting {closed.naam} is gesloten met {closed.reacties} reacties; "
        "de gebruikscijfers zijn bevroren."
    )
    return {"message": message(text, ok=True), "closed": closed.id}


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
    return dcc.send_string(measure.export_csv(results, answers), EXPORT_NAME)


def register(app: Dash) -> None:
    app.callback(
        Input(METINGEN.loaded, "data"),
        Input(METINGEN.created, "data"),
        Input(METINGEN.closed, "data"),
        State(METINGEN.question, "value"),
        output={
            "rounds": Output(METINGEN.rounds, "rowData"),
            "open_status": Output(METINGEN.open_status, "children"),
            "close_disabled": Output(METINGEN.close, "disabled"),
            "means": Output(METINGEN.means, "figure"),
            "question_options": Output(METINGEN.question, "options"),
            "question": Output(METINGEN.question, "value"),
            "results": Output(METINGEN.results, "rowData"),
            "usage": Output(METINGEN.usage, "children"),
            "open_answers": Output(METINGEN.open_answers, "children"),
        },
    )(refresh)
    app.callback(
        Output(METINGEN.distribution, "figure"),
        Input(METINGEN.question, "value"),
        Input(METINGEN.created, "data"),
        Input(METINGEN.closed, "data"),
    )(distribution)
    app.callback(
        Input(METINGEN.create, "n_clicks"),
        State(METINGEN.name, "value"),
        State(METINGEN.kind, "value"),
        output={
            "message": Output(METINGEN.create_message, "children"),
            "created": Output(METINGEN.created, "data"),
            "name": Output(METINGEN.name, "value"),
        },
        prevent_initial_call=True,
    )(create)
    app.callback(
        Input(METINGEN.close_confirm, "submit_n_clicks"),
        output={
            "message": Output(METINGEN.close_message, "children"),
            "closed": Output(METINGEN.closed, "data"),
        },
        prevent_initial_call=True,
    )(close)
    app.callback(
        Output(METINGEN.download, "data"),
        Input(METINGEN.download_button, "n_clicks"),
        prevent_initial_call=True,
    )(download)
