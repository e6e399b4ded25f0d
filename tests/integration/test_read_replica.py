"""A read replica (VEILIGHEID_DATABASE_REPLICA_URL): the dashboards' figures are read there, while
logins, accounts and everything a user just wrote come from the primary. Two copies of one demo
database stand in for primary and replica, made to differ so the test can see where each read
went (a real replica differs only by its replication delay)."""

from __future__ import annotations

import orjson
import pytest
from sqlalchemy import select, update

from dashboard import create_app
from dashboard.config import Config
from dashboard.data.models import DimArea
from dashboard.data.store import users
from tests.conftest import REPO, database_copy, login, shared_demo_snapshot

REPLICA_NAME = "Naam op de replica"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("replica"), seed=11, scale=0.05, years=1)


@pytest.fixture
def primary_and_replica(snapshot, tmp_path):
    for name in ("primary", "replica"):
        (tmp_path / name).mkdir()
    with (
        database_copy(snapshot, tmp_path / "primary") as primary,
        database_copy(snapshot, tmp_path / "replica") as replica,
    ):
        yield primary, replica


def make_client(primary_url: str, replica_url: str):
    config = Config(
        mode="test",
        database_url=primary_url,
        database_replica_url=replica_url,
        secret_key="test-secret",
        instance_dir=REPO / "instance",
    )
    return create_app(config).server.test_client()


def test_figures_come_from_the_replica_and_accounts_from_the_primary(primary_and_replica):
    (primary_url, primary, _), (replica_url, replica, _) = primary_and_replica
    with replica() as session, session.begin():
        session.execute(
            update(DimArea).where(DimArea.niveau == "gemeente").values(naam=REPLICA_NAME)
        )
        # Disabled on the replica only: a lagging replica must not decide who may log in.
        users.set_active(session, "gebruiker", False, by="test")
    client = make_client(primary_url, replica_url)
    assert login(client, "gebruiker").status_code == 302
    boundaries = orjson.loads(client.get("/geo/gemeente.geojson").data)
    names = {f["properties"]["naam"] for f in boundaries["features"]}
    assert names == {REPLICA_NAME}
    # Disabled on the primary: the next request is refused at once, replica or not.
    with primary() as session, session.begin():
        users.set_active(session, "gebruiker", False, by="test")
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/health").get_json() == {"status": "ok"}


def test_an_unreachable_replica_is_skipped_and_reported(primary_and_replica):
    (primary_url, primary, _), _ = primary_and_replica
    client = make_client(primary_url, "postgresql+psycopg://nobody@127.0.0.1:9/none")
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok", "replica": "niet bereikbaar"}
    # The figures still load, from the primary.
    assert login(client, "gebruiker").status_code == 302
    boundaries = orjson.loads(client.get("/geo/gemeente.geojson").data)
    with primary() as session:
        expected = set(session.scalars(select(DimArea.naam).where(DimArea.niveau == "gemeente")))
    assert {f["properties"]["naam"] for f in boundaries["features"]} == expected
