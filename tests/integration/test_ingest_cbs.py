"""CBS deliveries against the real Twente files: boundaries (GeoJSON, RD GeoJSON, GeoPackage)
and kerncijfers with their roll-ups, each on a fresh SQLite database."""

from __future__ import annotations

import csv
import json
import sqlite3
import struct
from pathlib import Path

import numpy as np
import orjson
import pytest
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import MultiPolygon, Polygon, shape
from sqlalchemy import func, select

from dashboard.data.db import make_engine, make_session_factory, upgrade_schema
from dashboard.data.ingest.cbs import parse_kwb_number
from dashboard.data.ingest.cbs_deliveries import (
    BRON,
    BRON_UIT_BUURTEN,
    BRON_UIT_GEMEENTEN,
    load_cbs_gebieden,
    load_cbs_kerncijfers,
)
from dashboard.data.models import AreaGeometry, DimArea, FactAreaIndicator, IngestRun
from dashboard.data.queries import geometry as geometry_queries
from tests.conftest import fresh_url

REGIO = {"regio_code": "RG01", "regio_naam": "Twente"}
BORNE = "GM0147"  # 15 buurten in 2 wijken: small enough for the crafted files
TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


@pytest.fixture
def factory(tmp_path):
    engine = make_engine(fresh_url(tmp_path, "cbs"))
    upgrade_schema(engine)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def buurt_file(shared_data_dir) -> Path:
    return shared_data_dir / "geo" / "twente_buurten_2021.geojson"


def real_features(path: Path, gemeente: str | None = None) -> list[dict]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return [f for f in features if gemeente is None or f["properties"]["gemeentecode"] == gemeente]


def write_geojson(path: Path, features: list[dict], crs: str | None = None) -> Path:
    data = {"type": "FeatureCollection", "features": features}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def rd_shapes(geometries) -> list:
    """WGS84 GeoJSON geometries in RD New (metres), measured with pyproj directly."""
    return [shapely.transform(shape(g), to_rd) for g in geometries]


def to_rd(xy: np.ndarray) -> np.ndarray:
    return np.column_stack(TO_RD.transform(xy[:, 0], xy[:, 1]))


def stored_geometries(factory, niveau: str, jaar: int = 2021) -> dict[str, dict]:
    with factory() as session:
        rows = session.execute(
            select(AreaGeometry.code, AreaGeometry.geometry_json).where(
                AreaGeometry.niveau == niveau, AreaGeometry.indeling_jaar == jaar
            )
        ).all()
    return {code: orjson.loads(g) for code, g in rows}


def level_counts(factory, jaar: int = 2021) -> dict[str, int]:
    with factory() as session:
        rows = session.execute(
            select(DimArea.niveau, func.count())
            .where(DimArea.indeling_jaar == jaar)
            .group_by(DimArea.niveau)
        ).all()
    return dict(rows)


def snapshot(factory) -> list:
    with factory() as session:
        areas = session.execute(select(DimArea).order_by(DimArea.id)).scalars().all()
        shapes = session.execute(select(AreaGeometry.code, AreaGeometry.geometry_json)).all()
        return [(a.indeling_jaar, a.code, a.naam, a.min_lon) for a in areas] + sorted(shapes)


def indicators(factory, jaar: int = 2021) -> dict[tuple[str, str], tuple[float, str]]:
    with factory() as session:
        rows = session.execute(
            select(
                FactAreaIndicator.area_code,
                FactAreaIndicator.indicator,
                FactAreaIndicator.waarde,
                FactAreaIndicator.bron,
            ).where(FactAreaIndicator.jaar == jaar)
        ).all()
    return {(c, i): (w, b) for c, i, w, b in rows}


# --- boundaries -------------------------------------------------------------------------------


