"""The demo generator: deterministic, plausible, and faithful to real CBS areas."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.data.db import make_engine, make_session_factory
from dashboard.data.models import AggIncidentMonth, DimArea, FactIncident, IngestRun
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import geometry as geometry_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries.filters import IncidentFilter
from dashboard.data.reference.categories import MAIN_CATEGORIES
from tests.conftest import build_demo_db


def fingerprint(factory) -> str:
    with factory() as session:
        columns = (
            FactIncident.registratienummer,
            FactIncident.pleegdatum,
            FactIncident.uur,
            FactIncident.buurt_code,
            FactIncident.mk_code,
        )
        rows = session.execute(select(*columns).order_by(FactIncident.registratienummer)).all()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    a = build_demo_db(f"sqlite:///{tmp_path / 'a.db'}", seed=11, years=1)[1]
    b = build_demo_db(f"sqlite:///{tmp_path / 'b.db'}", seed=11, years=1)[1]
    c = build_demo_db(f"sqlite:///{tmp_path / 'c.db'}", seed=12, years=1)[1]
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint(c)


def test_totals_are_plausible_and_deliveries_weekly(demo_main):
    _, factory, summary = demo_main
    with factory() as session:
        region = area_queries.region(session)
        inwoners = indicator_queries.population(session, [region.code])[region.code]
        last_year = (summary.data_tot - dt.timedelta(days=364), summary.data_tot)
        per_cat = incident_queries.counts(session, IncidentFilter(region), {"p": last_year})
        rate = per_cat["p"].sum() / inwoners * 1000
        # Dutch police registrations: tens per 1,000 inhabitants per year, not single digits or
        # hundreds; every hoofdcategorie is present.
        assert 40 < rate < 200
        assert set(per_cat["hoofdcategorie"]) == set(MAIN_CATEGORIES)
        runs = session.scalars(
            select(IngestRun).where(IngestRun.bron == "politie").order_by(IngestRun.data_van)
        ).all()
        assert len(runs) == summary.deliveries >= 52 * 5
        assert all(r.data_van.weekday() == 0 and (r.data_tot - r.data_van).days == 6 for r in runs)
        assert runs[-1].data_tot == summary.data_tot
        assert sum(r.toegevoegd for r in runs) == summary.incidents
        # The aggregate the dashboard reads agrees with the facts.
        assert session.scalar(select(func.sum(AggIncidentMonth.aantal))) == summary.incidents
        # Seasonality: burglary and theft peak in winter.
        months = incident_queries.counts(
            session,
            IncidentFilter(region, ("vermogen",)),
            {
                "winter": (dt.date(2025, 12, 1), dt.date(2026, 1, 31)),
                "zomer": (dt.date(2025, 6, 1), dt.date(2025, 7, 31)),
            },
        )
        assert months["winter"].sum() > months["zomer"].sum()


def test_real_cbs_areas_and_population(shared_data_dir, tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'twente.db'}"
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    code = main(
        [
            "demo",
            "--cbs-dir",
            str(shared_data_dir),
            "--regio-code",
            "VR05",
            "--regio-naam",
            "Twente",
            "--scale",
            "0.05",
            "--jaren",
            "1",
            "--tot",
            "2026-11-22",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "517 buurten" in out and "admin" in out
    factory = make_session_factory(make_engine(url))
    with factory() as session:
        levels = dict(
            session.execute(select(DimArea.niveau, func.count()).group_by(DimArea.niveau)).all()
        )
        assert levels == {"buurt": 517, "wijk": 120, "gemeente": 14, "regio": 1}
        with (shared_data_dir / "cbs" / "kwb2021_gemeente_twente.csv").open(encoding="utf-8") as f:
            official = {r["gemeentecode"]: float(r["aantal_inwoners"]) for r in csv.DictReader(f)}
        loaded = indicator_queries.population(session, list(official))
        assert loaded == pytest.approx(official)
        # The buurten add up to the gemeente within CBS rounding (CBS rounds buurt figures).
        for gemeente, total in official.items():
            buurten = area_queries.areas(session, "buurt", area_queries.area(session, gemeente))
            buurt_sum = sum(
                indicator_queries.population(session, [b.code for b in buurten]).values()
            )
            assert abs(buurt_sum - total) <= 100, gemeente
        geometry = geometry_queries.geometry_collection(session, "buurt")
        assert len(geometry["features"]) == 517
