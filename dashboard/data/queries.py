"""Read side of the dashboard: every query aggregates in SQL and returns a small DataFrame.

Region-wide figures never read single registrations: counts per gemeente take whole months
from the gemeente x month aggregates and only the partial months at a period's edges per day;
trend and weekday x hour read the region-wide day x hour aggregates. Anything finer than the
region reads the fact table through its covering indexes (a gemeente scan, never the region).
Codes a filter leaves out at the level counted (dashboard.policy decides which) are a NOT IN on
the fact table, and on the per-category aggregates a subtraction of the per-code aggregates of
those few codes. Every aggregate path gives exactly the numbers of a direct count
(tests/integration).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from dashboard.data.categories import MAIN_CATEGORIES
from dashboard.data.models import (
    AggIncidentBuurtMonth,
    AggIncidentDayCodeHour,
    AggIncidentDayHour,
    AggIncidentGemeenteDay,
    AggIncidentGemeenteMonth,
    AggIncidentGemeenteMonthCode,
    AggIncidentMonth,
    DimArea,
    DimCategory,
    DimDate,
    FactAreaIndicator,
    FactIncident,
    IngestRun,
)
from dashboard.inputs import InvalidInput

Period = tuple[dt.date, dt.date]
MAX_AREA_CODE = 20  # CBS codes have 6 (GMgggg) to 10 (BUggggwwbb) characters
CHILD_LEVEL = {"regio": "gemeente", "gemeente": "buurt", "wijk": "buurt", "buurt": "buurt"}
SUB_GEMEENTE = frozenset({"wijk", "buurt"})  # the levels below the published ones


@dataclass(frozen=True)
class Area:
    niveau: str
    code: str
    naam: str
    wijk_code: str | None
    gemeente_code: str | None
    regio_code: str
    bounds: tuple[tuple[float, float], tuple[float, float]] | None


@dataclass(frozen=True)
class IncidentFilter:
    """Which registrations count: an area and either hoofdcategorieen or explicit MK codes,
    without the codes left out at the level of the areas counted (dashboard.policy decides
    which): `excluded_codes` at every level, `excluded_below_gemeente` in addition when wijken
    or buurten are counted. A count per child area leaves out what the children's level
    leaves out, whatever the scope."""

    area: Area
    hoofdcategorieen: tuple[str, ...] = MAIN_CATEGORIES
    mk_codes: tuple[str, ...] = ()
    excluded_codes: tuple[str, ...] = ()
    excluded_below_gemeente: tuple[str, ...] = ()

    def excluded_at(self, level: str) -> tuple[str, ...]:
        """The codes left out of a count of areas of this level."""
        if level in SUB_GEMEENTE and self.excluded_below_gemeente:
            return tuple(sorted({*self.excluded_codes, *self.excluded_below_gemeente}))
        return self.excluded_codes


# --- areas ------------------------------------------------------------------------------------


def current_indeling(session: Session) -> int | None:
    return session.scalar(select(func.max(DimArea.indeling_jaar)))


def _area(row: DimArea) -> Area:
    bounds = None
    if row.min_lat is not None:
        bounds = ((row.min_lat, row.min_lon), (row.max_lat, row.max_lon))
    return Area(
        row.niveau, row.code, row.naam, row.wijk_code, row.gemeente_code, row.regio_code, bounds
    )


def region(session: Session) -> Area | None:
    jaar = current_indeling(session)
    row = session.scalar(
        select(DimArea).where(DimArea.indeling_jaar == jaar, DimArea.niveau == "regio").limit(1)
    )
    return _area(row) if row else None


def area(session: Session, code: str) -> Area | None:
    # The code often comes straight from a request: a non-string is refused (400) before it
    # reaches the driver, an absurdly long one is no area.
    if not isinstance(code, str):
        raise InvalidInput("gebied: verwacht een gebiedscode")
    if len(code) > MAX_AREA_CODE:
        return None
    jaar = current_indeling(session)
    row = session.scalar(select(DimArea).where(DimArea.indeling_jaar == jaar, DimArea.code == code))
    return _area(row) if row else None


def area_names(session: Session, codes: list[str]) -> dict[str, str]:
    """Names of many areas in one query (current indeling)."""
    jaar = current_indeling(session)
    rows = session.execute(
        select(DimArea.code, DimArea.naam).where(
            DimArea.indeling_jaar == jaar, DimArea.code.in_(codes)
        )
    ).all()
    return dict(rows)


def areas(session: Session, niveau: str, parent: Area | None = None) -> list[Area]:
    """Areas of one level, optionally within a parent area, ordered by name."""
    jaar = current_indeling(session)
    query = select(DimArea).where(DimArea.indeling_jaar == jaar, DimArea.niveau == niveau)
    if parent is not None and parent.niveau in ("gemeente", "wijk"):
        column = DimArea.gemeente_code if parent.niveau == "gemeente" else DimArea.wijk_code
        query = query.where(column == parent.code)
    return [_area(r) for r in session.scalars(query.order_by(DimArea.naam))]


def area_count(session: Session, niveau: str) -> int:
    """How many areas of one level the current indeling has."""
    jaar = current_indeling(session)
    query = select(func.count()).where(DimArea.indeling_jaar == jaar, DimArea.niveau == niveau)
    return session.scalar(query) or 0


def map_scope(session: Session, selected: Area) -> tuple[Area, str]:
    """The area whose children the map shows for a selection, and the children's level."""
    if selected.niveau == "buurt":
        parent = area(session, selected.wijk_code) if selected.wijk_code else None
        return (parent or selected), "buurt"
    return selected, CHILD_LEVEL[selected.niveau]


