"""The query layer against direct counts on the fact table, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import func, select

from dashboard.data import queries
from dashboard.data.models import FactIncident
from dashboard.data.queries import IncidentFilter

D = dt.date
PERIODS = {
    "periode": (D(2026, 5, 1), D(2026, 10, 31)),
    "vergelijking": (D(2025, 5, 1), D(2025, 10, 31)),
}
AREA_COLUMN = {
    "gemeente": FactIncident.gemeente_code,
    "wijk": FactIncident.wijk_code,
    "buurt": FactIncident.buurt_code,
}


def direct_count(session, area, period, hoofdcategorieen=None, codes=None, child=None) -> int:
    query = (
        select(func.count())
        .select_from(FactIncident)
        .where(FactIncident.pleegdatum.between(*period))
    )
    if area.niveau != "regio":
        query = query.where(AREA_COLUMN[area.niveau] == area.code)
    if child is not None:
        query = query.where(AREA_COLUMN[child.niveau] == child.code)
    if codes:
        query = query.where(FactIncident.mk_code.in_(codes))
    if hoofdcategorieen:
        query = query.where(FactIncident.hoofdcategorie.in_(hoofdcategorieen))
    return session.scalar(query)


@pytest.fixture
def session(demo_db):
    _, factory, _ = demo_db
    with factory() as session:
        yield session


def sample_areas(session):
    region = queries.region(session)
    gemeenten = queries.areas(session, "gemeente")
    wijken = queries.areas(session, "wijk", gemeenten[0])
    buurten = queries.areas(session, "buurt", wijken[0])
    return [region, gemeenten[0], gemeenten[-1], wijken[0], buurten[0]]


def test_totals_per_category_equal_direct_counts(session):
    for area in sample_areas(session):
        frame = queries.counts(session, IncidentFilter(area), PERIODS).set_index("hoofdcategorie")
        for hc in queries.MAIN_CATEGORIES:
            for name, period in PERIODS.items():
                got = int(frame.at[hc, name]) if hc in frame.index else 0
                assert got == direct_count(session, area, period, [hc]), (area.code, hc, name)


def test_counts_per_child_area_equal_direct_counts(session):
    region = queries.region(session)
    gemeente = queries.areas(session, "gemeente")[0]
    for scope, level in ((region, "gemeente"), (gemeente, "buurt")):
        flt = IncidentFilter(scope, ("geweld", "vermogen"))
        frame = queries.counts(
            session, flt, PERIODS, scope=scope, child_level=level, by_category=False
        )
        children = queries.areas(session, level, gemeente if level == "buurt" else None)
        got = dict(zip(frame["area_code"], frame["periode"], strict=True))
        for child in children:
            assert got.get(child.code, 0) == direct_count(
                session, scope, PERIODS["periode"], ("geweld", "vermogen"), child=child
            )


def test_region_aggregate_and_fact_table_agree(session):
    """The region reads the gemeente x day aggregate; the same numbers via codes use the facts."""
    region = queries.region(session)
    codes = tuple(queries.category_options(session).query("hoofdcategorie == 'verkeer'")["mk_code"])
    via_aggregate = queries.counts(session, IncidentFilter(region, ("verkeer",)), PERIODS)
    via_facts = queries.counts(session, IncidentFilter(region, ("verkeer",), codes), PERIODS)
    assert via_aggregate["periode"].sum() == via_facts["periode"].sum() > 0
    assert via_aggregate["vergelijking"].sum() == via_facts["vergelijking"].sum()


def test_code_filter_counts_only_those_codes(session):
    gemeente = queries.areas(session, "gemeente")[0]
    codes = ("F550", "A72")
    frame = queries.counts(session, IncidentFilter(gemeente, mk_codes=codes), PERIODS)
    assert frame["periode"].sum() == direct_count(
        session, gemeente, PERIODS["periode"], codes=codes
    )
    assert set(frame["hoofdcategorie"]) <= {"geweld", "vermogen"}


def test_empty_period_gives_zeros(session):
    region = queries.region(session)
    empty = {
        "periode": (D(2001, 1, 1), D(2001, 1, 31)),
        "vergelijking": (D(2000, 1, 1), D(2000, 1, 31)),
    }
    total = queries.counts(session, IncidentFilter(region), empty, by_category=False)
    assert total[["periode", "vergelijking"]].to_numpy().tolist() == [[0, 0]]
    trend = queries.trend(session, IncidentFilter(region), empty["periode"], "week")
    assert trend["aantal"].sum() == 0


def test_random_filters_match_direct_counts(session):
    rng = random.Random(3)
    areas = sample_areas(session)
    start = D(2022, 1, 1)
    for _ in range(25):
        area = rng.choice(areas)
        a = start + dt.timedelta(days=rng.randrange(1500))
        b = a + dt.timedelta(days=rng.randrange(1, 400))
        cats = tuple(rng.sample(queries.MAIN_CATEGORIES, rng.randrange(1, 6)))
        frame = queries.counts(
            session, IncidentFilter(area, cats), {"p": (a, b)}, by_category=False
        )
        assert int(frame["p"].sum()) == direct_count(session, area, (a, b), cats)


def test_trend_buckets_add_up_and_mark_partial_edges(session):
    gemeente = queries.areas(session, "gemeente")[0]
    period = (D(2026, 1, 14), D(2026, 6, 10))  # starts and ends mid-week and mid-month
    flt = IncidentFilter(gemeente)
    for grain in ("week", "maand"):
        frame = queries.trend(session, flt, period, grain)
        assert frame["aantal"].sum() == direct_count(
            session, gemeente, period, queries.MAIN_CATEGORIES
        )
        assert not frame["volledig"].iloc[0] and not frame["volledig"].iloc[-1]
        assert frame["volledig"].iloc[1:-1].all()
    weeks = queries.trend(session, flt, period, "week")
    assert all(d.weekday() == 0 for d in weeks["start"])


def test_weekday_hour_accounts_for_every_registration(session):
    region = queries.region(session)
    period = PERIODS["periode"]
    frame = queries.weekday_hour(session, IncidentFilter(region), period)
    assert frame["aantal"].sum() + frame.attrs["onbekend"] == direct_count(
        session, region, period, queries.MAIN_CATEGORIES
    )
    assert frame["weekdag"].between(0, 6).all() and frame["uur"].between(0, 23).all()


def test_population_and_indicators(session):
    region = queries.region(session)
    gemeenten = queries.areas(session, "gemeente")
    pop = queries.population(session, [region.code] + [g.code for g in gemeenten])
    assert pop[region.code] == pytest.approx(sum(pop[g.code] for g in gemeenten))
    assert queries.population(session, ["GM0000"]) == {}


def test_map_scope(session):
    gemeente = queries.areas(session, "gemeente")[0]
    buurt = queries.areas(session, "buurt", gemeente)[0]
    assert queries.map_scope(session, gemeente) == (gemeente, "buurt")
    scope, level = queries.map_scope(session, buurt)
    assert scope.niveau == "wijk" and scope.code == buurt.wijk_code and level == "buurt"


def test_area_without_registrations_still_has_category_columns(session):
    """A buurt with no registrations of the chosen codes: zero rows, not a broken frame."""
    buurt = queries.areas(session, "buurt")[0]
    short = {
        "periode": (D(2026, 11, 16), D(2026, 11, 22)),
        "vergelijking": (D(2026, 11, 9), D(2026, 11, 15)),
    }
    frame = queries.counts(session, IncidentFilter(buurt, mk_codes=("F542",)), short)
    assert list(frame.columns) == ["area_code", "hoofdcategorie", "periode", "vergelijking"]
    assert frame.empty
    total = queries.counts(
        session, IncidentFilter(buurt, mk_codes=("F542",)), short, by_category=False
    )
    assert total[["periode", "vergelijking"]].to_numpy().tolist() == [[0, 0]]
