"""Read side of the police registrations: counts per area and category or code, trends,
weekday x hour; every query aggregates in SQL and returns a small DataFrame.

Which table answers a count (an aggregate or the fact table) is the table picker's choice
(dashboard.data.queries.aggregates). Codes a filter leaves out at the level counted
(dashboard.policy decides which) are a NOT IN on the fact table; on the per-gemeente
aggregates a NOT IN on their `beschermde_code`, which counts the protected codes apart
(agg_beschermde_code; migration 0017); on the buurt x month and day x hour aggregates a
subtraction of the per-code aggregates of those few codes (as for a code that themes.toml
protects since the per-gemeente aggregates were built). A gemeente's KPI figures and its buurten
come from one count, the codes that only the buurten leave out in rows apart. Every aggregate
path gives exactly the numbers of a direct count (tests/integration).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace

import pandas as pd
from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from dashboard.data.models import (
    AggBeschermdeCode,
    AggIncidentDayCodeHour,
    AggIncidentGemeenteMonthCode,
    AggIncidentMonth,
    DimCategory,
    DimDate,
    FactIncident,
)
from dashboard.data.queries.aggregates import (
    FACT_AREA_COLUMN,
    MONTH_AREA_COLUMN,
    apart_column,
    area_column,
    code_month_table,
    code_month_where,
    fact_where,
    month_sources,
    month_split,
    region_day_table,
    splits_protected,
    uses_month_aggregate,
    uses_region_aggregate,
    whole_months,
)
from dashboard.data.queries.areas import Area, Period
from dashboard.data.queries.filters import IncidentFilter


def category_options(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(
            DimCategory.mk_code, DimCategory.mk_omschrijving, DimCategory.hoofdcategorie
        ).order_by(DimCategory.hoofdcategorie, DimCategory.mk_code)
    ).all()
    return pd.DataFrame(rows, columns=["mk_code", "omschrijving", "hoofdcategorie"])


def _counted(
    flt: IncidentFilter, level: str, apart: tuple[str, ...] = ()
) -> tuple[IncidentFilter | None, tuple[str, ...]]:
    """What a count of areas of `level` counts: the filter without its exclusions, and the codes
    that the count must leave out of it. A code filter simply loses the left-out codes (None:
    none is left, the count is zero); a hoofdcategorie filter keeps them, for the caller to
    leave out: on the fact table a condition, on the per-category aggregates a condition on the
    codes they count apart and a subtraction of the others (_split_apart). apart: codes that
    are not left out after all (counts() counts them on their own)."""
    excluded = tuple(c for c in flt.excluded_at(level) if c not in apart)
    plain = replace(flt, excluded_codes=(), excluded_below_gemeente=())
    if not excluded:
        return plain, ()
    if flt.mk_codes:
        codes = tuple(c for c in flt.mk_codes if c not in excluded)
        return (replace(plain, mk_codes=codes) if codes else None), ()
    return plain, excluded


def _split_apart(
    session: Session, excluded: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The codes to leave out of a count from the per-category aggregates, in two: those the
    aggregates count apart (agg_beschermde_code: a condition on their beschermde_code) and the
    others (subtracted as the per-code aggregates count them; none unless themes.toml protects
    a code that the aggregates were built without)."""
    split = _counted_apart(session, excluded)
    return (
        tuple(c for c in excluded if c in split),
        tuple(c for c in excluded if c not in split),
    )


def _counted_apart(session: Session, codes: tuple[str, ...]) -> set[str]:
    """Which of the codes the per-category aggregates count apart (agg_beschermde_code)."""
    if not codes:
        return set()
    found = select(AggBeschermdeCode.mk_code).where(AggBeschermdeCode.mk_code.in_(codes))
    return set(session.scalars(found))


def _categories_of(
    session: Session, codes: tuple[str, ...], hoofdcategorieen: tuple[str, ...]
) -> dict[str, str]:
    """The hoofdcategorie of each of the codes that lies in hoofdcategorieen (the codes a
    hoofdcategorie count holds), from the small code table: so the per-code aggregates need
    no hoofdcategorie condition, which none of their indexes holds."""
    rows = session.execute(
        select(DimCategory.mk_code, DimCategory.hoofdcategorie).where(
            DimCategory.mk_code.in_(codes), DimCategory.hoofdcategorie.in_(hoofdcategorieen)
        )
    )
    return dict(rows.all())


