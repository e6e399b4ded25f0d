"""The national scale path on small data: the fictional Netherlands generator with a few
gemeenten (drawn and loaded in chunks, as at full size), COPY against executemany on
PostgreSQL, the aggregates against direct counts, and the per-gemeente boundary documents."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from sqlalchemy import func, select

from dashboard.analysis.periods import shift_months
from dashboard.cli import main
from dashboard.data.db import make_engine, make_session_factory, transaction, upgrade_schema
from dashboard.data.demo.generator import build_demo
from dashboard.data.models import (
    AggIncidentBuurtMonth,
    AggIncidentDayCodeHour,
    AggIncidentDayHour,
    AggIncidentGemeenteMonth,
    AggIncidentGemeenteMonthCode,
    DimArea,
    FactAreaIndicator,
    FactIncident,
    IngestRun,
)
from dashboard.data.ops import aggregate_refresh, loading
from dashboard.data.ops.loading import FACT_COLUMNS
from dashboard.data.queries import aggregates as aggregate_tables
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries.filters import IncidentFilter
from dashboard.data.reference.themes import THEMES
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.frame import URL
from dashboard.layouts.thema import THEMA
from dashboard.measures.measurement import close_open_round
from dashboard.state import ViewState, to_search
from tests.conftest import DEMO_END, PASSWORDS, create_pg_database, login, make_app

GEMEENTEN = 3


def _build(url: str):
    engine = make_engine(url)
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    lines: list[str] = []
    summary = build_demo(
        factory,
        seed=3,
        scale=0.4,
        years=1,
        end=DEMO_END,
        user_passwords=PASSWORDS,
        national_gemeenten=GEMEENTEN,
        close_round=close_open_round,
        progress=lines.append,
    )
    return engine, factory, summary, lines


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def national(request, tmp_path_factory):
    """A national-shaped database of three gemeenten on each engine."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('national') / 'national.db'}"
    else:
        url = create_pg_database()
    engine, factory, summary, lines = _build(url)
    yield url, factory, summary, lines
    engine.dispose()


def test_shape_of_the_fictional_country(national):
    _, factory, summary, lines = national
    with factory() as session:
        region = area_queries.region(session)
        assert (region.code, region.naam) == ("NL01", "Nederland (fictief)")
        gemeenten = area_queries.areas(session, "gemeente")
        assert sorted(g.code for g in gemeenten) == ["GM8001", "GM8002", "GM8003"]
        assert all(g.naam.endswith("(fictief)") for g in gemeenten)
        buurten = area_queries.areas(session, "buurt")
        assert len(buurten) == summary.buurten and summary.wijken < summary.buurten
        for buurt in buurten:
            # CBS code structure: BU + gemeente number + wijk + buurt.
            assert buurt.code[2:6] == buurt.gemeente_code[2:] and buurt.wijk_code[2:] in buurt.code
            gemeente = next(g for g in gemeenten if g.code == buurt.gemeente_code)
            (lat0, lon0), (lat1, lon1) = gemeente.bounds
            (blat0, blon0), (blat1, blon1) = buurt.bounds
            assert lat0 - 1e-6 <= blat0 < blat1 <= lat1 + 1e-6
            assert lon0 - 1e-6 <= blon0 < blon1 <= lon1 + 1e-6
            assert lat0 > 53.5  # in the North Sea, north of every Dutch coast
        inwoners = indicator_queries.population(session, [b.code for b in buurten])
        assert len(inwoners) == len(buurten) and all(v > 0 for v in inwoners.values())
        total = session.scalar(select(func.count()).select_from(FactIncident))
        assert total == summary.incidents > 1000
        per_1000 = total / sum(inwoners.values()) * 1000
        assert 10 < per_1000 < 100  # scale 0.4 of a plausible yearly rate
    # Progress: one line per chunk, ending with the aggregates and the finish.
    assert sum("Registraties t/m" in line for line in lines) >= 4
    assert lines[-1].startswith("Klaar")


def test_registration_numbers_run_on_across_chunks(national):
    """Chunks are drawn one after another; the numbers per year still run 1..n in date order."""
    _, factory, _, _ = national
    with factory() as session:
        rows = session.execute(
            select(FactIncident.registratienummer, FactIncident.pleegdatum)
        ).all()
    frame = pd.DataFrame(rows, columns=["nummer", "datum"])
    frame["jaar"] = frame["nummer"].str[4:8].astype(int)
    frame["seq"] = frame["nummer"].str[9:].astype(int)
    assert frame["nummer"].is_unique
    for jaar, group in frame.groupby("jaar"):
        assert sorted(group["seq"]) == list(range(1, len(group) + 1)), jaar
        ordered = group.sort_values("seq")
        assert ordered["datum"].is_monotonic_increasing
        assert {d.year for d in group["datum"]} == {jaar}


