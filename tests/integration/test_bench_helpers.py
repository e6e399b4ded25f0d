"""The benchmark's database preparation (make bench is not run by make test)."""

from __future__ import annotations

from sqlalchemy import func, select

from benchmarks.ingest import _empty_copy
from dashboard.data.db import make_engine, make_session_factory
from dashboard.data.models import DimArea, FactIncident, FactPartner, IngestRun
from tests.conftest import demo_snapshot


def test_empty_copy_removes_every_delivery_and_keeps_the_areas(tmp_path):
    snapshot = demo_snapshot(tmp_path, seed=6, years=1, scale=0.05)  # has partner deliveries too
    url = _empty_copy(snapshot, tmp_path / "leeg.db")
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        for model in (FactIncident, FactPartner, IngestRun):
            assert session.scalar(select(func.count()).select_from(model)) == 0
        assert session.scalar(select(func.count()).select_from(DimArea)) > 0
    engine.dispose()
