"""Loading registrations into PostgreSQL: COPY against executemany, on the same rows.

Makes a throw-away database on the server (dropped at the end), a national-shaped area set and
N synthetic registrations, and loads them once through each path of loading.insert_incidents,
each in its own transaction with the fact table's indexes and foreign keys in place (as a
weekly delivery meets them). Asserts nothing. Run:
  python -m benchmarks.copy_load --server postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import uuid

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from dashboard.data.db import make_engine, make_session_factory, transaction, upgrade_schema
from dashboard.data.demo.generator import incident_chunks
from dashboard.data.demo.national import build_national_region
from dashboard.data.models import FactIncident, IngestRun
from dashboard.data.ops import loading


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.copy_load", description=__doc__)
    parser.add_argument("--server", required=True, help="URL of the server's admin database")
    parser.add_argument("--rows", type=int, default=500_000)
    args = parser.parse_args(argv)
    admin = create_engine(args.server, isolation_level="AUTOCOMMIT")
    name = f"veiligheid_copy_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.server).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        upgrade_schema(engine)
        factory = make_session_factory(engine)
        rng = np.random.default_rng(1)
        areas = build_national_region(rng, 2026, gemeenten=60)
        end = dt.date(2026, 11, 22)
        with transaction(factory) as session:
            loading.sync_categories(session)
            loading.replace_areas(session, 2026, areas.area_rows(), areas.geometry_rows())
            loading.ensure_dates(session, dt.date(2020, 1, 1), end)
        frames, total = [], 0
        for chunk in incident_chunks(areas, rng, dt.date(2021, 11, 22), end, 1.0):
            frames.append(chunk)
            total += len(chunk)
            if total >= args.rows:
                break
        incidents = pd.concat(frames, ignore_index=True).head(args.rows)
        print(f"{len(incidents):,} registraties, {len(areas.buurten):,} buurten")
        for label, copy in (("COPY", True), ("executemany", False)):
            with transaction(factory) as session:
                session.execute(delete(FactIncident))
            start = time.perf_counter()
            with transaction(factory) as session:
                run = IngestRun(bron="politie", bestandsnaam=f"{label}.csv", status="geladen")
                session.add(run)
                session.flush()
                loading.insert_incidents(session, incidents, run.id, copy=copy)
            seconds = time.perf_counter() - start
            print(f"{label:<12} {seconds:8.1f} s  {len(incidents) / seconds:10,.0f} rijen/s")
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