def test_aggregates_add_up_to_the_facts(national):
    _, factory, summary, _ = national
    with factory() as session:
        for model in (
            AggIncidentBuurtMonth,
            AggIncidentGemeenteMonth,
            AggIncidentGemeenteMonthCode,
            AggIncidentDayHour,
            AggIncidentDayCodeHour,
        ):
            assert session.scalar(select(func.sum(model.aantal))) == summary.incidents
        region = area_queries.region(session)
        latest = freshness_queries.latest_data_date(session)
        periods = {
            "periode": (latest - dt.timedelta(days=100), latest),
            "vergelijking": (latest - dt.timedelta(days=300), latest - dt.timedelta(days=101)),
        }
        frame = incident_queries.counts(
            session, IncidentFilter(region), periods, scope=region, child_level="gemeente"
        )
        for name, (start, end) in periods.items():
            direct = dict(
                session.execute(
                    select(FactIncident.gemeente_code, func.count())
                    .where(FactIncident.pleegdatum.between(start, end))
                    .group_by(FactIncident.gemeente_code)
                ).all()
            )
            assert frame.groupby("area_code")[name].sum().to_dict() == direct


def test_weekly_ingest_refreshes_the_national_aggregates(national, tmp_path):
    """A delivery through the police loader (COPY on PostgreSQL) moves the region figures."""
    from dashboard.data.ingest import politie

    _, factory, _, _ = national
    with factory() as session:
        buurt = area_queries.areas(session, "buurt")[0]
        region = area_queries.region(session)
        day = freshness_queries.latest_data_date(session)
        flt = IncidentFilter(region, ("geweld",), ("F550",))
        before_counts = incident_queries.counts(session, flt, {"p": (day, day)}, by_category=False)
        before_heat = incident_queries.weekday_hour(session, flt, (day, day))
        # A whole month of the buurt's gemeente: the buurt x month aggregates, not the facts.
        gemeente = area_queries.area(session, buurt.gemeente_code)
        first = day.replace(day=1)
        month = {"p": (first, shift_months(first, 1) - dt.timedelta(days=1))}
        in_gemeente = IncidentFilter(gemeente, ("geweld",))
        assert aggregate_tables.month_split(month["p"]) == ((month["p"][0], month["p"][0]), [])
        before_month = _buurt_count(session, in_gemeente, month, buurt.code)
    frame = pd.DataFrame(
        {
            "registratienummer": ["NAT-1", "NAT-2", "NAT-3"],
            "pleegdatum": [day, day, day],
            "uur": pd.array([3, None, 3], dtype="Int64"),
            "buurt_code": [buurt.code] * 3,
            "mk_code": ["F550"] * 3,
        }
    )
    with transaction(factory) as session:
        run = IngestRun(bron="politie", bestandsnaam="nat.csv", status="geladen")
        session.add(run)
        session.flush()
        assert politie.load(session, frame, run.id) == (3, 0, 0)
    with factory() as session:
        after = incident_queries.counts(session, flt, {"p": (day, day)}, by_category=False)
        heat = incident_queries.weekday_hour(session, flt, (day, day))
        after_month = _buurt_count(session, in_gemeente, month, buurt.code)
    assert int(after["p"].sum()) == int(before_counts["p"].sum()) + 3
    assert after_month == before_month + 3
    assert heat.attrs["onbekend"] == before_heat.attrs["onbekend"] + 1
    cell = heat[(heat["weekdag"] == day.weekday()) & (heat["uur"] == 3)]["aantal"].sum()
    old = before_heat[(before_heat["weekdag"] == day.weekday()) & (before_heat["uur"] == 3)]
    assert cell == old["aantal"].sum() + 2


def _buurt_count(session, flt: IncidentFilter, periods: dict, buurt: str) -> int:
    frame = incident_queries.counts(session, flt, periods, child_level="buurt", by_category=False)
    return int(frame.loc[frame["area_code"] == buurt, "p"].sum())


def _count_area_rows(session) -> list[int]:
    """Rows that each SELECT on dim_area of this session returns (counted as they pass)."""
    from sqlalchemy import event

    counts: list[int] = []

    @event.listens_for(session, "do_orm_execute")
    def count(state):
        froms = state.statement.get_final_froms() if state.is_select else []
        if not any(getattr(f, "name", None) == DimArea.__tablename__ for f in froms):
            return None
        frozen = state.invoke_statement().freeze()
        counts.append(len(frozen().all()))
        return frozen()

    return counts


