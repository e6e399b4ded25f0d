"""How new the data are: the newest and first dates of the police data, the newest delivery, and
a version that changes with every loaded delivery (a cache key)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data.models import FactIncident, IngestRun


def latest_data_date(session: Session) -> dt.date | None:
    return session.scalar(select(func.max(FactIncident.pleegdatum)))


def data_version(session: Session) -> int:
    """Changes with every loaded delivery of any source: a key for cached figures."""
    return session.scalar(select(func.max(IngestRun.id)).where(IngestRun.status == "geladen")) or 0


def earliest_data_date(session: Session) -> dt.date | None:
    """The first date the loaded police deliveries cover (from the delivery log, not a scan)."""
    return session.scalar(
        select(func.min(IngestRun.data_van)).where(
            IngestRun.bron == "politie", IngestRun.status == "geladen"
        )
    )


def data_span(session: Session) -> tuple[dt.date | None, dt.date | None]:
    """(earliest_data_date, latest_data_date) in one round trip: every view of Algemeen beeld
    needs both (its period and how much of it and its comparison the data cover)."""
    first = select(func.min(IngestRun.data_van)).where(
        IngestRun.bron == "politie", IngestRun.status == "geladen"
    )
    last = select(func.max(FactIncident.pleegdatum))
    return tuple(session.execute(select(first.scalar_subquery(), last.scalar_subquery())).one())


def latest_delivery(session: Session) -> tuple[dt.datetime | None, str | None]:
    """When the newest police delivery was loaded, and its file name."""
    row = session.execute(
        select(IngestRun.voltooid, IngestRun.bestandsnaam)
        .where(IngestRun.bron == "politie", IngestRun.status == "geladen")
        .order_by(IngestRun.voltooid.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else (None, None)
