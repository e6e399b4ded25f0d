"""Backup and restore of the application database.

SQLite: an online copy through SQLite's backup API (one step, so it is one consistent read
snapshot; in WAL mode writers carry on meanwhile), checked with ``PRAGMA integrity_check``.
A restore is checked first (a SQLite file of this application, an Alembic revision the code
knows), copied into a temporary file next to the database, checked and upgraded there, and then
copied into the live database with the backup API in a single step: one write transaction, so
readers see the old or the new database, never a mix.

PostgreSQL: ``pg_dump --format=custom`` on an exported snapshot (so the printed row counts are
those of the dump) and ``pg_restore --clean --if-exists --no-owner`` piped into ``psql
--single-transaction``: all or nothing. The connection settings come from the database URL and
reach the tools only through PG* environment variables, never on their command line.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from dashboard.data.db import (
    alembic_config,
    make_engine,
    make_session_factory,
    transaction,
    upgrade_schema,
)
from dashboard.data.store import audit

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# Tables every database of this application has had since the first migration.
CORE_TABLES = frozenset(
    {"alembic_version", "app_user", "audit_event", "dim_area", "dim_category", "fact_incident"}
)
INSTALL_HINT = "installeer postgresql-client"
# URL query parameters that libpq also reads from the environment.
PG_QUERY_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "passfile": "PGPASSFILE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "options": "PGOPTIONS",
}
_TOC_TABLE = re.compile(r"^\d+;\s+\d+\s+\d+\s+TABLE\s+(?!DATA\s)(\S+)\s+(\S+)\s", re.MULTILINE)


class BackupRefused(Exception):
    """The input is not acceptable (missing file, wrong database, ...): exit code 2."""


class BackupFailed(Exception):
    """The backup or restore could not be done (tool missing, tool error): exit code 1."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str  # "sqlite" or "postgresql"
    size: int
    revision: str
    tables: dict[str, int]


@dataclass(frozen=True)
class RestorePlan:
    """A checked backup file, ready to be restored into the database of `url`."""

    url: str
    source: Path
    engine: str
    revision: str
    head: str


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    engine: str
    revision: str  # of the backup
    upgraded_to: str | None  # the head revision when the backup was older, else None
    tables: dict[str, int]


