"""kill -9 during a police delivery on PostgreSQL (issue 9): the loader runs in a subprocess
against a throw-away database and is killed while its COPY into the fact table is running. The
database must be exactly as before (facts, runs, every aggregate), and loading the same file
again must load all of it."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from dashboard.data.ingest.politie import run_politie
from dashboard.data.models import AggIncidentMonth, Base, FactIncident
from dashboard.data.queries import areas as area_queries
from tests.conftest import (
    DEMO_END,
    build_demo_db,
    create_pg_database,
    drop_pg_database,
    pg_admin_engine,
    write_csv,
)

pytestmark = pytest.mark.postgres

HEADER = ["Registratienummer", "Maatschappelijke klasse", "Begindatum", "Begintijd", "Buurtcode"]
CODES = ["F550 Eenvoudige mishandeling", "A72", "E33", "D10 Verkeersongeval"]
ROWS = 40_000
# Tables a delivery writes: every fact, run and aggregate table of the schema.
WRITTEN = sorted(t for t in Base.metadata.tables if t.startswith(("fact_", "agg_", "ingest_")))


@pytest.fixture(scope="module")
def database():
    url = create_pg_database()
    engine, factory, _ = build_demo_db(url, seed=3, years=1, scale=0.05)
    yield url, factory
    engine.dispose()
    drop_pg_database(url)


def big_delivery(path: Path, buurten: list[str]) -> Path:
    day = (DEMO_END - dt.timedelta(days=3)).strftime("%d-%m-%Y")
    rows = [
        [f"KILL-PG-{i:07d}", CODES[i % 4], day, f"{i % 24:02d}:15", buurten[i % len(buurten)]]
        for i in range(ROWS)
    ]
    return write_csv(path, HEADER, rows)


FINGERPRINT = (
    "SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
    'FROM "{table}" t'
)


def fingerprint(factory) -> dict[str, tuple]:
    """Row count and an md5 of the sorted contents of every table a delivery writes."""
    with factory() as session:
        return {
            table: tuple(session.execute(text(FINGERPRINT.format(table=table))).one())
            for table in WRITTEN
        }


def copy_backend(database_name: str) -> int | None:
    """The pid of a server process that is running COPY into the fact table right now."""
    with pg_admin_engine().connect() as connection:
        return connection.execute(
            text(
                "SELECT pid FROM pg_stat_activity WHERE datname = :db AND state = 'active' "
                "AND query ILIKE 'COPY%fact_incident%' AND backend_xid IS NOT NULL"
            ),
            {"db": database_name},
        ).scalar()


def backend_gone(pid: int, timeout_s: float = 15) -> bool:
    deadline = time.monotonic() + timeout_s
    with pg_admin_engine().connect() as connection:
        while time.monotonic() < deadline:
            alive = connection.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).scalar()
            if not alive:
                return True
            time.sleep(0.05)
    return False


def test_a_load_killed_mid_copy_leaves_postgresql_as_before(database, tmp_path):
    url, factory = database
    with factory() as session:
        buurten = [area.code for area in area_queries.areas(session, "buurt")]
    path = big_delivery(tmp_path / "groot.csv", buurten)
    before = fingerprint(factory)
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "ingest", "politie", str(path)],
        env={**os.environ, "VEILIGHEID_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    name = make_url(url).database
    pid = None
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and process.poll() is None:
            pid = copy_backend(name)
            if pid:
                break
            time.sleep(0.02)
        assert pid, "the COPY into fact_incident was never seen"
        time.sleep(0.1)  # some rows in: the kill lands mid-load
        assert process.poll() is None, "the load finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    # The server notices the dead client and rolls its transaction back.
    assert backend_gone(pid), "the killed loader's server process is still there"
    assert fingerprint(factory) == before

    # The same file again loads completely.
    with factory() as session:
        facts = session.scalar(select(func.count()).select_from(FactIncident))
    report = run_politie(factory, path, today=DEMO_END)
    assert report.status == "geladen", report
    assert report.inserted == ROWS
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(FactIncident)) == facts + ROWS
        assert session.scalar(select(func.sum(AggIncidentMonth.aantal))) == facts + ROWS
