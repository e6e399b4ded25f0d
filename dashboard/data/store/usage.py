"""Usage events: writing them cheaply and reading a period back for the KPIs.

A page view is one row (soort 'weergave'); the filter changes made on that view are summed into
the same row (filterwijzigingen, and per filter and area in details), so the table grows with
views, not with clicks."""

from __future__ import annotations

import datetime as dt

import orjson
import pandas as pd
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from dashboard.data.models import UsageEvent, utcnow

KINDS = ("weergave", "download", "rapport", "login")
COLUMNS = [
    "tijdstip",
    "username",
    "gemeente_code",
    "role",
    "soort",
    "pagina",
    "filterwijzigingen",
    "details",
]


def record(
    session: Session,
    *,
    username: str | None,
    gemeente_code: str | None,
    role: str | None,
    soort: str,
    pagina: str | None = None,
    details: dict | None = None,
    when: dt.datetime | None = None,
) -> int:
    if soort not in KINDS:
        raise ValueError(f"unknown usage kind {soort!r}")
    event = UsageEvent(
        tijdstip=when or utcnow(),
        username=username,
        gemeente_code=gemeente_code,
        role=role,
        soort=soort,
        pagina=(pagina or "")[:200] or None,
        details=orjson.dumps(details).decode() if details else None,
        filterwijzigingen=0,
    )
    session.add(event)
    session.flush()
    return event.id


def add_filter_changes(
    session: Session, view_id: int, username: str, filters: list[str], areas: list[str]
) -> bool:
    """Count filter changes on a view. Only the view's own user can add to it: the id comes from
    the signed session cookie, but the check costs nothing."""
    row = session.execute(
        select(UsageEvent.details).where(
            UsageEvent.id == view_id,
            UsageEvent.username == username,
            UsageEvent.soort == "weergave",
        )
    ).first()
    if row is None:
        return False
    details = orjson.loads(row[0]) if row[0] else {}
    counts = details.setdefault("filters", {})
    for name in filters:
        counts[name] = counts.get(name, 0) + 1
    chosen = details.setdefault("gebieden", {})
    for code in areas:
        chosen[code] = chosen.get(code, 0) + 1
    session.execute(
        update(UsageEvent)
        .where(UsageEvent.id == view_id)
        .values(
            details=orjson.dumps(details).decode(),
            filterwijzigingen=UsageEvent.filterwijzigingen + len(filters),
        )
    )
    return True


def events(session: Session, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Every event from start through end (UTC dates), oldest first; details parsed."""
    lo = dt.datetime.combine(start, dt.time.min)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
    rows = session.execute(
        select(*[getattr(UsageEvent, c) for c in COLUMNS])
        .where(UsageEvent.tijdstip >= lo, UsageEvent.tijdstip < hi)
        .order_by(UsageEvent.tijdstip, UsageEvent.id)
    ).all()
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["details"] = [
        orjson.loads(d) if isinstance(d, str) and d else {} for d in frame["details"]
    ]
    frame["tijdstip"] = pd.to_datetime(frame["tijdstip"])
    return frame


def prune(session: Session, keep_days: int, now: dt.datetime | None = None) -> int:
    """Delete events older than the retention period; returns how many."""
    if keep_days < 1:
        raise ValueError("keep_days must be at least 1")
    cutoff = (now or utcnow()) - dt.timedelta(days=keep_days)
    result = session.execute(delete(UsageEvent).where(UsageEvent.tijdstip < cutoff))
    return result.rowcount or 0
