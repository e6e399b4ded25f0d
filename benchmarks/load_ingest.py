"""The weekly police delivery during the load test: a fresh week of generated registrations
(new registration numbers, dates in the newest data week) loaded through the real CLI,
`veiligheid ingest politie FILE --json`, once per interval, each inserting what it reports."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from benchmarks.bench_db import veiligheid_command
from benchmarks.ingest import write_extract
from dashboard.data.models import DimArea, DimCategory, FactIncident
from dashboard.state import MK_CODE_RE


@dataclass
class Delivery:
    seconds: float
    inserted: int
    status: str
    error: str = ""


@dataclass
class WeekSource:
    """Draws a week of registrations, as many as the database has in a week."""

    buurten: list[str]
    codes: list[str]
    last_day: dt.date
    per_week: int
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(8))

    @classmethod
    def from_database(cls, factory) -> WeekSource:
        with factory() as session:
            jaar = session.scalar(select(func.max(DimArea.indeling_jaar)))
            buurten = list(
                session.scalars(
                    select(DimArea.code).where(
                        DimArea.indeling_jaar == jaar, DimArea.niveau == "buurt"
                    )
                )
            )
            codes = [c for c in session.scalars(select(DimCategory.mk_code)) if MK_CODE_RE.match(c)]
            last = session.scalar(select(func.max(FactIncident.pleegdatum)))
            # The week before the newest: earlier load-test deliveries all fall in the newest.
            week_before = FactIncident.pleegdatum.between(
                last - dt.timedelta(days=13), last - dt.timedelta(days=7)
            )
            per_week = session.scalar(select(func.count()).where(week_before))
        return cls(sorted(buurten), sorted(codes), last, max(int(per_week or 0), 100))

    def week(self, label: str) -> pd.DataFrame:
        n, rng = self.per_week, self.rng
        days = rng.integers(0, 7, n)
        hours = rng.integers(0, 24, n).astype(float)
        hours[rng.random(n) < 0.05] = np.nan  # some registrations have no known time
        return pd.DataFrame(
            {
                "registratienummer": [f"LOAD{label}-{i:06d}" for i in range(n)],
                "mk_code": rng.choice(self.codes, n),
                "pleegdatum": pd.to_datetime(
                    [self.last_day - dt.timedelta(days=int(d)) for d in days]
                ),
                "uur": pd.array(hours, dtype="Float64").astype("Int64"),
                "buurt_code": rng.choice(self.buurten, n),
            }
        )


def deliver(path: Path, database_url: str) -> Delivery:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEILIGHEID_")}
    env.update({"VEILIGHEID_DATABASE_URL": database_url, "VEILIGHEID_MODE": "production"})
    start = time.perf_counter()
    result = subprocess.run(
        [*veiligheid_command(), "ingest", "politie", str(path), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        error = f"exit {result.returncode}: {(result.stderr or result.stdout)[-300:]}"
        return Delivery(seconds, 0, "fout", error)
    status = report.get("status", "?")
    error = "" if status == "geladen" else f"{status}: {report.get('message', '')}"
    return Delivery(seconds, int(report.get("inserted", 0)), status, error)


def run_loop(
    source: WeekSource,
    database_url: str,
    work_dir: Path,
    interval_s: float,
    deadline: float,
    out: list[Delivery],
    stop: threading.Event,
) -> None:
    """A delivery at once, then one per interval, until the deadline."""
    k = 0
    while not stop.is_set() and time.monotonic() < deadline:
        started = time.monotonic()
        label = f"{int(time.time())}{k:03d}"
        path = write_extract(work_dir / f"week_{label}.csv", source.week(label))
        out.append(deliver(path, database_url))
        path.unlink(missing_ok=True)
        k += 1
        wait = interval_s - (time.monotonic() - started)
        if wait > 0 and time.monotonic() + wait < deadline:
            stop.wait(wait)
        elif wait > 0:
            break
