"""The audit log is append-only for the application (issue 9): database triggers refuse UPDATE
and DELETE on both engines, through the application's own engine, and the admin export still
works."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from dashboard.data.db import make_engine, make_session_factory, upgrade_schema
from dashboard.data.models import AuditEvent
from dashboard.data.store import audit
from tests.conftest import (
    create_pg_database,
    database_copy,
    drop_pg_database,
    login,
    make_app,
    shared_demo_snapshot,
)
from tests.csv_export import read_export


@pytest.fixture(params=["sqlite", "postgresql"])
def factory(request, tmp_path):
    """An empty schema at the newest migration, on each engine in every run."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'audit.db'}"
    else:
        url = create_pg_database()
    engine = make_engine(url)
    try:
        upgrade_schema(engine)
        yield make_session_factory(engine)
    finally:
        engine.dispose()
        if request.param == "postgresql":
            drop_pg_database(url)


def add_event(factory) -> int:
    with factory() as session, session.begin():
        event = audit.record(session, "admin", "gebruiker_toegevoegd", {"gebruikersnaam": "x"})
        session.flush()
        return event.id


def stored(factory) -> list[tuple]:
    with factory() as session:
        rows = session.execute(
            select(AuditEvent.id, AuditEvent.username, AuditEvent.actie, AuditEvent.details)
        )
        return [tuple(row) for row in rows]


def refused(error: pytest.ExceptionInfo, operation: str) -> None:
    message = str(error.value.orig)
    assert "audit_event is append-only" in message, message
    assert f"{operation} is not allowed" in message, message


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET actie = 'iets anders'",
        "UPDATE audit_event SET details = NULL WHERE id = :id",
        "UPDATE audit_event SET username = 'ander' WHERE id = :id",
    ],
)
def test_sql_update_is_refused_and_the_row_stays(factory, statement):
    event_id = add_event(factory)
    before = stored(factory)
    with pytest.raises(DBAPIError) as error, factory() as session, session.begin():
        session.execute(text(statement), {"id": event_id})
    refused(error, "UPDATE")
    assert stored(factory) == before


@pytest.mark.parametrize(
    "statement", ["DELETE FROM audit_event", "DELETE FROM audit_event WHERE id = :id"]
)
def test_sql_delete_is_refused_and_the_row_stays(factory, statement):
    event_id = add_event(factory)
    before = stored(factory)
    with pytest.raises(DBAPIError) as error, factory() as session, session.begin():
        session.execute(text(statement), {"id": event_id})
    refused(error, "DELETE")
    assert stored(factory) == before


def test_orm_changes_are_refused_too(factory):
    event_id = add_event(factory)
    before = stored(factory)
    with pytest.raises(DBAPIError) as error, factory() as session, session.begin():
        session.get(AuditEvent, event_id).actie = "verborgen"
    refused(error, "UPDATE")
    with pytest.raises(DBAPIError) as error, factory() as session, session.begin():
        session.delete(session.get(AuditEvent, event_id))
    refused(error, "DELETE")
    assert stored(factory) == before


def test_appending_still_works_after_a_refusal(factory):
    add_event(factory)
    with pytest.raises(DBAPIError), factory() as session, session.begin():
        session.execute(text("DELETE FROM audit_event"))
    add_event(factory)
    assert len(stored(factory)) == 2


def test_truncate_is_refused_on_postgresql(factory):
    with factory() as session:
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("SQLite has no TRUNCATE")
    add_event(factory)
    with pytest.raises(DBAPIError) as error, factory() as session, session.begin():
        session.execute(text("TRUNCATE audit_event"))
    refused(error, "TRUNCATE")
    assert len(stored(factory)) == 1


# --- the admin export still works -------------------------------------------------------------


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("audit"), seed=3, scale=0.05, years=1)


def test_admin_exports_the_whole_log_including_the_export_itself(snapshot, tmp_path):
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        client = make_app(url).server.test_client()
        assert login(client, "admin").status_code == 302
        with factory() as session:
            count = session.scalar(select(func.count()).select_from(AuditEvent))
        response = client.get("/download/auditlog.csv")
        assert response.status_code == 200
        _, frame = read_export(response.get_data(), keep_default_na=False)
        assert list(frame.columns) == ["Tijdstip", "Door", "Actie", "Details"]
        assert len(frame) == count + 1  # every event, plus the export that took them
        assert list(frame.iloc[0][["Door", "Actie"]]) == ["admin", "export"]
        with factory() as session:
            assert session.scalar(select(func.count()).select_from(AuditEvent)) == count + 1
