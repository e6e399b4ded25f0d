"""Benchmark of the thematic dashboards: server time of the callbacks that one view change
fires on a theme page, per theme and area level, through the Flask test client. It asserts
nothing; `benchmarks.run` calls it after the general dashboard."""

from __future__ import annotations

import statistics
import time

from benchmarks import dash_calls
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.reference.themes import THEME_DEFINITIONS, THEMES
from dashboard.data.store import grants as grant_store
from dashboard.layouts.thema import THEMA
from dashboard.measures import theme_selection as selection
from dashboard.policy import Viewer

# The callbacks that listen to the theme page's view store, found by one of their outputs.
OUTPUTS = (THEMA.kpis, THEMA.trend, THEMA.comparison, THEMA.breakdown, THEMA.indicators)


def grant_all(factory, username: str) -> None:
    with factory.begin() as session:
        for theme in THEMES:
            grant_store.grant_theme(session, username, theme)


def _callbacks(client) -> list[dict]:
    deps = client.get("/_dash-dependencies").get_json()
    return [
        d
        for d in deps
        if any(f"{o}." in d["output"] for o in OUTPUTS) and dash_calls.reads_store(d, THEMA.view)
    ]


def _post(client, dep: dict, pathname: str, search: str) -> tuple[float, int]:
    body = dash_calls.store_body(dep, THEMA.view, search, pathname)
    start = time.perf_counter()
    response = client.post("/_dash-update-component", json=body)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        text = response.get_data(as_text=True)[:200]
        raise RuntimeError(f"{pathname}{search}: status {response.status_code} {text}")
    return elapsed, len(response.get_data())


def scenarios(factory) -> list[tuple[str, str]]:
    """(level, search): the region, the largest gemeente and one of its buurten, each with the
    police source and, where the theme has one, its first partner source."""
    with factory() as session:
        gemeenten = area_queries.areas(session, "gemeente")
        population = indicator_queries.population(session, [g.code for g in gemeenten])
        biggest = max(gemeenten, key=lambda g: population.get(g.code, 0))
        buurt = area_queries.areas(session, "buurt", biggest)[0]
    return [("regio", ""), ("gemeente", biggest.code), ("buurt", buurt.code)]


def _measure(client, deps, path: str, search: str, clear_cache) -> tuple[float, list[int]]:
    for dep in deps:
        _post(client, dep, path, search)  # warm-up: first-call costs
    clear_cache()
    total, sizes = 0.0, []
    for dep in deps:
        ms, size = _post(client, dep, path, search)
        total += ms
        sizes.append(size)
    return total, sizes


def run(client, factory, clear_cache) -> list[tuple]:
    """clear_cache empties the app cache before each measured change, so the figures are those
    of a first visit (the warm-up only loads code paths and statement caches). A failing view
    gives a row with its error instead of the figures (failures() lists them)."""
    deps = _callbacks(client)
    rows = []
    for slug in THEMES:
        path = f"/thema/{slug}"
        with factory() as session:
            theme_sources = selection.sources(
                session, THEME_DEFINITIONS[slug], Viewer("admin", None)
            )
        keys = [s.key for s in theme_sources[:2]]
        for level, area in scenarios(factory):
            times, sizes, error = [], [], ""
            for key in keys:
                search = selection.to_search(selection.ThemeState(gebied=area or None, bron=key))
                try:
                    total, sized = _measure(client, deps, path, search, clear_cache)
                except Exception as exc:  # the test client re-raises the app's errors
                    error = f"{path}{search}: {type(exc).__name__}: {str(exc)[:200]}"
                    break
                times.append(total)
                sizes.extend(sized)
            if error:
                rows.append((slug, level, None, None, None, error))
            else:
                rows.append(
                    (slug, level, statistics.median(times), max(times), sum(sizes) / 1024, "")
                )
    return rows


def failures(rows: list[tuple]) -> list[str]:
    return [error for *_, error in rows if error]


def print_rows(rows: list[tuple]) -> None:
    print(f"\n{'thema':<18}{'niveau':<10}{'mediaan ms':>12}{'max ms':>9}{'KB':>8}")
    for slug, level, median, worst, kb, error in rows:
        if error:
            print(f"{slug:<18}{level:<10}  FOUT: {error}")
            continue
        print(f"{slug:<18}{level:<10}{median:>12.1f}{worst:>9.1f}{kb:>8.1f}")
    print(
        "(ms = servertijd van alle callbacks van één weergavewijziging, per bron; KB = antwoorden)"
    )
