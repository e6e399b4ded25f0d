"""The weekly police extract: formats, headers, privacy, idempotence, updates, rejects, kills."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyproj import Transformer
from sqlalchemy import func, inspect, select, text

from dashboard.cli import main
from dashboard.data.db import make_engine, make_session_factory
from dashboard.data.ingest.politie import run_politie
from dashboard.data.models import AggIncidentMonth, FactIncident, IngestRejection, IngestRun
from dashboard.data.queries import areas as area_queries
from tests.conftest import database_copy, fresh_url, shared_demo_snapshot, write_csv
from tests.personal_columns import ROWS, harmless_columns, personal_columns

TODAY = dt.date(2026, 11, 28)
HEADER = ["Registratienummer", "Maatschappelijke klasse", "Begindatum", "Begintijd", "Buurtcode"]


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """A small fictional-region database; each test works on its own copy."""
    return shared_demo_snapshot(tmp_path_factory.mktemp("base"), seed=3, years=1, scale=0.2)


@pytest.fixture
def db(base_db, tmp_path):
    with database_copy(base_db, tmp_path) as (url, factory, path):
        yield url, factory, path


@pytest.fixture
def buurten(db):
    with db[1]() as session:
        return [a.code for a in area_queries.areas(session, "buurt")]


def rows_for(buurten, n=20, prefix="PL0500-2026", day=dt.date(2026, 11, 20)):
    codes = ["F550 Eenvoudige mishandeling", "A72", "E33", "D10 Verkeersongeval"]
    return [
        [
            f"{prefix}{i:05d}",
            codes[i % 4],
            day.strftime("%d-%m-%Y"),
            f"{i % 24:02d}:15",
            buurten[i % len(buurten)],
        ]
        for i in range(n)
    ]


def fact_count(factory) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(FactIncident))


def aggregates_agree(factory) -> bool:
    with factory() as session:
        facts = session.scalar(select(func.count()).select_from(FactIncident))
        agg = session.scalar(select(func.sum(AggIncidentMonth.aantal)))
        return facts == agg


# --- formats and headers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8"), (",", "utf-8"), (";", "utf-8-sig"), (";", "cp1252")],
)
def test_csv_dialects_and_encodings(db, buurten, tmp_path, delimiter, encoding):
    _, factory, _ = db
    before = fact_count(factory)
    header = ["Reg.nr", "MK", "Pleegdatum", "Pleegtijd", "Buurt", "Opmerking politie-eenheid"]
    header[-1] = "Basisteam Enschede-Zuid"  # a harmless, accented-free extra column
    rows = [[*r, "Oost"] for r in rows_for(buurten, 10)]
    path = write_csv(
        tmp_path / "levering.csv", header, rows, delimiter=delimiter, encoding=encoding
    )
    report = run_politie(factory, path, today=TODAY)
    assert report.status == "geladen", report.message
    assert (report.read, report.inserted, report.rejected) == (10, 10, 0)
    assert report.ignored_columns == ["Basisteam Enschede-Zuid"]
    assert fact_count(factory) == before + 10


def test_accented_headers_in_cp1252_and_any_order(db, buurten, tmp_path):
    _, factory, _ = db
    rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    with factory() as session:
        area = area_queries.area(session, buurten[0])
    lon = (area.bounds[0][1] + area.bounds[1][1]) / 2
    lat = (area.bounds[0][0] + area.bounds[1][0]) / 2
    x, y = rd.transform(lon, lat)
    header = ["Y-coördinaat", "Begindatum", "X-COÖRDINAAT", "Incidentcode", "Registratienummer"]
    rows = [
        [f"{y:.1f}".replace(".", ","), "2026-11-20", f"{x:.1f}".replace(".", ","), "F550", "R-1"]
    ]
    path = write_csv(tmp_path / "xy.csv", header, rows, encoding="cp1252")
    report = run_politie(factory, path, today=TODAY)
    assert report.status == "geladen", report.message
    with factory() as session:
        fact = session.scalar(select(FactIncident).where(FactIncident.registratienummer == "R-1"))
        assert fact.buurt_code == buurten[0]
        assert fact.uur is None  # no time column: hour unknown, not midnight


def test_xlsx_with_real_date_and_time_cells(db, buurten, tmp_path):
    from openpyxl import Workbook

    _, factory, _ = db
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(
        ["X-1", "A72 Diefstal fiets", dt.datetime(2026, 11, 19), dt.time(23, 5), buurten[1]]
    )
    sheet.append(["X-2", "F550", "19-11-2026", "7:30", buurten[2]])
    path = tmp_path / "levering.xlsx"
    book.save(path)
    report = run_politie(factory, path, today=TODAY)
    assert report.status == "geladen", report.message
    with factory() as session:
        hours = dict(
            session.execute(
                select(FactIncident.registratienummer, FactIncident.uur).where(
                    FactIncident.registratienummer.in_(["X-1", "X-2"])
                )
            ).all()
        )
    assert hours == {"X-1": 23, "X-2": 7}


def test_mapping_file_adapts_other_headers_and_drops_personal_columns(db, buurten, tmp_path):
    _, factory, _ = db
    mapping = tmp_path / "eenheid.toml"
    mapping.write_text(
        '[kolommen]\nregistratienummer = "Zaak-ID"\nmk_code = "Feit"\ndatum = "Datum feit"\n'
        'buurt = "CBS-buurt"\n[verwijderen]\nkolommen = ["Naam verdachte"]\n',
        encoding="utf-8",
    )
    header = ["Zaak-ID", "Feit", "Datum feit", "CBS-buurt", "Naam verdachte"]
    rows = [["Z-1", "F550", "20-11-2026", buurten[0], "Jan Jansen"]]
    path = write_csv(tmp_path / "anders.csv", header, rows)
    report = run_politie(factory, path, mapping_path=mapping, today=TODAY)
    assert report.status == "geladen", report.message
    assert report.dropped_columns == ["Naam verdachte"]
    assert "Naam verdachte" in report.summary()
    assert not stored_anywhere(db, "Jan Jansen")


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("Naam", "Jan Jansen"),
        ("BSN", "123456782"),
        ("Geboortedatum", "01-01-1990"),
        ("Straat en huisnummer", "Dorpsstraat 1"),
        ("Postcode", "7511 AB"),
        ("Kenteken", "AB-123-C"),
        ("Telefoon", "0612345678"),
        ("E-mail", "iemand@example.nl"),
        ("Omschrijving", "Verdachte liep weg"),
        ("Info", "iemand@example.nl"),  # recognised by its values, whatever the header
    ],
)
def test_personal_data_column_stops_the_load(db, buurten, tmp_path, column, value):
    _, factory, _ = db
    before = fact_count(factory)
    rows = [[*r, value] for r in rows_for(buurten, 3)]
    path = write_csv(tmp_path / "pd.csv", [*HEADER, column], rows)
    report = run_politie(factory, path, today=TODAY)
    assert report.status == "geweigerd"
    assert f"kolom {column!r} bevat persoonsgegevens" in report.message
    assert fact_count(factory) == before
    assert not stored_anywhere(db, value)


def test_postcode_with_four_digits_is_allowed(db, buurten, tmp_path):
    rows = [[*r, "7511"] for r in rows_for(buurten, 3)]
    path = write_csv(tmp_path / "pc4.csv", [*HEADER, "Postcode"], rows)
    assert run_politie(db[1], path, today=TODAY).status == "geladen"


def test_missing_column_is_refused_with_the_columns_found(db, tmp_path):
    path = write_csv(
        tmp_path / "kort.csv", ["Registratienummer", "Begindatum"], [["A", "2026-11-20"]]
    )
    report = run_politie(db[1], path, today=TODAY)
    assert report.status == "geweigerd"
    assert "kolom ontbreekt: mk_code" in report.message and "Begindatum" in report.message


def test_undecodable_or_binary_files_are_refused(db, tmp_path):
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(";".join(HEADER).encode("utf-16"))
    assert "UTF-16" in run_politie(db[1], utf16, today=TODAY).message
    zipped = tmp_path / "excel.csv"
    zipped.write_bytes(b"PK\x03\x04rest")
    assert ".xlsx" in run_politie(db[1], zipped, today=TODAY).message


# --- idempotence, updates, rejects --------------------------------------------------------------


def test_same_file_twice_changes_nothing(db, buurten, tmp_path):
    _, factory, _ = db
    path = write_csv(tmp_path / "week.csv", HEADER, rows_for(buurten, 50))
    first = run_politie(factory, path, today=TODAY)
    count = fact_count(factory)
    second = run_politie(factory, path, today=TODAY)
    assert (first.inserted, second.inserted, second.updated, second.unchanged) == (50, 0, 0, 50)
    assert fact_count(factory) == count
    assert aggregates_agree(factory)


def test_overlapping_delivery_updates_by_number(db, buurten, tmp_path):
    _, factory, _ = db
    week1 = rows_for(buurten, 30)
    run_politie(factory, write_csv(tmp_path / "w1.csv", HEADER, week1), today=TODAY)
    week2 = [list(r) for r in week1[10:]]  # overlaps 20 registrations
    week2[0][1] = "F551 Zware mishandeling"  # code corrected
    week2[1][2] = "10-10-2026"  # date corrected into another month
    week2 += rows_for(buurten, 5, prefix="PL0500-NEW")
    before = fact_count(factory)
    report = run_politie(factory, write_csv(tmp_path / "w2.csv", HEADER, week2), today=TODAY)
    assert (report.inserted, report.updated, report.unchanged) == (5, 2, 18)
    assert fact_count(factory) == before + 5
    with factory() as session:
        corrected = session.scalar(
            select(FactIncident).where(FactIncident.registratienummer == week2[0][0])
        )
        assert corrected.mk_code == "F551" and corrected.hoofdcategorie == "geweld"
        moved = session.scalar(
            select(FactIncident).where(FactIncident.registratienummer == week2[1][0])
        )
        assert moved.pleegdatum == dt.date(2026, 10, 10)
    assert aggregates_agree(factory)


def test_bad_rows_are_rejected_and_kept_with_row_field_and_reason(db, buurten, tmp_path):
    _, factory, _ = db
    rows = rows_for(buurten, 100)
    rows[3][1] = "Z999 Bestaat niet"  # file row 5 (header is row 1)
    rows[10][2] = "31-02-2026"  # row 12
    rows[20][4] = "BU99999999"  # row 22
    rows[30][2] = "01-01-2031"  # row 32: in the future
    rows[40][0] = rows[41][0]  # row 43 is the duplicate
    report = run_politie(factory, write_csv(tmp_path / "slecht.csv", HEADER, rows), today=TODAY)
    assert report.status == "geladen"
    assert report.rejected == 5 and report.inserted == 95
    got = {(r.row, r.field, r.reason) for r in report.rejections}
    assert got == {
        (5, "mk_code", "onbekende incidentcode"),
        (12, "datum", "onmogelijke datum"),
        (22, "buurt", "onbekende buurt BU99999999 (gemeente GM9999 bestaat niet)"),
        (32, "datum", "datum buiten bereik"),
        (43, "registratienummer", "dubbel registratienummer in bestand"),
    }
    with factory() as session:
        stored = session.execute(
            select(
                IngestRejection.rij,
                IngestRejection.veld,
                IngestRejection.reden,
                IngestRejection.waarde,
            ).where(IngestRejection.run_id == report.run_id)
        ).all()
        run = session.get(IngestRun, report.run_id)
    assert {(r[0], r[1], r[2]) for r in stored} == got
    assert "Z999 Bestaat niet" in {r[3] for r in stored}
    reasons = json.loads(run.rapport)["rejected_by_reason"]
    assert reasons["onbekende buurt BU99999999 (gemeente GM9999 bestaat niet)"] == 1


def test_too_many_rejects_refuses_the_whole_file(db, buurten, tmp_path):
    _, factory, _ = db
    rows = rows_for(buurten, 20)
    for row in rows[:2]:
        row[1] = "Z999"  # 10% > 5%
    path = write_csv(tmp_path / "veel_fout.csv", HEADER, rows)
    before = fact_count(factory)
    report = run_politie(factory, path, today=TODAY)
    assert report.status == "geweigerd" and "10.0%" in report.message
    assert fact_count(factory) == before
    with factory() as session:
        run = session.get(IngestRun, report.run_id)
        assert run.status == "geweigerd" and run.geweigerd == 2
    # A higher threshold lets the same file through.
    assert run_politie(factory, path, max_reject_percent=15, today=TODAY).status == "geladen"


def test_coordinates_outside_the_region_are_rejected_and_never_stored(db, tmp_path):
    _, factory, _ = db
    header = ["Registratienummer", "MK", "Begindatum", "X", "Y"]
    rows = [["C-1", "F550", "20-11-2026", "257000.123", "471000.456"]]  # Enschede, not this region
    report = run_politie(
        factory, write_csv(tmp_path / "xy.csv", header, rows), max_reject_percent=100, today=TODAY
    )
    assert report.rejected_by_reason == {"coördinaten buiten de buurten van de regio": 1}
    assert not stored_anywhere(db, "257000.123")


# --- CLI, atomicity ---------------------------------------------------------------------------


def test_cli_exit_codes_and_json_report(db, buurten, tmp_path, monkeypatch, capsys):
    url, _, _ = db
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    good = write_csv(tmp_path / "goed.csv", HEADER, rows_for(buurten, 5))
    assert main(["ingest", "politie", str(good), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    for key in ("read", "inserted", "updated", "unchanged", "rejected", "rejected_by_reason"):
        assert key in report
    assert report["inserted"] == 5
    bad = write_csv(tmp_path / "fout.csv", ["Naam", "BSN"], [["a", "b"]])
    assert main(["ingest", "politie", str(bad)]) == 2
    assert "persoonsgegevens" in capsys.readouterr().err


def stored_anywhere(db, value: str) -> bool:
    """Whether a value reached the database: the SQLite file's bytes (WAL included), or on
    PostgreSQL any row of any table as text."""
    _, factory, path = db
    if path is not None:
        files = [path, Path(str(path) + "-wal")]
        return any(value.encode() in f.read_bytes() for f in files if f.exists())
    with factory() as session:
        tables = inspect(session.get_bind()).get_table_names()
        return any(
            session.scalar(
                text(f'SELECT count(*) FROM "{table}" AS r WHERE r::text LIKE :v'),
                {"v": f"%{value}%"},
            )
            for table in tables
        )


def big_file(path: Path, buurten, n: int) -> Path:
    return write_csv(path, HEADER, rows_for(buurten, n, prefix="KILL-"))


@pytest.mark.sqlite_only("watches the SQLite WAL to kill the load midway")
def test_a_load_killed_midway_leaves_the_database_as_before(db, buurten, tmp_path):
    url, factory, db_path = db
    before = fact_count(factory)
    path = big_file(tmp_path / "groot.csv", buurten, 150_000)
    env = {**os.environ, "VEILIGHEID_DATABASE_URL": url}
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "ingest", "politie", str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wal = Path(str(db_path) + "-wal")
    deadline = time.monotonic() + 120
    # Wait until the load is writing (the WAL grows past the run record), then kill it hard.
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 2_000_000:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the load finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert fact_count(factory) == before
    with factory() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(IngestRun)
                .where(IngestRun.bestandsnaam == "groot.csv")
            )
            == 0
        )
    assert aggregates_agree(factory)


def test_first_delivery_into_a_new_database(tmp_path):
    """Only areas loaded (no demo): the packaged category mapping is put in place by the load."""
    import numpy as np

    from dashboard.data.db import transaction, upgrade_schema
    from dashboard.data.demo.region import build_demo_region
    from dashboard.data.ops import loading

    engine = make_engine(fresh_url(tmp_path, "nieuw"))
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    areas = build_demo_region(np.random.default_rng(1), 2026)
    with transaction(factory) as session:
        loading.replace_areas(session, 2026, areas.area_rows(), areas.geometry_rows())
    path = write_csv(tmp_path / "eerste.csv", HEADER, rows_for(list(areas.buurten), 10))
    report = run_politie(factory, path, today=TODAY)
    assert report.status == "geladen", report.message
    assert report.inserted == 10
    engine.dispose()


def test_freshness_says_demo_until_a_real_delivery_arrives(db, buurten, tmp_path):
    from dashboard.measures.freshness import freshness, is_demo

    _, factory, _ = db
    with factory() as session:
        # The generator's deliveries: demo data (the navbar's badge), no real delivery date.
        assert is_demo(session)
        text = freshness(session)
    assert text.startswith("Data t/m") and "levering" not in text
    run_politie(
        factory, write_csv(tmp_path / "echt.csv", HEADER, rows_for(buurten, 5)), today=TODAY
    )
    with factory() as session:
        assert not is_demo(session)
        text = freshness(session)
    assert text.startswith("Data t/m") and "levering" in text


# --- personal data by value (issue 18, item 8) ------------------------------------------------

PERSONAL_COLUMNS = personal_columns()


@pytest.mark.parametrize(
    ("header", "kind", "values"),
    PERSONAL_COLUMNS,
    ids=[f"{i:02d}-{kind}" for i, (_, kind, _) in enumerate(PERSONAL_COLUMNS)],
)
def test_personal_data_under_a_neutral_header_stops_the_load(
    db, buurten, tmp_path, header, kind, values
):
    _, factory, _ = db
    before = fact_count(factory)
    rows = [[*r, v] for r, v in zip(rows_for(buurten, ROWS), values, strict=True)]
    report = run_politie(
        factory, write_csv(tmp_path / "extra.csv", [*HEADER, header], rows), today=TODAY
    )
    assert report.status == "geweigerd"
    assert f"kolom {header!r} bevat persoonsgegevens ({kind}, bijvoorbeeld rij " in report.message
    example = int(re.search(r"bijvoorbeeld rij (\d+)", report.message).group(1))
    assert values[example - 2]  # the example row (header is row 1) holds a value of the column
    assert f'[verwijderen] (kolommen = ["{header}"])' in report.message
    assert not [v for v in set(values) if len(v) >= 5 and v in report.message]
    assert fact_count(factory) == before


def test_the_example_row_is_the_row_with_the_personal_value(db, buurten, tmp_path):
    values = ["ja"] * 30
    values[17] = "Jansen, P. (Wierdensestraat 12)"  # file row 19
    rows = [[*r, v] for r, v in zip(rows_for(buurten, 30), values, strict=True)]
    report = run_politie(db[1], write_csv(tmp_path / "i.csv", [*HEADER, "Info"], rows), today=TODAY)
    assert "(naam, bijvoorbeeld rij 19)" in report.message
    assert not stored_anywhere(db, "Wierdensestraat")


def test_harmless_extra_columns_still_load_and_are_listed(db, buurten, tmp_path):
    _, factory, _ = db
    before = fact_count(factory)
    extras = harmless_columns()
    rows = [
        [*r, *(values[i] for _, _, values in extras)] for i, r in enumerate(rows_for(buurten, ROWS))
    ]
    header = [*HEADER, *(h for h, _, _ in extras)]
    report = run_politie(factory, write_csv(tmp_path / "extra.csv", header, rows), today=TODAY)
    assert report.status == "geladen", report.message
    assert report.inserted == ROWS and fact_count(factory) == before + ROWS
    assert report.ignored_columns == [h for h, _, _ in extras]
    assert "genegeerde kolommen: Zaaknummer" in report.summary()


def test_a_column_recognised_by_its_values_loads_once_listed_under_verwijderen(
    db, buurten, tmp_path
):
    mapping = tmp_path / "eenheid.toml"
    mapping.write_text('[verwijderen]\nkolommen = ["Betrokkene"]\n', encoding="utf-8")
    rows = [[*r, "Jansen, P. (Wierdensestraat 12)"] for r in rows_for(buurten, 5)]
    path = write_csv(tmp_path / "b.csv", [*HEADER, "Betrokkene"], rows)
    assert run_politie(db[1], path, today=TODAY).status == "geweigerd"
    report = run_politie(db[1], path, mapping_path=mapping, today=TODAY)
    assert report.status == "geladen" and report.dropped_columns == ["Betrokkene"]
    assert not stored_anywhere(db, "Wierdensestraat")


def test_cli_refuses_a_personal_column_found_by_value_with_exit_2(
    db, buurten, tmp_path, monkeypatch, capsys
):
    url, factory, _ = db
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    before = fact_count(factory)
    rows = [[*r, "Jansen, P. (Wierdensestraat 12)"] for r in rows_for(buurten, 5)]
    path = write_csv(tmp_path / "betrokkene.csv", [*HEADER, "Betrokkene"], rows)
    assert main(["ingest", "politie", str(path)]) == 2
    err = capsys.readouterr().err
    assert "kolom 'Betrokkene' bevat persoonsgegevens (naam, bijvoorbeeld rij 2)" in err
    assert "[verwijderen]" in err and "Jansen" not in err
    assert fact_count(factory) == before


def test_a_date_column_decades_before_the_incident_is_a_birth_date(db, buurten, tmp_path):
    rows = [[*r, "14-02-1987"] for r in rows_for(buurten, 10)]
    report = run_politie(
        db[1], write_csv(tmp_path / "d.csv", [*HEADER, "Datum 2"], rows), today=TODAY
    )
    assert "kolom 'Datum 2' bevat persoonsgegevens (geboortedatum" in report.message
    rows = [[*r, "22-11-2026"] for r in rows_for(buurten, 10)]  # e.g. the date of the report
    report = run_politie(
        db[1], write_csv(tmp_path / "e.csv", [*HEADER, "Datum 2"], rows), today=TODAY
    )
    assert report.status == "geladen" and report.ignored_columns == ["Datum 2"]


# --- a code column with only the description (item 9) -----------------------------------------


def test_descriptions_of_the_code_list_are_mapped_to_their_code(db, buurten, tmp_path):
    _, factory, _ = db
    rows = rows_for(buurten, 4, prefix="OMS-")
    cells = ["Diefstal fiets", "  eenvoudige   MISHANDELING ", "A72", "F550"]
    for row, cell in zip(rows, cells, strict=True):
        row[1] = cell
    report = run_politie(factory, write_csv(tmp_path / "oms.csv", HEADER, rows), today=TODAY)
    assert report.status == "geladen", report.message
    with factory() as session:
        codes = dict(
            session.execute(
                select(FactIncident.registratienummer, FactIncident.mk_code).where(
                    FactIncident.registratienummer.like("OMS-%")
                )
            ).all()
        )
    assert codes == {
        "OMS-00000": "A72",
        "OMS-00001": "F550",
        "OMS-00002": "A72",
        "OMS-00003": "F550",
    }


def test_a_column_of_other_text_says_what_the_code_column_must_hold(db, buurten, tmp_path):
    rows = rows_for(buurten, 20)
    for row in rows:
        row[1] = "Fietsdiefstal"
    report = run_politie(db[1], write_csv(tmp_path / "x.csv", HEADER, rows), today=TODAY)
    assert report.status == "geweigerd"
    assert "een MK-code zoals F550, eventueel gevolgd door de omschrijving" in report.message
    assert {r.field for r in report.rejections} == {"mk_code"}


# --- a buurt of another gemeente (item 10) ----------------------------------------------------


def test_an_unknown_buurt_says_whose_buurt_it_is(db, buurten, tmp_path):
    _, factory, _ = db
    with factory() as session:
        region = area_queries.region(session).naam
        demostad = area_queries.area(session, "GM9901").naam
    rows = rows_for(buurten, 4)
    for row, code in zip(
        rows, ["BU03630000", "BU04570001", "BU99019999", "BU99990000"], strict=True
    ):
        row[4] = code
    report = run_politie(
        factory, write_csv(tmp_path / "b.csv", HEADER, rows), max_reject_percent=100, today=TODAY
    )
    assert [(r.row, r.field, r.reason, r.value) for r in report.rejections] == [
        (
            2,
            "buurt",
            f"buurt BU03630000 hoort bij Amsterdam (GM0363), buiten regio {region}",
            "BU03630000",
        ),
        (
            3,
            "buurt",
            f"buurt BU04570001 hoort bij Weesp (GM0457, sinds 2022-03-24 deel van Amsterdam), "
            f"buiten regio {region}",
            "BU04570001",
        ),
        (4, "buurt", f"onbekende buurt BU99019999 in {demostad}", "BU99019999"),
        (5, "buurt", "onbekende buurt BU99990000 (gemeente GM9999 bestaat niet)", "BU99990000"),
    ]
