"""Report timings: one periodic PDF for the largest gemeente, all gemeenten in a row, and the
DVO progress report, beside the targets (one PDF <= 5 s, all 14 <= 60 s)."""

from __future__ import annotations

import datetime as dt
import time

from dashboard.analysis import report_periods
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.reports import dvo, periodic

TARGET_ONE_S = 5.0
TARGET_ALL_S = 60.0
NOW = dt.datetime(2026, 11, 28, 9, 0)


def run(factory, titles: dict[str, str]) -> list[tuple[str, float, float | None]]:
    with factory() as session:
        gemeenten = area_queries.areas(session, "gemeente")
        population = indicator_queries.population(session, [g.code for g in gemeenten])
        period = report_periods.latest_complete(
            "kwartaal", freshness_queries.latest_data_date(session)
        )
    largest = max(gemeenten, key=lambda g: population.get(g.code, 0))
    rows = []
    start = time.perf_counter()
    with factory() as session:
        periodic.render(session, largest.code, period.code, "pdf", NOW)
    rows.append(
        (f"periodiek {period.code}, {largest.naam}", time.perf_counter() - start, TARGET_ONE_S)
    )
    start = time.perf_counter()
    for gemeente in gemeenten:
        with factory() as session:
            periodic.render(session, gemeente.code, period.code, "pdf", NOW)
    rows.append(
        (f"periodiek, alle {len(gemeenten)} gemeenten", time.perf_counter() - start, TARGET_ALL_S)
    )
    start = time.perf_counter()
    with factory() as session:
        dvo.render(session, "2026-H2", "pdf", titles, NOW)
        session.rollback()  # the checklist defaults it may add are not the bench's business
    rows.append(("DVO-voortgangsrapportage 2026-H2", time.perf_counter() - start, None))
    return rows


def print_rows(rows: list[tuple[str, float, float | None]]) -> None:
    print(f"\n{'rapportage (PDF)':<44}{'seconden':>9}  doel")
    for name, seconds, target in rows:
        goal = f"<= {target:g} s  {'ok' if seconds <= target else 'TE TRAAG'}" if target else ""
        print(f"{name:<44}{seconds:>9.2f}  {goal}")
