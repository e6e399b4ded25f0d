"""`veiligheid backup` and `veiligheid restore` (issue 8): an online SQLite copy while another
connection writes, a restore that brings back the backup's state (also from an older schema),
refusals that change nothing, and a PostgreSQL round trip through pg_dump / pg_restore."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import threading
import time
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from dashboard.cli import main
from dashboard.data.db import (
    alembic_config,
    make_engine,
    make_session_factory,
    transaction,
    upgrade_schema,
)
from dashboard.data.models import AuditEvent, User
from dashboard.data.ops import backup
from dashboard.data.store import users as user_store
from tests.conftest import (
    PG_ADMIN_URL,
    database_copy,
    pg_admin_engine,
    shared_demo_snapshot,
    skip_or_fail,
)

PG_TOOLS_MISSING = "pg_dump/pg_restore/psql not found: apt-get install -y postgresql-client"
HEAD = backup.code_revisions()[1]  # the newest migration: a new one must not break these tests
# SQLite file backups; the PostgreSQL round trip makes its own databases and runs in the first
# pass already.
pytestmark = pytest.mark.sqlite_only("backs up and restores SQLite files")


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("backup"), seed=3, scale=0.05, years=1)


@pytest.fixture
def live(snapshot, tmp_path, monkeypatch):
    """A private demo database that the `veiligheid` command works on: (url, factory, path)."""
    with database_copy(snapshot, tmp_path) as (url, factory, path):
        monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
        yield url, factory, path


def state(path: Path) -> dict[str, object]:
    """Row counts per table and the newest audit event: what a refused command must not change."""
    with closing(sqlite3.connect(path)) as connection:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
        newest = connection.execute("SELECT max(id) FROM audit_event").fetchone()[0]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    return {"counts": counts, "newest_audit": newest, "revision": revision}


def audit_events(factory, action: str) -> list[dict]:
    with factory() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.actie == action).order_by(AuditEvent.id)
        )
        return [json.loads(row.details) | {"door": row.username} for row in rows]


def usernames(factory) -> set[str]:
    with factory() as session:
        return set(session.scalars(select(User.username)))


def add_user(factory, name: str) -> None:
    with transaction(factory) as session:
        user_store.add_user(
            session, name, role="gebruiker", gemeente_code=None, password="een-lang-wachtwoord"
        )


def downgrade(url: str, revision: str) -> None:
    engine = make_engine(url)
    cfg = alembic_config(url)
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


class Writer(threading.Thread):
    """Commits numbered rows into the audit log, one transaction each, until stopped."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path = path
        self.committed = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with closing(sqlite3.connect(self.path, timeout=30)) as connection:
                connection.execute("PRAGMA busy_timeout=30000")
                while not self.stop.is_set():
                    connection.execute(
                        "INSERT INTO audit_event (tijdstip, username, actie, details) "
                        "VALUES ('2026-01-01 00:00:00.000000', 'schrijver', 'probe', ?)",
                        (json.dumps({"n": self.committed}),),
                    )
                    connection.commit()
                    self.committed += 1
        except BaseException as exc:  # reported by the test
            self.error = exc


# --- SQLite backup -----------------------------------------------------------------------------


