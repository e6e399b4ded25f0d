"""Boundaries of a CBS Wijk- en buurtkaart delivery: read GeoJSON or GeoPackage features, bring
them to RD New, simplify every shared border once and return compact WGS84 GeoJSON geometries.

Why shared arcs: simplifying each polygon on its own moves the two copies of a shared border
differently, which opens gaps and overlaps between neighbouring buurten. Here every border
stretch between two junctions (an arc) is simplified once and reused by all polygons that touch
it, the way TopoJSON and mapshaper do it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import struct
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from dashboard.data.ingest.geojson import COORD_DECIMALS
from dashboard.data.ingest.report import RefusedFile

RD, WGS84 = 28992, 4326
TOLERANCE_M = 2.0  # Douglas-Peucker in RD metres: invisible at buurt zoom levels
RD_DECIMALS = 3  # snap to millimetres so equal vertices stay equal after a reprojection
REPAIR_ROUNDS = 5
# RD New covers the Netherlands with x 0..300 km and y 300..625 km; no lon/lat pair fits there.
RD_BOUNDS = (-7_000.0, 289_000.0, 300_000.0, 629_000.0)
ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


@dataclass
class RawFeature:
    number: int  # 1-based position in its file or layer, as a person counts them
    properties: dict[str, Any]  # keys in lower case
    geometry: BaseGeometry | None


@dataclass
class Layer:
    name: str  # file name, or "file.gpkg, laag buurten", for messages
    features: list[RawFeature]
    epsg: int | None  # the declared coordinate system, None when the file does not say


# --- reading ----------------------------------------------------------------------------------


def read_geojson(path: Path) -> Layer:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise RefusedFile(f"{path.name}: geen leesbare GeoJSON ({exc})") from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise RefusedFile(f"{path.name}: geen GeoJSON FeatureCollection")
    out = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise RefusedFile(f"{path.name}: object {number}: geen GeoJSON Feature")
        props = feature.get("properties") or {}
        out.append(
            RawFeature(
                number,
                {str(k).lower(): v for k, v in props.items()},
                _geojson_shape(path.name, number, feature.get("geometry")),
            )
        )
    return Layer(path.name, out, _declared_epsg(data.get("crs")))


def _geojson_shape(name: str, number: int, geometry) -> BaseGeometry | None:
    if not geometry:
        return None
    try:
        return shape(geometry)
    except Exception as exc:  # shapely raises several kinds for a malformed geometry
        raise RefusedFile(
            f"{name}: object {number}, veld geometry: onleesbare geometrie ({exc})"
        ) from exc


def _declared_epsg(crs) -> int | None:
    """EPSG code from a GeoJSON 2008 `crs` member (RFC 7946 files have none: WGS84)."""
    if not isinstance(crs, dict):
        return None
    name = str((crs.get("properties") or {}).get("name", ""))
    if name.upper().endswith("CRS84"):
        return WGS84
    match = re.search(r"EPSG:+(?:[\d.]*:)?(\d+)$", name, flags=re.IGNORECASE)
    return int(match.group(1)) if match else None


def open_geopackage(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        con.execute("SELECT 1 FROM gpkg_contents LIMIT 1")
    except sqlite3.Error as exc:
        con.close()
        raise RefusedFile(f"{path.name}: geen GeoPackage ({exc})") from exc
    return con


def geopackage_layers(con: sqlite3.Connection) -> dict[str, tuple[str, str, int | None]]:
    """Feature table name (lower case) -> (its name, geometry column, srs id)."""
    try:
        rows = con.execute(
            "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c "
            "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
            "WHERE c.data_type = 'features'"
        ).fetchall()
    except sqlite3.Error as exc:
        raise RefusedFile(f"geen geldige GeoPackage: {exc}") from exc
    return {table.lower(): (table, column, srs) for table, column, srs in rows}


def read_geopackage_layer(con: sqlite3.Connection, filename: str, layer: str) -> Layer | None:
    found = geopackage_layers(con).get(layer.lower())
    if found is None:
        return None
    table, column, srs_id = found
    name = f"{filename}, laag {table}"
    try:
        cursor = con.execute(f'SELECT * FROM "{table.replace(chr(34), chr(34) * 2)}"')
        names = [d[0].lower() for d in cursor.description]
        rows = cursor.fetchall()
        epsg = _geopackage_epsg(con, srs_id)
    except sqlite3.Error as exc:
        raise RefusedFile(f"{name}: onleesbaar ({exc})") from exc
    features = []
    for number, values in enumerate(rows, start=1):
        props = dict(zip(names, values, strict=True))
        blob = props.pop(column.lower(), None)
        try:
            geometry = geopackage_geometry(blob) if blob is not None else None
        except ValueError as exc:
            raise RefusedFile(f"{name}: object {number}, veld {column}: {exc}") from exc
        features.append(RawFeature(number, props, geometry))
    return Layer(name, features, epsg)


def geopackage_geometry(blob: bytes) -> BaseGeometry | None:
    """A GeoPackage geometry blob: 'GP', version, flags, srs id, optional envelope, then WKB."""
    blob = bytes(blob)
    if len(blob) < 8 or blob[:2] != b"GP":
        raise ValueError("geen GeoPackage-geometrie (kop 'GP' ontbreekt)")
    flags = blob[3]
    if flags & 0b0010_0000:
        raise ValueError("uitgebreide GeoPackage-geometrie wordt niet ondersteund")
    envelope = (flags >> 1) & 0b111
    if envelope not in ENVELOPE_BYTES:
        raise ValueError(f"ongeldige envelopcode {envelope} in de geometriekop")
    if flags & 0b0001_0000:  # the empty-geometry flag
        return None
    try:
        geometry = shapely.from_wkb(blob[8 + ENVELOPE_BYTES[envelope] :])
    except shapely.errors.GEOSException as exc:
        raise ValueError(f"onleesbare WKB ({exc})") from exc
    return shapely.force_2d(geometry)


def geopackage_srs_id(blob: bytes) -> int:
    """The srs id written in a geometry header (byte order from flag bit 0)."""
    order = "<" if blob[3] & 1 else ">"
    return struct.unpack(f"{order}i", bytes(blob[4:8]))[0]


def _geopackage_epsg(con: sqlite3.Connection, srs_id: int | None) -> int | None:
    if srs_id is None or srs_id <= 0:  # 0 and -1 are GeoPackage's "undefined" systems
        return None
    row = con.execute(
        "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys "
        "WHERE srs_id = ?",
        (srs_id,),
    ).fetchone()
    if row is None:
        return None
    organization, code, definition = row
    if str(organization).upper() == "EPSG":
        return int(code)
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        found = CRS.from_wkt(definition).to_epsg()
    except CRSError:
        return None
    return int(found) if found else None


# --- coordinate systems -----------------------------------------------------------------------


def detect_epsg(declared: int | None, geometries: list[BaseGeometry], name: str) -> int:
    """The declared system, or RD or WGS84 judged by the size of the coordinates."""
    if declared is not None:
        return declared
    xmin, ymin, xmax, ymax = shapely.total_bounds(geometries)
    if xmin >= -180 and xmax <= 180 and ymin >= -90 and ymax <= 90:
        return WGS84
    if (
        RD_BOUNDS[0] <= xmin
        and xmax <= RD_BOUNDS[2]
        and RD_BOUNDS[1] <= ymin
        and ymax <= RD_BOUNDS[3]
    ):
        return RD
    raise RefusedFile(
        f"{name}: coördinatenstelsel onbekend (geen crs in het bestand en de coördinaten zijn "
        "geen RD New en geen WGS84)"
    )


def _transformer(source: int, target: int):
    from pyproj import Transformer
    from pyproj.exceptions import CRSError

    try:
        return Transformer.from_crs(f"EPSG:{source}", f"EPSG:{target}", always_xy=True)
    except CRSError as exc:
        raise RefusedFile(f"coördinatenstelsel EPSG:{source} niet ondersteund ({exc})") from exc


def to_rd(geometries: list[BaseGeometry], epsg: int) -> list[BaseGeometry]:
    """Geometries in RD New, snapped to millimetres."""
    transformer = None if epsg == RD else _transformer(epsg, RD)

    def move(xy: np.ndarray) -> np.ndarray:
        if transformer is not None:
            xy = np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
        return np.round(xy, RD_DECIMALS)

    return list(shapely.transform(np.asarray(geometries, dtype=object), move))


# --- topology-preserving simplification -------------------------------------------------------


Point = tuple[float, float]


@dataclass
class SimplifyStats:
    vertices_in: int = 0
    vertices_out: int = 0
    arcs: int = 0
    arcs_kept: int = 0  # arcs left unsimplified because a polygon would otherwise break
    repaired: list[Hashable] = field(default_factory=list)  # broken even at full detail


class _Topology:
    """Polygons as rings of shared arcs; arc i is stored once, in one direction."""

    def __init__(self, shapes: dict[Hashable, BaseGeometry]):
        self.keys = list(shapes)
        self.polygons: list[list[list[int]]] = []  # per key: polygons as lists of ring ids
        self.rings: list[list[tuple[int, bool]]] = []  # per ring: (arc id, reversed)
        self.arcs: list[list[Point]] = []
        self._arc_ids: dict[tuple[Point, ...], int] = {}
        ring_points: list[list[Point]] = []
        for geometry in shapes.values():
            polygons = []
            for polygon in _polygons(geometry):
                ids = []
                for ring in (polygon.exterior, *polygon.interiors):
                    ids.append(len(ring_points))
                    ring_points.append(_open_ring(ring.coords))
                polygons.append(ids)
            self.polygons.append(polygons)
        junctions = _junctions(ring_points)
        for points in ring_points:
            self.rings.append([self._arc(arc) for arc in _split(points, junctions)])

    def _arc(self, points: list[Point]) -> tuple[int, bool]:
        key = tuple(points)
        if key in self._arc_ids:
            return self._arc_ids[key], False
        if key[::-1] in self._arc_ids:
            return self._arc_ids[key[::-1]], True
        self._arc_ids[key] = len(self.arcs)
        self.arcs.append(points)
        return len(self.arcs) - 1, False

    def arcs_of(self, index: int) -> set[int]:
        return {
            arc
            for polygon in self.polygons[index]
            for ring in polygon
            for arc, _ in self.rings[ring]
        }

    def assemble(self, arc_coords: list[np.ndarray]) -> list[tuple[BaseGeometry | None, bool]]:
        """Per key (geometry, complete): rings that shrank below a triangle are left out, and
        `complete` says whether none was; the geometry is None when nothing is left."""
        out = []
        for polygons in self.polygons:
            parts, complete = [], True
            for ring_ids in polygons:
                shell, *holes = [self._ring(self.rings[r], arc_coords) for r in ring_ids]
                kept_holes = [h for h in holes if len(h) >= 4]
                complete &= len(shell) >= 4 and len(kept_holes) == len(holes)
                if len(shell) >= 4:
                    parts.append(Polygon(shell, kept_holes))
            geometry = None
            if parts:
                geometry = parts[0] if len(parts) == 1 else MultiPolygon(parts)
            out.append((geometry, complete))
        return out

    @staticmethod
    def _ring(ring: list[tuple[int, bool]], arc_coords: list[np.ndarray]) -> list[Point]:
        points: list[Point] = []
        for arc, backwards in ring:
            coords = arc_coords[arc][::-1] if backwards else arc_coords[arc]
            points.extend(map(tuple, coords if not points else coords[1:]))
        return _dedupe(points)


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    return [g for g in _flatten(geometry) if isinstance(g, Polygon) and not g.is_empty]


def _open_ring(coords) -> list[Point]:
    """A ring's vertices without repeats and without the closing copy of the first one."""
    points = _dedupe(list(coords))
    while len(points) > 1 and points[-1] == points[0]:
        points.pop()
    return points


