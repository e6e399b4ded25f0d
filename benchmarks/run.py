"""Benchmark of the general dashboard at Twente size: prints server times and payload sizes of
the callbacks fired by a filter change, and the boundary downloads, beside the targets.

It asserts nothing: timings depend on the machine. Requests go through Flask's test client, so
the times are server time without network. Run: `python -m benchmarks.run --help`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import random
import re
import statistics
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from dashboard import ids
from dashboard.config import Config
from dashboard.data import queries
from dashboard.data.db import make_engine, make_session_factory, upgrade_schema
from dashboard.data.models import FactIncident
from dashboard.state import MAIN_CATEGORIES, MK_CODE_RE, ViewState, to_search

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CBS_DIR = REPO.parent / "shared" / "data"
DEMO_END = dt.date(2026, 11, 22)  # fixed, so every run sees the same data
USERNAME, PASSWORD = "gebruiker", "bench-wachtwoord"
# Incidents over five years at scale 1.0; used to size the fictional fallback region like Twente.
TWENTE_PER_SCALE = 318_000
FICTIONAL_PER_SCALE = 26_400

# Targets from the issue.
TARGET_MAIN_P95_MS = 100.0
TARGET_CHANGE_KB = 100.0
TARGET_BUURT_KB = 1024.0

# The four callbacks fired by one filter change (they read the view store that mirrors the
# URL), found by one of their outputs.
CALLBACKS = {
    "update_main": f"{ids.TITLE}.children",
    "update_trend": f"{ids.TREND}.figure",
    "update_heatmap": f"{ids.HEATMAP}.figure",
    "update_profile": f"{ids.PROFILE}.children",
}
VIEW_INPUT = {"id": ids.VIEW, "property": "data"}
PERIODS = ("4w", "maand", "kwartaal", "jtd", "12m", "aangepast")
LEVELS = ("regio", "gemeente", "wijk", "buurt")


@dataclass
class Sample:
    search: str
    ms: float
    size: int


@dataclass
class Failure:
    callback: str
    search: str
    summary: str  # exception and the innermost frame in the project: groups equal failures
    traceback: str


@dataclass
class Results:
    samples: dict[str, list[Sample]] = field(default_factory=lambda: {n: [] for n in CALLBACKS})
    failures: list[Failure] = field(default_factory=list)


# --- arguments and database -------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--db", type=Path, help="SQLite file (default: a temporary directory)")
    parser.add_argument("--reuse", action="store_true", help="reuse --db if it exists")
    parser.add_argument(
        "--scale", type=float, default=1.6, help="demo scale (1.6 = about 500,000 incidents)"
    )
    parser.add_argument(
        "--cbs-dir", type=Path, default=DEFAULT_CBS_DIR, help="shared CBS data (geo/, cbs/)"
    )
    parser.add_argument("--changes", type=int, default=60, help="number of filter changes")
    parser.add_argument("--seed", type=int, default=1, help="seed of the filter states")
    parser.add_argument("--skip-ingest", action="store_true", help="skip the delivery benchmarks")
    args = parser.parse_args(argv)
    if args.reuse and not args.db:
        parser.error("--reuse needs --db")
    if args.changes < 1:
        parser.error("--changes must be at least 1")
    return args


def count_incidents(factory) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(FactIncident)) or 0


def prepare_database(args: argparse.Namespace, path: Path) -> str:
    """Build the demo database at path, or reuse it; returns the database URL."""
    reuse = args.reuse and path.exists()  # checked first: the engine creates the file
    url = f"sqlite:///{path.resolve()}"
    engine = make_engine(url)
    upgrade_schema(engine)  # a no-op on an up-to-date database, also when reusing
    factory = make_session_factory(engine)
    if reuse and count_incidents(factory):
        print(f"Database hergebruikt: {path}")
    else:
        build(args, factory, path)
    print(f"Registraties in de database: {count_incidents(factory):,}")
    engine.dispose()
    return url


def build(args: argparse.Namespace, factory, path: Path) -> None:
    from dashboard.data.demo import build_demo

    if (args.cbs_dir / "geo").is_dir():
        region = {"cbs_dir": args.cbs_dir, "regio_code": "VR05", "regio_naam": "Twente"}
        scale = args.scale
    else:
        # Without the real areas the fictional region stands in, scaled to as many incidents.
        region = {}
        scale = args.scale * TWENTE_PER_SCALE / FICTIONAL_PER_SCALE
        print(
            f"LET OP: CBS-map {args.cbs_dir} niet gevonden; fictieve demoregio gebruikt "
            f"met schaal {scale:.1f} (vergelijkbaar aantal registraties, veel minder buurten)."
        )
    print(f"Demodatabase bouwen in {path} (schaal {scale:.3g}) ...", flush=True)
    start = time.perf_counter()
    summary = build_demo(
        factory,
        **region,
        seed=1,
        scale=scale,
        end=DEMO_END,
        user_passwords={USERNAME: PASSWORD},
    )
    print(
        f"Gebouwd in {time.perf_counter() - start:.1f} s: {summary.regio}, "
        f"{summary.gemeenten} gemeenten, {summary.wijken} wijken, {summary.buurten} buurten, "
        f"{summary.incidents:,} registraties ({summary.data_van} t/m {summary.data_tot})."
    )


# --- filter states ----------------------------------------------------------------------------


def filter_states(factory, rng: random.Random, n: int) -> list[str]:
    """Query strings that cover every area level x period preset; the rest is drawn at random."""
    with factory() as session:
        areas = {level: [a.code for a in queries.areas(session, level)] for level in LEVELS[1:]}
        options = queries.category_options(session)
        latest = queries.latest_data_date(session)
    codes_by_category = {
        hc: [c for c in group["mk_code"] if MK_CODE_RE.match(c)]
        for hc, group in options.groupby("hoofdcategorie")
    }
    searches = []
    for i in range(n):
        level, periode = LEVELS[i % len(LEVELS)], PERIODS[(i // len(LEVELS)) % len(PERIODS)]
        van = tot = None
        if periode == "aangepast":
            tot = latest - dt.timedelta(days=rng.randint(0, 700))
            van = tot - dt.timedelta(days=rng.randint(6, 400))
        categories = MAIN_CATEGORIES
        if rng.random() < 0.6:
            chosen = set(rng.sample(MAIN_CATEGORIES, rng.randint(1, len(MAIN_CATEGORIES) - 1)))
            categories = tuple(c for c in MAIN_CATEGORIES if c in chosen)
        codes: tuple[str, ...] = ()
        if rng.random() < 0.25:
            pool = sorted(c for hc in categories for c in codes_by_category.get(hc, []))
            codes = tuple(rng.sample(pool, min(len(pool), rng.randint(1, 4))))
        state = ViewState(
            periode=periode,
            van=van,
            tot=tot,
            vergelijking=rng.choice(("vorige", "vorig_jaar")),
            hoofdcategorieen=categories,
            codes=codes,
            maat=rng.choice(("aantal", "per1000")),
            trend=rng.choice(("week", "maand")),
        )
        area = rng.choice(areas[level]) if level != "regio" else None
        searches.append(to_search(state.with_area(area)))
    return searches


# --- requests ---------------------------------------------------------------------------------


def login(client) -> None:
    """Through the real form, CSRF token included, as a browser does."""
    page = client.get("/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    response = client.post(
        "/login", data={"username": USERNAME, "password": PASSWORD, "csrf_token": token}
    )
    if response.status_code != 302:
        sys.exit(f"Inloggen als {USERNAME} mislukt (status {response.status_code}).")


def output_specs(output: str) -> dict | list[dict]:
    """Dash's output string as the renderer sends it: a list for multi-output callbacks."""
    multi = output.startswith("..")
    parts = output[2:-2].split("...") if multi else [output]
    specs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
    return specs if multi else specs[0]