def _left_out_counts(
    session: Session,
    flt: IncidentFilter,
    months: dict[str, Period],
    edge_names: dict[Period, list[str]],
    scope: Area,
    child_level: str | None,
    excluded: tuple[str, ...],
) -> pd.DataFrame:
    """The registrations of left-out codes that a hoofdcategorie count from the per-category
    aggregates holds although they do not count them apart (_split_apart), negated (area_code,
    hoofdcategorie, one column per period): whole months from the per-code month aggregate,
    and for the region, whose edge days come from a per-category aggregate too, the edge days
    from the fact table's (mk_code, pleegdatum) index. Counted per code through indexes that
    lead with the gemeente or the code (no hoofdcategorie in them), then named by the code's
    hoofdcategorie."""
    category = _categories_of(session, excluded, flt.hoofdcategorieen)
    codes = tuple(category)
    if not codes:
        return pd.DataFrame()
    region = scope.niveau == "regio"
    by_area = child_level is not None
    frames = []
    if months:
        table = AggIncidentGemeenteMonthCode if region else AggIncidentMonth
        area = area_column(table, child_level) if by_area else literal(scope.code)
        maand = table.maand
        lo = min(m[0] for m in months.values())
        hi = max(m[1] for m in months.values())
        sums = {n: case((maand.between(*m), -table.aantal), else_=0) for n, m in months.items()}
        where = [maand.between(lo, hi), *code_month_where(codes, scope, table)]
        frames.append(_grouped(session, area, table.mk_code, sums, where, by_area))
    if region:
        fact = FactIncident
        area = fact.gemeente_code if by_area else literal(scope.code)
        for edge, names in edge_names.items():
            where = [fact.pleegdatum.between(*edge), fact.mk_code.in_(codes)]
            sums = {n: literal(-1) for n in names}
            frames.append(_grouped(session, area, fact.mk_code, sums, where, by_area))
    if not frames:
        return pd.DataFrame()
    frame = pd.concat(frames)
    # _grouped names its category column hoofdcategorie; here it holds the code.
    frame["hoofdcategorie"] = frame["hoofdcategorie"].map(category)
    return frame


def _aggregate_counts(
    session: Session,
    flt: IncidentFilter,
    periods: dict[str, Period],
    scope: Area,
    child_level: str | None,
    by_category: bool,
    excluded: tuple[str, ...] = (),
    apart: tuple[str, ...] = (),
) -> pd.DataFrame:
    """counts() from the month aggregates: whole months from a month table, the partial months
    at the edges per day; a few small scans instead of one over every registration. excluded:
    codes of a hoofdcategorie filter to leave out: the region's by a condition on the codes its
    aggregates count apart (_split_apart), others subtracted (_left_out_counts). apart: codes
    counted in rows of their own (counts()): by their code or beschermde_code, or on the buurt x
    month aggregate, which has neither, moved out of its rows by their per-code counts."""
    split = {name: month_split(p) for name, p in periods.items()}
    if splits_protected(flt, scope):
        by_condition, subtracted = _split_apart(session, excluded)
    else:
        by_condition, subtracted = (), excluded
    month_table, month_area, month_where, day, day_where = month_sources(
        flt, scope, child_level, excluded, by_condition
    )
    day_date, day_weight, day_area, day_cat = day
    keys = _keys(by_category, apart)
    frames = []
    months = {n: m for n, (m, _) in split.items() if m is not None}
    if months:
        maand = month_table.maand
        lo = min(m[0] for m in months.values())
        hi = max(m[1] for m in months.values())
        frames.append(
            _grouped(
                session,
                month_area if child_level else literal(scope.code),
                month_table.hoofdcategorie if by_category else None,
                {
                    n: case((maand.between(*m), month_table.aantal), else_=0)
                    for n, m in months.items()
                },
                [maand.between(lo, hi), *month_where],
                child_level is not None,
                apart_column(month_table, apart),
            )
        )
    # One plain date range per query: each is an index-only range scan, where an OR of ranges
    # would make the planner read the whole span between them.
    edge_names: dict[Period, list[str]] = {}
    for name, (_, edges) in split.items():
        for edge in edges:
            edge_names.setdefault(edge, []).append(name)
    for edge, names in edge_names.items():
        frames.append(
            _grouped(
                session,
                day_area if child_level else literal(scope.code),
                day_cat if by_category else None,
                {n: day_weight for n in names},
                [day_date.between(*edge), *day_where],
                child_level is not None,
                apart_column(day_date.class_, apart),
            )
        )
    if subtracted:
        frames.append(
            _left_out_counts(session, flt, months, edge_names, scope, child_level, subtracted)
        )
    if months and apart and apart_column(month_table, apart) is None:
        moved = _left_out_counts(session, flt, months, {}, scope, child_level, apart)
        if not moved.empty:
            frames.append(moved.assign(apart=False))  # out of the month rows ...
            frames.append(moved.assign(apart=True, **{n: -moved[n] for n in months}))  # ... apart
    # A period without whole months (or without edges) has no column in that part: zero.
    frame = pd.concat([f.reindex(columns=[*keys, *periods], fill_value=0) for f in frames])
    if frame.empty:
        return frame
    if apart:  # SQLite answers 0/1, PostgreSQL a boolean; a subtraction has none (0)
        frame["apart"] = frame["apart"].astype(bool)
    return frame.groupby(keys, as_index=False, sort=False)[list(periods)].sum()


