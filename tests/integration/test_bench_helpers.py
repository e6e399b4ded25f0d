"""The benchmark's own machinery (make bench is not run by make test): the database preparation
and the scale table's check that the app, pandas and DuckDB count the same, so that the bench
cannot silently rot."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from benchmarks import bench_db, boundaries, reference, scale
from benchmarks.dash_calls import fire, login_with_form, view_callbacks
from benchmarks.ingest import _empty_copy
from dashboard.data.db import make_engine, make_session_factory
from dashboard.data.models import DimArea, FactIncident, FactPartner, IngestRun
from dashboard.data.queries import areas as area_queries
from dashboard.state import parse
from tests.conftest import demo_snapshot, make_app, shared_demo_snapshot

HAS_DUCKDB = importlib.util.find_spec("duckdb") is not None
NO_DUCKDB = "DuckDB is not installed (pip install -e '.[test,bench]')"


@pytest.mark.sqlite_only("copies the SQLite file")
def test_empty_copy_removes_every_delivery_and_keeps_the_areas(tmp_path):
    snapshot = shared_demo_snapshot(tmp_path, seed=6, years=1, scale=0.05)  # with partner data
    url = _empty_copy(snapshot.path, tmp_path / "leeg.db")
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        for model in (FactIncident, FactPartner, IngestRun):
            assert session.scalar(select(func.count()).select_from(model)) == 0
        assert session.scalar(select(func.count()).select_from(DimArea)) > 0
    engine.dispose()


@pytest.fixture(scope="module")
def bench_database(tmp_path_factory):
    """A small demo database (on the engine under test) with the bench's account."""
    snapshot = demo_snapshot(tmp_path_factory.mktemp("bench"), seed=4, years=2, scale=0.2)
    bench_db.ensure_bench_user(snapshot.url)
    return bench_db.BenchDb("twente", bench_db.kind_of(snapshot.url), snapshot.url)


def test_the_table_finds_app_pandas_and_duckdb_equal_for_the_gemeente_scenario(bench_database):
    if not HAS_DUCKDB:
        pytest.skip(NO_DUCKDB)
    [row] = scale.measure(bench_database, states=8, seed=3, scenarios=("gemeente",))
    assert row.failures == []
    assert row.mismatches == []
    assert len(row.slowest_ms) == len(row.pandas_ms) == len(row.duckdb_ms) == 8
    assert all(kb > 0 for kb in row.kb)
    # The scenario is the largest gemeente by inhabitants, as the table's legend says.
    assert row.area.endswith(")") and "(GM" in row.area


def test_pandas_equals_the_app_without_duckdb_too(bench_database):
    """The pandas reference alone (the bench extra missing) still checks the app."""
    [row] = scale.measure(bench_database, states=4, seed=5, scenarios=("buurt",))
    assert row.failures == [] and row.mismatches == []
    assert len(row.pandas_ms) == 4
    # The boundary documents a map can load: the gemeenten, the whole levels (small region),
    # and every gemeente's own wijken and buurten, the largest of them named.
    documents = {b.label: b for b in row.boundaries}
    assert set(documents) == {
        "gemeenten (één document)",
        "alle wijken (open data)",
        "alle buurten (open data)",
        "wijken per gemeente",
        "buurten per gemeente",
    }
    per_gemeente = documents["buurten per gemeente"]
    with make_session_factory(make_engine(bench_database.url))() as session:
        gemeenten = area_queries.areas(session, "gemeente")
    assert per_gemeente.count == len(gemeenten)
    assert per_gemeente.largest.status == 200 and per_gemeente.largest.path.startswith(
        "/geo/buurt/GM"
    )
    whole = documents["alle buurten (open data)"].largest
    assert per_gemeente.median_kb * 1024 <= per_gemeente.largest.size < whole.size
    assert not boundaries.failed(row.boundaries)
    missing = boundaries.Summary("x", boundaries.Document("/geo/x", 0, 0, 1.0, 404), None, 1)
    assert boundaries.failed([missing])


@pytest.fixture
def logged_in(bench_database, tmp_path):
    app = make_app(bench_database.url)
    client = app.server.test_client()
    login_with_form(client, bench_db.BENCH_USER, bench_db.BENCH_PASSWORD)
    outputs = view_callbacks(client.get("/_dash-dependencies").get_json())
    return client, outputs