def _dedupe(points: list[Point]) -> list[Point]:
    return [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]


def _junctions(rings: list[list[Point]]) -> set[Point]:
    """Vertices where borders meet or part: they are met with different neighbours somewhere."""
    first_pair: dict[Point, tuple[Point, Point]] = {}
    junctions: set[Point] = set()
    for points in rings:
        n = len(points)
        for i, point in enumerate(points):
            a, b = points[i - 1], points[(i + 1) % n]
            pair = (a, b) if a < b else (b, a)
            if first_pair.setdefault(point, pair) != pair:
                junctions.add(point)
    return junctions


def _split(points: list[Point], junctions: set[Point]) -> list[list[Point]]:
    """A ring cut into arcs at its junctions; a ring without junctions is one closed arc that
    starts at its smallest vertex, so every ring with the same course yields the same arc."""
    cuts = [i for i, p in enumerate(points) if p in junctions]
    if not cuts:
        start = points.index(min(points))
        rotated = points[start:] + points[:start]
        if len(rotated) > 2 and rotated[-1] < rotated[1]:
            rotated = [rotated[0], *rotated[:0:-1]]
        return [[*rotated, rotated[0]]]
    first = cuts[0]
    rotated = [*points[first:], *points[:first], points[first]]
    offsets = [i - first for i in cuts] + [len(points)]
    return [rotated[a : b + 1] for a, b in pairwise(offsets)]


