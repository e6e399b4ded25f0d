"""The one table of `make bench`: scale (twente, national) x database (sqlite, postgresql) x
scenario (one buurt, one gemeente, the whole region), with the server time of the general
dashboard's four filter callbacks, their payload, and the same query in pandas and in DuckDB.

For every filter change the numbers the app answered (KPI cards, areas table, trend, day x hour)
are compared with those of pandas and DuckDB; any difference is printed and fails the run.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import app_numbers, bench_db, boundaries, general, reference
from benchmarks.bench_db import BenchDb
from benchmarks.dash_calls import fire, view_callbacks
from dashboard.data.db import make_engine, make_session_factory
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries.areas import Area
from dashboard.layouts.algemeen import TABLE_PAGE_SIZE
from dashboard.state import ViewState, parse, to_search

SCENARIOS = ("buurt", "gemeente", "regio")
PERIODS = ("4w", "maand", "kwartaal", "jtd", "12m", "aangepast")
# p95 targets of the issue in ms, per (scale, database) and scenario; None: no target.
TARGETS = {
    ("national", "postgresql"): {"gemeente": 150.0, "regio": 150.0},
    ("twente", "sqlite"): {"buurt": 50.0, "gemeente": 50.0, "regio": 50.0},
}


@dataclass
class Row:
    db: BenchDb
    scenario: str
    area: str = ""
    slowest_ms: list[float] = field(default_factory=list)  # slowest callback per change
    total_ms: list[float] = field(default_factory=list)  # the four callbacks added up
    kb: list[float] = field(default_factory=list)
    pandas_ms: list[float] = field(default_factory=list)
    duckdb_ms: list[float] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    skipped: str = ""
    boundaries: list[boundaries.Summary] = field(default_factory=list)  # per database


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


# --- scenarios and filter states --------------------------------------------------------------


def scenario_areas(session) -> dict[str, Area]:
    """The largest gemeente by inhabitants and its largest buurt (ties: lowest code); without
    population figures the most registrations decide."""
    region = area_queries.region(session)
    gemeenten = area_queries.areas(session, "gemeente")
    weight = indicator_queries.population(session, [g.code for g in gemeenten])
    if not weight:
        weight = _registrations(session, "gemeente_code")
    gemeente = min(gemeenten, key=lambda a: (-weight.get(a.code, 0), a.code))
    buurten = area_queries.areas(session, "buurt", gemeente)
    weight = indicator_queries.population(session, [b.code for b in buurten])
    if not weight:
        weight = _registrations(session, "buurt_code", gemeente.code)
    buurt = min(buurten, key=lambda a: (-weight.get(a.code, 0), a.code))
    return {"buurt": buurt, "gemeente": gemeente, "regio": region}


def _registrations(session, column: str, gemeente: str | None = None) -> dict[str, float]:
    from sqlalchemy import func, select

    from dashboard.data.models import FactIncident

    col = getattr(FactIncident, column)
    query = select(col, func.count()).group_by(col)
    if gemeente:
        query = query.where(FactIncident.gemeente_code == gemeente)
    return {code: float(n) for code, n in session.execute(query).all()}


def filter_states(session, area: Area, n: int, seed: int) -> list[str]:
    """Query strings for one area: every period preset with both comparisons and both trend
    grains in turn; hoofdcategorieen, incident codes and measure drawn from the seed."""
    rng = random.Random(f"{seed}-{area.niveau}")
    latest = freshness_queries.latest_data_date(session)
    codes = general.codes_by_category(session)
    combos = [
        (p, v, g) for p in PERIODS for v in ("vorige", "vorig_jaar") for g in ("week", "maand")
    ]
    searches = []
    for i in range(n):
        periode, vergelijking, grain = combos[i % len(combos)]
        drawn = general.random_selection(rng, periode, latest, codes, p_subset=0.5, p_codes=0.2)
        state = ViewState(
            **drawn,
            vergelijking=vergelijking,
            maat=rng.choice(("aantal", "per1000")),
            trend=grain,
        )
        searches.append(to_search(state.with_area(area.code if area.niveau != "regio" else None)))
    return searches


# --- measuring one database -------------------------------------------------------------------


def measure(
    db: BenchDb, states: int, seed: int, scenarios: tuple[str, ...] = SCENARIOS
) -> list[Row]:
    """The scenarios on one prepared database."""
    from benchmarks.bench_app import served

    engine = make_engine(db.url)
    factory = make_session_factory(engine)
    with factory() as session:
        areas = scenario_areas(session)
        searches = {s: filter_states(session, areas[s], states, seed) for s in scenarios}
    print(f"{db.label}: feiten in het geheugen laden (pandas, DuckDB) ...", flush=True)
    start = time.perf_counter()
    facts = reference.load_facts(engine)
    duck = reference.duckdb_connection(facts)
    print(
        f"{db.label}: {len(facts):,} registraties geladen in {time.perf_counter() - start:.1f} s"
        + ("" if duck else " (DuckDB niet geïnstalleerd: pip install -e '.[bench]')"),
        flush=True,
    )
    with served(db.url) as bench:
        client = bench.client
        outputs = view_callbacks(client.get("/_dash-dependencies").get_json())
        rows = []
        for scenario in scenarios:
            area = areas[scenario]
            row = Row(db, scenario, f"{area.naam} ({area.code})")
            print(f"{db.label}: {scenario} meten, {len(searches[scenario])} filterwijzigingen ...")
            with factory() as session:
                run_scenario(row, client, outputs, searches[scenario], session, facts, duck)
            rows.append(row)
        print(f"{db.label}: kaartgrenzen meten ...", flush=True)
        with factory() as session:
            documents = boundaries.measure(client, session)
        for row in rows:
            row.boundaries = documents
    engine.dispose()
    return rows


def run_scenario(row: Row, client, outputs, searches, session, facts, duck) -> None:
    # Warm-up: first-call costs (imports, statement caches, page cache) are not a filter change.
    for output in outputs.values():
        fire(client, output, searches[0])
    warm = reference.resolve_query(session, parse(searches[0]))
    reference.pandas_numbers(facts, warm)
    if duck is not None:
        reference.duckdb_numbers(duck, warm)
    for search in searches:
        times, size, answers = [], 0, {}
        try:
            for name, output in outputs.items():
                ms, body = fire(client, output, search)
                times.append(ms)
                size += len(body)
                answers[name] = json.loads(body)["response"]
        except Exception as exc:  # report every failing state, keep measuring the rest
            row.failures.append(f"{search}: {type(exc).__name__}: {str(exc)[:300]}")
            continue
        row.slowest_ms.append(max(times))
        row.total_ms.append(sum(times))
        row.kb.append(size / 1024)
        query = reference.resolve_query(session, parse(search))
        start = time.perf_counter()
        expected = reference.pandas_numbers(facts, query)
        row.pandas_ms.append((time.perf_counter() - start) * 1000)
        found = {"app": app_numbers.numbers(answers)}
        if duck is not None:
            start = time.perf_counter()
            found["DuckDB"] = reference.duckdb_numbers(duck, query)
            row.duckdb_ms.append((time.perf_counter() - start) * 1000)
        for who, numbers in found.items():
            # The app sends one page of the areas table per filter change.
            wanted = reference.first_page(expected, TABLE_PAGE_SIZE) if who == "app" else expected
            for line in reference.differences(wanted, numbers):
                row.mismatches.append(f"{who} t.o.v. pandas, {search}: {line}")


# --- the whole table --------------------------------------------------------------------------


def run(
    dbs: list[BenchDb],
    *,
    reuse: bool,
    cbs_dir: Path,
    states: int,
    seed: int,
    national_url: str = bench_db.PG_NATIONAL_URL,
    build_national: bool = False,
) -> list[Row]:
    rows = []
    for db in dbs:
        try:
            why = bench_db.prepare(
                db,
                reuse=reuse,
                cbs_dir=cbs_dir,
                national_url=national_url,
                build_missing_national=build_national,
            )
        except Exception as exc:  # a missing server or a failed build skips this database
            why = f"niet beschikbaar: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        if why:
            print(f"{db.label}: {why}")
            rows.extend(Row(db, s, skipped=why) for s in SCENARIOS)
            continue
        rows.extend(measure(db, states, seed))
    return rows


def _ratio(app: list[float], other: list[float]) -> str:
    if not app or not other:
        return "-"
    return f"{statistics.median(app) / max(statistics.median(other), 1e-6):.1f}x"


def _median(values: list[float], fmt: str = ".1f") -> str:
    return format(statistics.median(values), fmt) if values else "-"


def verdict(row: Row) -> tuple[str, str]:
    target = TARGETS.get((row.db.scale, row.db.kind), {}).get(row.scenario)
    if target is None:
        return "-", ""
    if not row.slowest_ms:
        return f"<= {target:.0f} ms", "NIET GEMETEN"
    ok = p95(row.slowest_ms) <= target and not row.failures
    return f"<= {target:.0f} ms", "OK" if ok else "NIET GEHAALD"


HEADER = (
    f"{'schaal':<10}{'database':<12}{'scenario':<10}{'n':>4}{'mediaan ms':>12}{'p95 ms':>9}"
    f"{'p95 som':>9}{'KB':>7}{'pandas ms':>11}{'x pandas':>10}{'DuckDB ms':>11}{'x DuckDB':>10}"
    f"{'gelijk':>8}  {'doel p95':<12}status"
)


def print_table(rows: list[Row]) -> None:
    print("\nSchaal x database x scenario (filtercallbacks van het algemeen dashboard)")
    print(HEADER)
    for row in rows:
        head = f"{row.db.scale:<10}{row.db.kind:<12}{row.scenario:<10}"
        target, status = verdict(row)
        if row.skipped:
            print(f"{head}  {row.db.scale}: {row.skipped}  {target:<12}{status}".rstrip())
            continue
        n = len(row.slowest_ms)
        if not n:
            print(f"{head}{0:>4}  (geen metingen: {len(row.failures)} fouten)  {target} {status}")
            continue
        same = "ja" if not row.mismatches else f"{len(row.mismatches)}x nee"
        print(
            f"{head}{n:>4}{_median(row.slowest_ms):>12}{p95(row.slowest_ms):>9.1f}"
            f"{p95(row.total_ms):>9.1f}{_median(row.kb):>7}{_median(row.pandas_ms):>11}"
            f"{_ratio(row.total_ms, row.pandas_ms):>10}{_median(row.duckdb_ms):>11}"
            f"{_ratio(row.total_ms, row.duckdb_ms):>10}{same:>8}  {target:<12}{status}"
        )
    print(
        "(mediaan/p95 ms = servertijd van de traagste van de vier callbacks per filterwijziging "
        "(de browser vraagt ze tegelijk); p95 som = de vier opgeteld; KB = de vier antwoorden; "
        "pandas/DuckDB ms = dezelfde telling in het geheugen, mediaan; x = som app / die tijd; "
        "gelijk = KPI's, tabel, trend en dag x uur van app, pandas en DuckDB gelijk)"
    )
    if any(r.skipped == bench_db.NOT_BUILT for r in rows):
        print(
            "  (landelijk bouwen: --build-national, of `veiligheid demo --scale national` met "
            "VEILIGHEID_DATABASE_URL)"
        )
    measured = [r for r in rows if not r.skipped]
    for db in dict.fromkeys(r.db for r in measured):
        areas = ", ".join(f"{r.scenario} = {r.area}" for r in measured if r.db == db)
        print(f"  {db.label}: {db.shown()}; {areas}")


def print_boundaries(rows: list[Row]) -> None:
    """The boundary documents per measured database (the same for all its scenarios)."""
    measured = [r for r in rows if r.boundaries]
    for db in dict.fromkeys(r.db for r in measured):
        boundaries.print_rows(db.label, next(r.boundaries for r in measured if r.db == db))


def print_problems(rows: list[Row]) -> None:
    for row in rows:
        label = f"{row.db.label} {row.scenario}"
        if row.mismatches:
            print(f"\nFOUT: ANDERE UITKOMST {label}: {len(row.mismatches)} verschillen, o.a.:")
            for line in row.mismatches[:5]:
                print(f"  {line}")
        if row.failures:
            print(f"\nFOUT: MISLUKTE AANROEPEN {label}: {len(row.failures)}, o.a.:")
            for line in row.failures[:3]:
                print(f"  {line}")


def failed(rows: list[Row]) -> bool:
    return any(r.mismatches or r.failures or boundaries.failed(r.boundaries) for r in rows)
