"""Callbacks of the data page; every one checks the role again on the server."""

from __future__ import annotations

from dash import Dash, Input, Output

from auth.permissions import PROJECT_ROLES, require_roles
from dashboard import figures, inputs
from dashboard.analysis.completeness import flag_weeks
from dashboard.data.ingest import registry as ingest_registry
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import sources
from dashboard.data.session import read_session
from dashboard.formatting import nl_date, nl_datetime
from dashboard.layouts import databronnen as layout
from dashboard.layouts.databronnen import DATABRONNEN

WEEKS_SHOWN = 104


@require_roles(PROJECT_ROLES)
def update_overview(_loaded):
    with read_session() as session:
        latest = sources.latest_per_source(session)
        until = freshness_queries.latest_data_date(session)
        weekly = sources.weekly_registrations(session, WEEKS_SHOWN, until)
        runs = sources.recent_runs(session)
        labels = sources.source_labels(session, ingest_registry.labels())
    flagged = flag_weeks(weekly) if not weekly.empty else weekly
    note = week_note(flagged)
    return {
        "sources": layout.source_cards(latest, labels),
        "weekly": figures.weekly_rows_figure(flagged)
        if not flagged.empty
        else figures.empty_figure("Nog geen politiegegevens geladen"),
        "weekly_note": note,
        "runs": run_records(runs, labels),
    }


def week_note(flagged) -> str:
    if flagged.empty:
        return ""
    parts = []
    for flag, text in (
        ("laag", "ver onder een normale week (ontbrekende of halve levering?)"),
        ("hoog", "ver boven een normale week (dubbele levering?)"),
    ):
        weeks = flagged.loc[flagged["afwijkend"] == flag, "week"]
        if len(weeks):
            last = ", ".join(nl_date(w) for w in weeks.tail(3))
            parts.append(f"{len(weeks)} week/weken {text}; laatste: week van {last}.")
    return " ".join(parts) or "Geen ontbrekende, halve of dubbele weken in de laatste twee jaar."


def run_records(runs, labels: dict[str, str]) -> list[dict]:
    records = []
    for row in runs.itertuples():
        period = f"{nl_date(row.data_van)} t/m {nl_date(row.data_tot)}" if row.data_van else "-"
        records.append(
            {
                "id": row.id,
                "gestart": nl_datetime(row.gestart),
                "bron": labels.get(row.bron, row.bron),
                "bestandsnaam": row.bestandsnaam,
                "status": row.status,
                "periode": period,
                "gelezen": row.gelezen,
                "toegevoegd": row.toegevoegd,
                "bijgewerkt": row.bijgewerkt,
                "ongewijzigd": row.ongewijzigd,
                "geweigerd": row.geweigerd,
            }
        )
    return records


@require_roles(PROJECT_ROLES)
def show_rejections(selected):
    """The rejected rows of the delivery chosen in the grid (its selectedRows: the row)."""
    rows = inputs.records(selected or [], "gekozen levering")
    run_id = inputs.integer(rows[0].get("id"), "levering") if rows else None
    if run_id is None:
        return "Kies een levering in de tabel hierboven."
    with read_session() as session:
        frame = sources.rejections(session, run_id)
        run = sources.run(session, run_id)
    label = f"{run.bestandsnaam} ({run.status})" if run else f"levering {run_id}"
    return layout.rejections_view(label, frame, f"/download/afgekeurd/{run_id}.csv")


def register(app: Dash) -> None:
    app.callback(
        Input(DATABRONNEN.loaded, "data"),
        output={
            "sources": Output(DATABRONNEN.sources, "children"),
            "weekly": Output(DATABRONNEN.weekly, "figure"),
            "weekly_note": Output(DATABRONNEN.weekly_note, "children"),
            "runs": Output(DATABRONNEN.runs, "rowData"),
        },
    )(update_overview)
    app.callback(
        Output(DATABRONNEN.rejections, "children"),
        Input(DATABRONNEN.runs, "selectedRows"),
    )(show_rejections)
