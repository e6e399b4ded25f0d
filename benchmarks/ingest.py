"""Delivery benchmarks: a weekly police extract, five years of history, and buurt assignment
of coordinates. Prints figures beside the issue's targets; asserts nothing."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import Transformer
from sqlalchemy import text

from dashboard.data.db import make_engine, make_session_factory
from dashboard.data.demo.generator import generate_incidents
from dashboard.data.ingest.cbs import read_cbs_dir
from dashboard.data.ingest.locate import BuurtLocator
from dashboard.data.ingest.politie import run_politie
from dashboard.data.queries.aggregates import AGGREGATE_TABLES

HEADER = ["Registratienummer", "Maatschappelijke klasse", "Begindatum", "Begintijd", "Buurtcode"]
END = dt.date(2026, 11, 22)


def write_extract(path: Path, incidents) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for row in incidents.itertuples(index=False):
            hour = "" if pd.isna(row.uur) else f"{int(row.uur):02d}:00"
            writer.writerow(
                [
                    row.registratienummer,
                    row.mk_code,
                    row.pleegdatum.strftime("%d-%m-%Y"),
                    hour,
                    row.buurt_code,
                ]
            )
    return path


def _empty_copy(source_db: Path, target: Path) -> str:
    """The bench database without incidents: same areas, categories and dates."""
    shutil.copy(source_db, target)
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in (
            *(model.__tablename__ for model in AGGREGATE_TABLES),
            "fact_incident",
            # Every other fact that points at a delivery goes too, or the runs cannot be deleted.
            "fact_crime_period",
            "fact_partner",
            "ingest_rejection",
            "ingest_run",
        ):
            connection.execute(text(f"DELETE FROM {table}"))
    engine.dispose()
    return url


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def run(source_db: Path, work_dir: Path, cbs_dir: Path, scale: float) -> list[tuple]:
    areas = read_cbs_dir(cbs_dir, "VR05", "Twente")
    rng = np.random.default_rng(7)
    history = generate_incidents(
        areas, rng, END - dt.timedelta(days=round(5 * 365.25)) + dt.timedelta(days=1), END, scale
    )
    history["registratienummer"] = "H" + history["registratienummer"]
    rows = []

    # Five years of history into a database with areas but no incidents.
    history_file = write_extract(work_dir / "historie.csv", history)
    url = _empty_copy(source_db, work_dir / "historie.db")
    factory = make_session_factory(make_engine(url))
    seconds, report = timed(lambda: run_politie(factory, history_file, today=END))
    rows.append(("vijf jaar historie", f"{report.read:,} rijen", seconds, 60.0, report.status))

    # A weekly delivery of 5,000 rows into that full database (the last week, re-numbered).
    week = history.tail(5000).copy()
    week["registratienummer"] = "W" + week["registratienummer"]
    week_file = write_extract(work_dir / "week.csv", week)
    seconds, report = timed(lambda: run_politie(factory, week_file, today=END))
    rows.append(("weeklevering", f"{report.read:,} rijen", seconds, 2.0, report.status))
    seconds, report = timed(lambda: run_politie(factory, week_file, today=END))
    rows.append(
        ("zelfde week nogmaals", f"{report.unchanged:,} ongewijzigd", seconds, 2.0, report.status)
    )

    # Buurt assignment of 100,000 RD coordinates.
    with factory() as session:
        locator = BuurtLocator.from_database(session)
    lon = rng.uniform(6.4, 7.05, 100_000)
    lat = rng.uniform(52.15, 52.45, 100_000)
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True).transform(lon, lat)
    seconds, found = timed(lambda: locator.locate(x, y))
    rows.append(
        (
            "buurt uit coördinaten",
            f"{(found != '').sum():,} van 100.000 in een buurt",
            seconds,
            5.0,
            "ok",
        )
    )
    return rows


def print_rows(rows: list[tuple]) -> None:
    print("\nleveringen                 omvang                          s   doel s  status")
    for name, size, seconds, target, status in rows:
        verdict = "OK" if seconds <= target and status in ("geladen", "ok") else "NIET GEHAALD"
        print(f"{name:<26} {size:<28} {seconds:>6.2f} {target:>7.0f}  {verdict} ({status})")
