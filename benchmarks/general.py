"""The general dashboard in detail on one database: server times and payload sizes of the four
callbacks fired by a filter change (random filter states over every area level and period
preset), the boundary downloads, the slowest states and every failure with its traceback."""

from __future__ import annotations

import datetime as dt
import gzip
import random
import re
import statistics
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.dash_calls import CALLBACKS, fire
from dashboard import policy
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.state import MAIN_CATEGORIES, MK_CODE_RE, ViewState, to_search

REPO = Path(__file__).resolve().parents[1]

# Targets from the issue.
TARGET_MAIN_P95_MS = 100.0
TARGET_CHANGE_KB = 100.0
TARGET_BUURT_KB = 1024.0

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


# --- filter states ----------------------------------------------------------------------------


def codes_by_category(session) -> dict[str, list[str]]:
    """The incident codes a user can pick, per hoofdcategorie. Protected codes are left out: a
    selection with one shows gemeenten instead of the selection's children (dashboard/policy.py),
    which the reference counts do not model; the tests cover that path."""
    options = incident_queries.category_options(session)
    return {
        hc: sorted(
            c for c in group["mk_code"] if MK_CODE_RE.match(c) and not policy.is_protected(c)
        )
        for hc, group in options.groupby("hoofdcategorie")
    }


def random_selection(
    rng: random.Random,
    periode: str,
    latest: dt.date,
    codes_by_category: dict[str, list[str]],
    *,
    p_subset: float,
    p_codes: float,
) -> dict:
    """The drawn part of a filter state: a custom range when the preset is "aangepast", a
    subset of the hoofdcategorieen (chance p_subset) and up to four codes (chance p_codes)."""
    van = tot = None
    if periode == "aangepast":
        tot = latest - dt.timedelta(days=rng.randint(0, 700))
        van = tot - dt.timedelta(days=rng.randint(6, 400))
    categories = MAIN_CATEGORIES
    if rng.random() < p_subset:
        chosen = set(rng.sample(MAIN_CATEGORIES, rng.randint(1, len(MAIN_CATEGORIES) - 1)))
        categories = tuple(c for c in MAIN_CATEGORIES if c in chosen)
    codes: tuple[str, ...] = ()
    if rng.random() < p_codes:
        pool = sorted(c for hc in categories for c in codes_by_category.get(hc, []))
        codes = tuple(rng.sample(pool, min(len(pool), rng.randint(1, 4))))
    return {
        "periode": periode,
        "van": van,
        "tot": tot,
        "hoofdcategorieen": categories,
        "codes": codes,
    }


def filter_states(factory, rng: random.Random, n: int) -> list[str]:
    """Query strings that cover every area level x period preset; the rest is drawn at random."""
    with factory() as session:
        areas = {
            level: [a.code for a in area_queries.areas(session, level)] for level in LEVELS[1:]
        }
        codes = codes_by_category(session)
        latest = freshness_queries.latest_data_date(session)
    searches = []
    for i in range(n):
        level, periode = LEVELS[i % len(LEVELS)], PERIODS[(i // len(LEVELS)) % len(PERIODS)]
        drawn = random_selection(rng, periode, latest, codes, p_subset=0.6, p_codes=0.25)
        state = ViewState(
            **drawn,
            vergelijking=rng.choice(("vorige", "vorig_jaar")),
            maat=rng.choice(("aantal", "per1000")),
            trend=rng.choice(("week", "maand")),
        )
        area = rng.choice(areas[level]) if level != "regio" else None
        searches.append(to_search(state.with_area(area)))
    return searches


def run_changes(client, outputs: dict[str, dict], searches: list[str]) -> Results:
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


# --- one run ----------------------------------------------------------------------------------


def measure(client, outputs: dict[str, dict], factory, changes: int, seed: int) -> tuple:
    """(results, boundary rows, warm re-times of the slowest states) for a logged-in client."""
    searches = filter_states(factory, random.Random(seed), changes)
    print(f"\n{len(searches)} filterwijzigingen x {len(outputs)} callbacks meten ...", flush=True)
    results = run_changes(client, outputs, searches)
    # A slow first hit can be a cold code path rather than the filter: time the worst ones again.
    again = {
        s.search: fire(client, outputs["update_main"], s.search)[0]
        for s in slowest(results.samples["update_main"])
    }
    return results, measure_geojson(client), again
