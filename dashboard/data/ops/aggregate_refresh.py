"""The aggregate tables the dashboard reads, recomputed from the facts for the months a load
touched: the buurt x month x code aggregate from fact_incident, the coarser month tables from
it, the day tables from the facts. Which tables there are is the one list in
dashboard.data.queries.aggregates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from dashboard.data.models import (
    AggIncidentBuurtMonth,
    AggIncidentDayCodeHour,
    AggIncidentDayHour,
    AggIncidentGemeenteDay,
    AggIncidentGemeenteMonth,
    AggIncidentGemeenteMonthCode,
    AggIncidentMonth,
    DimDate,
    FactIncident,
)
from dashboard.data.ops.loading import ensure_dates
from dashboard.data.queries.aggregates import AGGREGATE_TABLES


def _clear_aggregates(session: Session, month_from: dt.date, next_month: dt.date) -> None:
    """Empty every aggregate table (AGGREGATE_TABLES) for the months about to be
    recomputed; a table has either a month (maand) or a day (datum)."""
    for model in AGGREGATE_TABLES:
        column = model.maand if hasattr(model, "maand") else model.datum
        session.execute(delete(model).where(column >= month_from, column < next_month))


def refresh_aggregates(session: Session, start: dt.date, end: dt.date) -> None:
    """Recompute the aggregates for every month touched by [start, end] from the facts."""
    ensure_dates(session, start.replace(day=1), end)
    month_from = start.replace(day=1)
    month_to = end.replace(day=1)
    next_month = (month_to + dt.timedelta(days=32)).replace(day=1)
    _clear_aggregates(session, month_from, next_month)
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
    _refresh_national_aggregates(session, month_from, next_month, in_range)


def _refresh_national_aggregates(session: Session, month_from, next_month, in_range) -> None:
    """The buurt and gemeente x month tables from the buurt x month x code aggregate just
    written, the region-wide day x hour tables from the facts (migrations 0011, 0014)."""
    in_months = AggIncidentMonth.maand.between(month_from, next_month - dt.timedelta(days=1))
    month = AggIncidentMonth
    session.execute(
        insert(AggIncidentBuurtMonth).from_select(
            ["maand", "buurt_code", "hoofdcategorie", "wijk_code", "gemeente_code", "aantal"],
            select(
                month.maand,
                month.buurt_code,
                month.hoofdcategorie,
                func.min(month.wijk_code),
                func.min(month.gemeente_code),
                func.sum(month.aantal),
            )
            .where(in_months)
            .group_by(month.maand, month.buurt_code, month.hoofdcategorie),
        )
    )
    session.execute(
        insert(AggIncidentGemeenteMonth).from_select(
            ["maand", "gemeente_code", "hoofdcategorie", "aantal"],
            select(month.maand, month.gemeente_code, month.hoofdcategorie, func.sum(month.aantal))
            .where(in_months)
            .group_by(month.maand, month.gemeente_code, month.hoofdcategorie),
        )
    )
    session.execute(
        insert(AggIncidentGemeenteMonthCode).from_select(
            ["maand", "gemeente_code", "mk_code", "hoofdcategorie", "aantal"],
            select(
                month.maand,
                month.gemeente_code,
                month.mk_code,
                func.min(month.hoofdcategorie),
                func.sum(month.aantal),
            )
            .where(in_months)
            .group_by(month.maand, month.gemeente_code, month.mk_code),
        )
    )
    fact = FactIncident
    session.execute(
        insert(AggIncidentDayHour).from_select(
            ["datum", "hoofdcategorie", "weekdag", "uur", "aantal"],
            select(
                fact.pleegdatum, fact.hoofdcategorie, func.min(fact.weekdag), fact.uur, func.count()
            )
            .where(in_range)
            .group_by(fact.pleegdatum, fact.hoofdcategorie, fact.uur),
        )
    )
    session.execute(
        insert(AggIncidentDayCodeHour).from_select(
            ["datum", "mk_code", "hoofdcategorie", "weekdag", "uur", "aantal"],
            select(
                fact.pleegdatum,
                fact.mk_code,
                func.min(fact.hoofdcategorie),
                func.min(fact.weekdag),
                fact.uur,
                func.count(),
            )
            .where(in_range)
            .group_by(fact.pleegdatum, fact.mk_code, fact.uur),
        )
    )