def test_a_delivery_reads_only_the_buurten_it_names(national):
    """The weekly load looks up wijk and gemeente of the buurten in the delivery, not of every
    buurt in the country."""
    _, factory, summary, _ = national
    with factory() as session:
        buurten = area_queries.areas(session, "buurt")[:2]
        day = freshness_queries.latest_data_date(session)
        run = IngestRun(bron="politie", bestandsnaam="klein.csv", status="geladen")
        session.add(run)
        session.flush()
        frame = pd.DataFrame(
            {
                "registratienummer": [f"KLEIN-{i}" for i in range(4)],
                "pleegdatum": [day] * 4,
                "uur": pd.array([1, 2, None, 4], dtype="Int64"),
                "buurt_code": [buurten[i % 2].code for i in range(4)],
                "mk_code": ["F550"] * 4,
            }
        )
        read = _count_area_rows(session)
        assert loading.insert_incidents(session, frame, run.id) == 4
        stored = session.execute(
            select(FactIncident.buurt_code, FactIncident.wijk_code, FactIncident.gemeente_code)
            .where(FactIncident.registratienummer.like("KLEIN-%"))
            .distinct()
        ).all()
        session.rollback()
    assert sum(read) == 2 and summary.buurten > 10
    assert sorted(stored) == sorted((b.code, b.wijk_code, b.gemeente_code) for b in buurten)


def test_a_police_delivery_is_checked_against_only_the_buurten_it_names(national, tmp_path):
    """Validating a weekly police delivery reads the buurten the file names (and the load
    their parents), not every buurt of the country."""
    from sqlalchemy import event

    from dashboard.data.ingest.politie import run_politie
    from tests.conftest import write_csv

    _, factory, summary, _ = national
    with factory() as session:
        buurten = [b.code for b in area_queries.areas(session, "buurt")[:2]]
        day = freshness_queries.latest_data_date(session)
    rows = [
        [f"WEEK-{i}", "F550", day.strftime("%d-%m-%Y"), "10:15", buurten[i % 2]] for i in range(4)
    ] + [["WEEK-9", "F550", day.strftime("%d-%m-%Y"), "11:00", "BU99999999"]]
    header = [
        "Registratienummer",
        "Maatschappelijke klasse",
        "Begindatum",
        "Begintijd",
        "Buurtcode",
    ]
    path = write_csv(tmp_path / "week.csv", header, rows)
    read: list[int] = []

    def count(state):
        froms = state.statement.get_final_froms() if state.is_select else []
        if not any(getattr(f, "name", None) == DimArea.__tablename__ for f in froms):
            return None
        frozen = state.invoke_statement().freeze()
        read.append(len(frozen().all()))
        return frozen()

    event.listen(factory, "do_orm_execute", count)
    try:
        report = run_politie(factory, path, max_reject_percent=50, today=day)
    finally:
        event.remove(factory, "do_orm_execute", count)
    assert report.status == "geladen" and report.inserted == 4
    # The unknown buurt is still rejected with its row and field.
    assert [(r.row, r.field) for r in report.rejections] == [(6, "buurt")]
    # 1 row for "are there buurten at all", 2 for validation, 2 for the load's parents.
    assert sum(read) == 5 and summary.buurten > 10
    # Leave the shared database as it was: the registrations and their month's aggregates.
    with factory() as session, session.begin():
        session.execute(
            FactIncident.__table__.delete().where(FactIncident.registratienummer.like("WEEK-%"))
        )
        aggregate_refresh.refresh_aggregates(session, day, day)


def test_the_usage_history_hashes_one_password_for_all_colleagues(national, monkeypatch):
    """argon2 is slow by design: the demo colleagues (one per gemeente, 342 nationally) share
    one hash of a password nobody knows, made or refreshed in a rerun alike."""
    from dashboard.data.demo.usage import COLLEAGUE_PREFIX, build_usage_demo
    from dashboard.data.models import AuditEvent, User
    from dashboard.data.store import users

    _, factory, summary, _ = national
    hashes = []
    real_hash = users.hash_password
    monkeypatch.setattr(users, "hash_password", lambda p: hashes.append(p) or real_hash(p))
    with factory() as session:
        before = session.scalar(select(func.count()).select_from(AuditEvent))
        assert build_usage_demo(session, 3, DEMO_END) > 0
        colleagues = session.scalars(
            select(User).where(User.username.like(f"{COLLEAGUE_PREFIX}%"))
        ).all()
        shown = [(c.password_hash, c.active, c.role, c.gemeente_code) for c in colleagues]
        guessed = users.verify_password(colleagues[0], "gebr-wachtwoord")
        logged = session.scalar(select(func.count()).select_from(AuditEvent)) - before
        session.rollback()
    assert len(hashes) == 1 and len(shown) == summary.gemeenten == GEMEENTEN
    assert len({hash_ for hash_, *_ in shown}) == 1 and not guessed
    assert all(active and role == "gebruiker" and gemeente for _, active, role, gemeente in shown)
    assert logged >= GEMEENTEN  # every refresh is audited, as a user command is


