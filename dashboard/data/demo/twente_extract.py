"""(Re)builds the Twente demo extract shipped in the package (dashboard/data/demo/twente/) from
the full open-data folder (geo/, cbs/, politie/ as documented in its README).

The extract keeps what the demo needs and nothing else: buurt, wijk and gemeente boundaries
simplified to a few metres (shared borders simplified once, so no gaps or overlaps appear), the
CBS kerncijfers columns the dashboard reads, and the police's public table of registered crimes
per buurt for 2023. Run it again after a new download:

    python -m dashboard.data.demo.twente_extract ../shared/data

The output is deterministic: the same source gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from dashboard.data.demo.twente_region import EXTRACT_DIR
from dashboard.data.reference import kwb

BUURTEN = "geo/twente_buurten_2021.geojson"
WIJKEN = "geo/twente_wijken_2021.geojson"
GEMEENTEN = "geo/twente_gemeenten_2021.geojson"
KWB_BUURT = "cbs/kwb2021_buurt_twente.csv"
KWB_GEMEENTE = "cbs/kwb2021_gemeente_twente.csv"
MISDRIJVEN = "politie/misdrijven_buurt_2023_twente.csv"
# Douglas-Peucker tolerance in metres (RD New): borders move at most this much; at the zoom
# levels of a region or gemeente map that is less than a pixel, and it keeps the files small.
TOLERANCE_M = 40.0
DECIMALS = 5  # about 1 m in WGS84, below the simplification's own error
RD, WGS84 = "EPSG:28992", "EPSG:4326"
NAME_COLUMNS = {
    "buurt": ("buurtcode", "buurtnaam", "wijkcode", "gemeentecode", "gemeentenaam"),
    "gemeente": ("gemeentecode", "gemeentenaam"),
}
MISDRIJVEN_COLUMNS = (
    "buurtcode",
    "buurtnaam",
    "wijkcode",
    "gemeentecode",
    "gemeentenaam",
    "jaar",
    "soort_misdrijf_code",
    "soort_misdrijf",
    "geregistreerde_misdrijven",
)


def _round(coords):
    if coords and isinstance(coords[0], int | float):
        return [round(c, DECIMALS) for c in coords]
    return [_round(part) for part in coords]


def _to_geojson(geometry, transformer) -> dict:
    import shapely
    from shapely.geometry import mapping

    wgs = shapely.transform(geometry, lambda xy: _project(transformer, xy))
    data = mapping(wgs)
    return {"type": data["type"], "coordinates": _round(data["coordinates"])}


def _project(transformer, xy):
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def simplified_levels(buurt_features: list[dict]) -> dict[str, dict[str, object]]:
    """Buurt geometries simplified as one coverage in RD, and wijk and gemeente geometries
    dissolved from them, so every level's borders coincide exactly."""
    import shapely
    from pyproj import Transformer
    from shapely.geometry import shape

    to_rd = Transformer.from_crs(WGS84, RD, always_xy=True)
    codes = [f["properties"]["buurtcode"] for f in buurt_features]
    rd = [
        shapely.transform(shape(f["geometry"]), lambda xy: _project(to_rd, xy))
        for f in buurt_features
    ]
    simple = shapely.coverage_simplify(rd, TOLERANCE_M)
    buurten = dict(zip(codes, simple, strict=True))
    wijken: dict[str, list] = {}
    gemeenten: dict[str, list] = {}
    for code, geometry in buurten.items():
        wijken.setdefault(f"WK{code[2:8]}", []).append(geometry)
        gemeenten.setdefault(f"GM{code[2:6]}", []).append(geometry)
    return {
        "buurt": buurten,
        "wijk": {c: shapely.union_all(parts) for c, parts in wijken.items()},
        "gemeente": {c: shapely.union_all(parts) for c, parts in gemeenten.items()},
    }


def _write_geojson(path: Path, features: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    path.write_text(text + "\n", encoding="utf-8")


def _write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def build_extract(source: Path, target: Path = EXTRACT_DIR) -> dict[str, int]:
    """Writes the extract; returns the size in bytes of each file written."""
    from pyproj import Transformer

    source, target = Path(source), Path(target)
    to_wgs = Transformer.from_crs(RD, WGS84, always_xy=True)
    buurt_features = json.loads((source / BUURTEN).read_text(encoding="utf-8"))["features"]
    buurt_features.sort(key=lambda f: f["properties"]["buurtcode"])
    levels = simplified_levels(buurt_features)

    keep = ("buurtcode", "buurtnaam", "wijkcode", "wijknaam", "gemeentecode", "gemeentenaam")
    _write_geojson(
        target / BUURTEN,
        [
            {
                "type": "Feature",
                "properties": {k: f["properties"].get(k) for k in keep},
                "geometry": _to_geojson(levels["buurt"][f["properties"]["buurtcode"]], to_wgs),
            }
            for f in buurt_features
        ],
    )
    for level, name, code_field, fields in (
        ("wijk", WIJKEN, "wijkcode", ("wijkcode", "wijknaam", "gemeentecode", "gemeentenaam")),
        ("gemeente", GEMEENTEN, "gemeentecode", ("gemeentecode", "gemeentenaam")),
    ):
        delivered = json.loads((source / name).read_text(encoding="utf-8"))["features"]
        props = {f["properties"][code_field]: f["properties"] for f in delivered}
        _write_geojson(
            target / name,
            [
                {
                    "type": "Feature",
                    "properties": {k: props.get(code, {}).get(k) for k in fields}
                    | {code_field: code},
                    "geometry": _to_geojson(geometry, to_wgs),
                }
                for code, geometry in sorted(levels[level].items())
            ],
        )

    # Kerncijfers: the columns the dashboard reads (kwb.INDICATORS), names and the year.
    for level, name in (("buurt", KWB_BUURT), ("gemeente", KWB_GEMEENTE)):
        header, rows = _read_csv(source / name)
        columns = [
            c for c in header if c in NAME_COLUMNS[level] or c in kwb.INDICATORS or c == "jaar"
        ]
        rows.sort(key=lambda r: r[NAME_COLUMNS[level][0]])
        _write_csv(target / name, columns, rows)

    header, rows = _read_csv(source / MISDRIJVEN)
    missing = set(MISDRIJVEN_COLUMNS) - set(header)
    if missing:
        raise ValueError(f"{MISDRIJVEN}: kolommen ontbreken: {', '.join(sorted(missing))}")
    _write_csv(target / MISDRIJVEN, list(MISDRIJVEN_COLUMNS), rows)
    names = (BUURTEN, WIJKEN, GEMEENTEN, KWB_BUURT, KWB_GEMEENTE, MISDRIJVEN)
    return {name: (target / name).stat().st_size for name in names}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Bouw het Twente-uittreksel van de demo uit de volledige open-datamap."
    )
    parser.add_argument("bron", help="map met geo/, cbs/ en politie/ (zie de README daar)")
    parser.add_argument("--doel", default=str(EXTRACT_DIR), help="uitvoermap")
    args = parser.parse_args(argv)
    sizes = build_extract(Path(args.bron), Path(args.doel))
    for name, size in sizes.items():
        print(f"{name:<45} {size / 1024:7.1f} KB")
    print(f"{'totaal':<45} {sum(sizes.values()) / 1024:7.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
