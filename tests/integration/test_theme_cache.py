"""The partner datasets' delivered range is kept per data version
(measures.theme_selection.coverage): every callback of a theme page reads it, and it changes
only with a delivery."""

from __future__ import annotations

import datetime as dt

import pytest
from cachelib import SimpleCache
from sqlalchemy import update

from dashboard.data.models import FactPartner, IngestRun
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.reference.themes import THEME_DEFINITIONS
from dashboard.measures import theme_selection as selection
from dashboard.policy import Viewer
from tests.conftest import database_copy, shared_demo_snapshot

THEME = "woonoverlast"  # has a partner source in the demo


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(
        tmp_path_factory.mktemp("theme_cache"), seed=21, scale=0.05, years=1
    )


def first_delivered(factory, cache) -> dict[str, dt.date]:
    with factory() as session:
        theme_sources = selection.sources(session, THEME_DEFINITIONS[THEME], Viewer("admin", None))
        version = freshness_queries.data_version(session)
        delivered = selection.coverage(session, theme_sources, cache, version)
    return {code: first for code, (first, _) in delivered.items()}


def test_the_delivered_range_is_cached_until_a_new_delivery(snapshot, tmp_path):
    with database_copy(snapshot, tmp_path) as (_, factory, _):
        cache = SimpleCache()
        before = first_delivered(factory, cache)
        assert before, "the demo has partner data for this theme"
        dataset = next(iter(before))
        earlier = before[dataset] - dt.timedelta(days=3 * 365)
        with factory() as session, session.begin():
            row = session.query(FactPartner.id).filter_by(dataset_code=dataset).limit(1).scalar()
            session.execute(
                update(FactPartner).where(FactPartner.id == row).values(periode_start=earlier)
            )
        # Same data version: the cached range (no scan per callback).
        assert first_delivered(factory, cache)[dataset] == before[dataset]
        assert first_delivered(factory, None)[dataset] == earlier
        with factory() as session, session.begin():
            session.add(IngestRun(bron="partner", bestandsnaam="x.csv", status="geladen"))
        # A delivery raises the data version: the new range shows.
        assert first_delivered(factory, cache)[dataset] == earlier
