"""The map's areas and their inhabitants are cached per data version: a filter change reuses
them, a new delivery of any source (here: kerncijfers) is seen at once."""

from __future__ import annotations

import pytest
from cachelib import SimpleCache
from sqlalchemy import update

from dashboard.data.models import FactAreaIndicator, IngestRun
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.measures import areas
from dashboard.measures.selection import resolve
from dashboard.policy import Viewer
from dashboard.state import ViewState
from tests.conftest import database_copy, shared_demo_snapshot

# No codes in these states: what the viewer may see does not change them.
ANY_VIEWER = Viewer("gebruiker", "GM9901")


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("map_areas"), seed=13, scale=0.05, years=1)


def inwoners(factory, cache) -> dict[str, int]:
    with factory() as session:
        ctx = resolve(session, ViewState(), ANY_VIEWER)
        table = areas.area_table(session, ctx, cache).frame
    return dict(zip(table["area_code"], table["inwoners"], strict=True))


def test_inhabitants_are_cached_until_a_new_delivery(snapshot, tmp_path):
    with database_copy(snapshot, tmp_path) as (_, factory, _):
        cache = SimpleCache()
        before = inwoners(factory, cache)
        gemeente = next(iter(before))
        with factory() as session, session.begin():
            session.execute(
                update(FactAreaIndicator)
                .where(
                    FactAreaIndicator.area_code == gemeente,
                    FactAreaIndicator.indicator == "aantal_inwoners",
                )
                .values(waarde=123_456)
            )
        # Same data version: the cached inhabitants (a filter change does not re-read them).
        assert inwoners(factory, cache)[gemeente] == before[gemeente]
        assert inwoners(factory, None)[gemeente] == 123_456
        with factory() as session, session.begin():
            session.add(IngestRun(bron="cbs-kerncijfers", bestandsnaam="kwb.csv", status="geladen"))
            version = freshness_queries.data_version(session)
        assert version > 0
        # A delivery raises the data version: the new figure shows.
        assert inwoners(factory, cache)[gemeente] == 123_456


def test_a_buurt_selection_reads_its_wijk_once(snapshot, tmp_path):
    """The main callback maps a buurt's wijk: the wijk is looked up once for the KPI cards and
    the areas table together (it was read twice), the wijk's buurten come from the cache."""
    from sqlalchemy import event

    with database_copy(snapshot, tmp_path) as (_, factory, _):
        cache = SimpleCache()
        with factory() as session:
            buurt = area_queries.areas(session, "buurt")[0]
            ctx = resolve(session, ViewState().with_area(buurt.code), ANY_VIEWER)
            areas.kpis_and_area_table(session, ctx, cache)  # fills the cache
            statements: list[str] = []
            event.listen(
                session.get_bind(), "before_cursor_execute", lambda *a: statements.append(a[2])
            )
            table = areas.kpis_and_area_table(session, ctx, cache).areas
    assert table.scope.code == buurt.wijk_code and table.child_level == "buurt"
    assert buurt.code in set(table.frame["area_code"])
    area_rows = [s for s in statements if s.startswith("SELECT dim_area.id")]
    assert len(area_rows) == 1, area_rows