def test_twente_buurten_give_all_levels_with_names_and_a_run(factory, buurt_file):
    report = load_cbs_gebieden(factory, buurt_file, **REGIO)
    assert report.status == "geladen", report.message
    assert (report.read, report.inserted) == (517, 517 + 120 + 14 + 1)
    assert level_counts(factory) == {"buurt": 517, "wijk": 120, "gemeente": 14, "regio": 1}
    with factory() as session:
        # The wijk name that only the wijken file has; the parents of a buurt.
        assert session.scalar(select(DimArea.naam).where(DimArea.code == "WK174201")) == (
            "Wijk 01 Stadsrand"
        )
        buurt = session.scalar(select(DimArea).where(DimArea.code == "BU01411000"))
        assert (buurt.wijk_code, buurt.gemeente_code, buurt.regio_code) == (
            "WK014110",
            "GM0141",
            "RG01",
        )
        run = session.scalar(select(IngestRun).where(IngestRun.bron == "cbs-gebieden"))
        assert (run.status, run.gelezen, run.toegevoegd) == ("geladen", 517, 652)
        # What the map downloads for the buurt level stays small.
        size = len(orjson.dumps(geometry_queries.geometry_collection(session, "buurt")))
    assert size <= 1_000_000
    for geometry in stored_geometries(factory, "buurt").values():
        assert all(len(str(c).split(".")[-1]) <= 5 for c in _flat(geometry["coordinates"]))


def _flat(coords):
    if isinstance(coords[0], int | float):
        yield from coords
    else:
        for part in coords:
            yield from _flat(part)


def test_shared_borders_stay_shared(factory, buurt_file):
    load_cbs_gebieden(factory, buurt_file, **REGIO)
    out = rd_shapes(stored_geometries(factory, "buurt").values())
    assert len(out) == 517 and all(g.is_valid for g in out)
    union = shapely.union_all(out)
    total = sum(g.area for g in out)
    assert abs(total - union.area) <= 0.001 * union.area
    tree = shapely.STRtree(out)
    left, right = tree.query(out, predicate="intersects")
    worst = max(out[i].intersection(out[j]).area for i, j in zip(left, right, strict=True) if i < j)
    assert worst < 2.0  # m2: one cell of the 5-decimal grid, not a strip along a border
    # No gaps: the union covers what the delivered buurten cover, with no new holes inside.
    delivered = shapely.union_all(rd_shapes(f["geometry"] for f in real_features(buurt_file)))
    assert abs(union.area - delivered.area) <= 0.001 * delivered.area
    assert hole_area(union) < hole_area(delivered) + 2.0
    # The gemeente shapes (from the gemeenten file) cover the same land as the buurten.
    gemeenten = rd_shapes(stored_geometries(factory, "gemeente").values())
    assert abs(sum(g.area for g in gemeenten) - total) <= 0.001 * total


def hole_area(geometry) -> float:
    polygons = getattr(geometry, "geoms", [geometry])
    return sum(Polygon(ring).area for polygon in polygons for ring in polygon.interiors)


def rd_features(features: list[dict]) -> list[dict]:
    return [
        {**f, "geometry": shapely.geometry.mapping(shapely.transform(shape(f["geometry"]), to_rd))}
        for f in features
    ]


def assert_close_to(factory, originals: list[dict], metres: float = 1.0) -> None:
    """Every stored vertex lies within `metres` of the original border (the simplifier only
    drops vertices), and the shape as a whole within the 2 m tolerance plus rounding."""
    stored = stored_geometries(factory, "buurt")
    assert set(stored) == {f["properties"]["buurtcode"] for f in originals}
    codes = [f["properties"]["buurtcode"] for f in originals]
    results = rd_shapes(stored[code] for code in codes)
    for original, result in zip(rd_shapes(f["geometry"] for f in originals), results, strict=True):
        vertices = shapely.points(shapely.get_coordinates(result))
        assert shapely.distance(original.boundary, vertices).max() < metres
        assert original.hausdorff_distance(result) < 2.0 + metres