# --- COPY against executemany ------------------------------------------------------------------

TRICKY = ["tab\there", "new\nline", "back\\slash", "quote'\"", "ëüï €", "\\N", "", "NULL"]


@pytest.fixture
def empty_pg():
    url = create_pg_database()
    engine = make_engine(url)
    upgrade_schema(engine)
    yield make_session_factory(engine)
    engine.dispose()


def _areas(names: list[str]) -> list[dict]:
    rows = [
        {"niveau": "gemeente", "code": "GM8001", "naam": "Gemeente", "wijk_code": None},
        {"niveau": "wijk", "code": "WK800100", "naam": "Wijk", "wijk_code": "WK800100"},
    ]
    for i, naam in enumerate(names):
        rows.append(
            {"niveau": "buurt", "code": f"BU800100{i:02d}", "naam": naam, "wijk_code": "WK800100"}
        )
    for row in rows:
        row.update(
            gemeente_code="GM8001",
            regio_code="NL01",
            min_lon=None if row["niveau"] == "wijk" else 0.1,
            min_lat=1e-300,
            max_lon=1 / 3,
            max_lat=52.123456789,
        )
    return rows


def _incidents(n_buurten: int) -> pd.DataFrame:
    days = [dt.date(2024, 12, 31), dt.date(2025, 1, 1), dt.date(2000, 2, 29), dt.date(2026, 6, 1)]
    rows = []
    for i in range(40):
        rows.append(
            {
                "registratienummer": f"R{i}-{TRICKY[i % len(TRICKY)]}",
                "pleegdatum": days[i % len(days)],
                "uur": None if i % 5 == 0 else i % 24,
                "buurt_code": f"BU800100{i % n_buurten:02d}",
                "mk_code": ("F550", "A72", "E38", "D10")[i % 4],
            }
        )
    frame = pd.DataFrame(rows)
    frame["uur"] = frame["uur"].astype("Int64")
    return frame


def _load(factory, copy: bool) -> tuple[list, list, list]:
    with transaction(factory) as session:
        for model in (FactIncident, IngestRun, FactAreaIndicator, DimArea):
            session.execute(model.__table__.delete())
        loading.sync_categories(session)
        loading.bulk_insert(
            session,
            DimArea.__table__,
            [{**a, "indeling_jaar": 2026} for a in _areas(TRICKY)],
            copy=copy,
        )
        loading.bulk_insert(
            session,
            FactAreaIndicator.__table__,
            [
                {"area_code": "GM8001", "jaar": 2026, "indicator": f"i{k}", "waarde": v, "bron": b}
                for k, (v, b) in enumerate([(0.1, "a\tb"), (None, "c\nd"), (-2.5e-7, "")])
            ],
            copy=copy,
        )
        run = IngestRun(bron="politie", bestandsnaam="x.csv", status="geladen")
        session.add(run)
        session.flush()
        assert loading.insert_incidents(session, _incidents(len(TRICKY)), run.id, copy=copy) == 40
    with factory() as session:
        facts = session.execute(
            select(
                *[getattr(FactIncident, c) for c in FACT_COLUMNS if c != "levering_id"]
            ).order_by(FactIncident.registratienummer)
        ).all()
        areas = session.execute(
            select(
                DimArea.niveau,
                DimArea.code,
                DimArea.naam,
                DimArea.wijk_code,
                DimArea.min_lon,
                DimArea.min_lat,
                DimArea.max_lon,
                DimArea.max_lat,
            ).order_by(DimArea.code)
        ).all()
        indicators = session.execute(
            select(
                FactAreaIndicator.indicator, FactAreaIndicator.waarde, FactAreaIndicator.bron
            ).order_by(FactAreaIndicator.indicator)
        ).all()
    return facts, areas, indicators


