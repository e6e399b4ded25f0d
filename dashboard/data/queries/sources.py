"""Read side of the data page: deliveries per source, weekly volumes, rejected rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data.models import AggIncidentGemeenteDay, DimDate, IngestRejection, IngestRun

RUN_COLUMNS = [
    "id",
    "bron",
    "bestandsnaam",
    "status",
    "gestart",
    "voltooid",
    "data_van",
    "data_tot",
    "gelezen",
    "toegevoegd",
    "bijgewerkt",
    "ongewijzigd",
    "geweigerd",
]


def source_labels(session: Session, registered: dict[str, str]) -> dict[str, str]:
    """Readable names of every source: the registered ones (the ingest registry's labels) and
    each partner dataset (its runs are 'partner:<code>')."""
    from dashboard.data.models import DimDataset

    labels = dict(registered)
    for code, naam, eigenaar in session.execute(
        select(DimDataset.code, DimDataset.naam, DimDataset.eigenaar)
    ).all():
        labels[f"partner:{code}"] = f"{naam} ({eigenaar})"
    return labels


def latest_per_source(session: Session) -> pd.DataFrame:
    """The newest loaded delivery of each source, and how many deliveries were refused."""
    newest = (
        select(IngestRun.bron, func.max(IngestRun.id).label("id"))
        .where(IngestRun.status == "geladen")
        .group_by(IngestRun.bron)
        .subquery()
    )
    runs = session.execute(
        select(*[getattr(IngestRun, c) for c in RUN_COLUMNS]).join(
            newest, newest.c.id == IngestRun.id
        )
    ).all()
    frame = pd.DataFrame(runs, columns=RUN_COLUMNS)
    refused = dict(
        session.execute(
            select(IngestRun.bron, func.count())
            .where(IngestRun.status == "geweigerd")
            .group_by(IngestRun.bron)
        ).all()
    )
    frame["geweigerde_leveringen"] = frame["bron"].map(refused).fillna(0).astype(int)
    return frame


def recent_runs(session: Session, limit: int = 100) -> pd.DataFrame:
    rows = session.execute(
        select(*[getattr(IngestRun, c) for c in RUN_COLUMNS])
        .order_by(IngestRun.id.desc())
        .limit(limit)
    ).all()
    return pd.DataFrame(rows, columns=RUN_COLUMNS)


def weekly_registrations(session: Session, weeks: int, until: dt.date | None) -> pd.DataFrame:
    """Registrations per week of the incident date, empty weeks included (a missing delivery
    shows as a gap, a half one as a dip)."""
    if until is None:
        return pd.DataFrame(columns=["week", "aantal"])
    start = until - dt.timedelta(days=7 * weeks - 1)
    counts = dict(
        session.execute(
            select(DimDate.week_start, func.sum(AggIncidentGemeenteDay.aantal))
            .join(DimDate, DimDate.datum == AggIncidentGemeenteDay.datum)
            .where(AggIncidentGemeenteDay.datum.between(start, until))
            .group_by(DimDate.week_start)
        ).all()
    )
    all_weeks = session.scalars(
        select(DimDate.week_start)
        .where(DimDate.datum.between(start, until))
        .distinct()
        .order_by(DimDate.week_start)
    ).all()
    return pd.DataFrame(
        {"week": all_weeks, "aantal": [int(counts.get(w, 0) or 0) for w in all_weeks]}
    )


def rejections(session: Session, run_id: int) -> pd.DataFrame:
    rows = session.execute(
        select(
            IngestRejection.rij, IngestRejection.veld, IngestRejection.reden, IngestRejection.waarde
        )
        .where(IngestRejection.run_id == run_id)
        .order_by(IngestRejection.rij)
    ).all()
    return pd.DataFrame(rows, columns=["rij", "veld", "reden", "waarde"])


def run(session: Session, run_id: int) -> IngestRun | None:
    return session.get(IngestRun, run_id)
