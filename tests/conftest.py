"""Shared fixtures: demo databases on SQLite and PostgreSQL, the app, logged-in clients."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import uuid
from contextlib import contextmanager
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
    from dashboard.data.demo import build_demo

    engine = make_engine(url)
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    summary = build_demo(factory, end=DEMO_END, user_passwords=PASSWORDS, **kwargs)
    return engine, factory, summary


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory):
    """The fictional demo region on SQLite (built once per run)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    engine, factory, summary = build_demo_db(url, seed=7)
    yield url, factory, summary
    engine.dispose()


def pg_admin_engine():
    """An autocommit engine on the PostgreSQL server, or a skip (a failure under CI)."""
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any connection problem means: no server here
        skip_or_fail(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}")
    return admin


@pytest.fixture(scope="session")
def pg_database():
    """A throw-away PostgreSQL database, dropped at the end of the run."""
    admin = pg_admin_engine()
    name = f"veiligheid_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def demo_postgresql(pg_database):
    engine, factory, summary = build_demo_db(pg_database, seed=7)
    yield pg_database, factory, summary
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"], scope="session")
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
def app(demo_sqlite):
    return make_app(demo_sqlite[0])


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


def demo_snapshot(directory: Path, **kwargs) -> Path:
    """Build a demo database once and fold its WAL into the file, so tests can copy it."""
    from sqlalchemy import text as sql

    path = directory / "snapshot.db"
    engine, _, _ = build_demo_db(f"sqlite:///{path}", **kwargs)
    with engine.connect() as connection:
        connection.execute(sql("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return path


@contextmanager
def database_copy(snapshot: Path, directory: Path):
    """A private copy of a snapshot: (url, session factory, file path)."""
    path = directory / "db.sqlite"
    shutil.copy(snapshot, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        yield url, make_session_factory(engine), path
    finally:
        engine.dispose()


def write_csv(path: Path, header, rows, *, delimiter=";", encoding="utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