def test_copy_and_executemany_store_the_same_rows(empty_pg):
    """NULLs (unknown hour), dates and awkward text round-trip exactly through COPY."""
    via_copy = _load(empty_pg, copy=True)
    via_executemany = _load(empty_pg, copy=False)
    assert via_copy == via_executemany
    facts, areas, indicators = via_copy
    assert {row.naam for row in areas} >= set(TRICKY)
    assert sum(row.uur is None for row in facts) == 8
    assert {row.pleegdatum for row in facts} >= {dt.date(2000, 2, 29), dt.date(2024, 12, 31)}
    assert indicators[1].waarde is None and indicators[0].waarde == 0.1
    with empty_pg() as session:
        assert loading.uses_copy(session)


def test_copy_stays_in_the_callers_transaction(empty_pg):
    """An error after the COPY rolls the COPY back too: a delivery is all or nothing."""
    _load(empty_pg, copy=True)
    with empty_pg() as session:
        before = session.scalar(select(func.count()).select_from(FactIncident))
    with pytest.raises(RuntimeError), transaction(empty_pg) as session:
        run = IngestRun(bron="politie", bestandsnaam="y.csv", status="geladen")
        session.add(run)
        session.flush()
        frame = _incidents(len(TRICKY))
        frame["registratienummer"] = "NEW-" + frame["registratienummer"]
        loading.insert_incidents(session, frame, run.id, copy=True)
        assert session.scalar(select(func.count()).select_from(FactIncident)) == before + 40
        raise RuntimeError("a later step of the delivery failed")
    with empty_pg() as session:
        assert session.scalar(select(func.count()).select_from(FactIncident)) == before


def _scratch_table(factory):
    """A table with every column kind the loaders COPY: text (nullable or not), integers,
    floats, dates, timestamps and booleans."""
    from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, MetaData, Table, Text

    table = Table(
        "copy_scratch",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("verplicht", Text, nullable=False),
        Column("tekst", Text),
        Column("getal", Integer),
        Column("waarde", Float),
        Column("datum", Date),
        Column("moment", DateTime),
        Column("vlag", Boolean),
    )
    with factory() as session:
        table.create(session.connection())
        session.commit()
    return table


def _scratch_frame() -> pd.DataFrame:
    n = len(TRICKY) * 3
    return pd.DataFrame(
        {
            "id": range(1, n + 1),
            "verplicht": [
                TRICKY[i % len(TRICKY)] + ("" if i % 3 else ',"x"\r\n') for i in range(n)
            ],
            "tekst": [
                None if i % 4 == 0 else f'a,b"c"\n{TRICKY[i % len(TRICKY)]}' for i in range(n)
            ],
            "getal": pd.array([None if i % 3 == 0 else i - 10 for i in range(n)], dtype="Int64"),
            "waarde": [
                None if i % 5 == 0 else (1 / 3, 1e-300, -2.5e-7, 52.123456789)[i % 4]
                for i in range(n)
            ],
            "datum": [
                None if i % 6 == 0 else dt.date(2000, 2, 29) + dt.timedelta(days=400 * i)
                for i in range(n)
            ],
            "moment": [dt.datetime(2026, 11, 22, i % 24, 30, 15, 250_000) for i in range(n)],
            "vlag": [None if i % 7 == 0 else bool(i % 2) for i in range(n)],
        }
    )


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if pd.isna(v) else v) for k, v in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]


def _inserted(factory, table, frame: pd.DataFrame, copy: bool) -> list[tuple]:
    with transaction(factory) as session:
        session.execute(table.delete())
        assert loading.bulk_insert(session, table, _records(frame), copy=copy) == len(frame)
    with factory() as session:
        return [tuple(row) for row in session.execute(select(table).order_by(table.c.id))]


def test_copy_round_trips_every_column_kind(empty_pg):
    """COPY keeps NULL and the empty text apart, and dates, timestamps, booleans, exact floats
    and text with commas, quotes, backslashes and newlines, exactly as executemany does."""
    table = _scratch_table(empty_pg)
    frame = _scratch_frame()
    frame.loc[1, "tekst"] = ""  # NULL and '' in one column
    expected = [tuple(row.values()) for row in _records(frame)]
    assert _inserted(empty_pg, table, frame, copy=True) == expected
    assert _inserted(empty_pg, table, frame, copy=False) == expected
    assert expected[0][2] is None and expected[1][2] == "" and "" in set(frame["verplicht"])


# --- boundaries per gemeente -------------------------------------------------------------------


@pytest.fixture(scope="module")
def national_client(national):
    url = national[0]
    if not url.startswith("sqlite"):
        pytest.skip("the endpoint is engine-independent; checked once, on SQLite")
    app = make_app(url)
    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    return client