@pytest.mark.parametrize("declared", [True, False], ids=["crs-member", "by-magnitude"])
def test_rd_geojson_is_reprojected_to_wgs84(factory, buurt_file, tmp_path, declared):
    originals = real_features(buurt_file, BORNE)
    path = write_geojson(
        tmp_path / "borne_buurten_2021.geojson",
        rd_features(originals),
        "urn:ogc:def:crs:EPSG::28992" if declared else None,
    )
    report = load_cbs_gebieden(factory, path, **REGIO)
    assert report.status == "geladen", report.message
    assert level_counts(factory) == {"buurt": 15, "wijk": 2, "gemeente": 1, "regio": 1}
    assert_close_to(factory, originals)


def write_geopackage(path: Path, layers: dict[str, tuple[list[str], list[tuple]]]) -> Path:
    """A minimal GeoPackage as CBS publishes it: RD New, MultiPolygon blobs with an envelope."""
    con = sqlite3.connect(path)
    con.executescript(
        """
        PRAGMA application_id = 1196444487;
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
            organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
            definition TEXT NOT NULL, description TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL,
            identifier TEXT, description TEXT DEFAULT '', last_change DATETIME,
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
            geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
            m TINYINT NOT NULL);
        """
    )
    con.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES "
        "('Amersfoort / RD New', 28992, 'EPSG', 28992, ?, '')",
        (CRS.from_epsg(28992).to_wkt(),),
    )
    for layer, (columns, rows) in layers.items():
        names = ", ".join(f"{c} TEXT" for c in columns)
        con.execute(f"CREATE TABLE {layer} (fid INTEGER PRIMARY KEY, geom BLOB, {names})")
        con.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
            "VALUES (?, 'features', ?, 28992)",
            (layer, layer),
        )
        con.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', 28992, 0, 0)",
            (layer,),
        )
        marks = ", ".join("?" for _ in columns)
        for geometry, *values in rows:
            con.execute(
                f"INSERT INTO {layer} (geom, {', '.join(columns)}) VALUES (?, {marks})",
                (gp_blob(geometry), *values),
            )
    con.commit()
    con.close()
    return path


def gp_blob(geometry) -> bytes:
    if isinstance(geometry, Polygon):
        geometry = MultiPolygon([geometry])
    xmin, ymin, xmax, ymax = geometry.bounds
    header = b"GP" + bytes([0, 0b0000_0011]) + struct.pack("<i", 28992)  # LE, xy envelope
    return header + struct.pack("<4d", xmin, xmax, ymin, ymax) + shapely.to_wkb(geometry)


def test_geopackage_in_rd_loads_with_wijk_names(factory, buurt_file, tmp_path):
    originals = real_features(buurt_file, BORNE)
    buurten = [
        (
            rd,
            f["properties"]["buurtcode"],
            f["properties"]["buurtnaam"],
            f["properties"]["wijkcode"],
            BORNE,
            "Borne",
            "NEE",
        )
        for f, rd in zip(originals, rd_shapes(f["geometry"] for f in originals), strict=True)
    ]
    wijken = [
        (shapely.union_all([b[0] for b in buurten if b[3] == code]), code, f"Wijk {code[-2:]}")
        for code in sorted({b[3] for b in buurten})
    ]
    path = write_geopackage(
        tmp_path / "wijkenbuurten_2021_v1.gpkg",
        {
            "buurten": (
                ["buurtcode", "buurtnaam", "wijkcode", "gemeentecode", "gemeentenaam", "water"],
                buurten,
            ),
            "wijken": (["wijkcode", "wijknaam"], wijken),
        },
    )
    report = load_cbs_gebieden(factory, path, **REGIO)
    assert report.status == "geladen", report.message
    assert level_counts(factory) == {"buurt": 15, "wijk": 2, "gemeente": 1, "regio": 1}
    with factory() as session:
        names = dict(
            session.execute(
                select(DimArea.code, DimArea.naam).where(DimArea.niveau == "wijk")
            ).all()
        )
    assert names == {"WK014700": "Wijk 00", "WK014701": "Wijk 01"}
    assert set(stored_geometries(factory, "wijk")) == set(names)
    assert_close_to(factory, originals)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("buurtcode", "BU0147XX02", "object 3, veld buurtcode"),
        ("wijkcode", "WK014799", "object 3, veld wijkcode"),
        ("gemeentecode", "GM0153", "object 3, veld gemeentecode"),
    ],
)
def test_refused_feature_leaves_the_database_unchanged(
    factory, buurt_file, tmp_path, field, value, expected
):
    features = real_features(buurt_file, BORNE)
    good = write_geojson(tmp_path / "borne_buurten_2021.geojson", features)
    assert load_cbs_gebieden(factory, good, **REGIO).status == "geladen"
    before = snapshot(factory)
    features[2]["properties"][field] = value
    bad = write_geojson(tmp_path / "fout_buurten_2021.geojson", features)
    report = load_cbs_gebieden(factory, bad, regio_code="RG02", regio_naam="Anders")
    assert report.status == "geweigerd"
    assert report.message.startswith("fout_buurten_2021.geojson: ")
    assert expected in report.message
    assert snapshot(factory) == before
    with factory() as session:
        runs = session.execute(select(IngestRun.bestandsnaam, IngestRun.status)).all()
    assert ("fout_buurten_2021.geojson", "geweigerd") in runs