def _douglas_peucker(arcs: list[list[Point]], tolerance: float) -> list[np.ndarray]:
    """Each arc simplified with its end points fixed; closed arcs are split at the vertex
    farthest from their start so that the simplifier has a real chord to measure from."""
    parts: list[np.ndarray] = []
    owner: list[int] = []
    for index, points in enumerate(arcs):
        coords = np.asarray(points, dtype=float)
        if len(coords) > 3 and points[0] == points[-1]:
            far = int(np.argmax(((coords - coords[0]) ** 2).sum(axis=1)))
            parts += [coords[: far + 1], coords[far:]]
            owner += [index, index]
        else:
            parts.append(coords)
            owner.append(index)
    lines = shapely.simplify(
        [shapely.LineString(p) for p in parts], tolerance, preserve_topology=False
    )
    result: list[list[np.ndarray]] = [[] for _ in arcs]
    for index, line in zip(owner, lines, strict=True):
        coords = shapely.get_coordinates(line)
        result[index].append(coords if not result[index] else coords[1:])
    simplified = [np.concatenate(pieces) for pieces in result]
    # A closed arc that shrank below a triangle would erase its area: keep it as it was.
    return [
        s if not (points[0] == points[-1] and len(s) < 4) else np.asarray(points, dtype=float)
        for s, points in zip(simplified, arcs, strict=True)
    ]