def test_boundaries_per_gemeente(national_client, national):
    _, factory, _, _ = national
    whole = national_client.get("/geo/buurt.geojson")
    one = national_client.get("/geo/buurt/GM8002.geojson")
    assert one.status_code == 200 and one.mimetype == "application/geo+json"
    with factory() as session:
        expected = {
            b.code
            for b in area_queries.areas(session, "buurt", area_queries.area(session, "GM8002"))
        }
        wijken = {
            w.code
            for w in area_queries.areas(session, "wijk", area_queries.area(session, "GM8002"))
        }
    codes = {f["properties"]["code"] for f in json.loads(one.data)["features"]}
    assert codes == expected
    # Only that gemeente's share of the country's boundaries travels.
    assert len(one.data) < len(whole.data) * 0.8
    wijk_doc = json.loads(national_client.get("/geo/wijk/GM8002.geojson").data)
    assert {f["properties"]["code"] for f in wijk_doc["features"]} == wijken
    assert "private" in one.headers["Cache-Control"]
    again = national_client.get(
        "/geo/buurt/GM8002.geojson", headers={"If-None-Match": one.headers["ETag"]}
    )
    assert again.status_code == 304 and not again.data
    other = national_client.get("/geo/buurt/GM8001.geojson")
    assert other.headers["ETag"] != one.headers["ETag"]


def test_boundaries_per_gemeente_refuse_unknown_codes_and_levels(national_client):
    for path in (
        "/geo/buurt/GM0000.geojson",  # not in the indeling
        "/geo/buurt/BU80010000.geojson",  # a buurt is not a gemeente
        "/geo/gemeente/GM8001.geojson",  # gemeenten come as one document
        "/geo/provincie/GM8001.geojson",
        f"/geo/buurt/GM{'9' * 40}.geojson",
    ):
        assert national_client.get(path).status_code == 404, path


def test_boundaries_per_gemeente_need_a_login(national):
    url = national[0]
    if not url.startswith("sqlite"):
        pytest.skip("checked once, on SQLite")
    anonymous = make_app(url).server.test_client()
    response = anonymous.get("/geo/buurt/GM8001.geojson")
    assert response.status_code == 401


def test_map_of_a_gemeente_asks_only_for_its_boundaries(national):
    """The map callback points the layer at the selected gemeente's document; the region view
    at the gemeenten."""
    from dashboard.callbacks import algemeen as cb
    from dashboard.state import ViewState, to_search

    url = national[0]
    if not url.startswith("sqlite"):
        pytest.skip("checked once, on SQLite")
    app = make_app(url)
    with app.server.test_request_context("/"):
        region_view = cb.update_main(to_search(ViewState()))
        gemeente_view = cb.update_main(to_search(ViewState().with_area("GM8003")))
        with make_session_factory(make_engine(url))() as session:
            buurt = area_queries.areas(session, "buurt", area_queries.area(session, "GM8003"))[-1]
        buurt_view = cb.update_main(to_search(ViewState().with_area(buurt.code)))
    assert region_view["map_url"] == "/geo/gemeente.geojson"
    assert gemeente_view["map_url"] == "/geo/buurt/GM8003.geojson"
    assert buurt_view["map_url"] == "/geo/buurt/GM8003.geojson"


def _own_buurten(national, gemeente: str) -> set[str]:
    with make_session_factory(make_engine(national[0]))() as session:
        return {
            b.code
            for b in area_queries.areas(session, "buurt", area_queries.area(session, gemeente))
        }


def _document_codes(client, path: str) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    return {f["properties"]["code"] for f in json.loads(response.data)["features"]}


def test_thematic_map_of_a_gemeente_asks_only_for_its_boundaries(national, national_client):
    """The thematic map names the gemeente's own buurt document, never every buurt of the
    country; the region view still the gemeenten."""
    from dashboard.measures import theme_selection
    from tests.dash_requests import post_dependency

    admin = make_app(national[0]).server.test_client()  # the project roles see every theme
    assert login(admin, "admin").status_code == 302
    deps = admin.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if f"{THEMA.map_layer}.url" in d["output"])
    page = f"/thema/{next(iter(THEMES))}"

    def map_url(gebied: str | None) -> str:
        search = theme_selection.to_search(theme_selection.ThemeState(gebied=gebied))
        values = {(THEMA.view, "data"): search, (URL, "pathname"): page}
        answer = post_dependency(admin, dep, values)
        assert answer.status_code == 200
        layer = answer.get_json()["response"][THEMA.map_layer]
        # Colour and plain tooltip lines per area; the name comes from the boundary document.
        assert all(set(a) == {"c", "d"} for a in layer["hideout"]["areas"].values())
        assert all(a["d"].startswith("Aantal: ") for a in layer["hideout"]["areas"].values())
        return layer["url"]

    assert map_url(None) == "/geo/gemeente.geojson"
    url = map_url("GM8002")
    assert url == "/geo/buurt/GM8002.geojson"
    assert _document_codes(national_client, url) == _own_buurten(national, "GM8002")
    buurt = min(_own_buurten(national, "GM8002"))
    assert map_url(buurt) == url  # a buurt shows its gemeente's buurten