def find_callbacks(client) -> dict[str, str]:
    """The dependency output string of each view-driven callback, from /_dash-dependencies."""
    dependencies = client.get("/_dash-dependencies").get_json()
    found = {}
    for name, wanted in CALLBACKS.items():
        for dep in dependencies:
            inputs = [{"id": i["id"], "property": i["property"]} for i in dep["inputs"]]
            specs = output_specs(dep["output"])
            outputs = specs if isinstance(specs, list) else [specs]
            if inputs == [VIEW_INPUT] and wanted in {f"{o['id']}.{o['property']}" for o in outputs}:
                found[name] = dep["output"]
    missing = set(CALLBACKS) - set(found)
    if missing:
        sys.exit(f"Callback(s) niet gevonden in /_dash-dependencies: {', '.join(sorted(missing))}")
    return found


def fire(client, output: str, search: str) -> tuple[float, bytes]:
    body = {
        "output": output,
        "outputs": output_specs(output),
        "inputs": [{**VIEW_INPUT, "value": search}],
        "changedPropIds": [f"{ids.VIEW}.data"],
        "state": [],
    }
    start = time.perf_counter()
    response = client.post("/_dash-update-component", json=body)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        text = response.get_data(as_text=True)[:500]
        raise RuntimeError(f"status {response.status_code}: {text}")
    return elapsed, response.get_data()