def test_region_is_required_once_then_kept_and_other_years_stay(factory, buurt_file, tmp_path):
    features = real_features(buurt_file, BORNE)
    for feature in features:
        del feature["properties"]["jaar_indeling"]
    path = write_geojson(tmp_path / "borne_buurten.geojson", features)
    refused = load_cbs_gebieden(factory, path, jaar=2021)
    assert refused.status == "geweigerd" and "--regio-code" in refused.message
    assert level_counts(factory) == {}
    assert load_cbs_gebieden(factory, path, jaar=2021, **REGIO).status == "geladen"
    no_year = load_cbs_gebieden(factory, path)
    assert no_year.status == "geweigerd" and "--jaar" in no_year.message
    assert load_cbs_gebieden(factory, path, jaar=2022).status == "geladen"  # region from the db
    assert (
        level_counts(factory, 2021)
        == level_counts(factory, 2022)
        == {
            "buurt": 15,
            "wijk": 2,
            "gemeente": 1,
            "regio": 1,
        }
    )
    with factory() as session:
        regions = set(
            session.execute(select(DimArea.code, DimArea.naam).where(DimArea.niveau == "regio"))
        )
    assert regions == {("RG01", "Twente")}


def test_gemeenten_limit_a_larger_file(factory, buurt_file):
    report = load_cbs_gebieden(factory, buurt_file, gemeenten=[BORNE], **REGIO)
    assert report.status == "geladen", report.message
    assert (report.read, report.inserted) == (517, 15 + 2 + 1 + 1)
    assert level_counts(factory) == {"buurt": 15, "wijk": 2, "gemeente": 1, "regio": 1}
    assert set(stored_geometries(factory, "wijk")) == {"WK014700", "WK014701"}


# --- kerncijfers ------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_real_buurt_and_gemeente_files_with_roll_ups(factory, buurt_file, shared_data_dir):
    assert load_cbs_gebieden(factory, buurt_file, **REGIO).status == "geladen"
    cbs = shared_data_dir / "cbs"
    buurt = load_cbs_kerncijfers(factory, cbs / "kwb2021_buurt_twente.csv")
    assert buurt.status == "geladen", buurt.message
    assert (buurt.read, buurt.rejected) == (517, 0)
    assert "water" in buurt.ignored_columns and "aantal_inwoners" not in buurt.ignored_columns
    gemeente = load_cbs_kerncijfers(factory, cbs / "kwb2021_gemeente_twente.csv")
    assert gemeente.status == "geladen", gemeente.message
    stored = indicators(factory)
    gemeente_rows = read_csv(cbs / "kwb2021_gemeente_twente.csv")
    for row in gemeente_rows:
        assert stored[(row["gemeentecode"], "aantal_inwoners")] == (
            float(row["aantal_inwoners"]),
            BRON,
        )
    # The region adds up CBS's own gemeente figures, not the (rounded) buurt sums.
    total = sum(float(r["aantal_inwoners"]) for r in gemeente_rows)
    assert stored[("RG01", "aantal_inwoners")] == (total, BRON_UIT_GEMEENTEN)
    # Wijken are added up from buurten (the wijk sums file holds the same sums).
    for row in read_csv(cbs / "kwb2021_wijk_twente_som.csv"):
        assert stored[(row["wijkcode"], "aantal_inwoners")] == (
            float(row["aantal_inwoners"]),
            BRON_UIT_BUURTEN,
        )
    # Loading the buurt file again changes nothing, not even the CBS gemeente figures.
    again = load_cbs_kerncijfers(factory, cbs / "kwb2021_buurt_twente.csv")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, buurt.inserted)
    assert indicators(factory) == stored


