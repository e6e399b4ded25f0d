"""The project plan's deliverables as a checklist (status, owner, date, note), and the KPI of
integrally developed dashboards. Changes are validated here and written to the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.data.models import ProjectDeliverable, utcnow
from dashboard.data.store import audit

STATUSES = ("gepland", "in uitvoering", "gereed", "vervallen")
PARTS = {"algemeen": "Algemeen dashboard", "thematisch": "Thematische dashboards"}
# (code, part, title, counts as an integral dashboard when ready)
DEFAULTS = (
    ("A-a", "algemeen", "Algemeen dashboard: wekelijkse politieregistraties in vijf groepen", True),
    ("A-b", "algemeen", "Vergelijking in de tijd: trend en vergelijkingsperiode", False),
    ("A-c", "algemeen", "Vergelijking tussen gebieden op de kaart (regio tot buurt)", False),
    ("A-d", "algemeen", "CBS-kerncijfers per buurt in het gebiedsprofiel", False),
    ("A-e", "algemeen", "Cijfers van de Veiligheidsmonitor", False),
    ("A-f", "algemeen", "Maand-, kwartaal- en jaarrapportages per gemeente", False),
    ("A-g", "algemeen", "Extrapolatie van trends, met onzekerheid (geen voorspelling)", False),
    ("A-h", "algemeen", "Duiding: toelichting bij grafieken en een handreiking", False),
    ("A-i", "algemeen", "Gebruiksmonitor, nulmeting en evaluatie, DVO-rapportage", False),
    ("T-a", "thematisch", "Thematisch dashboard hennep en drugs", True),
    ("T-b", "thematisch", "Thematisch dashboard cybercrime", True),
    ("T-c", "thematisch", "Thematisch dashboard woonoverlast (pilot Losser)", True),
    (
        "T-d",
        "thematisch",
        "Thematisch dashboard jeugdoverlast en -criminaliteit (pilot Rijssen-Holten, Borne)",
        True,
    ),
    ("T-e", "thematisch", "Thematisch dashboard huiselijk geweld", True),
    ("T-f", "thematisch", "Partnerdata laden zonder code (specificatie per dataset)", False),
    ("T-g", "thematisch", "Toegang per thema en per gemeente, gebruikersprotocol", False),
    ("T-h", "thematisch", "Bescherming van kleine aantallen", False),
)
COLUMNS = ["code", "onderdeel", "titel", "status", "eigenaar", "datum", "notitie", "dashboard"]


class DeliverableError(ValueError):
    """A change that cannot be stored; the message names the deliverable and the field."""


def ensure_defaults(session: Session) -> int:
    """Add the plan's deliverables that are not there yet; returns how many were added."""
    present = set(session.scalars(select(ProjectDeliverable.code)))
    added = 0
    for code, part, title, is_dashboard in DEFAULTS:
        if code not in present:
            session.add(
                ProjectDeliverable(
                    code=code, onderdeel=part, titel=title, status="gepland", dashboard=is_dashboard
                )
            )
            added += 1
    session.flush()
    return added


def table(session: Session) -> pd.DataFrame:
    rows = session.scalars(select(ProjectDeliverable).order_by(ProjectDeliverable.code)).all()
    return pd.DataFrame([{c: getattr(r, c) for c in COLUMNS} for r in rows], columns=COLUMNS)


def parse_date(text: str | None, code: str) -> dt.date | None:
    """An empty field, 2026-03-01 or 01-03-2026."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DeliverableError(f"{code}, datum: {text!r} is geen datum (dd-mm-jjjj)")


@dataclass(frozen=True)
class Change:
    code: str
    status: str
    eigenaar: str | None
    datum: dt.date | None
    notitie: str | None


def validate(row: dict) -> Change:
    code = str(row.get("code") or "")[:20]
    status = row.get("status")
    if status not in STATUSES:
        raise DeliverableError(f"{code}, status: kies uit {', '.join(STATUSES)}")
    eigenaar = (row.get("eigenaar") or "").strip() or None
    if eigenaar and len(eigenaar) > 100:
        raise DeliverableError(f"{code}, eigenaar: hoogstens 100 tekens")
    notitie = (row.get("notitie") or "").strip() or None
    if notitie and len(notitie) > 2000:
        raise DeliverableError(f"{code}, notitie: hoogstens 2000 tekens")
    datum = row.get("datum")
    if isinstance(datum, dt.date):
        parsed = datum
    else:
        parsed = parse_date(None if datum is None else str(datum), code)
    return Change(code, status, eigenaar, parsed, notitie)


def save(session: Session, rows: list[dict], by: str) -> list[str]:
    """Validate every row first, then store the changed ones (all or nothing); returns the codes
    that changed. Unknown codes are refused: the list itself is the plan's, not the page's."""
    changes = [validate(row) for row in rows]
    stored = {d.code: d for d in session.scalars(select(ProjectDeliverable))}
    unknown = [c.code for c in changes if c.code not in stored]
    if unknown:
        raise DeliverableError(f"onbekend resultaat {unknown[0]!r}")
    changed = []
    for change in changes:
        item = stored[change.code]
        new = (change.status, change.eigenaar, change.datum, change.notitie)
        if new == (item.status, item.eigenaar, item.datum, item.notitie):
            continue
        before = {"status": item.status, "eigenaar": item.eigenaar}
        item.status, item.eigenaar, item.datum, item.notitie = new
        item.bijgewerkt, item.bijgewerkt_door = utcnow(), by
        audit.record(
            session,
            by,
            "projectresultaat_gewijzigd",
            {"code": item.code, "was": before, "status": item.status, "eigenaar": item.eigenaar},
        )
        changed.append(item.code)
    return changed


def dashboard_kpi(frame: pd.DataFrame) -> tuple[int, int]:
    """(integrally developed dashboards ready, dashboards in the plan)."""
    dashboards = frame[frame["dashboard"].astype(bool) & (frame["status"] != "vervallen")]
    return int((dashboards["status"] == "gereed").sum()), len(dashboards)


def progress(frame: pd.DataFrame) -> pd.DataFrame:
    """Per part: how many deliverables have each status."""
    counts = frame.groupby(["onderdeel", "status"]).size().unstack(fill_value=0)
    return counts.reindex(columns=list(STATUSES), fill_value=0).reset_index()
