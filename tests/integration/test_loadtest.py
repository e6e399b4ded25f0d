"""The load test's machinery on a small database (make loadtest itself is not run by make test):
gunicorn with two workers, two simulated users for a few seconds and deliveries through the
CLI. Every request the simulated users send must succeed and no row may be lost, so that the
load test cannot silently rot."""

from __future__ import annotations

import importlib.util
from argparse import Namespace

import pytest

from benchmarks import load, load_server
from dashboard.data.db import make_engine, make_session_factory
from tests.conftest import demo_snapshot, skip_or_fail


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if importlib.util.find_spec("gunicorn") is None:
        skip_or_fail("gunicorn is not installed")
    directory = tmp_path_factory.mktemp("load")
    snapshot = demo_snapshot(directory, seed=5, years=1, scale=0.1)
    environ = {
        "VEILIGHEID_MODE": "production",
        "VEILIGHEID_SECRET_KEY": load.SECRET_KEY,
        "VEILIGHEID_DATABASE_URL": snapshot.url,
        "VEILIGHEID_INSTANCE_DIR": str(directory),
    }
    server = load_server.start(directory, environ, workers=2)
    engine = make_engine(snapshot.url)
    try:
        yield server, snapshot.url, make_session_factory(engine), directory
    finally:
        server.stop()
        engine.dispose()


def test_simulated_users_and_deliveries_run_without_errors_or_lost_rows(served, capsys):
    server, url, factory, directory = served
    names = load.create_users(factory, 2)
    args = Namespace(duration=8.0, ingest_interval=4.0, think=(0.1, 0.3), seed=1, db_url=url)
    site = load.site_of(factory, server.base_url)
    result = load.phase(args, site, names, 2, factory, directory)
    kinds = {r.kind for r in result["records"]}
    assert {"POST /login", "POST paginarouter", "POST update_main", "POST filters -> URL"} <= kinds
    assert [r.error for r in result["records"] if r.error] == []
    assert result["deliveries"] and all(d.status == "geladen" for d in result["deliveries"])
    inserted = sum(d.inserted for d in result["deliveries"])
    assert inserted > 0
    assert result["after"] == result["before"] + inserted
    assert load.print_phase(result) is True
    assert "geen verloren rijen" in capsys.readouterr().out


def test_a_failing_request_is_counted_and_shown(served, capsys):
    """The report is not blind to errors: a refused login is an error with its sample."""
    from benchmarks.load_user import Log, User

    server, _, factory, _ = served

    log = Log()
    user = User(load.site_of(factory, server.base_url), log, "load.001", "wrong", seed=1)
    assert user.login() is False
    errors = [r for r in log.records if r.error]
    assert [r.kind for r in errors] == ["POST /login"]
    result = {
        "users": 1,
        "seconds": 1.0,
        "records": log.records,
        "deliveries": [],
        "before": 10,
        "after": 10,
    }
    assert load.print_phase(result) is False
    out = capsys.readouterr().out
    assert "POST /login [401]: 1x" in out and "NIET GEHAALD" in out