def geometry_version(session: Session) -> str:
    """Changes whenever boundaries are (re)loaded: the cache key of the GeoJSON documents."""
    from dashboard.data.models import AreaGeometry

    jaar, count, last, size = session.execute(
        select(
            func.max(AreaGeometry.indeling_jaar),
            func.count(),
            func.max(AreaGeometry.id),
            func.sum(func.length(AreaGeometry.geometry_json)),
        )
    ).one()
    return f"{jaar}-{count}-{last}-{size}"


def matching_indeling(session: Session, year: int | None) -> int | None:
    """The indeling that fits data of `year`: that year's if loaded, else the newest older one,
    else the oldest loaded (boundaries are delivered per indeling year)."""
    years = sorted(set(session.scalars(select(DimArea.indeling_jaar).distinct())))
    if not years:
        return None
    if year is None:
        return years[-1]
    older = [y for y in years if y <= year]
    return older[-1] if older else years[0]


def has_gemeente(session: Session, code: str, jaar: int | None) -> bool:
    """Whether the indeling of `jaar` has this gemeente."""
    found = session.scalar(
        select(DimArea.id).where(
            DimArea.indeling_jaar == jaar, DimArea.niveau == "gemeente", DimArea.code == code
        )
    )
    return found is not None


def geometry_collection(
    session: Session, niveau: str, jaar: int | None = None, gemeente_code: str | None = None
) -> dict:
    """All boundaries of one level as a FeatureCollection (properties: code, naam); the current
    indeling unless another loaded indeling year is asked for; only one gemeente's areas when
    gemeente_code is given (what the map needs at national scale)."""
    import orjson

    from dashboard.data.models import AreaGeometry

    jaar = matching_indeling(session, jaar)
    where = [AreaGeometry.indeling_jaar == jaar, AreaGeometry.niveau == niveau]
    if gemeente_code is not None:
        where.append(DimArea.gemeente_code == gemeente_code)
    rows = session.execute(
        select(AreaGeometry.code, DimArea.naam, AreaGeometry.geometry_json)
        .join(
            DimArea,
            and_(
                DimArea.code == AreaGeometry.code,
                DimArea.indeling_jaar == AreaGeometry.indeling_jaar,
            ),
        )
        .where(*where)
        .order_by(AreaGeometry.code)
    ).all()
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": code, "naam": naam},
                "geometry": orjson.loads(geometry),
            }
            for code, naam, geometry in rows
        ],
    }


# --- categories and freshness -----------------------------------------------------------------


def category_options(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(
            DimCategory.mk_code, DimCategory.mk_omschrijving, DimCategory.hoofdcategorie
        ).order_by(DimCategory.hoofdcategorie, DimCategory.mk_code)
    ).all()
    return pd.DataFrame(rows, columns=["mk_code", "omschrijving", "hoofdcategorie"])


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


# --- counts -----------------------------------------------------------------------------------

_FACT_AREA_COLUMN = {
    "gemeente": FactIncident.gemeente_code,
    "wijk": FactIncident.wijk_code,
    "buurt": FactIncident.buurt_code,
}


def _uses_region_aggregate(flt: IncidentFilter, scope: Area, child_level: str | None) -> bool:
    return scope.niveau == "regio" and child_level in (None, "gemeente")


