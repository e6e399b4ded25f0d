"""Shared fixtures: demo databases on SQLite and PostgreSQL, the app, logged-in clients."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dashboard.config import Config
from dashboard.data.db import make_engine, make_session_factory, upgrade_schema

IN_CI = os.environ.get("CI", "").lower() == "true"
# Fuzz tests keep no example database in the working tree.
settings.register_profile("veiligheid", database=None, deadline=None)
settings.load_profile("veiligheid")
REPO = Path(__file__).resolve().parents[1]
DEMO_END = dt.date(2026, 11, 22)  # a Sunday: fixed so that every run sees the same data
PG_ADMIN_URL = os.environ.get(
    "VEILIGHEID_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
# The engine the app databases of this run live on. CI runs the suite once on each
# (scripts/run-tests); tests that are about one engine's files or tools carry a marker.
TEST_ENGINE = os.environ.get("VEILIGHEID_TEST_DATABASE", "sqlite").strip().lower()
if TEST_ENGINE not in ("sqlite", "postgresql"):
    raise pytest.UsageError(f"VEILIGHEID_TEST_DATABASE={TEST_ENGINE!r}: use sqlite or postgresql")
ON_POSTGRESQL = TEST_ENGINE == "postgresql"
PASSWORDS = {
    "admin": "admin-wachtwoord",
    "projectleider": "pl-wachtwoord",
    "gebruiker": "gebr-wachtwoord",
}


def skip_or_fail(reason: str):
    """Outside CI a missing service skips with a reason; in CI it must be there."""
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    path = Path(os.environ.get("VEILIGHEID_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not (path / "geo").is_dir():
        skip_or_fail(f"real CBS/police data not found at {path}")
    return path


def build_demo_db(url: str, **kwargs):
    from dashboard.data.demo.generator import build_demo
    from dashboard.measures.measurement import close_open_round

    engine = make_engine(url)
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    summary = build_demo(
        factory,
        end=DEMO_END,
        user_passwords=PASSWORDS,
        close_round=close_open_round,
        **kwargs,
    )
    return engine, factory, summary


ENGINES = ("sqlite", "postgresql")


def runs_on_both_engines_itself(item) -> bool:
    """A test that picks its databases' engines itself, whatever the pass: marked postgres (its
    databases are always PostgreSQL) or using a fixture parametrized over both ENGINES."""
    if item.get_closest_marker("postgres"):
        return True
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return False
    definitions = item._fixtureinfo.name2fixturedefs
    return any(
        tuple(definitions[name][-1].params or ()) == ENGINES
        for name in callspec.params
        if name in definitions
    )


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL pass, tests about SQLite itself are skipped with their reason, and
    tests that choose their engines themselves (demo_db, the postgres marker, any fixture over
    both ENGINES) are not repeated: the SQLite pass ran them on both engines already."""
    if not ON_POSTGRESQL:
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker:
            reason = marker.args[0] if marker.args else "about SQLite itself"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
        elif runs_on_both_engines_itself(item):
            item.add_marker(pytest.mark.skip(reason="picks its engines: run in the SQLite pass"))


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory):
    """The fictional demo region on SQLite (built once per run)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    engine, factory, summary = build_demo_db(url, seed=7)
    yield url, factory, summary
    engine.dispose()


_PG_ADMIN = []  # the one admin engine of this run


def pg_admin_engine():
    """An autocommit engine on the PostgreSQL server, or a skip (a failure under CI)."""
    if _PG_ADMIN:
        return _PG_ADMIN[0]
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any connection problem means: no server here
        skip_or_fail(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}")
    _PG_ADMIN.append(admin)
    return admin


_THROW_AWAY: set[str] = set()  # PostgreSQL databases this run made and has not dropped yet


def create_pg_database(template: str | None = None) -> str:
    """A new throw-away PostgreSQL database (optionally a copy of another); its URL."""
    admin = pg_admin_engine()
    name = f"veiligheid_test_{uuid.uuid4().hex[:10]}"
    # WAL_LOG, not FILE_COPY: FILE_COPY checkpoints the whole server before and after the copy
    # (and its DROP waits for another), seconds each while other tests write; WAL_LOG copies a
    # 13 MB demo in well under a tenth of a second.
    clause = f' TEMPLATE "{template}" STRATEGY WAL_LOG' if template else ""
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
    _THROW_AWAY.add(name)
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    name = make_url(url).database
    with pg_admin_engine().connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    _THROW_AWAY.discard(name)


@pytest.fixture(scope="session", autouse=True)
def _drop_throw_away_databases():
    yield
    for name in list(_THROW_AWAY):
        drop_pg_database(make_url(PG_ADMIN_URL).set(database=name).render_as_string(False))


def fresh_url(directory: Path, name: str = "app") -> str:
    """A new, empty database on the engine under test: a SQLite file in directory, or a
    throw-away PostgreSQL database (dropped at the end of the run)."""
    if ON_POSTGRESQL:
        return create_pg_database()
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / f'{name}.db'}"


@pytest.fixture(scope="session")
def pg_database():
    """A throw-away PostgreSQL database, dropped at the end of the run."""
    url = create_pg_database()
    yield url
    drop_pg_database(url)


@pytest.fixture(scope="session")
def demo_postgresql(pg_database):
    engine, factory, summary = build_demo_db(pg_database, seed=7)
    yield pg_database, factory, summary
    engine.dispose()


@pytest.fixture(params=ENGINES, scope="session")
def demo_db(request):
    """The same demo data on each engine: query tests run on both."""
    return request.getfixturevalue(f"demo_{request.param}")


def make_app(url: str):
    from dashboard import create_app

    config = Config(
        mode="test", database_url=url, secret_key="test-secret", instance_dir=REPO / "instance"
    )
    return create_app(config)


@pytest.fixture(scope="session")
def demo_main(request):
    """The shared demo database of this run, on the engine under test."""
    return request.getfixturevalue("demo_postgresql" if ON_POSTGRESQL else "demo_sqlite")


@pytest.fixture(scope="session")
def app(demo_main):
    return make_app(demo_main[0])


@pytest.fixture
def client(app):
    return app.server.test_client()


def login(client, username: str, password: str | None = None):
    """Log in through the real form, CSRF token included."""
    import re

    page = client.get("/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    return client.post(
        "/login",
        data={
            "username": username,
            "password": password or PASSWORDS[username],
            "csrf_token": token,
        },
    )


@pytest.fixture
def user_client(client):
    response = login(client, "gebruiker")
    assert response.status_code == 302
    return client


@dataclass(frozen=True)
class Snapshot:
    """A built demo database that tests copy instead of building again."""

    url: str
    path: Path | None  # the SQLite file; None on PostgreSQL


def demo_snapshot(directory: Path, **kwargs) -> Snapshot:
    """Build a demo database once on the engine under test (a SQLite file with its WAL folded
    in, or a PostgreSQL database used as a template), so tests can copy it."""
    if ON_POSTGRESQL:
        url = create_pg_database()
        engine, _, _ = build_demo_db(url, **kwargs)
        engine.dispose()  # a template may have no open connections
        return Snapshot(url, None)
    path = directory / "snapshot.db"
    engine, _, _ = build_demo_db(f"sqlite:///{path}", **kwargs)
    with engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return Snapshot(f"sqlite:///{path}", path)


_SHARED_SNAPSHOTS: dict[tuple, Snapshot] = {}


def shared_demo_snapshot(directory: Path, **kwargs) -> Snapshot:
    """demo_snapshot, built once per run for each set of arguments: modules that ask for the
    same demo share one build. Only for tests that never write to it, only to their copies
    (database_copy). The directory is used by the first caller only."""
    key = tuple(sorted((name, str(value)) for name, value in kwargs.items()))
    if key not in _SHARED_SNAPSHOTS:
        _SHARED_SNAPSHOTS[key] = demo_snapshot(directory, **kwargs)
    return _SHARED_SNAPSHOTS[key]


@contextmanager
def database_copy(snapshot: Snapshot, directory: Path):
    """A private copy of a snapshot: (url, session factory, SQLite file path or None)."""
    if snapshot.path is None:
        url, path = create_pg_database(template=make_url(snapshot.url).database), None
    else:
        path = directory / "db.sqlite"
        shutil.copy(snapshot.path, path)
        url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        yield url, make_session_factory(engine), path
    finally:
        engine.dispose()
        if path is None:
            drop_pg_database(url)


def write_csv(path: Path, header, rows, *, delimiter=";", encoding="utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def active_by_hand(session, day: dt.date) -> int:
    """ "Actief" counted straight from the tables, apart from the measure: enabled accounts
    with any usage event in the 30 days up to and including `day` (UTC)."""
    from sqlalchemy import func, select

    from dashboard.data.models import UsageEvent, User

    lo = dt.datetime.combine(day - dt.timedelta(days=29), dt.time.min)
    hi = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    return session.scalar(
        select(func.count(func.distinct(UsageEvent.username)))
        .join(User, User.username == UsageEvent.username)
        .where(User.active.is_(True), UsageEvent.tijdstip >= lo, UsageEvent.tijdstip < hi)
    )
