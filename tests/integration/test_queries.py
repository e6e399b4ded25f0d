"""The query layer against direct counts on the fact table, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import func, select

from dashboard.data.models import DimDate, FactIncident
from dashboard.data.queries import aggregates as aggregate_tables
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries.filters import IncidentFilter
from dashboard.data.reference.categories import MAIN_CATEGORIES

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
    region = area_queries.region(session)
    gemeenten = area_queries.areas(session, "gemeente")
    wijken = area_queries.areas(session, "wijk", gemeenten[0])
    buurten = area_queries.areas(session, "buurt", wijken[0])
    return [region, gemeenten[0], gemeenten[-1], wijken[0], buurten[0]]


def test_totals_per_category_equal_direct_counts(session):
    for area in sample_areas(session):
        frame = incident_queries.counts(session, IncidentFilter(area), PERIODS).set_index(
            "hoofdcategorie"
        )
        for hc in MAIN_CATEGORIES:
            for name, period in PERIODS.items():
                got = int(frame.at[hc, name]) if hc in frame.index else 0
                assert got == direct_count(session, area, period, [hc]), (area.code, hc, name)


def test_counts_per_child_area_equal_direct_counts(session):
    region = area_queries.region(session)
    gemeente = area_queries.areas(session, "gemeente")[0]
    for scope, level in ((region, "gemeente"), (gemeente, "buurt")):
        flt = IncidentFilter(scope, ("geweld", "vermogen"))
        frame = incident_queries.counts(
            session, flt, PERIODS, scope=scope, child_level=level, by_category=False
        )
        children = area_queries.areas(session, level, gemeente if level == "buurt" else None)
        got = dict(zip(frame["area_code"], frame["periode"], strict=True))
        for child in children:
            assert got.get(child.code, 0) == direct_count(
                session, scope, PERIODS["periode"], ("geweld", "vermogen"), child=child
            )


def test_region_aggregate_and_fact_table_agree(session):
    """The region reads the gemeente x day aggregate; the same numbers via codes use the facts."""
    region = area_queries.region(session)
    codes = tuple(
        incident_queries.category_options(session).query("hoofdcategorie == 'verkeer'")["mk_code"]
    )
    via_aggregate = incident_queries.counts(session, IncidentFilter(region, ("verkeer",)), PERIODS)
    via_facts = incident_queries.counts(
        session, IncidentFilter(region, ("verkeer",), codes), PERIODS
    )
    assert via_aggregate["periode"].sum() == via_facts["periode"].sum() > 0
    assert via_aggregate["vergelijking"].sum() == via_facts["vergelijking"].sum()


def test_code_filter_counts_only_those_codes(session):
    gemeente = area_queries.areas(session, "gemeente")[0]
    codes = ("F550", "A72")
    frame = incident_queries.counts(session, IncidentFilter(gemeente, mk_codes=codes), PERIODS)
    assert frame["periode"].sum() == direct_count(
        session, gemeente, PERIODS["periode"], codes=codes
    )
    assert set(frame["hoofdcategorie"]) <= {"geweld", "vermogen"}


def test_empty_period_gives_zeros(session):
    region = area_queries.region(session)
    empty = {
        "periode": (D(2001, 1, 1), D(2001, 1, 31)),
        "vergelijking": (D(2000, 1, 1), D(2000, 1, 31)),
    }
    total = incident_queries.counts(session, IncidentFilter(region), empty, by_category=False)
    assert total[["periode", "vergelijking"]].to_numpy().tolist() == [[0, 0]]
    trend = incident_queries.trend(session, IncidentFilter(region), empty["periode"], "week")
    assert trend["aantal"].sum() == 0


def test_random_filters_match_direct_counts(session):
    rng = random.Random(3)
    areas = sample_areas(session)
    start = D(2022, 1, 1)
    for _ in range(25):
        area = rng.choice(areas)
        a = start + dt.timedelta(days=rng.randrange(1500))
        b = a + dt.timedelta(days=rng.randrange(1, 400))
        cats = tuple(rng.sample(MAIN_CATEGORIES, rng.randrange(1, 6)))
        frame = incident_queries.counts(
            session, IncidentFilter(area, cats), {"p": (a, b)}, by_category=False
        )
        assert int(frame["p"].sum()) == direct_count(session, area, (a, b), cats)


def test_trend_buckets_add_up_and_mark_partial_edges(session):
    gemeente = area_queries.areas(session, "gemeente")[0]
    period = (D(2026, 1, 14), D(2026, 6, 10))  # starts and ends mid-week and mid-month
    flt = IncidentFilter(gemeente)
    for grain in ("week", "maand"):
        frame = incident_queries.trend(session, flt, period, grain)
        assert frame["aantal"].sum() == direct_count(session, gemeente, period, MAIN_CATEGORIES)
        assert not frame["volledig"].iloc[0] and not frame["volledig"].iloc[-1]
        assert frame["volledig"].iloc[1:-1].all()
    weeks = incident_queries.trend(session, flt, period, "week")
    assert all(d.weekday() == 0 for d in weeks["start"])


def test_weekday_hour_accounts_for_every_registration(session):
    region = area_queries.region(session)
    period = PERIODS["periode"]
    frame = incident_queries.weekday_hour(session, IncidentFilter(region), period)
    assert frame["aantal"].sum() + frame.attrs["onbekend"] == direct_count(
        session, region, period, MAIN_CATEGORIES
    )
    assert frame["weekdag"].between(0, 6).all() and frame["uur"].between(0, 23).all()


def test_population_and_indicators(session):
    region = area_queries.region(session)
    gemeenten = area_queries.areas(session, "gemeente")
    pop = indicator_queries.population(session, [region.code] + [g.code for g in gemeenten])
    assert pop[region.code] == pytest.approx(sum(pop[g.code] for g in gemeenten))
    assert indicator_queries.population(session, ["GM0000"]) == {}


def test_map_scope(session):
    gemeente = area_queries.areas(session, "gemeente")[0]
    buurt = area_queries.areas(session, "buurt", gemeente)[0]
    assert area_queries.map_scope(session, gemeente) == (gemeente, "buurt")
    scope, level = area_queries.map_scope(session, buurt)
    assert scope.niveau == "wijk" and scope.code == buurt.wijk_code and level == "buurt"


def test_area_without_registrations_still_has_category_columns(session):
    """A buurt with no registrations of the chosen codes: zero rows, not a broken frame."""
    buurt = area_queries.areas(session, "buurt")[0]
    short = {
        "periode": (D(2026, 11, 16), D(2026, 11, 22)),
        "vergelijking": (D(2026, 11, 9), D(2026, 11, 15)),
    }
    frame = incident_queries.counts(session, IncidentFilter(buurt, mk_codes=("F542",)), short)
    assert list(frame.columns) == ["area_code", "hoofdcategorie", "periode", "vergelijking"]
    assert frame.empty
    total = incident_queries.counts(
        session, IncidentFilter(buurt, mk_codes=("F542",)), short, by_category=False
    )
    assert total[["periode", "vergelijking"]].to_numpy().tolist() == [[0, 0]]


# --- the national aggregates (migration 0011) against direct counts ---------------------------


def test_month_split_covers_each_day_once():
    cases = [
        (D(2026, 1, 1), D(2026, 12, 31)),  # whole months only
        (D(2025, 11, 23), D(2026, 11, 22)),  # the 12-month preset: both edges partial
        (D(2026, 3, 5), D(2026, 3, 20)),  # inside one month: no whole month
        (D(2026, 2, 15), D(2026, 3, 31)),
        (D(2026, 1, 1), D(2026, 1, 1)),
        (D(2024, 2, 29), D(2024, 3, 1)),
    ]
    for start, end in cases:
        months, edges = aggregate_tables.month_split((start, end))
        days = set()
        if months:
            day = months[0]
            while day <= months[1]:
                nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                days |= {day + dt.timedelta(days=i) for i in range((nxt - day).days)}
                day = nxt
        for a, b in edges:
            assert a <= b
            days |= {a + dt.timedelta(days=i) for i in range((b - a).days + 1)}
        expected = {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}
        assert days == expected, (start, end)
    assert aggregate_tables.month_split((D(2026, 3, 5), D(2026, 3, 20)))[0] is None


def direct_by(session, period, columns, hoofdcategorieen=None, codes=None) -> dict:
    """Direct counts from the fact table grouped by the given fact columns."""
    query = select(*columns, func.count()).where(FactIncident.pleegdatum.between(*period))
    if codes:
        query = query.where(FactIncident.mk_code.in_(codes))
    else:
        query = query.where(FactIncident.hoofdcategorie.in_(hoofdcategorieen))
    return {tuple(row[:-1]): row[-1] for row in session.execute(query.group_by(*columns)).all()}


def random_period(rng: random.Random) -> tuple[dt.date, dt.date]:
    kind = rng.randrange(3)
    if kind == 0:  # whole months
        a = D(2022 + rng.randrange(5), rng.randrange(1, 13), 1)
        b = (a.replace(day=28) + dt.timedelta(days=4 + 31 * rng.randrange(14))).replace(day=1)
        return a, b - dt.timedelta(days=1)
    a = D(2022, 1, 1) + dt.timedelta(days=rng.randrange(1700))
    return a, a + dt.timedelta(days=rng.randrange(0, 40 if kind == 1 else 500))


def test_region_counts_from_aggregates_equal_direct_counts(session):
    """Per gemeente and in total, by category and not, for hoofdcategorieen and for codes,
    over whole months, partial months and single days."""
    rng = random.Random(11)
    region = area_queries.region(session)
    options = incident_queries.category_options(session)
    for _ in range(12):
        periods = {"periode": random_period(rng), "vergelijking": random_period(rng)}
        cats = tuple(rng.sample(MAIN_CATEGORIES, rng.randrange(1, 6)))
        codes = tuple(rng.sample(sorted(options["mk_code"]), 3)) if rng.random() < 0.4 else ()
        codes = (*codes, "F550") if codes else ()
        flt = IncidentFilter(region, cats, codes)
        per_gemeente = incident_queries.counts(
            session, flt, periods, scope=region, child_level="gemeente", by_category=True
        )
        total = incident_queries.counts(session, flt, periods, by_category=False)
        for name, period in periods.items():
            want = direct_by(
                session,
                period,
                [FactIncident.gemeente_code, FactIncident.hoofdcategorie],
                cats,
                codes,
            )
            got = {
                (r.area_code, r.hoofdcategorie): getattr(r, name)
                for r in per_gemeente.itertuples()
                if getattr(r, name)
            }
            assert got == want, (period, cats, codes)
            assert int(total[name].sum()) == sum(want.values())


def test_region_trend_and_heatmap_from_aggregates_equal_direct_counts(session):
    rng = random.Random(5)
    region = area_queries.region(session)
    for codes in ((), ("F550", "A72", "E38")):
        for _ in range(3):
            period = random_period(rng)
            cats = tuple(rng.sample(MAIN_CATEGORIES, rng.randrange(1, 6)))
            flt = IncidentFilter(region, cats, codes)
            for grain, column in (("week", DimDate.week_start), ("maand", DimDate.maand_start)):
                frame = incident_queries.trend(session, flt, period, grain)
                query = (
                    select(column, func.count())
                    .select_from(FactIncident)
                    .join(DimDate, DimDate.datum == FactIncident.pleegdatum)
                    .where(FactIncident.pleegdatum.between(*period))
                    .where(
                        FactIncident.mk_code.in_(codes)
                        if codes
                        else FactIncident.hoofdcategorie.in_(cats)
                    )
                    .group_by(column)
                )
                want = dict(session.execute(query).all())
                got = {r.start: r.aantal for r in frame.itertuples() if r.aantal}
                assert got == want, (grain, period, cats, codes)
            heat = incident_queries.weekday_hour(session, flt, period)
            want = direct_by(session, period, [FactIncident.weekdag, FactIncident.uur], cats, codes)
            unknown = sum(v for (_, uur), v in want.items() if uur is None)
            assert heat.attrs["onbekend"] == unknown
            got = {(r.weekdag, r.uur): r.aantal for r in heat.itertuples()}
            assert got == {k: v for k, v in want.items() if k[1] is not None}


def test_counts_below_the_region_from_the_month_aggregate_equal_direct_counts(session):
    """A gemeente with whole months in its periods counts from the buurt x month aggregate plus
    the edge days (a wijk or buurt from the fact table): per child area and in total, by
    category and not, for hoofdcategorieen and for codes, equal to the fact table."""
    rng = random.Random(17)
    gemeente = area_queries.areas(session, "gemeente")[0]
    wijk = area_queries.areas(session, "wijk", gemeente)[0]
    buurt = area_queries.areas(session, "buurt", wijk)[0]
    options = incident_queries.category_options(session)
    child_of = {
        "gemeente": ("wijk", FactIncident.wijk_code),
        "wijk": ("buurt", FactIncident.buurt_code),
    }
    used_aggregate = 0
    for _ in range(15):
        scope = rng.choice([gemeente, wijk, buurt])
        periods = {"periode": random_period(rng), "vergelijking": random_period(rng)}
        used_aggregate += any(aggregate_tables.month_split(p)[0] for p in periods.values())
        cats = tuple(rng.sample(MAIN_CATEGORIES, rng.randrange(1, 6)))
        codes = tuple(rng.sample(sorted(options["mk_code"]), 3)) if rng.random() < 0.4 else ()
        flt = IncidentFilter(scope, cats, codes)
        total = incident_queries.counts(session, flt, periods, by_category=False)
        for name, period in periods.items():
            want_total = direct_count(session, scope, period, None if codes else cats, codes)
            assert int(total[name].sum()) == want_total
        if scope.niveau not in child_of:
            continue
        child_level, child_column = child_of[scope.niveau]
        per_child = incident_queries.counts(
            session, flt, periods, scope=scope, child_level=child_level, by_category=True
        )
        scope_column = AREA_COLUMN[scope.niveau]
        for name, period in periods.items():
            want = {
                key[1:]: n
                for key, n in direct_by(
                    session,
                    period,
                    [scope_column, child_column, FactIncident.hoofdcategorie],
                    cats,
                    codes,
                ).items()
                if key[0] == scope.code
            }
            got = {
                (r.area_code, r.hoofdcategorie): getattr(r, name)
                for r in per_child.itertuples()
                if getattr(r, name)
            }
            assert got == want, (scope.code, period, cats, codes)
    assert used_aggregate >= 5  # the draw exercised the aggregate path, not only edge days


def direct_without(session, period, columns, cats, codes, left_out, where=()) -> dict:
    """direct_by without some codes (what a filter's exclusion leaves out)."""
    query = select(*columns, func.count()).where(
        FactIncident.pleegdatum.between(*period), FactIncident.mk_code.not_in(left_out), *where
    )
    if codes:
        query = query.where(FactIncident.mk_code.in_(codes))
    else:
        query = query.where(FactIncident.hoofdcategorie.in_(cats))
    return {tuple(row[:-1]): row[-1] for row in session.execute(query.group_by(*columns)).all()}


def test_codes_left_out_per_level_equal_direct_counts_without_them(session):
    """A filter's exclusions (dashboard.policy decides them): per level of the areas counted,
    on every path (the region's aggregates without the codes they count apart, the buurt x
    month aggregate less the per-code one, the fact table without the codes), equal to the fact
    table without them."""
    assert_left_out_codes_equal_direct_counts(session, random.Random(23))


def assert_left_out_codes_equal_direct_counts(session, rng: random.Random) -> None:
    """The check of the test above, for any state of the aggregates (also tests of
    test_protected_aggregates.py: aggregates built with other protected codes)."""
    region = area_queries.region(session)
    gemeente = area_queries.areas(session, "gemeente")[0]
    wijk = area_queries.areas(session, "wijk", gemeente)[0]
    everywhere, below = ("E33",), ("E35", "E37", "F15", "F95")
    sub = (*everywhere, *below)
    for _ in range(8):
        periods = {"periode": random_period(rng), "vergelijking": random_period(rng)}
        cats = tuple(rng.sample(MAIN_CATEGORIES, rng.randrange(1, 6)))
        cats = cats if rng.random() < 0.3 else (*cats, "overlast")
        codes = ("E33", "E35", "F550") if rng.random() < 0.3 else ()
        for scope, child_level in ((region, "gemeente"), (gemeente, "buurt"), (wijk, "buurt")):
            flt = IncidentFilter(scope, cats, codes, everywhere, below)
            own = everywhere if scope.niveau in ("regio", "gemeente") else sub
            child = everywhere if child_level == "gemeente" else sub
            in_scope = [] if scope.niveau == "regio" else [AREA_COLUMN[scope.niveau] == scope.code]
            total = incident_queries.counts(session, flt, periods, by_category=True)
            per_child = incident_queries.counts(
                session, flt, periods, scope=scope, child_level=child_level, by_category=False
            )
            for name, period in periods.items():
                want = direct_without(
                    session, period, [FactIncident.hoofdcategorie], cats, codes, own, in_scope
                )
                got = {(r.hoofdcategorie,): getattr(r, name) for r in total.itertuples()}
                assert {k: v for k, v in got.items() if v} == want, (scope.code, period)
                column = AREA_COLUMN[child_level]
                want = direct_without(session, period, [column], cats, codes, child, in_scope)
                got = {(r.area_code,): getattr(r, name) for r in per_child.itertuples()}
                assert {k: v for k, v in got.items() if v} == want, (scope.code, period)
            # The scope's own figures and its children's from one scan: the codes that the
            # children leave out and the scope counts, in rows apart (a gemeente's KPI cards).
            back = tuple(c for c in child if c not in own)
            both = incident_queries.counts(
                session, flt, periods, scope=scope, child_level=child_level, apart=back
            )
            for name, period in periods.items():
                want = direct_without(
                    session, period, [FactIncident.hoofdcategorie], cats, codes, own, in_scope
                )
                got = both.groupby("hoofdcategorie")[name].sum()
                assert {(k,): v for k, v in got.items() if v} == want, (scope.code, period)
                column = AREA_COLUMN[child_level]
                want = direct_without(session, period, [column], cats, codes, child, in_scope)
                rows = both[~both["apart"]] if back else both
                got = rows.groupby("area_code")[name].sum()
                assert {(k,): v for k, v in got.items() if v} == want, (scope.code, period)
        # The region's trend and day x hour read its aggregates less the left-out codes.
        period = periods["periode"]
        flt = IncidentFilter(region, cats, codes, everywhere, below)
        frame = incident_queries.trend(session, flt, period, "maand")
        want = direct_without(session, period, [FactIncident.pleegdatum], cats, codes, everywhere)
        by_month: dict = {}
        for (day,), n in want.items():
            by_month[day.replace(day=1)] = by_month.get(day.replace(day=1), 0) + n
        assert {r.start: r.aantal for r in frame.itertuples() if r.aantal} == by_month
        heat = incident_queries.weekday_hour(session, flt, period)
        want = direct_without(
            session, period, [FactIncident.weekdag, FactIncident.uur], cats, codes, everywhere
        )
        got = {(r.weekdag, r.uur): r.aantal for r in heat.itertuples() if r.aantal}
        assert got == {k: v for k, v in want.items() if k[1] is not None}
    # A code filter of left-out codes only counts nothing.
    flt = IncidentFilter(wijk, MAIN_CATEGORIES, ("E33",), ("E33",))
    assert (
        int(incident_queries.counts(session, flt, PERIODS, by_category=False)["periode"].sum()) == 0
    )