def test_backup_while_another_connection_writes(live, tmp_path, capsys):
    _url, factory, path = live
    out = tmp_path / "kopie.db"
    writer = Writer(path)
    writer.start()
    try:
        while writer.committed < 50 and writer.is_alive():
            time.sleep(0.001)
        before = writer.committed
        assert main(["backup", "--out", str(out)]) == 0
        after = writer.committed
        while writer.committed < after + 20 and writer.is_alive():
            time.sleep(0.001)  # the writer carries on after the backup
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None
    printed = capsys.readouterr().out
    assert f"{out.stat().st_size:,} bytes" in printed
    assert "integrity_check ok" in printed and "fact_incident" in printed

    with closing(sqlite3.connect(f"{out.as_uri()}?mode=ro", uri=True)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        probes = [
            json.loads(details)["n"]
            for (details,) in copy.execute(
                "SELECT details FROM audit_event WHERE actie = 'probe' ORDER BY id"
            )
        ]
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    # Everything committed before the backup began, and a gap-free prefix: one snapshot.
    assert before <= len(probes) <= after
    assert probes == list(range(len(probes)))
    assert not Path(f"{out}-wal").exists() and leftovers(tmp_path) == []
    [event] = audit_events(factory, "backup")
    assert event["door"] == "cli" and event["bestand"] == str(out.resolve())
    assert event["bytes"] == out.stat().st_size and event["revisie"] == HEAD


def test_backup_refuses_bad_targets(live, tmp_path, capsys, monkeypatch):
    _url, _factory, path = live
    before = state(path)
    assert main(["backup", "--out", str(tmp_path / "bestaat-niet" / "kopie.db")]) == 2
    assert "bestaat niet" in capsys.readouterr().err
    assert main(["backup", "--out", str(path)]) == 2
    assert "de database zelf" in capsys.readouterr().err
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", f"sqlite:///{tmp_path / 'weg.db'}")
    assert main(["backup", "--out", str(tmp_path / "kopie.db")]) == 2
    assert "database niet gevonden" in capsys.readouterr().err
    assert state(path) == before
    assert not (tmp_path / "kopie.db").exists() and leftovers(tmp_path) == []


# --- SQLite restore ----------------------------------------------------------------------------


def test_restore_brings_back_the_state_of_the_backup(live, tmp_path, capsys):
    url, factory, path = live
    out = tmp_path / "kopie.db"
    assert main(["backup", "--out", str(out)]) == 0
    at_backup = state(out)  # the live database has the backup's audit event on top
    # The running application: a pooled connection that stays open across the restore.
    app_engine = make_engine(url)
    with app_engine.connect() as connection:
        incidents = connection.execute(text("SELECT count(*) FROM fact_incident")).scalar()
    add_user(factory, "na-de-backup")
    with transaction(factory) as session:
        session.execute(text("DELETE FROM fact_incident WHERE id % 2 = 0"))
    assert state(path) != at_backup
    capsys.readouterr()

    assert main(["restore", "--from", str(out), "--ja"]) == 0
    assert "hersteld uit" in capsys.readouterr().out
    restored = state(path)
    # Everything as it was at the backup, plus the restore's own audit event.
    assert restored["counts"] == at_backup["counts"] | {
        "audit_event": at_backup["counts"]["audit_event"] + 1
    }
    assert "na-de-backup" not in usernames(factory)
    with app_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM fact_incident")).scalar() == incidents
    app_engine.dispose()
    [event] = audit_events(factory, "restore")
    assert event == {
        "bestand": str(out.resolve()),
        "revisie_backup": HEAD,
        "revisie": HEAD,
        "door": "cli",
    }
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert leftovers(tmp_path) == []


def test_restore_of_an_older_backup_is_brought_up_to_date(live, tmp_path, capsys):
    _url, factory, path = live
    out = tmp_path / "oud.db"
    assert main(["backup", "--out", str(out)]) == 0
    downgrade(f"sqlite:///{out}", "0007")  # as if made before the newest migration
    add_user(factory, "na-de-backup")
    capsys.readouterr()
    assert main(["restore", "--from", str(out), "--ja"]) == 0
    assert f"schemaversie 0007, bijgewerkt tot {HEAD}" in capsys.readouterr().out
    assert state(path)["revision"] == HEAD
    assert "na-de-backup" not in usernames(factory)
    with factory() as session:  # the tables of migration 0008 are back, empty
        assert session.scalar(text("SELECT count(*) FROM measurement_round")) == 0


def test_restore_into_a_new_database_file(live, tmp_path, monkeypatch):
    _url, _factory, path = live
    out = tmp_path / "kopie.db"
    assert main(["backup", "--out", str(out)]) == 0
    fresh = tmp_path / "nieuw" / "veiligheid.db"
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", f"sqlite:///{fresh}")
    assert main(["restore", "--from", str(out), "--ja"]) == 0
    assert state(fresh)["counts"]["fact_incident"] == state(path)["counts"]["fact_incident"]
    assert leftovers(fresh.parent) == []


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "code"), [("ja\n", 0), ("nee\n", 2), ("\n", 2)])
def test_restore_asks_for_confirmation_at_a_terminal(live, tmp_path, monkeypatch, answer, code):
    _url, factory, _path = live
    out = tmp_path / "kopie.db"
    assert main(["backup", "--out", str(out)]) == 0
    add_user(factory, "na-de-backup")
    monkeypatch.setattr("sys.stdin", Terminal(answer))
    assert main(["restore", "--from", str(out)]) == code
    assert ("na-de-backup" in usernames(factory)) is (code == 2)