def _uses_month_aggregate(
    flt: IncidentFilter, scope: Area, child_level: str | None, periods: dict[str, Period]
) -> bool:
    """The region always counts from its aggregates; a gemeente from the buurt x month
    aggregate when a period holds a whole month (over a year against the year before: 67,777
    registrations or 6,701 aggregate rows in Enschede). A wijk or buurt reads few enough
    registrations that one scan beats the month query and its edge-day queries."""
    if _uses_region_aggregate(flt, scope, child_level):
        return True
    return (
        scope.niveau == "gemeente"
        and child_level in (None, "wijk", "buurt")
        and any(month_split(p)[0] is not None for p in periods.values())
    )


def _fact_where(flt: IncidentFilter, scope: Area, excluded: tuple[str, ...] = ()) -> list:
    where = []
    if scope.niveau in _FACT_AREA_COLUMN:
        where.append(_FACT_AREA_COLUMN[scope.niveau] == scope.code)
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


def _counted(flt: IncidentFilter, level: str) -> tuple[IncidentFilter | None, tuple[str, ...]]:
    """What a count of areas of `level` counts: the filter without its exclusions, and the codes
    that the count must leave out of it. A code filter simply loses the left-out codes (None:
    none is left, the count is zero); a hoofdcategorie filter keeps them, for the caller to
    leave out: on the fact table a condition, from the per-category aggregates a subtraction of
    the per-code aggregates of those codes (_left_out_counts)."""
    excluded = flt.excluded_at(level)
    plain = replace(flt, excluded_codes=(), excluded_below_gemeente=())
    if not excluded:
        return plain, ()
    if flt.mk_codes:
        codes = tuple(c for c in flt.mk_codes if c not in excluded)
        return (replace(plain, mk_codes=codes) if codes else None), ()
    return plain, excluded


def _month_after(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_split(period: Period) -> tuple[Period | None, list[Period]]:
    """The whole months inside a period, as (first day of the first, first day of the last),
    or None; and the days before and after them that only a day-level table can count."""
    start, end = period
    first = start if start.day == 1 else _month_after(start)
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


def _month_sources(
    flt: IncidentFilter, scope: Area, child_level: str | None, excluded: tuple[str, ...] = ()
):
    """Where the whole months and the edge days of a count come from: (month table, its area
    column, its conditions, day date column, day weight, day area column, day category column,
    day conditions). The region uses the gemeente x month and gemeente x day aggregates; a
    gemeente, wijk or buurt the buurt x month x code aggregate and the fact table's edge days."""
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
            month_where = [month.hoofdcategorie.in_(flt.hoofdcategorieen)]
            agg = AggIncidentGemeenteDay
            day = (agg.datum, agg.aantal, agg.gemeente_code, agg.hoofdcategorie)
            day_where = [agg.hoofdcategorie.in_(flt.hoofdcategorieen)]
        return month, month.gemeente_code, month_where, day, day_where
    # Per hoofdcategorie the buurt x month table has a fifth of the per-code table's rows.
    month = AggIncidentMonth if flt.mk_codes else AggIncidentBuurtMonth
    area_columns = _area_columns(month)
    month_where = [area_columns[scope.niveau] == scope.code]
    if scope.niveau != "gemeente" and scope.gemeente_code:
        month_where.append(month.gemeente_code == scope.gemeente_code)  # the index's lead
    if flt.mk_codes:
        month_where.append(month.mk_code.in_(flt.mk_codes))
    else:
        month_where.append(month.hoofdcategorie.in_(flt.hoofdcategorieen))
    fact = FactIncident
    child_column = _FACT_AREA_COLUMN.get(child_level or "", literal(scope.code))
    day = (fact.pleegdatum, literal(1), child_column, fact.hoofdcategorie)
    month_child = area_columns.get(child_level or "", literal(scope.code))
    # Edge days from the fact table leave the left-out codes out in the same scan.
    return month, month_child, month_where, day, _fact_where(flt, scope, excluded)


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
    aggregates holds, negated (area_code, hoofdcategorie, one column per period): whole months
    from the per-code month aggregate, and for the region, whose edge days come from a
    per-category aggregate too, the edge days from the fact table's (mk_code, pleegdatum)
    index. Counted per code through indexes that lead with the gemeente or the code (no
    hoofdcategorie in them), then named by the code's hoofdcategorie."""
    category = _categories_of(session, excluded, flt.hoofdcategorieen)
    codes = tuple(category)
    if not codes:
        return pd.DataFrame()
    region = scope.niveau == "regio"
    by_area = child_level is not None
    frames = []
    if months:
        table = AggIncidentGemeenteMonthCode if region else AggIncidentMonth
        area = _area_column(table, child_level) if by_area else literal(scope.code)
        maand = table.maand
        lo = min(m[0] for m in months.values())
        hi = max(m[1] for m in months.values())
        sums = {n: case((maand.between(*m), -table.aantal), else_=0) for n, m in months.items()}
        where = [maand.between(lo, hi), *_month_where(codes, scope, table)]
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
) -> pd.DataFrame:
    """counts() from the month aggregates: whole months from a month table, the partial months
    at the edges per day; a few small scans instead of one over every registration. excluded:
    codes of a hoofdcategorie filter to leave out (_left_out_counts)."""
    split = {name: month_split(p) for name, p in periods.items()}
    month_table, month_area, month_where, day, day_where = _month_sources(
        flt, scope, child_level, excluded
    )
    day_date, day_weight, day_area, day_cat = day
    keys = ["area_code", *(["hoofdcategorie"] if by_category else [])]
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
            )
        )
    if excluded:
        frames.append(
            _left_out_counts(session, flt, months, edge_names, scope, child_level, excluded)
        )
    # A period without whole months (or without edges) has no column in that part: zero.
    frame = pd.concat([f.reindex(columns=[*keys, *periods], fill_value=0) for f in frames])
    if frame.empty:
        return frame
    return frame.groupby(keys, as_index=False, sort=False)[list(periods)].sum()


