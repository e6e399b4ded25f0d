"""Partner data described by a spec file: good and bad specs, good and bad files, idempotence,
refusal above the reject share, the CLI, and the demo that loads every shipped spec."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.data.ingest.partner import load_partner
from dashboard.data.ingest.partner_spec import load_spec, shipped_specs
from dashboard.data.models import DimDataset, FactPartner, IngestRejection, IngestRun
from tests.conftest import DEMO_END, database_copy, shared_demo_snapshot, write_csv

TODAY = dt.date(2026, 11, 22)
SPEC = """
code = "bemiddeling-demo"
naam = "Buurtbemiddeling"
thema = "woonoverlast"
eigenaar = "Gemeente Demostad"
niveau = "buurt"
periode = "maand"
onderdrukkingsdrempel = 5
[toegang]
gemeenten = ["GM9901"]
[kolommen]
gebied = "Buurtcode"
periode = "Maand"
[[maten]]
kolom = "Aantal zaken"
naam = "zaken"
label = "Aantal bemiddelingszaken"
eenheid = "zaken"
[[maten]]
kolom = "Zaken met afspraken"
naam = "afspraken"
[[kenmerken]]
kolom = "Soort conflict"
naam = "soort"
waarden = ["geluid", "erfgrens", "overig"]
"""
HEADER = ["Buurtcode", "Maand", "Soort conflict", "Aantal zaken", "Zaken met afspraken"]
# Buurten of GM9901 in the fictional demo region (dashboard/data/demo/region.py).
BUURTEN = [f"BU9901{w:02d}{b:02d}" for w, n in enumerate((5, 5, 4, 4)) for b in range(n)]
MONTHS = ("2026-01", "2026-02", "2026-03")
SOORTEN = ("geluid", "erfgrens", "overig")


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("partner"), seed=5, years=1, scale=0.2)


@pytest.fixture
def db(base_db, tmp_path):
    with database_copy(base_db, tmp_path) as (url, factory, _path):
        yield url, factory


@pytest.fixture
def spec(tmp_path):
    path = tmp_path / "bemiddeling.toml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def good_rows() -> list[list[str]]:
    """18 buurten x 3 months x 3 kinds = 162 rows, file rows 2..163."""
    return [
        [buurt, month, soort, str(i % 7 + 1), f"{i % 3},0"]
        for i, (buurt, month, soort) in enumerate(
            (b, m, s) for b in BUURTEN for m in MONTHS for s in SOORTEN
        )
    ]


def facts(factory, code="bemiddeling-demo") -> dict[tuple, float]:
    with factory() as session:
        rows = session.execute(
            select(
                FactPartner.area_code,
                FactPartner.periode_start,
                FactPartner.maat,
                FactPartner.kenmerken,
                FactPartner.waarde,
            ).where(FactPartner.dataset_code == code)
        ).all()
    return {(a, p, m, k): w for a, p, m, k, w in rows}


def test_good_spec_and_file_load_with_counts(db, spec, tmp_path):
    _, factory = db
    rows = good_rows()
    rows[0][4] = ""  # an empty measure: not stored, counted in the message
    rows[1][1] = "15-01-2026"  # a date falls in its month
    rows[2][1] = "januari 2026"
    path = write_csv(tmp_path / "levering.csv", [*HEADER, "Buurtnaam"], [[*r, "x"] for r in rows])
    report = load_partner(factory, spec, path, today=TODAY)
    assert report.status == "geladen", report.message
    assert report.source == "partner:bemiddeling-demo"
    assert (report.read, report.inserted, report.updated, report.rejected) == (324, 323, 0, 0)
    assert "1 lege waarden niet opgeslagen" in report.message
    assert report.ignored_columns == ["Buurtnaam"]
    assert report.period == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    stored = facts(factory)
    assert len(stored) == 323
    assert stored[("BU99010000", dt.date(2026, 1, 1), "zaken", "soort=erfgrens")] == 2.0
    assert ("BU99010000", dt.date(2026, 1, 1), "afspraken", "soort=geluid") not in stored
    with factory() as session:
        dataset = session.scalar(select(DimDataset).where(DimDataset.code == "bemiddeling-demo"))
        assert (dataset.thema, dataset.niveau, dataset.periode, dataset.gemeenten) == (
            "woonoverlast",
            "buurt",
            "maand",
            "GM9901",
        )
        assert dataset.onderdrukkingsdrempel == 5 and "GM9901" in dataset.toegangsregel
        assert json.loads(dataset.spec_json)["maten"][0]["label"] == "Aantal bemiddelingszaken"
        gemeenten = set(
            session.scalars(
                select(FactPartner.gemeente_code).where(
                    FactPartner.dataset_code == "bemiddeling-demo"
                )
            )
        )
        assert gemeenten == {"GM9901"}


def test_same_file_twice_is_unchanged_and_a_correction_updates(db, spec, tmp_path):
    _, factory = db
    path = write_csv(tmp_path / "levering.csv", HEADER, good_rows())
    assert load_partner(factory, spec, path, today=TODAY).inserted == 324
    again = load_partner(factory, spec, path, today=TODAY)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 324)
    rows = good_rows()
    rows[0][3] = "40"
    report = load_partner(factory, spec, write_csv(tmp_path / "v2.csv", HEADER, rows), today=TODAY)
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 323)
    assert facts(factory)[("BU99010000", dt.date(2026, 1, 1), "zaken", "soort=geluid")] == 40.0


def test_xlsx_with_date_cells(db, spec, tmp_path):
    _, factory = db
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["BU99010001", dt.datetime(2026, 2, 3), "Geluid", 3, 1])
    sheet.append(["bu99010002", dt.datetime(2026, 2, 28), "overig", 2.5, 0])
    path = tmp_path / "levering.xlsx"
    book.save(path)
    report = load_partner(factory, spec, path, today=TODAY)
    assert report.status == "geladen", report.message
    stored = facts(factory)
    assert stored[("BU99010001", dt.date(2026, 2, 1), "zaken", "soort=geluid")] == 3.0
    assert stored[("BU99010002", dt.date(2026, 2, 1), "zaken", "soort=overig")] == 2.5


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('gebied = "Buurtcode"\n', "", "[kolommen] gebied ontbreekt"),
        ('thema = "woonoverlast"', 'thema = "verkeer"', "thema 'verkeer' onbekend"),
        ('kolom = "Soort conflict"', 'kolom = "Naam melder"', "'Naam melder' bevat persoonsgeg"),
        ('niveau = "buurt"', 'niveau = "straat"', "niveau 'straat' ongeldig"),
        ('naam = "zaken"', 'naam = "afspraken"', "[[maten]] naam 'afspraken' komt twee keer voor"),
        ('gemeenten = ["GM9901"]', 'gemeenten = ["Losser"]', "[toegang] gemeenten: 'LOSSER'"),
        ("onderdrukkingsdrempel = 5", "onderdrukingsdrempel = 5", "onbekende sleutel"),
        ('code = "bemiddeling-demo"', 'code = "Bemiddeling Demo"', "code 'Bemiddeling Demo'"),
        ("onderdrukkingsdrempel = 5", f'toelichting = "{"x" * 601}"', "toelichting is langer"),
        ("onderdrukkingsdrempel = 5", "toelichting = 3", "toelichting moet een niet-lege tekst"),
    ],
)
def test_bad_spec_is_refused_naming_the_spec_file_and_key(db, tmp_path, old, new, expected):
    _, factory = db
    assert old in SPEC
    spec = tmp_path / "bemiddeling.toml"
    spec.write_text(SPEC.replace(old, new), encoding="utf-8")
    path = write_csv(tmp_path / "levering.csv", HEADER, good_rows())
    report = load_partner(factory, spec, path, today=TODAY)
    assert report.status == "geweigerd"
    assert report.message.startswith("spec bemiddeling.toml: ")
    assert expected in report.message
    assert facts(factory) == {}
    with factory() as session:
        run = session.scalar(select(IngestRun).where(IngestRun.id == report.run_id))
        assert (run.bron, run.status) == ("partner", "geweigerd")


def test_rejected_rows_are_kept_with_row_number_field_and_reason(db, spec, tmp_path):
    _, factory = db
    rows = good_rows()  # 162 rows; 6 bad rows below stay under 5% (3.6%)
    rows += [
        ["BU00000000", "2026-01", "geluid", "1", "0"],  # row 164: unknown buurt
        ["WK990100", "2026-01", "geluid", "1", "0"],  # row 165: wijk code at buurt level
        ["BU99010000", "2026-13", "geluid", "1", "0"],  # row 166: no such month
        ["BU99010000", "2026-04", "geluid", "veel", "0"],  # row 167: not a number
        ["BU99010000", "2026-04", "burenruzie", "1", "0"],  # row 168: value not allowed
        ["BU99010000", "2026-01", "Geluid", "1", "0"],  # row 169: duplicate of row 2
    ]
    path = write_csv(tmp_path / "levering.csv", HEADER, rows)
    report = load_partner(factory, spec, path, today=TODAY)
    assert report.status == "geladen", report.message
    assert [(r.row, r.field, r.reason.split(" (")[0]) for r in report.rejections] == [
        (164, "Buurtcode", "onbekende buurt"),
        (165, "Buurtcode", "geen buurtcode"),
        (166, "Maand", "ongeldige periode voor maand"),
        (167, "Aantal zaken", "geen getal"),
        (168, "Soort conflict", "waarde niet toegestaan"),
        (169, "Buurtcode", "dubbel in bestand"),
    ]
    assert report.inserted == 324
    with factory() as session:
        kept = session.scalars(
            select(IngestRejection.rij).where(IngestRejection.run_id == report.run_id)
        ).all()
    assert sorted(kept) == [164, 165, 166, 167, 168, 169]


def test_above_five_percent_rejected_the_file_is_refused_and_nothing_stored(db, spec, tmp_path):
    _, factory = db
    rows = good_rows()[:100] + [["BU00000000", "2026-01", "geluid", "1", "0"]] * 6
    path = write_csv(tmp_path / "levering.csv", HEADER, rows)
    report = load_partner(factory, spec, path, today=TODAY)
    assert report.status == "geweigerd"
    assert "6 van 106 rijen afgekeurd" in report.message
    assert facts(factory) == {}
    with factory() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(DimDataset)
                .where(DimDataset.code == "bemiddeling-demo")
            )
            == 0
        )
        kept = session.scalar(select(func.count()).where(IngestRejection.run_id == report.run_id))
    assert kept == 6


def test_future_period_is_rejected(db, spec, tmp_path):
    _, factory = db
    rows = [*good_rows(), ["BU99010000", "2027-01", "geluid", "1", "0"]]
    report = load_partner(factory, spec, write_csv(tmp_path / "l.csv", HEADER, rows), today=TODAY)
    assert [(r.row, r.reason) for r in report.rejections] == [(164, "periode in de toekomst")]


@pytest.mark.parametrize(
    ("header", "values", "expected"),
    [
        (HEADER[:-1], None, "kolom ontbreekt: 'Zaken met afspraken'"),
        (
            [*HEADER, "Adres"],
            "Dorpsstraat 1",
            "kolom 'Adres' bevat persoonsgegevens (adres, bijvoorbeeld rij 2)",
        ),
        ([*HEADER, "Contact"], "jan@example.nl", "kolom 'Contact' bevat persoonsgegevens"),
        (
            [*HEADER, "Info"],
            "Jansen, P. (Wierdensestraat 12)",
            "kolom 'Info' bevat persoonsgegevens (naam, bijvoorbeeld rij 2)",
        ),
        ([*HEADER, "Extra"], "12-03-1961", "kolom 'Extra' bevat persoonsgegevens (geboortedatum"),
    ],
)
def test_bad_columns_refuse_the_file(db, spec, tmp_path, header, values, expected):
    _, factory = db
    rows = [r[: len(HEADER)] + ([values] if values else []) for r in good_rows()]
    rows = [r[: len(header)] for r in rows]
    report = load_partner(factory, spec, write_csv(tmp_path / "l.csv", header, rows), today=TODAY)
    assert report.status == "geweigerd"
    assert report.message.startswith("l.csv: ")
    assert expected in report.message
    assert facts(factory) == {}


def test_cli_exit_codes_and_json(db, spec, tmp_path, monkeypatch, capsys):
    url, _ = db
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    good = write_csv(tmp_path / "goed.csv", HEADER, good_rows())
    assert main(["ingest", "partner", "--spec", str(spec), str(good), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"source", "status", "read", "inserted", "rejected", "rejections_sample"} <= set(out)
    assert (out["source"], out["status"], out["inserted"]) == (
        "partner:bemiddeling-demo",
        "geladen",
        324,
    )
    bad = write_csv(tmp_path / "fout.csv", HEADER[:2], [["BU99010000", "2026-01"]])
    assert main(["ingest", "partner", "--spec", str(spec), str(bad)]) == 2
    assert "kolom ontbreekt" in capsys.readouterr().err
    missing_spec = tmp_path / "geen.toml"
    assert main(["ingest", "partner", "--spec", str(missing_spec), str(good), "--json"]) == 2
    assert "bestand niet gevonden" in json.loads(capsys.readouterr().out)["message"]


def test_every_shipped_spec_is_valid_and_the_demo_loads_it(db):
    _, factory = db
    specs = [load_spec(p) for p in shipped_specs()]
    assert len(specs) >= 9
    with factory() as session:
        datasets = {d.code: d for d in session.scalars(select(DimDataset))}
        counts = dict(
            session.execute(
                select(FactPartner.dataset_code, func.count()).group_by(FactPartner.dataset_code)
            ).all()
        )
        runs = session.scalars(select(IngestRun).where(IngestRun.bron.like("partner:%"))).all()
    for spec in specs:
        if spec.gemeenten:  # restricted to Losser, which is not in the fictional region
            assert spec.code not in datasets
            continue
        assert datasets[spec.code].thema == spec.thema
        assert counts[spec.code] > 0
        assert len(spec.toelichting) > 40  # every shipped source says what it counts
    assert {r.status for r in runs} == {"geladen"}
    assert max(r.data_tot for r in runs) <= DEMO_END
