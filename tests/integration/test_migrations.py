"""The Alembic migrations create exactly the schema of the models, on both engines."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from dashboard.data.db import make_engine, upgrade_schema
from dashboard.data.models import Base


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