def _grouped(session, area_col, cat_col, sums: dict, where: list, by_area: bool) -> pd.DataFrame:
    columns = [area_col.label("area_code")]
    group = [area_col] if by_area else []
    if cat_col is not None:
        columns.append(cat_col.label("hoofdcategorie"))
        group.append(cat_col)
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
) -> pd.DataFrame:
    """Counts per (child area, hoofdcategorie) with one column per named period, in one scan.

    scope defaults to the filter's area; child_level None gives totals for the scope itself.
    """
    scope = scope or flt.area
    flt, excluded = _counted(flt, child_level or scope.niveau)
    if flt is None:
        frame = pd.DataFrame()
    elif _uses_month_aggregate(flt, scope, child_level, periods):
        frame = _aggregate_counts(session, flt, periods, scope, child_level, by_category, excluded)
    else:
        lo = min(p[0] for p in periods.values())
        hi = max(p[1] for p in periods.values())
        date_col = FactIncident.pleegdatum
        sums = {n: case((date_col.between(*p), 1), else_=0) for n, p in periods.items()}
        frame = _grouped(
            session,
            _FACT_AREA_COLUMN[child_level] if child_level else literal(scope.code),
            FactIncident.hoofdcategorie if by_category else None,
            sums,
            [date_col.between(lo, hi), *_fact_where(flt, scope, excluded)],
            child_level is not None,
        )
    if frame.empty:
        columns = ["area_code", *(["hoofdcategorie"] if by_category else []), *periods]
        frame = pd.DataFrame(columns=columns)
    if not child_level and not by_category and frame.empty:
        # A plain total is always one row, also when nothing matched.
        frame = pd.DataFrame([{"area_code": scope.code, **{n: 0 for n in periods}}])
    for name in periods:
        frame[name] = frame[name].astype(int)
    return frame


def _region_day_table(flt: IncidentFilter):
    """The region-wide day x hour aggregate that answers this filter, and its condition."""
    if flt.mk_codes:
        return AggIncidentDayCodeHour, AggIncidentDayCodeHour.mk_code.in_(flt.mk_codes)
    return AggIncidentDayHour, AggIncidentDayHour.hoofdcategorie.in_(flt.hoofdcategorieen)


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
    if not _uses_region_aggregate(flt, scope, None):
        fact = FactIncident
        columns = [getattr(fact, "pleegdatum" if k == "datum" else k) for k in keys]
        where = [fact.pleegdatum.between(*period), *_fact_where(flt, scope, excluded)]
        rows = session.execute(select(*columns, func.count()).where(*where).group_by(*columns))
        return {tuple(r[:-1]): int(r[-1]) for r in rows.all()}

    def sums(table, *where) -> list:
        columns = [getattr(table, k) for k in keys]
        query = select(*columns, func.sum(table.aantal)).where(table.datum.between(*period), *where)
        return session.execute(query.group_by(*columns)).all()

    table, condition = _region_day_table(flt)
    found = {tuple(r[:-1]): int(r[-1] or 0) for r in sums(table, condition)}
    left_out = tuple(_categories_of(session, excluded, flt.hoofdcategorieen))
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