def _to_web(arcs: list[np.ndarray]) -> list[np.ndarray]:
    """RD arcs to WGS84 rounded to the stored precision, without repeated vertices."""
    if not arcs:
        return []
    transformer = _transformer(RD, WGS84)
    lengths = [len(a) for a in arcs]
    stacked = np.concatenate(arcs)
    lon, lat = transformer.transform(stacked[:, 0], stacked[:, 1])
    moved = np.round(np.column_stack([lon, lat]), COORD_DECIMALS)
    out = []
    for coords in np.split(moved, np.cumsum(lengths)[:-1]):
        keep = np.ones(len(coords), dtype=bool)
        keep[1:] = np.any(coords[1:] != coords[:-1], axis=1)
        out.append(coords[keep])
    return out


def web_geometries(
    shapes: dict[Hashable, BaseGeometry], tolerance: float = TOLERANCE_M
) -> tuple[dict[Hashable, dict], SimplifyStats]:
    """RD (multi)polygons -> simplified WGS84 GeoJSON geometries that still share their borders.

    An arc whose simplification leaves some polygon invalid is put back at full detail (for
    every polygon that uses it, so borders stay shared) until all polygons are valid."""
    topology = _Topology(shapes)
    stats = SimplifyStats(
        vertices_in=sum(int(shapely.get_num_coordinates(g)) for g in shapes.values()),
        arcs=len(topology.arcs),
    )
    simplified = _to_web(_douglas_peucker(topology.arcs, tolerance))
    original = _to_web([np.asarray(a, dtype=float) for a in topology.arcs])
    kept: set[int] = set()
    for _ in range(REPAIR_ROUNDS):
        coords = [original[i] if i in kept else s for i, s in enumerate(simplified)]
        assembled = topology.assemble(coords)
        broken = [i for i, (g, complete) in enumerate(assembled) if not _sound(g, complete)]
        more = set().union(*(topology.arcs_of(i) for i in broken)) - kept
        if not more:
            break
        kept |= more
    stats.arcs_kept = len(kept)
    out = {}
    for key, (geometry, complete) in zip(topology.keys, assembled, strict=True):
        if not _sound(geometry, complete):
            # Even at full detail the 5-decimal grid breaks it (a sliver under a metre wide).
            stats.repaired.append(key)
            geometry = _repaired(geometry, shapes[key])
        geometry = _oriented(geometry)
        stats.vertices_out += int(shapely.get_num_coordinates(geometry))
        out[key] = _as_lists(mapping(geometry))
    return out, stats


def _sound(geometry: BaseGeometry | None, complete: bool) -> bool:
    return complete and geometry is not None and geometry.is_valid


def _repaired(geometry: BaseGeometry | None, rd_shape: BaseGeometry) -> BaseGeometry:
    if geometry is None:  # nothing left on the grid: keep the unrounded shape
        geometry = to_wgs84(rd_shape)
    return _polygonal(shapely.make_valid(geometry))


def to_wgs84(geometry: BaseGeometry) -> BaseGeometry:
    transformer = _transformer(RD, WGS84)
    return shapely.transform(
        geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
    )


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    parts = [p for p in _flatten(geometry) if isinstance(p, Polygon) and not p.is_empty]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _flatten(geometry: BaseGeometry) -> Iterable[BaseGeometry]:
    if hasattr(geometry, "geoms"):
        for part in geometry.geoms:
            yield from _flatten(part)
    else:
        yield geometry


def _oriented(geometry: BaseGeometry) -> BaseGeometry:
    """RFC 7946 ring order (exterior counter-clockwise); only reverses rings, moves nothing."""
    if isinstance(geometry, Polygon):
        return orient(geometry, 1.0)
    return MultiPolygon([orient(p, 1.0) for p in geometry.geoms])


def _as_lists(value):
    if isinstance(value, tuple | list):
        return [_as_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_lists(v) for k, v in value.items()}
    return value
