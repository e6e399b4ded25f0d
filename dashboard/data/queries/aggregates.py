"""The one list of aggregate tables and the table picker: which aggregate (or the fact table)
answers a count, and the conditions on it.

Region-wide figures never read single registrations: counts per gemeente take whole months
from the gemeente x month aggregates and only the partial months at a period's edges per day;
trend and weekday x hour read the region-wide day x hour aggregates. Anything finer than the
region reads the fact table through its covering indexes (a gemeente scan, never the region).
The per-gemeente aggregates count the protected codes apart (`beschermde_code`, migration 0017):
a region count leaves them out by a condition on it (see dashboard.data.queries.incidents).
Every aggregate path gives exactly the numbers of a direct count (tests/integration)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import literal

from dashboard.data.models import (
    AggIncidentBuurtMonth,
    AggIncidentDayCodeHour,
    AggIncidentDayHour,
    AggIncidentGemeenteDay,
    AggIncidentGemeenteMonth,
    AggIncidentGemeenteMonthCode,
    AggIncidentMonth,
    Base,
    FactIncident,
)
from dashboard.data.queries.areas import Area, Period
from dashboard.data.queries.filters import IncidentFilter

# The one list of the aggregate tables that loading maintains from fact_incident: whatever
# empties or rebuilds the incidents (demo, benchmarks) empties these with it.
AGGREGATE_TABLES: tuple[type[Base], ...] = (
    AggIncidentBuurtMonth,
    AggIncidentDayCodeHour,
    AggIncidentDayHour,
    AggIncidentGemeenteDay,
    AggIncidentGemeenteMonth,
    AggIncidentGemeenteMonthCode,
    AggIncidentMonth,
)


FACT_AREA_COLUMN = {
    "gemeente": FactIncident.gemeente_code,
    "wijk": FactIncident.wijk_code,
    "buurt": FactIncident.buurt_code,
}


def uses_region_aggregate(flt: IncidentFilter, scope: Area, child_level: str | None) -> bool:
    return scope.niveau == "regio" and child_level in (None, "gemeente")


def uses_month_aggregate(
    flt: IncidentFilter, scope: Area, child_level: str | None, periods: dict[str, Period]
) -> bool:
    """The region always counts from its aggregates; a gemeente from the buurt x month
    aggregate when a period holds a whole month (over a year against the year before: 67,777
    registrations or 6,701 aggregate rows in Enschede). A wijk or buurt reads few enough
    registrations that one scan beats the month query and its edge-day queries."""
    if uses_region_aggregate(flt, scope, child_level):
        return True
    return (
        scope.niveau == "gemeente"
        and child_level in (None, "wijk", "buurt")
        and any(month_split(p)[0] is not None for p in periods.values())
    )


def fact_where(flt: IncidentFilter, scope: Area, excluded: tuple[str, ...] = ()) -> list:
    where = []
    if scope.niveau in FACT_AREA_COLUMN:
        where.append(FACT_AREA_COLUMN[scope.niveau] == scope.code)
        if scope.niveau != "gemeente" and scope.gemeente_code:
            # Redundant for the result, but it lets the planner use the gemeente index instead
            # of scanning the whole region's date range.
            where.append(FactIncident.gemeente_code == scope.gemeente_code)
    if flt.mk_codes:
        where.append(FactIncident.mk_code.in_(flt.mk_codes))
    else:
        where.append(FactIncident.hoofdcategorie.in_(flt.hoofdcategorieen))
    if excluded:
        where.append(FactIncident.mk_code.not_in(excluded))
    return where


def month_after(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_split(period: Period) -> tuple[Period | None, list[Period]]:
    """The whole months inside a period, as (first day of the first, first day of the last),
    or None; and the days before and after them that only a day-level table can count."""
    start, end = period
    first = start if start.day == 1 else month_after(start)
    ends_month = (end + dt.timedelta(days=1)).day == 1
    last = end.replace(day=1) if ends_month else (end.replace(day=1) - dt.timedelta(days=1))
    last = last.replace(day=1)
    if first > last:
        return None, [(start, end)]
    edges = []
    if start < first:
        edges.append((start, first - dt.timedelta(days=1)))
    if not ends_month:
        edges.append((end.replace(day=1), end))
    return (first, last), edges


def month_sources(
    flt: IncidentFilter,
    scope: Area,
    child_level: str | None,
    excluded: tuple[str, ...] = (),
    apart: tuple[str, ...] = (),
):
    """Where the whole months and the edge days of a count come from: (month table, its area
    column, its conditions, day date column, day weight, day area column, day category column,
    day conditions). The region uses the gemeente x month and gemeente x day aggregates; a
    gemeente, wijk or buurt the buurt x hoofdcategorie x month aggregate and the fact table's
    edge days. excluded: the codes to leave out, apart: those of them that the per-gemeente
    aggregates count apart (left out by a condition on beschermde_code)."""
    if scope.niveau == "regio":
        if flt.mk_codes:
            month = AggIncidentGemeenteMonthCode
            month_where = [month.mk_code.in_(flt.mk_codes)]
            # Edge days of a code filter: the fact table through its (mk_code, pleegdatum) index.
            fact = FactIncident
            day = (fact.pleegdatum, literal(1), fact.gemeente_code, fact.hoofdcategorie)
            day_where = [fact.mk_code.in_(flt.mk_codes)]
        else:
            month = AggIncidentGemeenteMonth
            month_where = [month.hoofdcategorie.in_(flt.hoofdcategorieen), *_not_in(month, apart)]
            agg = AggIncidentGemeenteDay
            day = (agg.datum, agg.aantal, agg.gemeente_code, agg.hoofdcategorie)
            day_where = [agg.hoofdcategorie.in_(flt.hoofdcategorieen), *_not_in(agg, apart)]
        return month, month.gemeente_code, month_where, day, day_where
    # Per hoofdcategorie the buurt x month table has a fifth of the per-code table's rows.
    month = AggIncidentMonth if flt.mk_codes else AggIncidentBuurtMonth
    area_columns = area_columns_of(month)
    month_where = [area_columns[scope.niveau] == scope.code]
    if scope.niveau != "gemeente" and scope.gemeente_code:
        month_where.append(month.gemeente_code == scope.gemeente_code)  # the index's lead
    if flt.mk_codes:
        month_where.append(month.mk_code.in_(flt.mk_codes))
    else:
        month_where.append(month.hoofdcategorie.in_(flt.hoofdcategorieen))
    fact = FactIncident
    child_column = FACT_AREA_COLUMN.get(child_level or "", literal(scope.code))
    day = (fact.pleegdatum, literal(1), child_column, fact.hoofdcategorie)
    month_child = area_columns.get(child_level or "", literal(scope.code))
    # Edge days from the fact table leave the left-out codes out in the same scan.
    return month, month_child, month_where, day, fact_where(flt, scope, excluded)


def _not_in(table, apart: tuple[str, ...]) -> list:
    """The condition that leaves codes counted apart out of a per-category aggregate."""
    return [table.beschermde_code.not_in(apart)] if apart else []


def splits_protected(flt: IncidentFilter, scope: Area) -> bool:
    """Whether a count reads the per-gemeente aggregates that count protected codes apart
    (beschermde_code): the region's count by hoofdcategorie."""
    return scope.niveau == "regio" and not flt.mk_codes


