"""Public police tables: both layouts, secrets, region filter, and boundaries that changed."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.data.ingest.open_data import load_open_data
from dashboard.data.models import FactCrimePeriod
from dashboard.data.queries import crime_periods
from tests.conftest import database_copy, shared_demo_snapshot

YEAR_2023 = dt.date(2023, 1, 1)
# Sums per gemeente of the 2023 buurt file (its README), Twente 24,170.
GEMEENTE_TOTALS = {
    "GM0141": 4100,
    "GM0147": 708,
    "GM1774": 493,
    "GM0153": 9024,
    "GM0158": 520,
    "GM0163": 815,
    "GM0164": 3665,
    "GM1735": 723,
    "GM0168": 559,
    "GM0173": 1009,
    "GM1742": 873,
    "GM0183": 374,
    "GM1700": 715,
    "GM0189": 592,
}


@pytest.fixture(scope="module")
def twente_base(tmp_path_factory, shared_data_dir):
    return shared_demo_snapshot(
        tmp_path_factory.mktemp("open"),
        cbs_dir=shared_data_dir,
        regio_code="VR05",
        regio_naam="Twente",
        scale=0.01,
        years=1,
    )


@pytest.fixture
def twente(twente_base, tmp_path):
    with database_copy(twente_base, tmp_path) as (url, factory, _path):
        yield url, factory


def test_real_2023_buurt_file_keeps_24170_on_every_level(twente, shared_data_dir):
    _, factory = twente
    report = load_open_data(
        factory, shared_data_dir / "politie" / "misdrijven_buurt_2023_twente.csv"
    )
    assert report.status == "geladen", report.message
    assert (report.read, report.inserted, report.rejected) == (528, 528, 0)
    with factory() as session:
        for level in ("buurt", "wijk", "gemeente"):
            frame = crime_periods.counts_by_level(session, level, "jaar", YEAR_2023)
            assert frame["aantal"].sum() == 24_170, level
        gemeenten = crime_periods.counts_by_level(session, "gemeente", "jaar", YEAR_2023)
        assert (
            dict(zip(gemeenten["area_code"], gemeenten["aantal"], strict=True)) == GEMEENTE_TOTALS
        )
        buurten = crime_periods.counts_by_level(session, "buurt", "jaar", YEAR_2023)
    # Rijssen-Holten has a newer buurt indeling than the 2021 map: its new buurten are shown at
    # gemeente level, flagged, and only there.
    flagged = buurten[buurten["opmerking"] != ""]
    assert set(flagged["area_code"]) == {"GM1742"}
    assert flagged["opmerking"].iloc[0] == crime_periods.NOT_IN_INDELING
    assert 0 < flagged["aantal"].sum() < 873


def write_raw(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writerow(
            ["ID", "SoortMisdrijf", "WijkenEnBuurten", "Perioden", "GeregistreerdeMisdrijven_1"]
        )
        for i, row in enumerate(rows):
            writer.writerow([i, *row])
    return path


RAW_ROWS = [
    ("0.0.0 ", "NL00      ", "2023MM04", "70000"),  # national total: skipped
    ("0.0.0 ", "GM0363    ", "2023MM04", "6000"),  # Amsterdam: outside the region, skipped
    ("0.0.0 ", "GM0153    ", "2023MM04", "800"),
    ("0.0.0 ", "BU01530000", "2023MM04", "40"),
    ("0.0.0 ", "BU01530001", "2023MM04", "35"),
    ("1.1.1 ", "GM0153    ", "2023MM04", "."),  # secret: not stored, not 0
    ("9.9.9 ", "GM0153    ", "2023MM04", "5"),  # unknown crime type: rejected
]


def test_cbs_download_layout_with_secrets_and_other_regions(twente, tmp_path):
    _, factory = twente
    report = load_open_data(factory, write_raw(tmp_path / "47022NED.csv", RAW_ROWS))
    assert report.status == "geweigerd"  # 1 reject of 5 rows in the region: 20% > 5%
    assert "9.9.9" not in report.message or "afgekeurd" in report.message
    ok = write_raw(tmp_path / "47022NED_ok.csv", RAW_ROWS[:-1])
    report = load_open_data(factory, ok)
    assert report.status == "geladen", report.message
    assert report.inserted == 3 and "2 rijen buiten de regio" in report.message
    assert "1 geheime" in report.message
    with factory() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(FactCrimePeriod)
                .where(FactCrimePeriod.soort_code == "1.1.1")
            )
            == 0
        )
        month = dt.date(2023, 4, 1)
        buurten = crime_periods.counts_by_level(session, "buurt", "maand", month)
        gemeente = crime_periods.counts_by_level(session, "gemeente", "maand", month)
    # The gemeente total (800) includes crimes without a known buurt: on the buurt level they
    # sit at gemeente level, so every level adds up to the same 800.
    assert gemeente["aantal"].sum() == buurten["aantal"].sum() == 800
    unknown = buurten[buurten["opmerking"] == crime_periods.UNKNOWN_AREA]
    assert unknown["aantal"].tolist() == [725]


def test_reloading_and_corrections(twente, tmp_path):
    _, factory = twente
    path = write_raw(tmp_path / "a.csv", RAW_ROWS[2:5])
    assert load_open_data(factory, path).inserted == 3
    again = load_open_data(factory, path)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    corrected = [RAW_ROWS[2], ("0.0.0 ", "BU01530000", "2023MM04", "41"), RAW_ROWS[4]]
    report = load_open_data(factory, write_raw(tmp_path / "b.csv", corrected))
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 2)


def test_unrecognised_table_is_refused(twente, tmp_path, monkeypatch, capsys):
    url, _ = twente
    path = tmp_path / "iets.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    assert main(["ingest", "politie-open-data", str(path), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "geweigerd" and "GeregistreerdeMisdrijven" in report["message"]


def test_open_data_page_keeps_every_count(twente, shared_data_dir):
    """The page's callback: buurten of Rijssen-Holten on the 2021 map, the rest named below it."""
    from dashboard.callbacks import open_data as cb
    from tests.conftest import login, make_app

    url, factory = twente
    load_open_data(factory, shared_data_dir / "politie" / "misdrijven_buurt_2023_twente.csv")
    app = make_app(url)
    with app.server.app_context():
        page = cb.update("jaar:2023-01-01", "0.0.0", "buurt", "GM1742")
        region = cb.update("jaar:2023-01-01", "0.0.0", "wijk", None)
    title, level_note, hideout = page["title"], page["level_note"], page["hideout"]
    geo_url, note, rows = page["map_url"], page["unplaced"], page["table"]
    region_title, region_note, region_rows = region["title"], region["level_note"], region["table"]
    assert level_note is None  # a gemeente chosen: its own buurten
    assert "873 geregistreerd" in title and "jaarcijfers, geen tijdstip" in title
    # Only Rijssen-Holten's buurten travel, and they are exactly the ones the map colours.
    assert geo_url == "/geo/buurt/GM1742.geojson?jaar=2023"
    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    document = json.loads(client.get(geo_url).data)
    assert {f["properties"]["code"] for f in document["features"]} == set(hideout["areas"])
    assert sum(r["aantal"] for r in rows) == 873
    flagged = [r for r in rows if r["opmerking"]]
    assert len(flagged) == 1 and "Niet op de kaart" in note and "Rijssen-Holten" in note
    assert all(code.startswith("BU1742") for code in hideout["areas"])
    assert "24.170 geregistreerd" in region_title
    assert region_note is None  # Twente's wijken fit on one map without a gemeente
    assert sum(r["aantal"] for r in region_rows) == 24_170
    assert cb.update("onzin", "0.0.0", "buurt", None)["title"].startswith("Kies")