def write_foreign_sqlite(path: Path, *, with_alembic: bool) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE recepten (id INTEGER PRIMARY KEY, naam TEXT)")
        if with_alembic:
            connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
            connection.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
        connection.commit()


def make_refused_input(kind: str, directory: Path, live_path: Path) -> Path:
    target = directory / f"{kind}.db"
    if kind == "geen-bestand":
        return directory / "bestaat-niet.db"
    if kind == "geen-sqlite":
        target.write_text("registratienummer;datum\n1;2024-01-01\n", encoding="utf-8")
    elif kind == "pg-archief":
        target.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(64))
    elif kind == "andere-applicatie":
        write_foreign_sqlite(target, with_alembic=False)
    elif kind == "andere-applicatie-met-alembic":
        write_foreign_sqlite(target, with_alembic=True)
    elif kind == "nieuwere-revisie":
        shutil.copy(live_path, target)
        with closing(sqlite3.connect(target)) as connection:
            connection.execute("UPDATE alembic_version SET version_num = '0099_toekomst'")
            connection.commit()
    elif kind == "zonder-bevestiging":
        shutil.copy(live_path, target)
    return target


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("zonder-bevestiging", "niet bevestigd"),
        ("geen-bestand", "bestand niet gevonden"),
        ("geen-sqlite", "geen SQLite-database"),
        ("pg-archief", "PostgreSQL-back-up"),
        ("andere-applicatie", "geen back-up van Dashboard Veiligheid"),
        ("andere-applicatie-met-alembic", "geen back-up van Dashboard Veiligheid"),
        ("nieuwere-revisie", "nieuwer dan deze versie van de applicatie"),
    ],
)
def test_refused_restores_exit_2_and_change_nothing(
    live, tmp_path, capsys, monkeypatch, kind, message
):
    _url, _factory, path = live
    source_dir = tmp_path / "bronnen"
    source_dir.mkdir()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    source = make_refused_input(kind, source_dir, path)
    with closing(sqlite3.connect(path)) as connection:  # the live state differs from the copy
        connection.execute("DELETE FROM fact_incident WHERE id % 3 = 0")
        connection.commit()
    before = state(path)
    # Not a terminal: even a "ja" on stdin does not confirm; only --ja does.
    monkeypatch.setattr("sys.stdin", io.StringIO("ja\n"))
    args = ["restore", "--from", str(source)]
    assert main(args if kind == "zonder-bevestiging" else [*args, "--ja"]) == 2
    assert message in capsys.readouterr().err
    assert state(path) == before
    assert leftovers(tmp_path) == []


# --- PostgreSQL --------------------------------------------------------------------------------


def test_missing_pg_dump_gives_a_dutch_hint(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(
        "VEILIGHEID_DATABASE_URL", "postgresql+psycopg://iemand:geheim@db.invalid/veiligheid"
    )
    monkeypatch.setattr(backup.shutil, "which", lambda _name: None)
    assert main(["backup", "--out", str(tmp_path / "db.dump")]) == 1
    assert "pg_dump niet gevonden; installeer postgresql-client" in capsys.readouterr().err
    assert not (tmp_path / "db.dump").exists()


def test_connection_settings_go_to_the_environment_only():
    env = backup.pg_environment(
        "postgresql+psycopg://dash:ge%40heim@db.example:6432/veiligheid?sslmode=require"
    )
    assert env["PGPASSWORD"] == "ge@heim" and env["PGUSER"] == "dash"
    assert env["PGHOST"] == "db.example" and env["PGPORT"] == "6432"
    assert env["PGDATABASE"] == "veiligheid" and env["PGSSLMODE"] == "require"
    with pytest.raises(backup.BackupRefused):  # never fall back to libpq's default database
        backup.pg_environment("postgresql+psycopg://dash@db.example/")


@contextmanager
def throwaway_databases(count: int):
    admin = pg_admin_engine()
    names = [f"veiligheid_backup_{uuid.uuid4().hex[:10]}" for _ in range(count)]
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    # A password in the URL (ignored by trust auth) shows that it never reaches a command line.
    base = make_url(PG_ADMIN_URL).set(password="geheim-wachtwoord")
    try:
        yield [base.set(database=n).render_as_string(hide_password=False) for n in names]
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
                    ),
                    {"n": name},
                )
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def recorded_commands(monkeypatch):
    """Every command line the backup module starts, with its environment."""
    seen: list[tuple[list[str], dict]] = []
    run, popen = backup.subprocess.run, backup.subprocess.Popen

    def recording_run(cmd, *args, **kwargs):
        seen.append((list(cmd), dict(kwargs.get("env") or {})))
        return run(cmd, *args, **kwargs)

    def recording_popen(cmd, *args, **kwargs):
        seen.append((list(cmd), dict(kwargs.get("env") or {})))
        return popen(cmd, *args, **kwargs)

    monkeypatch.setattr(backup.subprocess, "run", recording_run)
    monkeypatch.setattr(backup.subprocess, "Popen", recording_popen)
    return seen


