"""How complete the deliveries of a period are: police weeks with a loaded delivery (and weeks
with far fewer registrations than usual), and per partner dataset the months or quarters that
were delivered. Used by the DVO progress report."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.analysis.completeness import flag_weeks
from dashboard.data import sources
from dashboard.data.models import DimDataset, FactPartner, IngestRun

COLUMNS = ["bron", "eenheid", "verwacht", "geleverd", "ontbrekend", "opmerking"]


def _weeks(start: dt.date, end: dt.date) -> list[dt.date]:
    """Mondays of the weeks that lie wholly inside the period."""
    monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    weeks = []
    while monday + dt.timedelta(days=6) <= end:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def _buckets(start: dt.date, end: dt.date, granularity: str) -> list[dt.date]:
    """Starts of the months, quarters or years that lie wholly inside the period."""
    step = {"maand": 1, "kwartaal": 3, "jaar": 12}[granularity]
    out, index = [], start.year * 12 + start.month - 1
    index += (-index) % step  # the first bucket boundary on or after start
    while True:
        first = dt.date(index // 12, index % 12 + 1, 1)
        nxt = index + step
        last = dt.date(nxt // 12, nxt % 12 + 1, 1) - dt.timedelta(days=1)
        if last > end:
            return out
        if first >= start:
            out.append(first)
        index = nxt


def police(session: Session, start: dt.date, end: dt.date) -> dict:
    weeks = _weeks(start, end)
    runs = session.execute(
        select(IngestRun.data_van, IngestRun.data_tot).where(
            IngestRun.bron == "politie",
            IngestRun.status == "geladen",
            IngestRun.data_van <= end,
            IngestRun.data_tot >= start,
        )
    ).all()
    covered = [
        w
        for w in weeks
        if any(van <= w and tot >= w + dt.timedelta(days=6) for van, tot in runs if van and tot)
    ]
    missing = [w for w in weeks if w not in covered]
    history = sources.weekly_registrations(session, len(weeks) + 8, weeks[-1] + dt.timedelta(6))
    flagged = flag_weeks(history) if weeks else history.assign(afwijkend=[])
    low = flagged[(flagged["afwijkend"] == "laag") & flagged["week"].isin(covered)]
    remark = (
        f"{len(low)} week/weken met veel minder registraties dan gewoonlijk" if len(low) else ""
    )
    return {
        "bron": "Politie (BVH-extractie)",
        "eenheid": "weken",
        "verwacht": len(weeks),
        "geleverd": len(covered),
        "ontbrekend": ", ".join(f"week {w.isocalendar().week}" for w in missing),
        "opmerking": remark,
    }


def partners(session: Session, start: dt.date, end: dt.date) -> list[dict]:
    rows = []
    datasets = session.scalars(select(DimDataset).order_by(DimDataset.naam)).all()
    for dataset in datasets:
        if not dataset.periode:
            continue
        expected = _buckets(start, end, dataset.periode)
        delivered = set(
            session.scalars(
                select(FactPartner.periode_start)
                .where(
                    FactPartner.dataset_code == dataset.code,
                    FactPartner.periode_start.between(start, end),
                )
                .distinct()
            )
        )
        missing = [b for b in expected if b not in delivered]
        label = {"maand": "maanden", "kwartaal": "kwartalen", "jaar": "jaren"}[dataset.periode]
        rows.append(
            {
                "bron": f"{dataset.naam} ({dataset.eigenaar})",
                "eenheid": label,
                "verwacht": len(expected),
                "geleverd": len([b for b in expected if b in delivered]),
                "ontbrekend": ", ".join(b.strftime("%m-%Y") for b in missing),
                "opmerking": "",
            }
        )
    return rows


def completeness(session: Session, start: dt.date, end: dt.date) -> pd.DataFrame:
    return pd.DataFrame(
        [police(session, start, end), *partners(session, start, end)], columns=COLUMNS
    )
