"""The bench's databases: Twente size built in-process (SQLite file or a PostgreSQL database of
the bench's own), national size built by `veiligheid demo --scale national`, reused when asked.

A PostgreSQL database is only ever dropped when it is the bench's own Twente database and it is
not the national one; the national database is never dropped."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from dashboard.data.db import make_engine, make_session_factory, upgrade_schema

DEMO_END = dt.date(2026, 11, 22)  # fixed, so every run sees the same data
TWENTE_SCALE = 1.6  # about 500,000 registrations over five years
# Incidents over five years at scale 1.0; used to size the fictional fallback region like Twente.
TWENTE_PER_SCALE = 318_000
FICTIONAL_PER_SCALE = 26_400
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_TWENTE_URL = f"{PG_SERVER}/veiligheid_bench_twente"
PG_NATIONAL_URL = f"{PG_SERVER}/veiligheid_national"
# The account the bench logs in with; created in every bench database it measures.
BENCH_USER, BENCH_PASSWORD = "bench.gebruiker", "bench-wachtwoord"
NOT_BUILT = "nog niet gebouwd"


@dataclass(frozen=True)
class BenchDb:
    scale: str  # twente | national | --db
    kind: str  # sqlite | postgresql
    url: str

    @property
    def label(self) -> str:
        return f"{self.scale}/{self.kind}"

    def shown(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)


def kind_of(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def as_url(db: str | Path) -> str:
    """--db takes a database URL or a SQLite file path."""
    text_db = str(db)
    return text_db if "://" in text_db else f"sqlite:///{Path(text_db).resolve()}"


# --- inspection -------------------------------------------------------------------------------


def incident_count(url: str) -> int:
    """Registrations in the database; 0 when it, or its schema, does not exist."""
    if kind_of(url) == "sqlite" and not Path(make_url(url).database or "").exists():
        return 0
    if kind_of(url) == "postgresql" and not pg_exists(url):
        return 0
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("fact_incident"):
            return 0
        with engine.connect() as connection:
            return connection.execute(text("SELECT COUNT(*) FROM fact_incident")).scalar_one()
    finally:
        engine.dispose()


def sizes(url: str) -> dict[str, int]:
    from dashboard.data.models import DimArea

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(DimArea.niveau, func.count(func.distinct(DimArea.code))).group_by(
                    DimArea.niveau
                )
            ).all()
        return dict(rows)
    finally:
        engine.dispose()


def _admin_engine(url: str):
    return create_engine(
        make_url(url).set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )


def pg_exists(url: str) -> bool:
    admin = _admin_engine(url)
    try:
        with admin.connect() as connection:
            return bool(
                connection.execute(
                    text("SELECT 1 FROM pg_database WHERE datname = :n"),
                    {"n": make_url(url).database},
                ).first()
            )
    finally:
        admin.dispose()


def pg_create(url: str, template: str | None = None) -> None:
    admin = _admin_engine(url)
    name = make_url(url).database
    try:
        with admin.connect() as connection:
            # FILE_COPY: a plain copy of the template's files, far faster than WAL_LOG.
            clause = (
                f' TEMPLATE "{make_url(template).database}" STRATEGY FILE_COPY' if template else ""
            )
            connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    finally:
        admin.dispose()


def pg_drop(url: str, protected: tuple[str, ...] = (PG_NATIONAL_URL,)) -> None:
    name = make_url(url).database
    if any(same_database(url, p) for p in protected):
        raise RuntimeError(f"database {name} wordt nooit verwijderd door de bench")
    admin = _admin_engine(url)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def remove(url: str, protected: tuple[str, ...] = (PG_NATIONAL_URL,)) -> None:
    """Start a Twente build from nothing (never on the national database)."""
    if kind_of(url) == "postgresql":
        if pg_exists(url):
            pg_drop(url, protected)
        return
    path = Path(make_url(url).database or "")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# --- building ---------------------------------------------------------------------------------


def build_twente(url: str, cbs_dir: Path, scale: float = TWENTE_SCALE) -> None:
    """The demo generator with the real Twente areas (or the fictional region sized alike)."""
    from dashboard.data.demo.generator import build_demo
    from dashboard.measures.measurement import close_open_round

    if kind_of(url) == "postgresql" and not pg_exists(url):
        pg_create(url)
    if (cbs_dir / "geo").is_dir():
        region = {"cbs_dir": cbs_dir, "regio_code": "VR05", "regio_naam": "Twente"}
    else:
        region = {}
        scale = scale * TWENTE_PER_SCALE / FICTIONAL_PER_SCALE
        print(
            f"LET OP: CBS-map {cbs_dir} niet gevonden; fictieve demoregio gebruikt met schaal "
            f"{scale:.1f} (vergelijkbaar aantal registraties, veel minder buurten)."
        )
    engine = make_engine(url)
    upgrade_schema(engine)
    print(f"Demodatabase bouwen: {make_url(url).database} (schaal {scale:.3g}) ...", flush=True)
    start = time.perf_counter()
    summary = build_demo(
        make_session_factory(engine),
        **region,
        seed=1,
        scale=scale,
        end=DEMO_END,
        close_round=close_open_round,
    )
    engine.dispose()
    print(
        f"Gebouwd in {time.perf_counter() - start:.1f} s: {summary.regio}, "
        f"{summary.gemeenten} gemeenten, {summary.buurten} buurten, "
        f"{summary.incidents:,} registraties ({summary.data_van} t/m {summary.data_tot})."
    )


def cli_builds_national() -> bool:
    """Whether `veiligheid demo` knows --scale national yet (another issue adds it)."""
    result = subprocess.run(
        [*veiligheid_command(), "demo", "--help"], capture_output=True, text=True, check=False
    )
    return result.returncode == 0 and "national" in result.stdout


def veiligheid_command() -> list[str]:
    script = Path(sys.executable).parent / "veiligheid"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.cli"]


def build_national(url: str) -> None:
    if kind_of(url) == "postgresql" and not pg_exists(url):
        pg_create(url)
    environ = {**os.environ, "VEILIGHEID_DATABASE_URL": url, "VEILIGHEID_MODE": "demo"}
    command = [*veiligheid_command(), "demo", "--scale", "national", "--tot", DEMO_END.isoformat()]
    print(f"Landelijke database bouwen: {' '.join(command[1:])} ...", flush=True)
    start = time.perf_counter()
    subprocess.run(command, env=environ, check=True)
    print(f"Gebouwd in {time.perf_counter() - start:.0f} s.")


def ensure_bench_user(url: str) -> None:
    """The bench's own account (a gebruiker with every theme and the protocol accepted), so it
    never depends on, or changes, the demo accounts' passwords."""
    from dashboard.data.reference.themes import THEMES
    from dashboard.data.store import grants as grant_store
    from dashboard.data.store import protocol, users

    engine = make_engine(url)
    try:
        with make_session_factory(engine).begin() as session:
            user = users.upsert_user(
                session, BENCH_USER, role="gebruiker", gemeente_code=None, password=BENCH_PASSWORD
            )
            protocol.accept(session, user.id, protocol.current_version(session).versie)
            for theme in THEMES:
                grant_store.grant_theme(session, BENCH_USER, theme)
    finally:
        engine.dispose()


