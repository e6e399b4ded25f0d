"""What usage tracking adds to a request: the insert of a page view and the update of a filter
change, each in its own transaction as the callbacks do it, on the bench database. Prints the
median and p95 in milliseconds beside the target (under 2 ms per request)."""

from __future__ import annotations

import statistics
import time

from dashboard.data.store import usage as usage_store

TARGET_MS = 2.0
SAMPLES = 300


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def run(factory) -> list[tuple[str, float, float]]:
    who = {"username": "bench.gebruiker", "gemeente_code": None, "role": "gebruiker"}
    views, changes = [], []
    for k in range(SAMPLES):
        start = time.perf_counter()
        with factory.begin() as session:
            view_id = usage_store.record(session, soort="weergave", pagina="/", **who)
        views.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        with factory.begin() as session:
            usage_store.add_filter_changes(
                session, view_id, who["username"], ["periode", "gebied"], [f"GM{k % 14:04d}"]
            )
        changes.append((time.perf_counter() - start) * 1000)
    with factory.begin() as session:  # leave the bench database as it was
        from sqlalchemy import delete

        from dashboard.data.models import UsageEvent

        session.execute(delete(UsageEvent).where(UsageEvent.username == who["username"]))
    return [
        ("paginaweergave (insert)", statistics.median(views), _p95(views)),
        ("filterwijziging (update)", statistics.median(changes), _p95(changes)),
    ]


def print_rows(rows: list[tuple[str, float, float]]) -> None:
    print(f"\n{'gebruiksregistratie':<28}{'mediaan ms':>12}{'p95 ms':>9}  doel")
    for name, median, p95 in rows:
        mark = "ok" if p95 < TARGET_MS else "TE TRAAG"
        print(f"{name:<28}{median:>12.2f}{p95:>9.2f}  < {TARGET_MS:g} ms  {mark}")
    print("(eigen transactie per gebeurtenis, zoals in de callbacks; SQLite WAL)")
