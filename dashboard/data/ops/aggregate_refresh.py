"""The aggregate tables the dashboard reads, recomputed from the facts for the months a load
touched: the buurt x month x code aggregate from fact_incident, the coarser month tables from
it, the day tables from the facts. Which tables there are is the one list in
dashboard.data.queries.aggregates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, insert, literal_column, select
from sqlalchemy.orm import Session

from dashboard.data.models import (
    AggBeschermdeCode,
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
from dashboard.data.reference.themes import PROTECTED_CODES


def _clear_aggregates(session: Session, month_from: dt.date, next_month: dt.date) -> None:
    """Empty every aggregate table (AGGREGATE_TABLES) for the months about to be
    recomputed; a table has either a month (maand) or a day (datum)."""
    for model in AGGREGATE_TABLES:
        column = model.maand if hasattr(model, "maand") else model.datum
        session.execute(delete(model).where(column >= month_from, column < next_month))


def _split_protected_codes(
    session: Session, start: dt.date, end: dt.date
) -> tuple[dt.date, dt.date]:
    """Make the codes that the per-category aggregates count apart (agg_beschermde_code) the
    protected codes of themes.toml, and return the dates to refresh: [start, end], or every
    date with registrations when those codes changed (a theme became protected or lost a code),
    since every month must split the same codes."""
    stored = set(session.scalars(select(AggBeschermdeCode.mk_code)))
    if stored == PROTECTED_CODES:
        return start, end
    session.execute(delete(AggBeschermdeCode))
    if PROTECTED_CODES:
        session.execute(
            insert(AggBeschermdeCode), [{"mk_code": code} for code in sorted(PROTECTED_CODES)]
        )
    first, last = session.execute(
        select(func.min(FactIncident.pleegdatum), func.max(FactIncident.pleegdatum))
    ).one()
    if first is None:
        return start, end
    return min(start, first), max(end, last)


def _split_code():
    """A registration's beschermde_code in the per-category aggregates: its code when that is
    counted apart (agg_beschermde_code, joined by _split_join), else ''. The '' is SQL text, not
    a parameter: PostgreSQL groups by an expression only when SELECT and GROUP BY read alike."""
    return func.coalesce(AggBeschermdeCode.mk_code, literal_column("''"))


def _split_join(query, mk_code):
    """The query with agg_beschermde_code joined to its codes (a handful of rows)."""
    return query.outerjoin(AggBeschermdeCode, AggBeschermdeCode.mk_code == mk_code)


def refresh_aggregates(session: Session, start: dt.date, end: dt.date) -> None:
    """Recompute the aggregates for every month touched by [start, end] from the facts (for
    every month when the protected codes changed: _split_protected_codes)."""
    start, end = _split_protected_codes(session, start, end)
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
    fact = FactIncident
    split = _split_code()
    day_select = _split_join(
        select(fact.pleegdatum, fact.gemeente_code, fact.hoofdcategorie, split, func.count()),
        fact.mk_code,
    )
    day_select = day_select.where(in_range).group_by(
        fact.pleegdatum, fact.gemeente_code, fact.hoofdcategorie, split
    )
    session.execute(
        insert(AggIncidentGemeenteDay).from_select(
            ["datum", "gemeente_code", "hoofdcategorie", "beschermde_code", "aantal"], day_select
        )
    )
    _refresh_national_aggregates(session, month_from, next_month, in_range)


def _refresh_national_aggregates(session: Session, month_from, next_month, in_range) -> None:
    """The buurt and gemeente x month tables from the buurt x month x code aggregate just
    written, the region-wide day x hour tables from the facts (migrations 0011, 0014)."""
    in_months = AggIncidentMonth.maand.between(month_from, next_month - dt.timedelta(days=1))
    month = AggIncidentMonth
    split = _split_code()
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
    gemeente_month = _split_join(
        select(
            month.maand, month.gemeente_code, month.hoofdcategorie, split, func.sum(month.aantal)
        ),
        month.mk_code,
    )
    session.execute(
        insert(AggIncidentGemeenteMonth).from_select(
            ["maand", "gemeente_code", "hoofdcategorie", "beschermde_code", "aantal"],
            gemeente_month.where(in_months).group_by(
                month.maand, month.gemeente_code, month.hoofdcategorie, split
            ),
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