# --- whole months by incident code (thematic dashboards) ---------------------------------------


def _area_columns(month_table) -> dict:
    """A buurt x month table's area column per level."""
    return {
        "gemeente": month_table.gemeente_code,
        "wijk": month_table.wijk_code,
        "buurt": month_table.buurt_code,
    }


_MONTH_AREA_COLUMN = _area_columns(AggIncidentMonth)


def _whole_months(period: Period) -> None:
    start, end = period
    if start.day != 1 or (end + dt.timedelta(days=1)).day != 1:
        raise ValueError(f"period {start}..{end} is not made of whole months")


def _code_month_table(scope: Area, child_level: str | None = None):
    """The smallest month x code table that answers: per gemeente (a quarter of the per-buurt
    rows; nationally the region's comparison of 342 gemeenten went from 147 ms on the per-buurt
    table) unless the scope or its children are wijken or buurten."""
    if scope.niveau in ("regio", "gemeente") and child_level in (None, "gemeente"):
        return AggIncidentGemeenteMonthCode
    return AggIncidentMonth


def _month_where(mk_codes: tuple[str, ...], scope: Area, table=AggIncidentMonth) -> list:
    """The codes and the scope's area on a month x code table (no area for the region)."""
    where = [table.mk_code.in_(mk_codes)]
    if scope.niveau in _MONTH_AREA_COLUMN:
        where.append(_area_column(table, scope.niveau) == scope.code)
        if scope.niveau != "gemeente" and scope.gemeente_code:
            # Redundant for the result; it lets a wijk or buurt use the gemeente x code index.
            where.append(table.gemeente_code == scope.gemeente_code)
    return where


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
        _whole_months(period)
    table = _code_month_table(scope, child_level)
    area_col = _area_column(table, child_level) if child_level else literal(scope.code)
    columns = [area_col.label("area_code")]
    month = table.maand
    for name, (start, end) in periods.items():
        hit = case((month.between(start, end), table.aantal), else_=0)
        columns.append(func.coalesce(func.sum(hit), 0).label(name))
    lo = min(p[0] for p in periods.values())
    hi = max(p[1] for p in periods.values())
    query = select(*columns).where(month.between(lo, hi), *_month_where(mk_codes, scope, table))
    if child_level:
        query = query.group_by(area_col)
    frame = pd.DataFrame(session.execute(query).all(), columns=[c.name for c in columns])
    if not child_level and frame.empty:
        frame = pd.DataFrame([{"area_code": scope.code, **{n: 0 for n in periods}}])
    for name in periods:
        frame[name] = frame[name].astype(int)
    return frame


def _area_column(table, level: str):
    """A month table's column of one area level (the gemeente x month table has only that)."""
    return getattr(table, f"{level}_code")


def code_totals(
    session: Session, scope: Area, mk_codes: tuple[str, ...], periods: dict[str, Period]
) -> pd.DataFrame:
    """Counts of a few codes in an area per code (mk_code, hoofdcategorie, one column per named
    period, any days): whole months from the smallest per-code month aggregate, the edge days
    from the fact table, each through an index that leads with the code or the gemeente and
    holds the count, so no row is looked up (a hoofdcategorie is in none of those indexes: it
    comes from the code table)."""
    split = {name: month_split(p) for name, p in periods.items()}
    months = {n: m for n, (m, _) in split.items() if m is not None}
    frames = []
    if months:
        table = _code_month_table(scope)
        maand = table.maand
        lo = min(m[0] for m in months.values())
        hi = max(m[1] for m in months.values())
        sums = {n: case((maand.between(*m), table.aantal), else_=0) for n, m in months.items()}
        where = [maand.between(lo, hi), *_month_where(mk_codes, scope, table)]
        frames.append(_grouped(session, literal(scope.code), table.mk_code, sums, where, False))
    fact = FactIncident
    in_scope = [fact.mk_code.in_(mk_codes)]
    if scope.niveau in _FACT_AREA_COLUMN:
        in_scope.append(_FACT_AREA_COLUMN[scope.niveau] == scope.code)
    for name, (_, edges) in split.items():
        for edge in edges:
            where = [fact.pleegdatum.between(*edge), *in_scope]
            frames.append(
                _grouped(
                    session, literal(scope.code), fact.mk_code, {name: literal(1)}, where, False
                )
            )
    columns = ["mk_code", "hoofdcategorie", *periods]
    if not frames:
        return pd.DataFrame(columns=columns)
    # _grouped names its category column hoofdcategorie; here it holds the code.
    frame = pd.concat(
        [f.reindex(columns=["hoofdcategorie", *periods], fill_value=0) for f in frames]
    )
    frame = frame.rename(columns={"hoofdcategorie": "mk_code"})
    frame = frame.groupby("mk_code", as_index=False)[list(periods)].sum()
    category = dict(
        session.execute(
            select(DimCategory.mk_code, DimCategory.hoofdcategorie).where(
                DimCategory.mk_code.in_(mk_codes)
            )
        ).all()
    )
    frame["hoofdcategorie"] = frame["mk_code"].map(category)
    return frame[columns].astype(dict.fromkeys(periods, int))