def run_changes(client, outputs: dict[str, str], searches: list[str]) -> Results:
    results = Results()
    # Warm-up: first-call costs (imports, statement caches, page cache) are not a filter change.
    for output in outputs.values():
        fire(client, output, to_search(ViewState()))
    for search in searches:
        for name, output in outputs.items():
            try:
                ms, body = fire(client, output, search)
            except Exception as exc:  # report every failing state, keep measuring the rest
                results.failures.append(failure(name, search, exc))
                continue
            results.samples[name].append(Sample(search, ms, len(body)))
    return results


def failure(callback: str, search: str, exc: Exception) -> Failure:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if is_project_file(f.filename)]
    where = ""
    if frames:
        last = frames[-1]
        where = f" ({Path(last.filename).relative_to(REPO)}:{last.lineno} in {last.name})"
    summary = f"{type(exc).__name__}: {exc}{where}"
    return Failure(callback, search, summary, traceback.format_exc())


def is_project_file(filename: str) -> bool:
    path = Path(filename).resolve()
    return path.is_relative_to(REPO / "dashboard") or path.is_relative_to(REPO / "auth")


def measure_geojson(client) -> list[tuple[str, int, int, float, float, int]]:
    """Per level: bytes, gzip bytes, ms of the first GET, ms and status of the revalidation."""
    rows = []
    for level in ("buurt", "wijk", "gemeente"):
        start = time.perf_counter()
        first = client.get(f"/geo/{level}.geojson")
        first_ms = (time.perf_counter() - start) * 1000
        body = first.get_data()
        start = time.perf_counter()
        again = client.get(
            f"/geo/{level}.geojson", headers={"If-None-Match": first.headers.get("ETag", "")}
        )
        again_ms = (time.perf_counter() - start) * 1000
        rows.append(
            (level, len(body), len(gzip.compress(body)), first_ms, again_ms, again.status_code)
        )
    return rows


# --- report -----------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def per_change(results: Results) -> list[Sample]:
    """The four callbacks of one filter change added up (only changes where all four answered)."""
    by_search: dict[str, list[Sample]] = {}
    for samples in results.samples.values():
        for s in samples:
            by_search.setdefault(s.search, []).append(s)
    return [
        Sample(search, sum(s.ms for s in group), sum(s.size for s in group))
        for search, group in by_search.items()
        if len(group) == len(CALLBACKS)
    ]


def print_table(results: Results, total: list[Sample]) -> None:
    print(
        f"\n{'callback':<20}{'n':>4}{'fout':>5}{'mediaan ms':>12}{'p95 ms':>9}{'max ms':>9}"
        f"{'mediaan KB':>12}{'max KB':>9}"
    )
    failed = {name: 0 for name in CALLBACKS}
    for f in results.failures:
        failed[f.callback] += 1
    for name, samples in [*results.samples.items(), ("som per wijziging", total)]:
        # For the sum: the filter changes with at least one failing callback.
        errors = failed.get(name, len({f.search for f in results.failures}))
        if not samples:
            print(f"{name:<20}{0:>4}{errors:>5}  (geen metingen)")
            continue
        ms = [s.ms for s in samples]
        kb = [s.size / 1024 for s in samples]
        print(
            f"{name:<20}{len(samples):>4}{errors:>5}{statistics.median(ms):>12.1f}{p95(ms):>9.1f}"
            f"{max(ms):>9.1f}{statistics.median(kb):>12.1f}{max(kb):>9.1f}"
        )
    print("(ms = servertijd via de Flask-testclient; KB = JSON-antwoord, ongecomprimeerd)")


