"""The audit log: who did what, when. Append-only for the application: there is deliberately no
function that updates or deletes an event, and database triggers (migration 0010) refuse an
UPDATE or DELETE from anywhere else too."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.data.models import AuditEvent


def record(session: Session, actor: str | None, action: str, details: dict) -> AuditEvent:
    """Add an event to the caller's transaction, so it is kept exactly when the change is."""
    event = AuditEvent(
        username=actor,
        actie=action,
        details=json.dumps(details, ensure_ascii=False, sort_keys=True, default=str),
    )
    session.add(event)
    return event


def events(session: Session, limit: int | None = 50) -> list[AuditEvent]:
    """The newest events first; all of them when limit is None (the CSV export)."""
    query = select(AuditEvent).order_by(AuditEvent.tijdstip.desc(), AuditEvent.id.desc())
    return list(session.scalars(query if limit is None else query.limit(limit)))


def details_of(event: AuditEvent) -> dict:
    return json.loads(event.details) if event.details else {}