def month_counts_by_code(session: Session, scope: Area, periods: dict[str, Period]) -> pd.DataFrame:
    """Counts per MK code (with its hoofdcategorie) over whole months, one column per named
    period: the periodic report's table of incident types."""
    for period in periods.values():
        _whole_months(period)
    month = AggIncidentMonth.maand
    columns = [AggIncidentMonth.mk_code, AggIncidentMonth.hoofdcategorie]
    for name, (start, end) in periods.items():
        hit = case((month.between(start, end), AggIncidentMonth.aantal), else_=0)
        columns.append(func.coalesce(func.sum(hit), 0).label(name))
    lo = min(p[0] for p in periods.values())
    hi = max(p[1] for p in periods.values())
    where = [month.between(lo, hi)]
    if scope.niveau in _MONTH_AREA_COLUMN:
        where.append(_MONTH_AREA_COLUMN[scope.niveau] == scope.code)
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
    _whole_months(period)
    table = _code_month_table(scope)
    month = table.maand
    found = dict(
        session.execute(
            select(month, func.sum(table.aantal))
            .where(month.between(*period), *_month_where(mk_codes, scope, table))
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
    _whole_months(period)
    table = _code_month_table(scope)
    rows = session.execute(
        select(table.mk_code, func.sum(table.aantal))
        .where(table.maand.between(*period), *_month_where(mk_codes, scope, table))
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
        .where(FactIncident.pleegdatum.between(*period), *_fact_where(flt, flt.area, excluded))
        .group_by(FactIncident.mk_code)
    )
    return pd.DataFrame(session.execute(query).all(), columns=["mk_code", "aantal"])


# --- indicators -------------------------------------------------------------------------------


def indicators(session: Session, codes: list[str], names: tuple[str, ...]) -> pd.DataFrame:
    """The newest value of each indicator per area: columns area_code, indicator, waarde, jaar."""
    newest = (
        select(
            FactAreaIndicator.area_code,
            FactAreaIndicator.indicator,
            func.max(FactAreaIndicator.jaar).label("jaar"),
        )
        .where(FactAreaIndicator.area_code.in_(codes), FactAreaIndicator.indicator.in_(names))
        .group_by(FactAreaIndicator.area_code, FactAreaIndicator.indicator)
        .subquery()
    )
    query = select(
        FactAreaIndicator.area_code,
        FactAreaIndicator.indicator,
        FactAreaIndicator.waarde,
        FactAreaIndicator.jaar,
    ).join(
        newest,
        and_(
            newest.c.area_code == FactAreaIndicator.area_code,
            newest.c.indicator == FactAreaIndicator.indicator,
            newest.c.jaar == FactAreaIndicator.jaar,
        ),
    )
    return pd.DataFrame(
        session.execute(query).all(), columns=["area_code", "indicator", "waarde", "jaar"]
    )


def population(session: Session, codes: list[str]) -> dict[str, float]:
    frame = indicators(session, codes, ("aantal_inwoners",))
    return {r.area_code: float(r.waarde) for r in frame.itertuples() if r.waarde is not None}


# --- survey -----------------------------------------------------------------------------------


def survey_figures(session: Session, codes: list[str]) -> pd.DataFrame:
    """Veiligheidsmonitor figures of the given areas, all years: columns area_code, jaar,
    indicator, waarde, n (a few hundred rows at most)."""
    from dashboard.data.models import FactSurvey

    columns = ["area_code", "jaar", "indicator", "waarde", "n"]
    rows = session.execute(
        select(*[getattr(FactSurvey, c) for c in columns])
        .where(FactSurvey.area_code.in_(codes))
        .order_by(FactSurvey.area_code, FactSurvey.jaar, FactSurvey.indicator)
    ).all()
    return pd.DataFrame(rows, columns=columns)