def print_geojson(geo_rows: list) -> None:
    print(f"\n{'grenzen':<20}{'KB':>8}{'gzip KB':>9}{'1e GET ms':>11}{'2e GET ms':>11}  2e status")
    for level, size, gz, first_ms, again_ms, status in geo_rows:
        print(
            f"{level + '.geojson':<20}{size / 1024:>8.1f}{gz / 1024:>9.1f}"
            f"{first_ms:>11.1f}{again_ms:>11.1f}  {status} (If-None-Match)"
        )


def mark(ok: bool) -> str:
    return "OK" if ok else "NIET GEHAALD"


def print_targets(results: Results, total: list[Sample], geo_rows: list) -> None:
    main = [s.ms for s in results.samples["update_main"]]
    rows = []
    if main:
        measured = p95(main)
        rows.append(
            (
                f"update_main p95 <= {TARGET_MAIN_P95_MS:.0f} ms",
                f"{measured:.1f} ms",
                mark(measured <= TARGET_MAIN_P95_MS),
            )
        )
    if total:
        worst = max(s.size for s in total) / 1024
        rows.append(
            (
                f"payload per filterwijziging <= {TARGET_CHANGE_KB:.0f} KB",
                f"max {worst:.1f} KB (4 callbacks)",
                mark(worst <= TARGET_CHANGE_KB),
            )
        )
    _, size, _, _, _, status = next(r for r in geo_rows if r[0] == "buurt")
    rows.append(
        (
            f"buurtgrenzen <= {TARGET_BUURT_KB / 1024:.0f} MB, 1x ophalen",
            f"{size / 1024:.1f} KB, revalidatie {status}",
            mark(size / 1024 <= TARGET_BUURT_KB and status == 304),
        )
    )
    print(f"\n{'doel (issue)':<42}{'gemeten':<30}status")
    for target, measured, status_mark in rows:
        print(f"{target:<42}{measured:<30}{status_mark}")
    if results.failures:
        print(f"LET OP: {len(results.failures)} mislukte aanroepen tellen niet mee in de cijfers.")


def area_level(search: str) -> str:
    found = re.search(r"gebied=(GM|WK|BU)", search)
    return {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}[found.group(1)] if found else "regio"


def print_kinds(samples: list[Sample]) -> None:
    """Median and max of the main callback per kind of filter, to see what makes it slow."""
    kinds = {
        **{f"gebied {lvl}": lambda s, lvl=lvl: area_level(s) == lvl for lvl in LEVELS},
        **{f"periode {p}": lambda s, p=p: f"periode={p}&" in s for p in PERIODS},
        "met codes": lambda s: "codes=" in s,
        "zonder codes": lambda s: "codes=" not in s,
    }
    print(f"\nupdate_main per soort filter:\n{'soort':<20}{'n':>4}{'mediaan ms':>12}{'max ms':>9}")
    for kind, matches in kinds.items():
        ms = [s.ms for s in samples if matches(s.search)]
        if ms:
            print(f"{kind:<20}{len(ms):>4}{statistics.median(ms):>12.1f}{max(ms):>9.1f}")


def slowest(samples: list[Sample], n: int = 5) -> list[Sample]:
    return sorted(samples, key=lambda s: s.ms, reverse=True)[:n]


def print_worst(samples: list[Sample], again: dict[str, float]) -> None:
    print("\nTraagste 5 toestanden van update_main (opnieuw = dezelfde aanvraag nog eens, warm):")
    print(f"{'ms':>8}{'opnieuw':>9}{'KB':>7}  query string")
    for s in slowest(samples):
        warm = again.get(s.search, float("nan"))
        print(f"{s.ms:>8.1f}{warm:>9.1f}{s.size / 1024:>7.1f}  {s.search}")