def test_open_data_gives_no_rate_for_a_buurt_of_few_inhabitants(twente, shared_data_dir):
    """Issue 21: Kennispark (Enschede, 5 inhabitants in the KWB) read 49.600 per 1.000 on the
    Open data page. Under 100 inhabitants the table and the tooltip say "te weinig inwoners",
    as the general map does; the others keep their rate."""
    from dashboard.analysis.comparison import MIN_INHABITANTS, TOO_FEW_INHABITANTS
    from dashboard.callbacks import open_data as cb
    from tests.conftest import make_app

    url, factory = twente
    load_open_data(factory, shared_data_dir / "politie" / "misdrijven_buurt_2023_twente.csv")
    with make_app(url).server.app_context():
        page = cb.update("jaar:2023-01-01", "0.0.0", "buurt", "GM0153")
    rows = page["table"]
    few = [r for r in rows if r["inwoners"] is not None and r["inwoners"] < MIN_INHABITANTS]
    assert few, "Enschede has buurten with fewer than 100 inhabitants in the KWB"
    for row in few:
        assert row["per_1000"] == TOO_FEW_INHABITANTS, row
        assert TOO_FEW_INHABITANTS in page["hideout"]["areas"][row["area_code"]]["t"]
    rated = [r for r in rows if r["inwoners"] and r["inwoners"] >= MIN_INHABITANTS]
    assert rated and all(isinstance(r["per_1000"], float) for r in rated)