def same_database(a: str, b: str) -> bool:
    ua, ub = make_url(a), make_url(b)
    return (ua.host, ua.port, ua.database) == (ub.host, ub.port, ub.database)


def detect_scale(url: str) -> str:
    """national from a few thousand buurten on (Twente has about 500)."""
    return "national" if sizes(url).get("buurt", 0) >= 3000 else "twente"


def prepare(
    db: BenchDb,
    *,
    reuse: bool,
    cbs_dir: Path,
    national_url: str = PG_NATIONAL_URL,
    build_missing_national: bool = False,
) -> str | None:
    """Build or reuse one bench database; None when ready, else why it is skipped. A national
    database is always reused; a missing one is built (by the CLI, many minutes) only when
    asked."""
    have = incident_count(db.url)
    if db.scale == "national" or same_database(db.url, national_url):
        if have:
            print(f"{db.label}: database hergebruikt ({have:,} registraties)")
        elif not build_missing_national or not cli_builds_national():
            return NOT_BUILT
        else:
            build_national(db.url)
    elif have and reuse:
        print(f"{db.label}: database hergebruikt ({have:,} registraties)")
    else:
        remove(db.url, protected=(national_url,))
        build_twente(db.url, cbs_dir)
    engine = make_engine(db.url)
    upgrade_schema(engine)  # a no-op on an up-to-date database
    engine.dispose()
    ensure_bench_user(db.url)
    return None