def engine_kind(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend in ("sqlite", "postgresql"):
        return backend
    raise BackupRefused(f"back-up van een {backend}-database wordt niet ondersteund")


def backup(url: str, out: Path, *, actor: str) -> BackupResult:
    """Write a consistent copy of the database to `out` and record it in the audit log."""
    kind = engine_kind(url)
    out = Path(out)
    if out.is_dir():
        raise BackupRefused(f"{out} is een map; geef een bestandsnaam")
    if not out.parent.is_dir():
        raise BackupRefused(f"map {out.parent} bestaat niet")
    with _temporary_next_to(out) as tmp:
        if kind == "sqlite":
            try:
                result = _backup_sqlite(_sqlite_path(url, must_exist=True), out, tmp)
            except sqlite3.Error as exc:
                raise BackupFailed(f"back-up mislukt: {exc}") from exc
        else:
            try:
                result = _backup_postgresql(url, out, tmp)
            except SQLAlchemyError as exc:
                raise BackupFailed(f"back-up mislukt: {_first_line(exc)}") from exc
        _fsync(tmp)
        os.replace(tmp, out)
    _fsync_dir(out.parent)
    _record(
        url,
        actor,
        "backup",
        {"bestand": str(out.resolve()), "bytes": result.size, "revisie": result.revision},
    )
    return result


def plan_restore(url: str, source: Path) -> RestorePlan:
    """Check that `source` is a backup of this application that this code can restore."""
    kind = engine_kind(url)
    source = Path(source)
    if not source.is_file():
        raise BackupRefused(f"bestand niet gevonden: {source}")
    with source.open("rb") as handle:
        magic = handle.read(len(SQLITE_MAGIC))
    if kind == "sqlite":
        if magic.startswith(PGDUMP_MAGIC):
            raise BackupRefused(
                f"{source} is een PostgreSQL-back-up (pg_dump); de database is SQLite"
            )
        if magic != SQLITE_MAGIC:
            raise BackupRefused(f"{source} is geen SQLite-database")
        target = _sqlite_path(url, must_exist=False)
        if target.exists() and target.resolve() == source.resolve():
            raise BackupRefused(f"{source} is de database zelf")
        tables, revision = _sqlite_tables_and_revision(source)
    else:
        if magic == SQLITE_MAGIC:
            raise BackupRefused(f"{source} is een SQLite-database; de database is PostgreSQL")
        if not magic.startswith(PGDUMP_MAGIC):
            raise BackupRefused(f"{source} is geen pg_dump-archief (--format=custom)")
        tables, revision = _archive_tables_and_revision(url, source)
    _require_app_tables(source, tables)
    head = _check_revision(source, revision)
    return RestorePlan(url=url, source=source, engine=kind, revision=revision, head=head)


def restore(plan: RestorePlan, *, actor: str) -> RestoreResult:
    """Replace the database by the backup in one step, bring it up to date, audit it."""
    if plan.engine == "sqlite":
        try:
            tables = _restore_sqlite(plan)
        except sqlite3.Error as exc:
            raise BackupFailed(f"herstel mislukt, de database is niet gewijzigd: {exc}") from exc
    else:
        try:
            tables = _restore_postgresql(plan)
        except SQLAlchemyError as exc:
            raise BackupFailed(f"herstel mislukt: {_first_line(exc)}") from exc
    upgraded = plan.head if plan.revision != plan.head else None
    _record(
        plan.url,
        actor,
        "restore",
        {
            "bestand": str(plan.source.resolve()),
            "revisie_backup": plan.revision,
            "revisie": plan.head,
        },
    )
    return RestoreResult(
        source=plan.source,
        engine=plan.engine,
        revision=plan.revision,
        upgraded_to=upgraded,
        tables=tables,
    )


# --- shared helpers ---------------------------------------------------------------------------


def code_revisions() -> tuple[set[str], str]:
    """The Alembic revisions this code knows, and its head."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {rev.revision for rev in script.walk_revisions()}, script.get_current_head()


def _check_revision(source: Path, revision: str | None) -> str:
    known, head = code_revisions()
    if not revision:
        raise BackupRefused(f"{source} heeft geen schemaversie (alembic_version is leeg)")
    if revision not in known:
        raise BackupRefused(
            f"{source} heeft schemaversie {revision}, nieuwer dan deze versie van de applicatie "
            f"(nieuwste bekende versie: {head}); werk eerst de applicatie bij"
        )
    return head


def _require_app_tables(source: Path, tables: set[str]) -> None:
    missing = sorted(CORE_TABLES - tables)
    if missing:
        raise BackupRefused(
            f"{source} is geen back-up van Dashboard Veiligheid "
            f"(tabellen ontbreken: {', '.join(missing)})"
        )


def _record(url: str, actor: str, action: str, details: dict) -> None:
    engine = make_engine(url)
    try:
        with transaction(make_session_factory(engine)) as session:
            audit.record(session, actor, action, details)
    except SQLAlchemyError as exc:  # e.g. a read-only replica: the work itself is done
        done = "back-up geschreven" if action == "backup" else "database hersteld"
        raise BackupFailed(
            f"{done} ({details['bestand']}), maar het auditlog kon niet worden bijgewerkt: "
            f"{_first_line(exc)}"
        ) from exc
    finally:
        engine.dispose()


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {lines[0] if lines else ''}"


@contextmanager
def _temporary_next_to(path: Path) -> Iterator[Path]:
    """A temporary file name in the same folder (so a rename is atomic), removed afterwards."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        yield tmp
    finally:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in ("-wal", "-shm", "-journal"))):
            with suppress(FileNotFoundError):
                leftover.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with suppress(OSError):  # not every file system allows syncing a directory
        _fsync(path)


# --- SQLite -------------------------------------------------------------------------------------


def _sqlite_path(url: str, *, must_exist: bool) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupRefused("de database is geen SQLite-bestand (in het geheugen)")
    path = Path(database)
    if must_exist and not path.is_file():
        raise BackupRefused(f"database niet gevonden: {path}")
    return path


def _connect_sqlite(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    else:
        connection = sqlite3.connect(path, timeout=30)
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows]


def _sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in _sqlite_tables(connection)
    }