def test_load_order_does_not_matter(factory, tmp_path, buurt_file, shared_data_dir):
    cbs = shared_data_dir / "cbs"
    other = make_session_factory(make_engine(fresh_url(tmp_path, "other")))
    upgrade_schema(other.kw["bind"])
    for target, order in ((factory, ("buurt", "gemeente")), (other, ("gemeente", "buurt"))):
        load_cbs_gebieden(target, buurt_file, **REGIO)
        for level in order:
            assert load_cbs_kerncijfers(target, cbs / f"kwb2021_{level}_twente.csv").status == (
                "geladen"
            )
    assert indicators(factory) == indicators(other)
    other.kw["bind"].dispose()


@pytest.fixture
def borne(factory, buurt_file, tmp_path):
    path = write_geojson(tmp_path / "borne_buurten_2021.geojson", real_features(buurt_file, BORNE))
    assert load_cbs_gebieden(factory, path, **REGIO).status == "geladen"
    return factory


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_missing_markers_are_absent_never_zero(borne, tmp_path):
    path = write_csv(
        tmp_path / "kwb2021_buurt_borne.csv",
        [
            "buurtcode;aantal_inwoners;mannen;vrouwen;aantal_huishoudens;gemiddelde_huishoudsgrootte",
            "BU01470000;4040;.;-99999999;;2,5",
            "BU01470001;3240;1600;  ;-99997;1,8",
            "BU01470002;-99999997;470;475;400;2",
        ],
    )
    report = load_cbs_kerncijfers(borne, path)
    assert report.status == "geladen", report.message
    assert report.rejected == 0
    stored = indicators(borne)
    for key in [
        ("BU01470000", "mannen"),
        ("BU01470000", "vrouwen"),
        ("BU01470000", "aantal_huishoudens"),
        ("BU01470001", "vrouwen"),
        ("BU01470001", "aantal_huishoudens"),
        ("BU01470002", "aantal_inwoners"),
    ]:
        assert key not in stored
    assert stored[("BU01470000", "gemiddelde_huishoudsgrootte")] == (2.5, BRON)
    assert stored[("BU01470001", "gemiddelde_huishoudsgrootte")] == (1.8, BRON)
    assert report.inserted == 3 * 5 - 6
    # The roll-up only counts what is known: no zero slipped in for a missing figure.
    assert stored[("GM0147", "aantal_inwoners")] == (4040 + 3240, BRON_UIT_BUURTEN)


