"""File downloads behind the login and the role checks (never only a hidden button)."""

from __future__ import annotations

from flask import Blueprint, Response, abort

from auth.permissions import PROJECT_ROLES, require_roles
from dashboard.data import sources
from dashboard.data.session import read_session

blueprint = Blueprint("downloads", __name__)


@blueprint.route("/download/afgekeurd/<int:run_id>.csv")
@require_roles(PROJECT_ROLES)
def rejected_rows(run_id: int) -> Response:
    with read_session() as session:
        run = sources.run(session, run_id)
        if run is None:
            abort(404)
        frame = sources.rejections(session, run_id)
        name = run.bestandsnaam
    header = f"# Alleen voor intern gebruik. Afgekeurde rijen van {name} (levering {run_id})\n"
    body = header + frame.to_csv(index=False, sep=";")
    response = Response(body, mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="afgekeurd_{run_id}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