def test_a_missing_registration_is_reported_as_a_difference(bench_database, logged_in):
    """The equality check can fail: facts without one registration of the scenario's gemeente
    give other numbers than the app, and the row says so."""
    client, outputs = logged_in
    engine = make_engine(bench_database.url)
    facts = reference.load_facts(engine)
    with make_session_factory(engine)() as session:
        gemeente = scale.scenario_areas(session)["gemeente"]
        searches = scale.filter_states(session, gemeente, 2, seed=3)
        query = reference.resolve_query(session, parse(searches[0]))
        in_period = facts["pleegdatum"].between(*(str(d) for d in query.period))
        chosen = facts["hoofdcategorie"].isin(query.categories)
        if query.codes:
            chosen = facts["mk_code"].isin(query.codes)
        hit = facts.index[(facts["gemeente_code"] == gemeente.code) & in_period & chosen]
        assert len(hit), "the demo data should have registrations in the first state"
        row = scale.Row(bench_database, "gemeente")
        scale.run_scenario(row, client, outputs, searches[:1], session, facts.drop(hit[:1]), None)
    engine.dispose()
    assert row.failures == []
    assert row.mismatches, "one registration less in pandas must be noticed"
    assert "app t.o.v. pandas" in row.mismatches[0]
    assert "kpi" in " ".join(row.mismatches) or "table" in " ".join(row.mismatches)


def test_app_numbers_are_read_from_the_callback_answers(bench_database, logged_in):
    """The KPI cards, the table and both charts are all read: none of them is empty."""
    from benchmarks import app_numbers

    client, outputs = logged_in
    answers = {}
    for name, output in outputs.items():
        _, body = fire(client, output, "?periode=12m&vergelijking=vorig_jaar&trend=maand")
        answers[name] = json.loads(body)["response"]
    numbers = app_numbers.numbers(answers)
    assert numbers.kpi["totaal"] == sum(v for k, v in numbers.kpi.items() if k != "totaal")
    assert sum(now for now, _ in numbers.table.values()) == numbers.kpi["totaal"]
    assert len(numbers.trend[0]) >= 11  # twelve months, an edge month may be partial
    assert numbers.heatmap is not None and len(numbers.heatmap) == 7


def test_differences_names_the_part_that_differs():
    a = reference.Numbers({"totaal": 3}, {"GM0001": (3, 1)}, ((("2024-01-01", 3),), ()), None)
    assert reference.differences(a, a) == []
    b = replace(a, table={"GM0001": (2, 1)})
    [line] = reference.differences(a, b)
    assert line.startswith("table: 1 verschillen") and "GM0001" in line


def test_national_is_skipped_with_a_clear_line_when_it_is_not_built(monkeypatch, tmp_path, capsys):
    """Without --build-national a missing national database is never built; with it, a CLI
    that cannot build one yet also gives the skip line."""
    db = bench_db.BenchDb("national", "sqlite", f"sqlite:///{tmp_path / 'national.db'}")

    def no_build(_url):
        raise AssertionError("the national database must not be built unasked")

    monkeypatch.setattr(bench_db, "build_national", no_build)
    rows = scale.run([db], reuse=True, cbs_dir=tmp_path, states=1, seed=1)
    monkeypatch.setattr(bench_db, "cli_builds_national", lambda: False)
    rows += scale.run([db], reuse=True, cbs_dir=tmp_path, states=1, seed=1, build_national=True)
    assert [r.skipped for r in rows] == [bench_db.NOT_BUILT] * 6
    scale.print_table(rows[:3])
    assert "national: nog niet gebouwd" in capsys.readouterr().out
    assert not scale.failed(rows)


def test_the_detailed_sections_measure_without_failures(bench_database, logged_in):
    """The general dashboard's detailed section and the theme pages answer every request the
    bench sends (a changed callback signature shows up here, not only in make bench)."""
    from benchmarks import general, thema

    client, outputs = logged_in
    engine = make_engine(bench_database.url)
    factory = make_session_factory(engine)
    results, geo_rows, _ = general.measure(client, outputs, factory, changes=4, seed=2)
    assert results.failures == []
    assert all(len(samples) == 4 for samples in results.samples.values())
    assert {row[0] for row in geo_rows} == {"buurt", "wijk", "gemeente"}
    rows = thema.run(client, factory, lambda: None)
    engine.dispose()
    assert thema.failures(rows) == []
    assert rows and all(median > 0 for _, _, median, *_ in rows)


def test_the_app_is_compared_on_its_first_page_of_the_areas_table():
    """The app sends one page of the areas table: the reference keeps the same rows (largest
    count first, ties by comparison count and code)."""
    table = {
        "GM0003": (5, 1),
        "GM0001": (5, 1),
        "GM0002": (5, 2),
        "GM0004": (0, 9),
        "GM0005": (1, 0),
    }
    numbers = reference.Numbers({"totaal": 16}, table, ((), ()), None)
    page = reference.first_page(numbers, 3)
    assert list(page.table) == ["GM0002", "GM0001", "GM0003"]
    assert list(reference.first_page(numbers, 10).table) == [
        "GM0002",
        "GM0001",
        "GM0003",
        "GM0005",
        "GM0004",
    ]
    assert page.kpi == numbers.kpi
