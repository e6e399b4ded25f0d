"""File downloads behind the login and the role checks (never only a hidden button). Every
download is an export and goes into the audit log."""

from __future__ import annotations

import pandas as pd
from flask import Blueprint, Response, abort
from flask_login import current_user

from auth.permissions import ADMIN_ROLES, PROJECT_ROLES, require_roles
from dashboard import usage
from dashboard.csv_export import excel_csv
from dashboard.data.queries import sources
from dashboard.data.session import write_session
from dashboard.data.store import audit
from dashboard.data.store import usage as usage_store
from dashboard.formatting import local_timestamp
from dashboard.inputs import MAX_INT

blueprint = Blueprint("downloads", __name__)
AUDIT_FILE = "auditlog.csv"
AUDIT_COLUMNS = ["Tijdstip", "Door", "Actie", "Details"]
REJECTION_COLUMNS = {"rij": "Rij", "veld": "Veld", "reden": "Reden", "waarde": "Waarde"}


def _csv_response(body: str, filename: str) -> Response:
    response = Response(body, mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# max: an id beyond what the database can bind names no delivery (404, not an overflow's 500).
@blueprint.route(f"/download/afgekeurd/<int(max={MAX_INT}):run_id>.csv")
@require_roles(PROJECT_ROLES)
def rejected_rows(run_id: int) -> Response:
    filename = f"afgekeurd_{run_id}.csv"
    with write_session() as session:
        run = sources.run(session, run_id)
        if run is None:
            abort(404)
        frame = sources.rejections(session, run_id)
        name = run.bestandsnaam
        audit.record(
            session, current_user.username, "export", {"bestand": filename, "levering": run_id}
        )
    explanation = f"Afgekeurde rijen van {name} (levering {run_id})"
    usage.track("download", "/databronnen", {"bestand": filename})
    return _csv_response(excel_csv(frame, explanation, REJECTION_COLUMNS), filename)


@blueprint.route(f"/download/{AUDIT_FILE}")
@require_roles(ADMIN_ROLES)
def audit_log() -> Response:
    rows = []
    with write_session() as session:
        # The export records itself first, so the file shows who took it and when.
        audit.record(session, current_user.username, "export", {"bestand": AUDIT_FILE})
        usage_store.record(
            session,
            username=current_user.username,
            gemeente_code=current_user.gemeente_code,
            role=current_user.role,
            soort="download",
            pagina="/beheer",
            details={"bestand": AUDIT_FILE},
        )
        session.flush()
        for event in audit.events(session, limit=None):
            rows.append(
                [
                    local_timestamp(event.tijdstip),
                    event.username or "",
                    event.actie,
                    event.details or "",
                ]
            )
    frame = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    return _csv_response(
        excel_csv(
            frame, "Auditlog Dashboard Veiligheid, tijden in Nederlandse tijd met UTC-verschil"
        ),
        AUDIT_FILE,
    )