def print_failures(failures: list[Failure]) -> None:
    """Equal failures once: how often, which states, and the traceback of the first."""
    groups: dict[tuple[str, str], list[Failure]] = {}
    for f in failures:
        groups.setdefault((f.callback, f.summary), []).append(f)
    print(f"\nFOUTEN: {len(failures)} callback-aanroepen mislukt, {len(groups)} soorten:")
    for (callback, summary), group in groups.items():
        print(f"\n{len(group)}x {callback}: {summary}")
        for f in group[:3]:
            print(f"  {f.search}")
    for (callback, summary), group in groups.items():
        print(f"\nTraceback van de eerste ({callback}: {summary}):\n{group[0].traceback}")


def print_report(results: Results, geo_rows: list, again: dict[str, float]) -> None:
    total = per_change(results)
    print_table(results, total)
    print_geojson(geo_rows)
    print_targets(results, total, geo_rows)
    main = results.samples["update_main"]
    print_kinds(main)
    print_worst(main, again)
    if results.failures:
        print_failures(results.failures)


# --- main -------------------------------------------------------------------------------------


def app_cache_of(app):
    from dashboard.cache import EXTENSION_KEY as CACHE_KEY

    return app.server.extensions[CACHE_KEY]


def run(args: argparse.Namespace, db_path: Path) -> int:
    from dashboard import create_app
    from dashboard.data.session import EXTENSION_KEY

    url = prepare_database(args, db_path)
    engine = make_engine(url)
    searches = filter_states(make_session_factory(engine), random.Random(args.seed), args.changes)
    engine.dispose()

    from benchmarks import thema

    engine = make_engine(url)
    thema.grant_all(make_session_factory(engine), USERNAME)
    engine.dispose()
    app = create_app(Config(mode="test", database_url=url, secret_key="bench"))
    client = app.server.test_client()
    login(client)
    outputs = find_callbacks(client)
    print(f"\n{len(searches)} filterwijzigingen x {len(outputs)} callbacks meten ...", flush=True)
    results = run_changes(client, outputs, searches)
    # A slow first hit can be a cold code path rather than the filter: time the worst ones again.
    again = {
        s.search: fire(client, outputs["update_main"], s.search)[0]
        for s in slowest(results.samples["update_main"])
    }
    geo_rows = measure_geojson(client)
    from benchmarks import usage as usage_bench

    usage_rows = usage_bench.run(app.server.extensions[EXTENSION_KEY].factory)
    from benchmarks import reports as report_bench
    from dashboard import pages

    print("\nRapportages maken ...", flush=True)
    titles = {p.path: p.title for p in pages.PAGES}
    report_rows = report_bench.run(app.server.extensions[EXTENSION_KEY].factory, titles)
    print("\nThematische dashboards meten ...", flush=True)
    theme_rows = thema.run(
        client, app.server.extensions[EXTENSION_KEY].factory, app_cache_of(app).clear
    )
    app.server.extensions[EXTENSION_KEY].engine.dispose()  # release the file before cleanup
    print_report(results, geo_rows, again)
    thema.print_rows(theme_rows)
    usage_bench.print_rows(usage_rows)
    report_bench.print_rows(report_rows)
    if not args.skip_ingest and args.cbs_dir.is_dir():
        from benchmarks import ingest

        print("\nLeveringen meten ...", flush=True)
        ingest.print_rows(ingest.run(db_path, db_path.parent, args.cbs_dir, args.scale))
    from benchmarks import extrapolation_eval, extrapolation_speed

    extrapolation_speed.print_row(*extrapolation_speed.run())
    extrapolation_eval.print_report(args.cbs_dir)  # prints nothing without the shared data
    return 1 if results.failures else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.db:
        return run(args, args.db)
    with tempfile.TemporaryDirectory(prefix="veiligheid-bench-") as tmp:
        return run(args, Path(tmp) / "bench.db")


if __name__ == "__main__":
    sys.exit(main())
