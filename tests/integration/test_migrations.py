"""The Alembic migrations create exactly the schema of the models, on both engines, and every
one of them can be undone."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from dashboard.data.db import alembic_config, make_engine, upgrade_schema
from dashboard.data.models import Base
from tests.conftest import create_pg_database, drop_pg_database


def assert_no_drift(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_sqlite_schema_matches_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade_schema(engine)
    upgrade_schema(engine)  # running it again is a no-op
    assert_no_drift(engine)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_postgresql_schema_matches_models(pg_database):
    # A fresh schema inside the throw-away database keeps this independent of other tests.
    admin = create_engine(pg_database, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS migrations_check CASCADE"))
        connection.execute(text("CREATE SCHEMA migrations_check"))
    scoped = create_engine(pg_database, connect_args={"options": "-csearch_path=migrations_check"})
    upgrade_schema(scoped)
    assert "fact_incident" in inspect(scoped).get_table_names()
    assert_no_drift(scoped)
    scoped.dispose()
    with admin.connect() as connection:
        connection.execute(text("DROP SCHEMA migrations_check CASCADE"))
    admin.dispose()


@pytest.mark.parametrize("table", ["fact_incident", "agg_incident_month", "dim_area"])
def test_core_tables_exist(tmp_path, table):
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    upgrade_schema(engine)
    assert table in inspect(engine).get_table_names()


def migrate(engine, direction: str, revision: str) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        getattr(command, direction)(cfg, revision)


def audit_delete(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event"))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}" if request.param == "sqlite" else create_pg_database()
    engine = make_engine(url)
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        drop_pg_database(url)


def test_every_migration_downgrades_and_upgrades_again(empty_engine):
    upgrade_schema(empty_engine)
    migrate(empty_engine, "downgrade", "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    upgrade_schema(empty_engine)
    assert_no_drift(empty_engine)


def test_the_audit_triggers_come_and_go_with_migration_0010(empty_engine):
    upgrade_schema(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(
            text("INSERT INTO audit_event (tijdstip, actie) VALUES (CURRENT_TIMESTAMP, 'x')")
        )
    with pytest.raises(DBAPIError, match="append-only"):
        audit_delete(empty_engine)
    migrate(empty_engine, "downgrade", "0009")
    audit_delete(empty_engine)  # before 0010 nothing stopped it
    upgrade_schema(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(
            text("INSERT INTO audit_event (tijdstip, actie) VALUES (CURRENT_TIMESTAMP, 'y')")
        )
    with pytest.raises(DBAPIError, match="append-only"):
        audit_delete(empty_engine)


def test_migration_0018_adds_saved_views_that_go_with_their_account(empty_engine):
    upgrade_schema(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO app_user (id, username, password_hash, role, active, created_at) "
                "VALUES (7, 'almelo', 'x', 'gebruiker', TRUE, CURRENT_TIMESTAMP)"
            )
        )
        insert = (
            "INSERT INTO saved_view (user_id, naam, pad, zoekopdracht, startweergave, aangemaakt)"
            " VALUES (7, :naam, '/', '?gebied=GM0141', TRUE, CURRENT_TIMESTAMP)"
        )
        connection.execute(text(insert), {"naam": "Almelo"})
    with pytest.raises(DBAPIError), empty_engine.begin() as connection:
        connection.execute(text(insert), {"naam": "Almelo"})  # a name once per account
    migrate(empty_engine, "downgrade", "0017")
    assert "saved_view" not in inspect(empty_engine).get_table_names()
    assert "app_user" in inspect(empty_engine).get_table_names()
    upgrade_schema(empty_engine)
    with empty_engine.begin() as connection:
        connection.execute(text(insert), {"naam": "Almelo"})
        connection.execute(text("DELETE FROM app_user WHERE id = 7"))
        assert connection.execute(text("SELECT COUNT(*) FROM saved_view")).scalar() == 0
    assert_no_drift(empty_engine)
