"""Callbacks of the Projectresultaten page: project roles only, checked in every callback."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from flask_login import current_user

from auth.permissions import PROJECT_ROLES, require_roles
from dashboard import inputs
from dashboard.data.session import read_session, write_session
from dashboard.data.store import deliverables
from dashboard.formatting import nl_date
from dashboard.layouts import resultaten as layout
from dashboard.layouts.resultaten import RESULTATEN

# Cells of the table that deliverables.validate reads as text.
TEXT_COLUMNS = ("status", "eigenaar", "notitie")


def _records(frame) -> list[dict]:
    out = frame.drop(columns=["onderdeel", "dashboard"]).copy()
    out["datum"] = [nl_date(d) if d else "" for d in frame["datum"]]
    return out.fillna("").to_dict("records")


def _view(frame) -> dict:
    ready, planned = deliverables.dashboard_kpi(frame)
    progress = deliverables.progress(frame).to_dict("records")
    for row in progress:
        row["label"] = deliverables.PARTS.get(row["onderdeel"], row["onderdeel"])
    return {"kpi": layout.kpi_cards(ready, planned, progress), "table": _records(frame)}


@require_roles(PROJECT_ROLES)
def load(_loaded):
    with write_session() as session:  # the plan's list is added on first use
        deliverables.ensure_defaults(session)
        frame = deliverables.table(session)
    return _view(frame)


def _rows(value) -> list[dict]:
    """The edited table: rows whose cells are the text the table's columns hold."""
    rows = inputs.records(value if value is not None else [], "resultaten")
    for row in rows:
        for column in TEXT_COLUMNS:
            inputs.text(row.get(column), column)
    return rows


@require_roles(PROJECT_ROLES)
def save(n_clicks, rows):
    if not n_clicks:
        return no_update
    rows = _rows(rows)
    try:
        with write_session() as session:
            changed = deliverables.save(session, rows, current_user.username)
    except deliverables.DeliverableError as exc:
        return {"kpi": no_update, "table": no_update, "message": f"Niet opgeslagen: {exc}"}
    with read_session() as session:
        frame = deliverables.table(session)
    message = f"Opgeslagen: {', '.join(changed)}." if changed else "Geen wijzigingen."
    return _view(frame) | {"message": message}


def register(app: Dash) -> None:
    app.callback(
        Input(RESULTATEN.loaded, "data"),
        output={
            "kpi": Output(RESULTATEN.kpi, "children"),
            "table": Output(RESULTATEN.table, "rowData"),
        },
    )(load)
    app.callback(
        Input(RESULTATEN.save, "n_clicks"),
        State(RESULTATEN.table, "virtualRowData"),
        output={
            "kpi": Output(RESULTATEN.kpi, "children", allow_duplicate=True),
            "table": Output(RESULTATEN.table, "rowData", allow_duplicate=True),
            "message": Output(RESULTATEN.message, "children"),
        },
        prevent_initial_call=True,
    )(save)
