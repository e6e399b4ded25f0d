"""What was delivered in a period: loaded ingest runs and the periods of each partner dataset.
The queries only; which periods were expected and how complete that is, is the completeness
measure (dashboard.measures.completeness) that the DVO report reads."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.data.models import DimDataset, FactPartner, IngestRun


def loaded_runs(
    session: Session, bron: str, start: dt.date, end: dt.date
) -> list[tuple[dt.date | None, dt.date | None]]:
    """(data_van, data_tot) of the loaded deliveries of a source that overlap the period."""
    return [
        (van, tot)
        for van, tot in session.execute(
            select(IngestRun.data_van, IngestRun.data_tot).where(
                IngestRun.bron == bron,
                IngestRun.status == "geladen",
                IngestRun.data_van <= end,
                IngestRun.data_tot >= start,
            )
        )
    ]


def rhythmic_datasets(session: Session) -> list[DimDataset]:
    """Partner datasets delivered per month, quarter or year, by name."""
    datasets = session.scalars(select(DimDataset).order_by(DimDataset.naam)).all()
    return [d for d in datasets if d.periode]


def delivered_periods(session: Session, code: str, start: dt.date, end: dt.date) -> set[dt.date]:
    """Starts of the periods of a partner dataset that have figures between start and end."""
    return set(
        session.scalars(
            select(FactPartner.periode_start)
            .where(FactPartner.dataset_code == code, FactPartner.periode_start.between(start, end))
            .distinct()
        )
    )