@pytest.mark.postgres
def test_postgresql_round_trip(tmp_path, monkeypatch, capsys, recorded_commands):
    if not all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql")):
        skip_or_fail(PG_TOOLS_MISSING)
    with throwaway_databases(2) as (source_url, target_url):
        source_engine = make_engine(source_url)
        upgrade_schema(source_engine)
        source = make_session_factory(source_engine)
        add_user(source, "anna")
        add_user(source, "bert")
        monkeypatch.setenv("VEILIGHEID_DATABASE_URL", source_url)
        dump = tmp_path / "veiligheid.dump"
        assert main(["backup", "--out", str(dump)]) == 0
        printed = capsys.readouterr().out
        assert f"schemaversie {HEAD}" in printed and "pg_restore --list ok" in printed
        assert dump.read_bytes()[:5] == b"PGDMP" and leftovers(tmp_path) == []
        assert audit_events(source, "backup")[0]["bestand"] == str(dump.resolve())
        add_user(source, "na-de-backup")

        # Into an empty database, and over the changed source (--clean).
        for url in (target_url, source_url):
            monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
            assert main(["restore", "--from", str(dump), "--ja"]) == 0
            engine = make_engine(url)
            factory = make_session_factory(engine)
            assert usernames(factory) == {"anna", "bert"}
            [event] = audit_events(factory, "restore")
            assert event["revisie_backup"] == HEAD and event["door"] == "cli"
            engine.dispose()

        # An older backup over a newer database: the newer tables go, then the upgrade.
        monkeypatch.setenv("VEILIGHEID_DATABASE_URL", source_url)
        source_engine.dispose()
        downgrade(source_url, "0007")
        older = tmp_path / "oud.dump"
        assert main(["backup", "--out", str(older)]) == 0
        monkeypatch.setenv("VEILIGHEID_DATABASE_URL", target_url)
        capsys.readouterr()
        assert main(["restore", "--from", str(older), "--ja"]) == 0
        assert f"schemaversie 0007, bijgewerkt tot {HEAD}" in capsys.readouterr().out
        target_engine = make_engine(target_url)
        with target_engine.connect() as connection:
            assert (
                connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            )
            assert connection.execute(text("SELECT count(*) FROM measurement_round")).scalar() == 0

        # Refused: a SQLite file and a newer revision; the target stays as it is.
        sqlite_file = tmp_path / "sqlite.db"
        write_foreign_sqlite(sqlite_file, with_alembic=True)
        assert main(["restore", "--from", str(sqlite_file), "--ja"]) == 2
        assert "SQLite-database" in capsys.readouterr().err
        with target_engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0099_toekomst'"))
        newer = tmp_path / "nieuw.dump"
        assert main(["backup", "--out", str(newer)]) == 0
        with target_engine.begin() as connection:
            connection.execute(text(f"UPDATE alembic_version SET version_num = '{HEAD}'"))
            audit_before = connection.execute(select(func.count()).select_from(AuditEvent))
            audit_before = audit_before.scalar()
        capsys.readouterr()
        assert main(["restore", "--from", str(newer), "--ja"]) == 2
        assert "nieuwer dan deze versie" in capsys.readouterr().err
        with target_engine.connect() as connection:
            assert (
                connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            )
            count = connection.execute(select(func.count()).select_from(AuditEvent)).scalar()
            assert count == audit_before
        target_engine.dispose()

    assert recorded_commands, "no pg_dump / pg_restore / psql was started"
    for cmd, env in recorded_commands:
        assert not any("geheim" in part for part in cmd), cmd
        assert env["PGPASSWORD"] == "geheim-wachtwoord"
        assert "PGDATABASE" in env