def _keys(by_category: bool, apart: tuple[str, ...]) -> list[str]:
    """The key columns of a counts() frame."""
    return [
        "area_code",
        *(["hoofdcategorie"] if by_category else []),
        *(["apart"] if apart else []),
    ]


def _grouped(
    session, area_col, cat_col, sums: dict, where: list, by_area: bool, apart_col=None
) -> pd.DataFrame:
    columns = [area_col.label("area_code")]
    group = [area_col] if by_area else []
    if cat_col is not None:
        columns.append(cat_col.label("hoofdcategorie"))
        group.append(cat_col)
    if apart_col is not None:
        columns.append(apart_col.label("apart"))
        group.append(apart_col)
    for name, expression in sums.items():
        columns.append(func.coalesce(func.sum(expression), 0).label(name))
    query = select(*columns).where(*where)
    if group:
        query = query.group_by(*group)
    return pd.DataFrame(session.execute(query).all(), columns=[c.name for c in columns])


def counts(
    session: Session,
    flt: IncidentFilter,
    periods: dict[str, Period],
    *,
    scope: Area | None = None,
    child_level: str | None = None,
    by_category: bool = True,
    apart: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Counts per (child area, hoofdcategorie) with one column per named period, in one scan.

    scope defaults to the filter's area; child_level None gives totals for the scope itself.
    apart: codes that the count per child area leaves out but that the caller wants on their
    own, from the same scan (a gemeente's KPI figures hold the protected codes that its buurten
    leave out): they are counted, in rows of their own, marked by a column `apart`.
    """
    scope = scope or flt.area
    flt, excluded = _counted(flt, child_level or scope.niveau, apart)
    apart = tuple(c for c in apart if flt is not None and (not flt.mk_codes or c in flt.mk_codes))
    if flt is None:
        frame = pd.DataFrame()
    elif uses_month_aggregate(flt, scope, child_level, periods) and (
        # A per-gemeente aggregate marks only the codes it counts apart; any other code
        # counted apart (protected since it was built) comes from the fact table.
        not (apart and splits_protected(flt, scope))
        or len(_counted_apart(session, apart)) == len(apart)
    ):
        frame = _aggregate_counts(
            session, flt, periods, scope, child_level, by_category, excluded, apart
        )
    else:
        lo = min(p[0] for p in periods.values())
        hi = max(p[1] for p in periods.values())
        date_col = FactIncident.pleegdatum
        sums = {n: case((date_col.between(*p), 1), else_=0) for n, p in periods.items()}
        frame = _grouped(
            session,
            FACT_AREA_COLUMN[child_level] if child_level else literal(scope.code),
            FactIncident.hoofdcategorie if by_category else None,
            sums,
            [date_col.between(lo, hi), *fact_where(flt, scope, excluded)],
            child_level is not None,
            apart_column(FactIncident, apart),
        )
    if frame.empty:
        frame = pd.DataFrame(columns=[*_keys(by_category, apart), *periods])
    if apart:
        frame["apart"] = frame["apart"].astype(bool)
    if not child_level and not by_category and frame.empty:
        # A plain total is always one row, also when nothing matched.
        frame = pd.DataFrame([{"area_code": scope.code, **{n: 0 for n in periods}}])
    for name in periods:
        frame[name] = frame[name].astype(int)
    return frame


def _day_sums(
    session: Session, flt: IncidentFilter, period: Period, keys: tuple[str, ...]
) -> dict[tuple, int]:
    """Registrations of the filter's own area in the period per value of keys (columns that
    the fact table and the region-wide day x hour aggregates share: datum/pleegdatum, weekdag,
    uur), without the codes left out at the area's level. The region reads its aggregates
    (less the per-code aggregate of the left-out codes), anything finer the fact table."""
    scope = flt.area
    flt, excluded = _counted(flt, scope.niveau)
    if flt is None:
        return {}
    if not uses_region_aggregate(flt, scope, None):
        fact = FactIncident
        columns = [getattr(fact, "pleegdatum" if k == "datum" else k) for k in keys]
        where = [fact.pleegdatum.between(*period), *fact_where(flt, scope, excluded)]
        rows = session.execute(select(*columns, func.count()).where(*where).group_by(*columns))
        return {tuple(r[:-1]): int(r[-1]) for r in rows.all()}

    def sums(table, *where) -> list:
        columns = [getattr(table, k) for k in keys]
        query = select(*columns, func.sum(table.aantal)).where(table.datum.between(*period), *where)
        return session.execute(query.group_by(*columns)).all()

    table, condition = region_day_table(flt)
    found = {tuple(r[:-1]): int(r[-1] or 0) for r in sums(table, condition)}
    left_out = tuple(_categories_of(session, excluded, flt.hoofdcategorieen) if excluded else ())
    if left_out:
        for row in sums(AggIncidentDayCodeHour, AggIncidentDayCodeHour.mk_code.in_(left_out)):
            key = tuple(row[:-1])
            found[key] = found.get(key, 0) - int(row[-1] or 0)
    return found


def trend(
    session: Session, flt: IncidentFilter, period: Period, grain: str = "week"
) -> pd.DataFrame:
    """Counts per week (Monday) or month (first day) in the period, empty buckets included;
    `dagen` is how many days of the bucket fall inside the period and `volledig` whether
    that is the whole week or month (edge buckets are often partial)."""
    bucket = DimDate.week_start if grain == "week" else DimDate.maand_start
    # Counted per day and put in weeks or months here: joining every counted row to dim_date
    # for its bucket cost the region's year of day x hour rows 22 ms instead of 8 on SQLite.
    start_of = _week_start if grain == "week" else _month_start
    found: dict[dt.date, int] = {}
    for (datum,), aantal in _day_sums(session, flt, period, ("datum",)).items():
        key = start_of(datum)
        found[key] = found.get(key, 0) + aantal
    buckets = session.execute(
        select(bucket, func.count())
        .where(DimDate.datum.between(*period))
        .group_by(bucket)
        .order_by(bucket)
    ).all()
    frame = pd.DataFrame(
        {
            "start": [b for b, _ in buckets],
            "aantal": [found.get(b, 0) for b, _ in buckets],
            "dagen": [int(n) for _, n in buckets],
        }
    )
    full = frame["start"].map(
        lambda d: 7 if grain == "week" else calendar.monthrange(d.year, d.month)[1]
    )
    frame["volledig"] = frame["dagen"] == full if not frame.empty else []
    return frame


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())  # Monday, as dim_date.week_start


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_counts(
    session: Session,
    mk_codes: tuple[str, ...],
    periods: dict[str, Period],
    scope: Area,
    child_level: str | None = None,
) -> pd.DataFrame:
    """Like counts() for explicit codes over whole months, from the month aggregate: per child
    area (or the scope itself), one column per named period."""
    for period in periods.values():
        whole_months(period)
    table = code_month_table(scope, child_level)
    area_col = area_column(table, child_level) if child_level else literal(scope.code)
    columns = [area_col.label("area_code")]
    month = table.maand
    for name, (start, end) in periods.items():
        hit = case((month.between(start, end), table.aantal), else_=0)
        columns.append(func.coalesce(func.sum(hit), 0).label(name))
    lo = min(p[0] for p in periods.values())
    hi = max(p[1] for p in periods.values())
    query = select(*columns).where(month.between(lo, hi), *code_month_where(mk_codes, scope, table))
    if child_level:
        query = query.group_by(area_col)
    frame = pd.DataFrame(session.execute(query).all(), columns=[c.name for c in columns])
    if not child_level and frame.empty:
        frame = pd.DataFrame([{"area_code": scope.code, **{n: 0 for n in periods}}])
    for name in periods:
        frame[name] = frame[name].astype(int)
    return frame


def month_counts_by_code(session: Session, scope: Area, periods: dict[str, Period]) -> pd.DataFrame:
    """Counts per MK code (with its hoofdcategorie) over whole months, one column per named
    period: the periodic report's table of incident types."""
    for period in periods.values():
        whole_months(period)
    month = AggIncidentMonth.maand
    columns = [AggIncidentMonth.mk_code, AggIncidentMonth.hoofdcategorie]
    for name, (start, end) in periods.items():
        hit = case((month.between(start, end), AggIncidentMonth.aantal), else_=0)
        columns.append(func.coalesce(func.sum(hit), 0).label(name))
    lo = min(p[0] for p in periods.values())
    hi = max(p[1] for p in periods.values())
    where = [month.between(lo, hi)]
    if scope.niveau in MONTH_AREA_COLUMN:
        where.append(MONTH_AREA_COLUMN[scope.niveau] == scope.code)
    query = (
        select(*columns)
        .where(*where)
        .group_by(AggIncidentMonth.mk_code, AggIncidentMonth.hoofdcategorie)
    )
    frame = pd.DataFrame(
        session.execute(query).all(), columns=["mk_code", "hoofdcategorie", *periods]
    )
    return frame.astype(dict.fromkeys(periods, int))