def test_open_data_map_of_a_gemeente_asks_only_for_its_boundaries(national, national_client):
    from dashboard.callbacks import open_data as cb

    # The page offers only loaded periods (a period without open data gets a message, no map).
    with national[1]() as session, session.begin():
        _open_data_per_buurt(session, dt.date(DEMO_END.year, 1, 1))
    app = make_app(national[0])
    with app.server.app_context():
        year = f"jaar:{DEMO_END.year}-01-01"
        one = cb.update(year, "0.0.0", "buurt", "GM8003")["map_url"]
        wijken = cb.update(year, "0.0.0", "wijk", "GM8003")["map_url"]
        gemeenten = cb.update(year, "0.0.0", "gemeente", "GM8003")["map_url"]
        region = cb.update(year, "0.0.0", "buurt", None)["map_url"]
    assert one == f"/geo/buurt/GM8003.geojson?jaar={DEMO_END.year}"
    assert _document_codes(national_client, one) == _own_buurten(national, "GM8003")
    assert wijken == f"/geo/wijk/GM8003.geojson?jaar={DEMO_END.year}"
    assert _document_codes(national_client, wijken) < _document_codes(
        national_client, f"/geo/wijk.geojson?jaar={DEMO_END.year}"
    )
    # Gemeenten come as one document; without a gemeente the level is the region's.
    assert gemeenten == f"/geo/gemeente.geojson?jaar={DEMO_END.year}"
    assert region == f"/geo/buurt.geojson?jaar={DEMO_END.year}"


# --- payload of a filter change at national size -------------------------------------------------

PAYLOAD_LIMIT = 100 * 1024  # bytes per filter change, the four view callbacks together (issue 8)


@pytest.fixture(scope="module")
def national_size(tmp_path_factory):
    """All 342 gemeenten of the fictional Netherlands with few registrations: what a filter
    change sends grows with the number of areas, not of registrations. The partner, usage and
    measurement demos are left out (they add time, not areas)."""
    from dashboard.data.demo import generator as demo
    from dashboard.data.demo import measurement as demo_measurement

    url = f"sqlite:///{tmp_path_factory.mktemp('national342') / 'national.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo, "build_partner_demo", lambda *_: None)
        patch.setattr(demo, "build_usage_demo", lambda *_: 0)
        patch.setattr(demo_measurement, "build_measurement_demo", lambda *_: None)
        build_demo(
            make_session_factory(engine),
            seed=8,
            scale=0.002,
            years=1,
            end=DEMO_END,
            user_passwords=PASSWORDS,
            national_gemeenten=342,
            close_round=close_open_round,
        )
    engine.dispose()
    return url


@pytest.mark.sqlite_only("the payload does not depend on the engine")
def test_a_national_filter_change_stays_under_100_kb(national_size):
    from benchmarks.dash_calls import fire, view_callbacks

    app = make_app(national_size)
    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    callbacks = view_callbacks(client.get("/_dash-dependencies").get_json())
    with make_session_factory(make_engine(national_size))() as session:
        gemeente = area_queries.areas(session, "gemeente")[0]
        assert len(area_queries.areas(session, "gemeente")) == 342
    views = [
        ViewState(),
        ViewState(periode="jtd", maat="per1000", trend="maand"),
        ViewState(hoofdcategorieen=("geweld",)).with_area(gemeente.code),
    ]
    for state in views:
        answers = {name: fire(client, dep, to_search(state))[1] for name, dep in callbacks.items()}
        size = sum(len(body) for body in answers.values())
        assert size <= PAYLOAD_LIMIT, (to_search(state), size)
    region = json.loads(fire(client, callbacks["update_main"], to_search(ViewState()))[1])
    table = region["response"][ALGEMEEN.table_first]["data"]
    assert len(table["rowData"]) == 25 and table["rowCount"] == 342  # 14 pages of 25
    assert len(region["response"][ALGEMEEN.map_layer]["hideout"]["areas"]) == 342


def _open_data_per_buurt(session, year_start: dt.date) -> None:
    """One registered crime per buurt of the country in the public yearly table."""
    from dashboard.data.models import FactCrimePeriod

    if session.scalar(select(func.count()).select_from(FactCrimePeriod)):
        return
    session.add_all(
        FactCrimePeriod(
            area_code=b.code,
            niveau="buurt",
            gemeente_code=b.gemeente_code,
            periode_soort="jaar",
            periode_start=year_start,
            soort_code="0.0.0",
            aantal=1,
        )
        for b in area_queries.areas(session, "buurt")
    )