def test_unknown_area_and_bad_number_are_rejected_with_their_row(borne, tmp_path):
    path = write_csv(
        tmp_path / "kwb2021_buurt_extra.csv",
        [
            "buurtcode,buurtnaam,aantal_inwoners,mannen,jaar",
            "BU01470000,Bornsche Maten,4040,2000,2021",
            "BU01470001,Borne Centrum,3240,12a,2021",
            "BU09999999,Nergens,100,50,2021",
            'BU01470002,Wensink,"945,0",470,2021',
        ],
    )
    report = load_cbs_kerncijfers(borne, path)
    assert report.status == "geladen", report.message
    assert [(r.row, r.field, r.reason, r.value) for r in report.rejections] == [
        (3, "mannen", "geen getal", "12a"),
        (4, "buurtcode", "onbekend gebied", "BU09999999"),
    ]
    stored = indicators(borne)
    assert stored[("BU01470001", "aantal_inwoners")] == (3240.0, BRON)
    assert ("BU01470001", "mannen") not in stored
    assert stored[("BU01470002", "aantal_inwoners")] == (945.0, BRON)
    assert not any(code == "BU09999999" for code, _ in stored)
    with borne() as session:
        run = session.scalar(select(IngestRun).where(IngestRun.bron == "cbs-kerncijfers"))
        assert (run.status, run.gelezen, run.geweigerd, run.toegevoegd) == ("geladen", 4, 2, 5)


def test_year_from_column_argument_or_name_else_refused(borne, tmp_path):
    lines = ["gemeentecode,aantal_inwoners", "GM0147,23668"]
    nameless = write_csv(tmp_path / "inwoners_borne.csv", lines)
    refused = load_cbs_kerncijfers(borne, nameless)
    assert refused.status == "geweigerd" and "--jaar" in refused.message
    assert indicators(borne, 2021) == {}
    assert load_cbs_kerncijfers(borne, nameless, jaar=2021).status == "geladen"
    assert indicators(borne, 2021)[("GM0147", "aantal_inwoners")] == (23668.0, BRON)
    named = write_csv(tmp_path / "kwb2023_gemeente.csv", lines)
    assert load_cbs_kerncijfers(borne, named).status == "geladen"
    assert ("GM0147", "aantal_inwoners") in indicators(borne, 2023)
    column = write_csv(tmp_path / "kwb2023_x.csv", ["code,aantal_inwoners,jaar", "GM0147,1,2022"])
    conflict = load_cbs_kerncijfers(borne, column, jaar=2021)
    assert conflict.status == "geweigerd" and "rij 2, veld jaar" in conflict.message
    assert indicators(borne, 2022) == {}


def test_generic_code_column_mixes_levels_and_gemeente_figures_win(borne, tmp_path):
    path = write_csv(
        tmp_path / "kwb2021_borne.csv",
        [
            "regiocode,aantal_inwoners,oppervlakte_land_in_ha",
            "BU01470000,4000,100",
            "BU01470001,3000,200",
            "GM0147,23668,2600",
            "NL00,17000000,1",
        ],
    )
    report = load_cbs_kerncijfers(borne, path)
    assert report.status == "geladen", report.message
    assert [(r.row, r.reason) for r in report.rejections] == [
        (5, "geen buurt-, wijk- of gemeentecode")
    ]
    stored = indicators(borne)
    assert stored[("GM0147", "aantal_inwoners")] == (23668.0, BRON)
    assert stored[("WK014700", "aantal_inwoners")] == (7000.0, BRON_UIT_BUURTEN)
    assert stored[("RG01", "aantal_inwoners")] == (23668.0, BRON_UIT_GEMEENTEN)
    # What CBS left out for the gemeente is filled in, consistent with its own figures.
    assert stored[("GM0147", "oppervlakte_land_in_ha")] == (2600.0, BRON)
    assert stored[("GM0147", "bevolkingsdichtheid_inwoners_per_km2")] == (
        round(23668 / 26),
        BRON_UIT_BUURTEN,
    )


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12", 12.0),
        ("2,5", 2.5),
        ("1.234,5", 1234.5),
        (" 7 ", 7.0),
        ("", None),
        ("   ", None),
        (".", None),
        ("x", None),
        ("-99999999", None),
        ("-99997", None),
        ("-99999997", None),
        ("0", 0.0),
    ],
)
def test_kwb_numbers(raw, value):
    assert parse_kwb_number(raw) == value


@pytest.mark.parametrize("raw", ["12a", "-", "1,2,3", "nan", "inf"])
def test_kwb_malformed_numbers(raw):
    with pytest.raises(ValueError):
        parse_kwb_number(raw)
