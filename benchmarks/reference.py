"""The general dashboard's filter query computed outside the app, as the bench's yardsticks:
plain pandas over the facts held in memory, and DuckDB over the same facts (the floor of what an
in-process columnar engine does). Both answer with the numbers the four filter callbacks show
(KPIs, areas table, trend, day x hour), so the bench can check that all three agree.

Only the computation is timed by the caller; loading the facts happens once per database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard import policy
from dashboard.analysis.periods import comparison_period, resolve_period
from dashboard.data.models import DimDate
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.reference.themes import THEMES
from dashboard.state import ViewState

Period = tuple[dt.date, dt.date]
FACT_COLUMNS = (
    "pleegdatum",
    "uur",
    "weekdag",
    "buurt_code",
    "wijk_code",
    "gemeente_code",
    "hoofdcategorie",
    "mk_code",
)
CATEGORICAL = ("buurt_code", "wijk_code", "gemeente_code", "hoofdcategorie", "mk_code")
AREA_COLUMN = {"gemeente": "gemeente_code", "wijk": "wijk_code", "buurt": "buurt_code"}
# Only these reach the SQL text below (values are inlined, so they are checked first).
SAFE_VALUE = re.compile(r"^[A-Za-z0-9_.]+$")


@dataclass(frozen=True)
class Query:
    """What one filter change asks, resolved the way the app resolves a view state."""

    area_level: str
    area_code: str
    chain: tuple[tuple[str, str], ...]  # the profile's areas: (level, code)
    scope_level: str
    scope_code: str
    child_level: str
    children: frozenset[str]  # the child areas the map shows (current indeling)
    period: Period
    comparison: Period
    categories: tuple[str, ...]
    codes: tuple[str, ...]
    grain: str
    calendar: Period  # first and last day of dim_date: trend buckets are counted within it
    # The protected codes the viewer's figures leave out (dashboard.policy.exclusion): those of
    # the selected area (KPIs, trend, day x hour) and those of the map's child areas (table).
    left_out: tuple[str, ...] = ()
    left_out_children: tuple[str, ...] = ()


@dataclass(frozen=True)
class Numbers:
    """What a user reads after a filter change; equal Numbers mean equal screens."""

    kpi: dict[str, int]  # registrations in the period: 'totaal' and per hoofdcategorie
    table: dict[str, tuple[int, int]]  # child area -> (period, comparison), non-zero rows
    trend: tuple[tuple[tuple[str, int], ...], tuple[int, ...]]  # complete buckets; comparison
    heatmap: tuple[tuple[int, ...], ...] | None  # 7 weekdays x 24 hours; None when empty


# The bench's own account (benchmarks.bench_db.ensure_bench_user): a gebruiker with every theme.
BENCH_VIEWER = policy.Viewer("gebruiker", None, frozenset(THEMES))


def resolve_query(
    session: Session, state: ViewState, viewer: policy.Viewer = BENCH_VIEWER
) -> Query:
    region = area_queries.region(session)
    reference = freshness_queries.latest_data_date(session)
    area = (area_queries.area(session, state.area_code) if state.area_code else None) or region
    period = resolve_period(state.periode, reference, state.van, state.tot)
    comparison = comparison_period(period, state.vergelijking, state.periode)
    scope, child_level = area_queries.map_scope(session, area)
    children = area_queries.areas(session, child_level, scope if scope.niveau != "regio" else None)
    chain = [(area.niveau, area.code)]
    if area.niveau in ("wijk", "buurt") and area.gemeente_code:
        chain.append(("gemeente", area.gemeente_code))
    if area.niveau != "regio":
        chain.append(("regio", region.code))
    first, last = session.execute(select(func.min(DimDate.datum), func.max(DimDate.datum))).one()
    exclusion = policy.exclusion(viewer, state.hoofdcategorieen, state.codes)
    return Query(
        area_level=area.niveau,
        area_code=area.code,
        chain=tuple(chain),
        scope_level=scope.niveau,
        scope_code=scope.code,
        child_level=child_level,
        children=frozenset(a.code for a in children),
        period=period,
        comparison=comparison,
        categories=state.hoofdcategorieen,
        codes=state.codes,
        grain=state.trend,
        calendar=(first, last),
        left_out=exclusion.at(area.niveau),
        left_out_children=exclusion.at(child_level),
    )


# --- loading the facts once -------------------------------------------------------------------


def load_facts(engine) -> pd.DataFrame:
    """The columns the filters read, with codes as categoricals (compact and fast to group)."""
    if engine.dialect.name == "postgresql":
        return _load_postgresql(engine)
    return _load_chunked(engine)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame["pleegdatum"] = pd.to_datetime(frame["pleegdatum"])
    frame["uur"] = frame["uur"].astype("Int8")
    frame["weekdag"] = frame["weekdag"].astype("int8")
    for column in CATEGORICAL:
        frame[column] = frame[column].astype("category")
    return frame


def _load_postgresql(engine) -> pd.DataFrame:
    """COPY to a temporary CSV file and read that back: far faster than row objects at
    national size."""
    sql = f"COPY (SELECT {', '.join(FACT_COLUMNS)} FROM fact_incident) TO STDOUT (FORMAT csv)"
    with tempfile.TemporaryDirectory(prefix="veiligheid-feiten-") as tmp:
        path = Path(tmp) / "facts.csv"
        raw = engine.raw_connection()
        try:
            with raw.cursor() as cursor, path.open("wb") as out, cursor.copy(sql) as copy:
                for chunk in copy:
                    out.write(chunk)
        finally:
            raw.close()
        dtypes = {c: "category" for c in CATEGORICAL} | {"uur": "Int8", "weekdag": "int8"}
        frame = pd.read_csv(path, names=list(FACT_COLUMNS), dtype=dtypes, header=None)
    frame["pleegdatum"] = pd.to_datetime(frame["pleegdatum"], format="%Y-%m-%d")
    return frame


def _load_chunked(engine, chunk_rows: int = 500_000) -> pd.DataFrame:
    """SQLite: read in chunks, each made compact before the next is read."""
    from pandas.api.types import union_categoricals

    parts: list[pd.DataFrame] = []
    with engine.connect() as connection:
        chunks = pd.read_sql(
            f"SELECT {', '.join(FACT_COLUMNS)} FROM fact_incident",
            connection,
            chunksize=chunk_rows,
        )
        parts = [_typed(chunk) for chunk in chunks]
    if not parts:
        return _typed(pd.DataFrame({c: [] for c in FACT_COLUMNS}))
    frame = pd.DataFrame(
        {
            c: (
                union_categoricals([p[c] for p in parts])
                if c in CATEGORICAL
                else pd.concat([p[c] for p in parts], ignore_index=True)
            )
            for c in FACT_COLUMNS
        }
    )
    return frame


# --- shared pieces ----------------------------------------------------------------------------


def bucket_start(day: dt.date, grain: str) -> dt.date:
    return day - dt.timedelta(days=day.weekday()) if grain == "week" else day.replace(day=1)


def complete_buckets(period: Period, grain: str, days: Period) -> list[dt.date]:
    """The week (Monday) or month starts whose every day lies in the period, counted over the
    days of the calendar table (as the app counts them)."""
    start, end = max(period[0], days[0]), min(period[1], days[1])
    seen: dict[dt.date, int] = {}
    day = start
    while day <= end:
        key = bucket_start(day, grain)
        seen[key] = seen.get(key, 0) + 1
        day += dt.timedelta(days=1)
    full = {b: 7 if grain == "week" else calendar.monthrange(b.year, b.month)[1] for b in seen}
    return [b for b in sorted(seen) if seen[b] == full[b]]


def trend_numbers(
    current: dict[dt.date, int], comparison: dict[dt.date, int], q: Query
) -> tuple[tuple[tuple[str, int], ...], tuple[int, ...]]:
    """The trend chart: complete buckets of the period, and the comparison's complete buckets
    placed beside them (as many as both have)."""
    now = complete_buckets(q.period, q.grain, q.calendar)
    before = complete_buckets(q.comparison, q.grain, q.calendar)
    n = min(len(now), len(before))
    drawn = tuple((b.isoformat(), int(current.get(b, 0))) for b in now)
    return drawn, tuple(int(comparison.get(b, 0)) for b in before[:n]) if drawn else ()


def table_numbers(per_child: dict[str, tuple[int, int]], q: Query) -> dict[str, tuple[int, int]]:
    """Non-zero rows; areas outside the shown indeling are summed into one row under the scope's
    code, as the app shows them."""
    out: dict[str, tuple[int, int]] = {}
    rest = [0, 0]
    for code, (now, before) in per_child.items():
        if code in q.children:
            out[code] = (int(now), int(before))
        else:
            rest[0] += int(now)
            rest[1] += int(before)
    if any(rest):
        out[q.scope_code] = (rest[0], rest[1])
    return {k: v for k, v in out.items() if any(v)}


def kpi_numbers(per_category: dict[str, int], q: Query) -> dict[str, int]:
    kpi = {"totaal": int(sum(per_category.values()))}
    for key in q.categories:
        kpi[key] = int(per_category.get(key, 0))
    return kpi


# --- pandas -----------------------------------------------------------------------------------


def _area_mask(facts: pd.DataFrame, level: str, code: str) -> pd.Series | bool:
    return facts[AREA_COLUMN[level]] == code if level in AREA_COLUMN else True


def pandas_numbers(facts: pd.DataFrame, q: Query) -> Numbers:
    day = facts["pleegdatum"]
    p0, p1 = (pd.Timestamp(d) for d in q.period)
    c0, c1 = (pd.Timestamp(d) for d in q.comparison)
    chosen = (
        facts["mk_code"].isin(q.codes) if q.codes else facts["hoofdcategorie"].isin(q.categories)
    )
    in_p = day.between(p0, p1)
    in_c = day.between(c0, c1)
    area = chosen & _area_mask(facts, q.area_level, q.area_code)
    area &= ~facts["mk_code"].isin(q.left_out)

    # KPI cards: per hoofdcategorie, period and comparison.
    rows = facts.loc[area & (in_p | in_c), ["hoofdcategorie", "pleegdatum"]]
    kpi = rows.assign(
        now=rows["pleegdatum"].between(p0, p1), before=rows["pleegdatum"].between(c0, c1)
    )
    by_cat = kpi.groupby("hoofdcategorie", observed=True)[["now", "before"]].sum()
    kpi_now = {str(k): int(v) for k, v in by_cat["now"].items() if v or by_cat.at[k, "before"]}

    # Areas table: children of the map scope.
    scope = chosen & _area_mask(facts, q.scope_level, q.scope_code) & (in_p | in_c)
    scope &= ~facts["mk_code"].isin(q.left_out_children)
    child = AREA_COLUMN[q.child_level]
    rows = facts.loc[scope, [child, "pleegdatum"]]
    per_child = (
        rows.assign(
            now=rows["pleegdatum"].between(p0, p1), before=rows["pleegdatum"].between(c0, c1)
        )
        .groupby(child, observed=True)[["now", "before"]]
        .sum()
    )
    table = {str(k): (int(r.now), int(r.before)) for k, r in per_child.iterrows()}

    # Trend: counts per bucket in both periods.
    def per_bucket(mask) -> dict[dt.date, int]:
        dates = facts.loc[mask, "pleegdatum"]
        if q.grain == "week":
            starts = dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
        else:
            starts = dates.dt.to_period("M").dt.start_time
        return {k.date(): int(v) for k, v in starts.value_counts().items()}

    trend = trend_numbers(per_bucket(area & in_p), per_bucket(area & in_c), q)

    # Day x hour of the period.
    hours = facts.loc[area & in_p & facts["uur"].notna(), ["weekdag", "uur"]]
    heatmap = None
    if len(hours):
        grid = np.zeros((7, 24), dtype=np.int64)
        counts = hours.groupby(["weekdag", "uur"], observed=True).size()
        for (weekday, hour), n in counts.items():
            grid[int(weekday), int(hour)] = n
        heatmap = tuple(tuple(int(v) for v in row) for row in grid)

    # Profile: the mix per hoofdcategorie for the area, its gemeente and the region.
    for level, code in q.chain:
        mask = chosen & in_p & _area_mask(facts, level, code)
        facts.loc[mask, "hoofdcategorie"].value_counts()
    return Numbers(kpi_numbers(kpi_now, q), table_numbers(table, q), trend, heatmap)


# --- DuckDB -----------------------------------------------------------------------------------


def duckdb_connection(facts: pd.DataFrame):
    """A DuckDB database holding the facts in its own columnar table (not a view on pandas),
    or None when the bench extra is not installed. One thread, as one app request has."""
    try:
        import duckdb
    except ImportError:
        return None
    connection = duckdb.connect()
    connection.execute("SET threads TO 1")  # one core, like one app request
    connection.register("facts_frame", facts)
    codes = ", ".join(f"CAST({c} AS VARCHAR) AS {c}" for c in CATEGORICAL)
    connection.execute(
        "CREATE TABLE fact AS SELECT CAST(pleegdatum AS DATE) AS pleegdatum, "
        f"CAST(uur AS TINYINT) AS uur, CAST(weekdag AS TINYINT) AS weekdag, {codes} "
        "FROM facts_frame"
    )
    connection.unregister("facts_frame")
    return connection


def _literal(value) -> str:
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    text = str(value)
    if not SAFE_VALUE.match(text):
        raise ValueError(f"unsafe value in a bench query: {text!r}")
    return f"'{text}'"


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(_literal(v) for v in values)})" if values else "FALSE"


def _sql_area(level: str, code: str) -> str:
    return f"{AREA_COLUMN[level]} = {_literal(code)}" if level in AREA_COLUMN else "TRUE"


def _between(period: Period) -> str:
    return f"pleegdatum BETWEEN {_literal(period[0])} AND {_literal(period[1])}"


def _not_in(column: str, values) -> str:
    return f"NOT {_in(column, values)}" if values else "TRUE"


def duckdb_numbers(connection, q: Query) -> Numbers:
    chosen = _in("mk_code", q.codes) if q.codes else _in("hoofdcategorie", q.categories)
    area = (
        f"{chosen} AND {_sql_area(q.area_level, q.area_code)} AND {_not_in('mk_code', q.left_out)}"
    )
    both = f"({_between(q.period)} OR {_between(q.comparison)})"
    now = f"SUM(CASE WHEN {_between(q.period)} THEN 1 ELSE 0 END)"
    before = f"SUM(CASE WHEN {_between(q.comparison)} THEN 1 ELSE 0 END)"

    rows = connection.execute(
        f"SELECT hoofdcategorie, {now}, {before} FROM fact WHERE {area} AND {both} GROUP BY 1"
    ).fetchall()
    kpi_now = {k: int(n) for k, n, b in rows if n or b}

    child = AREA_COLUMN[q.child_level]
    scope = (
        f"{chosen} AND {_sql_area(q.scope_level, q.scope_code)} "
        f"AND {_not_in('mk_code', q.left_out_children)}"
    )
    rows = connection.execute(
        f"SELECT {child}, {now}, {before} FROM fact WHERE {scope} AND {both} GROUP BY 1"
    ).fetchall()
    table = {k: (int(n), int(b)) for k, n, b in rows}

    unit = "week" if q.grain == "week" else "month"

    def per_bucket(period: Period) -> dict[dt.date, int]:
        found = connection.execute(
            f"SELECT CAST(date_trunc('{unit}', pleegdatum) AS DATE), COUNT(*) FROM fact "
            f"WHERE {area} AND {_between(period)} GROUP BY 1"
        ).fetchall()
        return {d: int(n) for d, n in found}

    trend = trend_numbers(per_bucket(q.period), per_bucket(q.comparison), q)

    cells = connection.execute(
        f"SELECT weekdag, uur, COUNT(*) FROM fact WHERE {area} AND {_between(q.period)} "
        "AND uur IS NOT NULL GROUP BY 1, 2"
    ).fetchall()
    heatmap = None
    if cells:
        grid = np.zeros((7, 24), dtype=np.int64)
        for weekday, hour, n in cells:
            grid[int(weekday), int(hour)] = n
        heatmap = tuple(tuple(int(v) for v in row) for row in grid)

    for level, code in q.chain:
        connection.execute(
            f"SELECT hoofdcategorie, COUNT(*) FROM fact WHERE {chosen} AND "
            f"{_sql_area(level, code)} AND {_between(q.period)} GROUP BY 1"
        ).fetchall()
    return Numbers(kpi_numbers(kpi_now, q), table_numbers(table, q), trend, heatmap)


# --- comparing --------------------------------------------------------------------------------


def first_page(numbers: Numbers, page_size: int) -> Numbers:
    """The areas table as the app's first page shows it: the largest counts first, ties by
    comparison count and code (dashboard.measures.areas.table_page), cut at one page."""
    order = sorted(numbers.table.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return replace(numbers, table=dict(order[:page_size]))


def differences(expected: Numbers, other: Numbers) -> list[str]:
    """What differs, one short line per part (empty when equal)."""
    out = []
    for part in ("kpi", "table", "trend", "heatmap"):
        a, b = getattr(expected, part), getattr(other, part)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            shown = ", ".join(f"{k}: {a.get(k)} / {b.get(k)}" for k in keys[:4])
            out.append(f"{part}: {len(keys)} verschillen ({shown})")
        else:
            out.append(f"{part}: {_short(a)} / {_short(b)}")
    return out


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."