def _sqlite_revision(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _sqlite_tables_and_revision(path: Path) -> tuple[set[str], str | None]:
    try:
        with closing(_connect_sqlite(path, read_only=True)) as connection:
            tables = set(_sqlite_tables(connection))
            revision = _sqlite_revision(connection) if "alembic_version" in tables else None
    except sqlite3.DatabaseError as exc:
        raise BackupRefused(f"{path} is geen leesbare SQLite-database: {exc}") from exc
    return tables, revision


def _integrity_check(
    connection: sqlite3.Connection, what: Path, error: type[Exception] = BackupRefused
) -> None:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise error(f"{what} is beschadigd (integrity_check): {'; '.join(problems[:5])}")


def _backup_sqlite(source: Path, out: Path, tmp: Path) -> BackupResult:
    if source.resolve() == out.resolve():
        raise BackupRefused(f"{out} is de database zelf; kies een ander bestand")
    with closing(_connect_sqlite(source)) as live, closing(_connect_sqlite(tmp)) as copy:
        # pages=-1: the whole database in one step, i.e. within one read transaction. In WAL
        # mode that is a consistent snapshot and writers are not blocked while it runs.
        live.backup(copy, pages=-1)
        # A backup is one self-contained file, without -wal/-shm beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        _integrity_check(copy, source, BackupFailed)
        tables = _sqlite_counts(copy)
        if CORE_TABLES - set(tables):
            raise BackupRefused(
                f"{source} is geen database van Dashboard Veiligheid; "
                "voer eerst 'veiligheid init-db' uit"
            )
        revision = _sqlite_revision(copy) or ""
    return BackupResult(
        path=out, engine="sqlite", size=tmp.stat().st_size, revision=revision, tables=tables
    )


def _restore_sqlite(plan: RestorePlan) -> dict[str, int]:
    target = _sqlite_path(plan.url, must_exist=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _temporary_next_to(target) as tmp:
        with (
            closing(_connect_sqlite(plan.source, read_only=True)) as source,
            closing(_connect_sqlite(tmp)) as staged,
        ):
            source.backup(staged, pages=-1)
            staged.execute("PRAGMA journal_mode=DELETE")
            _integrity_check(staged, plan.source)
            if target.exists():
                # Copying into a WAL database needs the same page size on both sides.
                with closing(_connect_sqlite(target)) as live:
                    page_size = live.execute("PRAGMA page_size").fetchone()[0]
                if staged.execute("PRAGMA page_size").fetchone()[0] != page_size:
                    staged.execute(f"PRAGMA page_size={int(page_size)}")
                    staged.execute("VACUUM")
        if plan.revision != plan.head:
            engine = make_engine(f"sqlite:///{tmp}")
            try:
                upgrade_schema(engine)
            except Exception as exc:  # a failed migration of the copy leaves the database as is
                raise BackupFailed(
                    f"bijwerken van de back-up van {plan.revision} naar {plan.head} mislukte, "
                    f"de database is niet gewijzigd: {exc}"
                ) from exc
            finally:
                engine.dispose()
        with closing(_connect_sqlite(tmp)) as staged:
            tables = _sqlite_counts(staged)
            if target.exists():
                # One step = one write transaction on the live database: other connections
                # see either the old or the restored database.
                with closing(_connect_sqlite(target)) as live:
                    staged.backup(live, pages=-1)
        if not target.exists():
            _fsync(tmp)
            os.replace(tmp, target)
            _fsync_dir(target.parent)
    return tables


# --- PostgreSQL ---------------------------------------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupFailed(f"{name} niet gevonden; {INSTALL_HINT}")
    return path


def pg_environment(url: str) -> dict[str, str]:
    """The connection settings of `url` as libpq environment variables (password included),
    so that they never appear on a command line. Nothing else is passed on to the tools."""
    parsed = make_url(url)
    if not parsed.database:
        # Without a name libpq would pick a default database: never restore into that.
        raise BackupRefused("VEILIGHEID_DATABASE_URL noemt geen database")
    env = {"PGDATABASE": parsed.database, "PGAPPNAME": "veiligheid-backup"}
    # HOME lets libpq find ~/.pgpass; nothing of the calling shell's PG* settings is passed on.
    with suppress(RuntimeError):
        env["HOME"] = str(Path.home())
    if parsed.host:
        env["PGHOST"] = parsed.host
    if parsed.port:
        env["PGPORT"] = str(parsed.port)
    if parsed.username:
        env["PGUSER"] = parsed.username
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    for key, variable in PG_QUERY_ENV.items():
        value = parsed.query.get(key)
        if value:
            env[variable] = value if isinstance(value, str) else ",".join(value)
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupFailed(f"{what} mislukt: {_tail(done.stderr)}")
    return done.stdout


def _tail(stderr: str, lines: int = 8) -> str:
    return " | ".join(stderr.strip().splitlines()[-lines:]) or "geen melding"


def _pg_counts(connection) -> dict[str, int]:
    names = connection.execute(
        text(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
            "ORDER BY table_name"
        )
    ).scalars()
    return {
        name: connection.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar_one()
        for name in list(names)
    }


def _backup_postgresql(url: str, out: Path, tmp: Path) -> BackupResult:
    pg_dump = _tool("pg_dump")
    pg_restore = _tool("pg_restore")
    env = pg_environment(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                if connection.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar():
                    revision = connection.exec_driver_sql(
                        "SELECT version_num FROM alembic_version"
                    ).scalar()
                else:
                    revision = None
                if revision is None:
                    raise BackupRefused(
                        "de database heeft geen schema van Dashboard Veiligheid; "
                        "voer eerst 'veiligheid init-db' uit"
                    )
                # pg_dump reads the very snapshot in which the rows are counted.
                snapshot = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
                tables = _pg_counts(connection)
                _run(
                    [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={tmp}"],
                    env,
                    "pg_dump",
                )
    finally:
        engine.dispose()
    listing = _run([pg_restore, "--list", str(tmp)], env, "controle van het archief")
    missing = CORE_TABLES - {name for _schema, name in _TOC_TABLE.findall(listing)}
    if missing:
        raise BackupFailed(f"het archief mist tabellen: {', '.join(sorted(missing))}")
    return BackupResult(
        path=out, engine="postgresql", size=tmp.stat().st_size, revision=revision, tables=tables
    )


def _archive_tables_and_revision(url: str, source: Path) -> tuple[set[str], str | None]:
    pg_restore = _tool("pg_restore")
    env = pg_environment(url)
    listed = subprocess.run(
        [pg_restore, "--list", str(source)], env=env, capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:
        raise BackupRefused(f"{source} is geen leesbaar pg_dump-archief: {_tail(listed.stderr)}")
    tables = {name for _schema, name in _TOC_TABLE.findall(listed.stdout)}
    revision = None
    if "alembic_version" in tables:
        script = _run(
            [pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(source)],
            env,
            "lezen van de schemaversie",
        )
        match = re.search(r"^COPY \S*alembic_version .*FROM stdin;\n(.*?)\n\\\.$", script, re.M)
        if match:
            revision = match.group(1).strip() or None
    return tables, revision


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _restore_postgresql(plan: RestorePlan) -> dict[str, int]:
    from dashboard.data.models import Base

    pg_restore = _tool("pg_restore")
    psql = _tool("psql")
    env = pg_environment(plan.url)
    listing = _run([pg_restore, "--list", str(plan.source)], env, "lezen van het archief")
    in_archive = {name for _schema, name in _TOC_TABLE.findall(listing)}
    engine = make_engine(plan.url)
    try:
        with engine.connect() as connection:
            schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
            present = set(_pg_counts(connection))
    finally:
        engine.dispose()
    # Tables of this application that a newer schema added and the (older) backup lacks:
    # --clean leaves them alone, so they are dropped in the same transaction.
    ours = set(Base.metadata.tables) | {"alembic_version"}
    extra = sorted((present & ours) - in_archive)
    command = [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction"]
    if extra:
        drops = " ".join(
            f"DROP TABLE IF EXISTS {_quote(schema)}.{_quote(name)} CASCADE;" for name in extra
        )
        command.append(f"--command={drops}")
    command.append("--file=-")
    with tempfile.TemporaryFile() as dump_stderr:
        # pg_restore writes the SQL script, psql runs it as one transaction.
        dump = subprocess.Popen(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--file=-", str(plan.source)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=dump_stderr,
        )
        try:
            load = subprocess.run(
                command, env=env, stdin=dump.stdout, capture_output=True, text=True, check=False
            )
        finally:
            dump.stdout.close()
            dump.wait()
        dump_stderr.seek(0)
        dump_err = dump_stderr.read().decode(errors="replace")
    if dump.returncode != 0 or load.returncode != 0:
        problem = _tail(load.stderr) if load.returncode != 0 else _tail(dump_err)
        raise BackupFailed(f"herstel mislukt, de database is niet gewijzigd: {problem}")
    engine = make_engine(plan.url)
    try:
        if plan.revision != plan.head:
            try:
                upgrade_schema(engine)
            except Exception as exc:
                raise BackupFailed(
                    f"de back-up is hersteld (schemaversie {plan.revision}), maar bijwerken "
                    f"naar {plan.head} mislukte: {exc}; voer 'veiligheid init-db' uit"
                ) from exc
        with engine.connect() as connection:
            return _pg_counts(connection)
    finally:
        engine.dispose()
