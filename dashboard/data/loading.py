"""Load-time writes shared by the demo generator and the deliveries: dimensions, incident facts
and the aggregate tables the dashboard reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from dashboard.data.categories import load_categories
from dashboard.data.models import (
    AggIncidentGemeenteDay,
    AggIncidentMonth,
    AreaGeometry,
    DimArea,
    DimCategory,
    DimDate,
    FactAreaIndicator,
    FactIncident,
)

INSERT_BATCH = 20_000
FACT_COLUMNS = [
    "registratienummer",
    "pleegdatum",
    "uur",
    "weekdag",
    "buurt_code",
    "wijk_code",
    "gemeente_code",
    "mk_code",
    "hoofdcategorie",
    "levering_id",
]


def _chunks(rows: list[dict], size: int = INSERT_BATCH) -> Iterable[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def sync_categories(session: Session) -> int:
    """Write the packaged category mapping into dim_category (insert or update)."""
    existing = {c.mk_code: c for c in session.scalars(select(DimCategory))}
    for cat in load_categories():
        row = existing.get(cat.mk_code) or DimCategory(mk_code=cat.mk_code)
        row.mk_omschrijving = cat.mk_omschrijving
        row.soort_code = cat.soort_code
        row.soort_omschrijving = cat.soort_omschrijving
        row.hoofdcategorie = cat.hoofdcategorie
        row.is_misdrijf = cat.is_misdrijf
        session.add(row)
    session.flush()
    return len(existing)


def ensure_dates(session: Session, start: dt.date, end: dt.date) -> None:
    """Make sure dim_date covers [start, end]."""
    have = set(
        session.scalars(select(DimDate.datum).where(DimDate.datum.between(start, end))).all()
    )
    rows = []
    day = start
    while day <= end:
        if day not in have:
            iso = day.isocalendar()
            rows.append(
                {
                    "datum": day,
                    "jaar": day.year,
                    "kwartaal": (day.month - 1) // 3 + 1,
                    "maand": day.month,
                    "iso_jaar": iso.year,
                    "iso_week": iso.week,
                    "weekdag": day.weekday(),
                    "week_start": day - dt.timedelta(days=day.weekday()),
                    "maand_start": day.replace(day=1),
                }
            )
        day += dt.timedelta(days=1)
    for chunk in _chunks(rows):
        session.execute(insert(DimDate), chunk)


def replace_areas(
    session: Session,
    indeling_jaar: int,
    areas: list[dict],
    geometries: list[dict],
) -> None:
    """Store an area indeling (all levels) with its geometry, replacing the same year."""
    session.execute(delete(AreaGeometry).where(AreaGeometry.indeling_jaar == indeling_jaar))
    session.execute(delete(DimArea).where(DimArea.indeling_jaar == indeling_jaar))
    for chunk in _chunks([{**a, "indeling_jaar": indeling_jaar} for a in areas]):
        session.execute(insert(DimArea), chunk)
    for chunk in _chunks([{**g, "indeling_jaar": indeling_jaar} for g in geometries]):
        session.execute(insert(AreaGeometry), chunk)


def replace_indicators(session: Session, rows: list[dict]) -> None:
    """Insert or replace area indicators keyed by (area_code, jaar, indicator)."""
    if not rows:
        return
    frame = pd.DataFrame(rows)
    for jaar, group in frame.groupby("jaar"):
        session.execute(
            delete(FactAreaIndicator).where(
                FactAreaIndicator.jaar == int(jaar),
                FactAreaIndicator.indicator.in_(group["indicator"].unique().tolist()),
                FactAreaIndicator.area_code.in_(group["area_code"].unique().tolist()),
            )
        )
    for chunk in _chunks(rows):
        session.execute(insert(FactAreaIndicator), chunk)


def _with_dimensions(session: Session, incidents: pd.DataFrame, levering_id: int | None):
    """Adds wijk, gemeente, hoofdcategorie and weekday, looked up here so that the copies in
    the fact row always agree with the dimensions."""
    areas = pd.DataFrame(
        session.execute(
            select(DimArea.code, DimArea.wijk_code, DimArea.gemeente_code).where(
                DimArea.niveau == "buurt"
            )
        ).all(),
        columns=["buurt_code", "wijk_code", "gemeente_code"],
    ).drop_duplicates("buurt_code")
    cats = pd.DataFrame(
        session.execute(select(DimCategory.mk_code, DimCategory.hoofdcategorie)).all(),
        columns=["mk_code", "hoofdcategorie"],
    )
    frame = incidents.merge(areas, on="buurt_code", how="left", validate="many_to_one")
    frame = frame.merge(cats, on="mk_code", how="left", validate="many_to_one")
    unknown_buurt = frame["gemeente_code"].isna()
    unknown_code = frame["hoofdcategorie"].isna()
    if unknown_buurt.any() or unknown_code.any():
        # Callers validate first; reaching this is a programming error, never a silent drop.
        raise ValueError(
            f"{int(unknown_buurt.sum())} incidents with unknown buurt, "
            f"{int(unknown_code.sum())} with unknown MK code"
        )
    dates = pd.to_datetime(frame["pleegdatum"])
    frame["weekdag"] = dates.dt.day_of_week
    frame["levering_id"] = levering_id
    frame["pleegdatum"] = dates.dt.date
    return frame


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    return frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")


def update_incidents(session: Session, incidents: pd.DataFrame, levering_id: int | None) -> int:
    """Update registrations by id (a later delivery corrected code, date, time or buurt)."""
    if incidents.empty:
        return 0
    frame = _with_dimensions(session, incidents, levering_id)
    rows = _records(frame, ["id", *FACT_COLUMNS[1:]])
    for chunk in _chunks(rows):
        session.execute(update(FactIncident), chunk)
    return len(rows)


def insert_incidents(session: Session, incidents: pd.DataFrame, levering_id: int | None) -> int:
    """Insert new registrations. Expects registratienummer, pleegdatum (date), uur (int or NA),
    buurt_code and mk_code."""
    if incidents.empty:
        return 0
    rows = _records(_with_dimensions(session, incidents, levering_id), FACT_COLUMNS)
    for chunk in _chunks(rows):
        session.execute(insert(FactIncident), chunk)
    return len(rows)


def refresh_aggregates(session: Session, start: dt.date, end: dt.date) -> None:
    """Recompute the aggregates for every month touched by [start, end] from the facts."""
    ensure_dates(session, start.replace(day=1), end)
    month_from = start.replace(day=1)
    month_to = end.replace(day=1)
    next_month = (month_to + dt.timedelta(days=32)).replace(day=1)
    session.execute(
        delete(AggIncidentMonth).where(AggIncidentMonth.maand.between(month_from, month_to))
    )
    session.execute(
        delete(AggIncidentGemeenteDay).where(
            AggIncidentGemeenteDay.datum >= month_from, AggIncidentGemeenteDay.datum < next_month
        )
    )
    in_range = FactIncident.pleegdatum.between(month_from, next_month - dt.timedelta(days=1))
    month_select = (
        select(
            DimDate.maand_start,
            FactIncident.buurt_code,
            FactIncident.mk_code,
            func.min(FactIncident.wijk_code),
            func.min(FactIncident.gemeente_code),
            func.min(FactIncident.hoofdcategorie),
            func.count(),
        )
        .join(DimDate, DimDate.datum == FactIncident.pleegdatum)
        .where(in_range)
        .group_by(DimDate.maand_start, FactIncident.buurt_code, FactIncident.mk_code)
    )
    session.execute(
        insert(AggIncidentMonth).from_select(
            [
                "maand",
                "buurt_code",
                "mk_code",
                "wijk_code",
                "gemeente_code",
                "hoofdcategorie",
                "aantal",
            ],
            month_select,
        )
    )
    day_select = (
        select(
            FactIncident.pleegdatum,
            FactIncident.gemeente_code,
            FactIncident.hoofdcategorie,
            func.count(),
        )
        .where(in_range)
        .group_by(FactIncident.pleegdatum, FactIncident.gemeente_code, FactIncident.hoofdcategorie)
    )
    session.execute(
        insert(AggIncidentGemeenteDay).from_select(
            ["datum", "gemeente_code", "hoofdcategorie", "aantal"], day_select
        )
    )


def analyze(session: Session) -> None:
    """Refresh planner statistics after a large load (both engines understand ANALYZE)."""
    session.execute(text("ANALYZE"))