def month_series(
    session: Session, mk_codes: tuple[str, ...], scope: Area, period: Period
) -> pd.DataFrame:
    """Counts per month (first day) over whole months, months without registrations as 0."""
    whole_months(period)
    table = code_month_table(scope)
    month = table.maand
    found = dict(
        session.execute(
            select(month, func.sum(table.aantal))
            .where(month.between(*period), *code_month_where(mk_codes, scope, table))
            .group_by(month)
        ).all()
    )
    starts, day = [], period[0]
    while day <= period[1]:
        starts.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return pd.DataFrame({"start": starts, "aantal": [int(found.get(d, 0) or 0) for d in starts]})


def month_code_counts(
    session: Session, mk_codes: tuple[str, ...], scope: Area, period: Period
) -> dict[str, int]:
    whole_months(period)
    table = code_month_table(scope)
    rows = session.execute(
        select(table.mk_code, func.sum(table.aantal))
        .where(table.maand.between(*period), *code_month_where(mk_codes, scope, table))
        .group_by(table.mk_code)
    ).all()
    return {code: int(total) for code, total in rows}


def weekday_hour(session: Session, flt: IncidentFilter, period: Period) -> pd.DataFrame:
    """Counts per weekday (0 = Monday) x hour; registrations without a known hour are left out
    here and counted in the 'onbekend' column of the result's attrs."""
    found = _day_sums(session, flt, period, ("weekdag", "uur"))
    frame = pd.DataFrame(
        [(weekdag, uur, aantal) for (weekdag, uur), aantal in found.items()],
        columns=["weekdag", "uur", "aantal"],
    )
    unknown = int(frame.loc[frame["uur"].isna(), "aantal"].sum()) if not frame.empty else 0
    frame = frame.dropna(subset=["uur"]).astype({"uur": int, "weekdag": int, "aantal": int})
    frame.attrs["onbekend"] = unknown
    return frame


def code_counts(session: Session, flt: IncidentFilter, period: Period) -> pd.DataFrame:
    flt, excluded = _counted(flt, flt.area.niveau)
    if flt is None:
        return pd.DataFrame(columns=["mk_code", "aantal"])
    query = (
        select(FactIncident.mk_code, func.count().label("aantal"))
        .where(FactIncident.pleegdatum.between(*period), *fact_where(flt, flt.area, excluded))
        .group_by(FactIncident.mk_code)
    )
    return pd.DataFrame(session.execute(query).all(), columns=["mk_code", "aantal"])