def apart_column(table, apart: tuple[str, ...]):
    """Whether a row of a table holds only codes counted apart: by its code, or on a
    per-gemeente aggregate by its beschermde_code (which counts those codes apart: counts()
    checks that first). None: no codes apart, or a table that cannot tell (buurt x month)."""
    if not apart:
        return None
    for name in ("mk_code", "beschermde_code"):
        if hasattr(table, name):
            return getattr(table, name).in_(apart)
    return None


def region_day_table(flt: IncidentFilter):
    """The region-wide day x hour aggregate that answers this filter, and its condition."""
    if flt.mk_codes:
        return AggIncidentDayCodeHour, AggIncidentDayCodeHour.mk_code.in_(flt.mk_codes)
    return AggIncidentDayHour, AggIncidentDayHour.hoofdcategorie.in_(flt.hoofdcategorieen)


def area_columns_of(month_table) -> dict:
    """A buurt x month table's area column per level."""
    return {
        "gemeente": month_table.gemeente_code,
        "wijk": month_table.wijk_code,
        "buurt": month_table.buurt_code,
    }


MONTH_AREA_COLUMN = area_columns_of(AggIncidentMonth)


def whole_months(period: Period) -> None:
    start, end = period
    if start.day != 1 or (end + dt.timedelta(days=1)).day != 1:
        raise ValueError(f"period {start}..{end} is not made of whole months")


def code_month_table(scope: Area, child_level: str | None = None):
    """The smallest month x code table that answers: per gemeente (a quarter of the per-buurt
    rows; nationally the region's comparison of 342 gemeenten went from 147 ms on the per-buurt
    table) unless the scope or its children are wijken or buurten."""
    if scope.niveau in ("regio", "gemeente") and child_level in (None, "gemeente"):
        return AggIncidentGemeenteMonthCode
    return AggIncidentMonth


def code_month_where(mk_codes: tuple[str, ...], scope: Area, table=AggIncidentMonth) -> list:
    """The codes and the scope's area on a month x code table (no area for the region)."""
    where = [table.mk_code.in_(mk_codes)]
    if scope.niveau in MONTH_AREA_COLUMN:
        where.append(area_column(table, scope.niveau) == scope.code)
        if scope.niveau != "gemeente" and scope.gemeente_code:
            # Redundant for the result; it lets a wijk or buurt use the gemeente x code index.
            where.append(table.gemeente_code == scope.gemeente_code)
    return where


def area_column(table, level: str):
    """A month table's column of one area level (the gemeente x month table has only that)."""
    return getattr(table, f"{level}_code")