@pytest.mark.sqlite_only("the choice of level does not depend on the engine")
def test_open_data_asks_for_a_gemeente_when_a_level_has_too_many_areas(national_size):
    """Buurten of the whole country would be megabytes of boundaries and a table of thousands
    of rows: without a gemeente the open-data page shows the gemeenten and says why."""
    from dashboard.callbacks import open_data as cb
    from dashboard.measures import open_data

    with make_session_factory(make_engine(national_size)).begin() as session:
        buurten = area_queries.area_count(session, "buurt")
        gemeente = area_queries.areas(session, "gemeente")[0]
        own = {b.code for b in area_queries.areas(session, "buurt", gemeente)}
        _open_data_per_buurt(session, dt.date(DEMO_END.year, 1, 1))
    assert buurten > open_data.MAX_AREAS_WITHOUT_GEMEENTE
    app = make_app(national_size)
    year = f"jaar:{DEMO_END.year}-01-01"
    with app.server.app_context():
        answer = cb.update(year, "0.0.0", "buurt", None)
        chosen = cb.update(year, "0.0.0", "buurt", gemeente.code)
    title, note, hideout = answer["title"], answer["level_note"], answer["hideout"]
    geo_url, rows = answer["map_url"], answer["table"]
    assert geo_url == f"/geo/gemeente.geojson?jaar={DEMO_END.year}"
    assert len(hideout["areas"]) == 342 and all(c.startswith("GM") for c in hideout["areas"])
    assert len(rows) == 342 and sum(r["aantal"] for r in rows) == buurten  # one per buurt
    assert f"{buurten:,} geregistreerd".replace(",", ".") in title  # nothing left out
    assert "Kies een gemeente" in note.children and f"{buurten:,}".replace(",", ".") in (
        note.children
    )
    assert len(json.dumps(hideout)) + len(json.dumps(rows)) < PAYLOAD_LIMIT
    # With a gemeente the chosen level is back, and the note is gone.
    chosen_note, chosen_hideout = chosen["level_note"], chosen["hideout"]
    chosen_url = chosen["map_url"]
    assert chosen_note is None
    assert chosen_url == f"/geo/buurt/{gemeente.code}.geojson?jaar={DEMO_END.year}"
    assert set(chosen_hideout["areas"]) == own


@pytest.mark.sqlite_only("the payload does not depend on the engine")
def test_the_areas_table_pages_and_sorts_on_the_server(national_size):
    from tests.dash_requests import post_dependency

    app = make_app(national_size)
    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    deps = client.get("/_dash-dependencies").get_json()
    pager = next(d for d in deps if f"{ALGEMEEN.table_answer}.data" in d["output"])
    assert [i["id"] for i in pager["inputs"]] == [ALGEMEEN.table_request]
    search = to_search(ViewState())

    def page(number: int, sort_model=None) -> dict:
        """The grid's request for a page (a block of 25 rows), as the browser passes it on."""
        request = {"startRow": number * 25, "endRow": number * 25 + 25, "sortModel": sort_model}
        values = {(ALGEMEEN.table_request, "data"): request, (ALGEMEEN.view, "data"): search}
        answer = post_dependency(client, pager, values)
        assert answer.status_code == 200
        rows = answer.get_json()["response"][ALGEMEEN.table_answer]["data"]
        assert rows["rowCount"] == 342 and rows["startRow"] == number * 25
        return rows

    seen = []
    for number in range(14):
        seen += page(number)["rowData"]
    assert len(seen) == 342 and len({r["area_code"] for r in seen}) == 342
    counts = [r["periode"] for r in seen]
    assert counts == sorted(counts, reverse=True)
    by_rate = page(0, [{"colId": "per_1000", "sort": "asc"}])["rowData"]
    rates = [r["per_1000"] for r in by_rate]
    assert rates == sorted(r["per_1000"] for r in seen)[:25]  # the lowest rates of all 342


# --- the command line ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--scale", "nationaal"], "geen schaal"),
        (["--scale", "0"], "geen schaal"),
        (["--scale", "-1"], "geen schaal"),
        (["--gemeenten", "0"], "geen positief geheel getal"),
    ],
)
def test_demo_refuses_a_bad_scale(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", *argv])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_demo_national_and_real_areas_exclude_each_other(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert main(["demo", "--scale", "national", "--cbs-dir", str(tmp_path)]) == 2
    assert "--cbs-dir" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()
