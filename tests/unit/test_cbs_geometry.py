"""Boundary helpers: GeoPackage geometry blobs, coordinate systems, shared-border simplification."""

from __future__ import annotations

import struct

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box, shape

from dashboard.data.ingest import cbs_geometry as geo
from dashboard.data.ingest.report import RefusedFile

RD_ORIGIN = (250_000.0, 470_000.0)  # somewhere in Twente, so the RD -> WGS84 step is realistic


def gp_blob(geometry, *, envelope: int = 1, little: bool = True, srs: int = 28992) -> bytes:
    order = "<" if little else ">"
    flags = (envelope << 1) | (1 if little else 0)
    xmin, ymin, xmax, ymax = geometry.bounds
    values = {0: (), 1: (xmin, xmax, ymin, ymax), 2: (xmin, xmax, ymin, ymax, 0.0, 0.0)}[envelope]
    header = b"GP" + bytes([0, flags]) + struct.pack(f"{order}i", srs)
    return header + struct.pack(f"{order}{len(values)}d", *values) + shapely.to_wkb(geometry)


@pytest.mark.parametrize(("envelope", "little"), [(0, True), (1, True), (2, True), (1, False)])
def test_geopackage_blob_header_is_skipped_by_its_flags(envelope, little):
    square = box(*RD_ORIGIN, RD_ORIGIN[0] + 10, RD_ORIGIN[1] + 10)
    blob = gp_blob(square, envelope=envelope, little=little)
    assert geo.geopackage_geometry(blob).equals(square)
    assert geo.geopackage_srs_id(blob) == 28992


def test_geopackage_blob_empty_and_malformed():
    empty = b"GP" + bytes([0, 0b0001_0001]) + struct.pack("<i", 28992)
    assert geo.geopackage_geometry(empty) is None
    with pytest.raises(ValueError, match="kop 'GP'"):
        geo.geopackage_geometry(b"XX" + empty[2:])
    with pytest.raises(ValueError, match="uitgebreide"):
        geo.geopackage_geometry(b"GP" + bytes([0, 0b0010_0001]) + empty[4:])
    with pytest.raises(ValueError, match="envelopcode"):
        geo.geopackage_geometry(b"GP" + bytes([0, 0b0000_1101]) + empty[4:])


@pytest.mark.parametrize(
    ("crs", "epsg"),
    [
        ({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}, 28992),
        ({"type": "name", "properties": {"name": "EPSG:28992"}}, 28992),
        ({"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, 4326),
        (None, None),
    ],
)
def test_declared_crs_of_a_geojson(crs, epsg):
    assert geo._declared_epsg(crs) == epsg


def test_crs_by_coordinate_size_when_undeclared():
    assert geo.detect_epsg(None, [box(250_000, 470_000, 251_000, 471_000)], "f") == geo.RD
    assert geo.detect_epsg(None, [box(6.7, 52.2, 6.8, 52.3)], "f") == geo.WGS84
    assert geo.detect_epsg(3035, [box(6.7, 52.2, 6.8, 52.3)], "f") == 3035  # declared wins
    with pytest.raises(RefusedFile, match="coördinatenstelsel onbekend"):
        geo.detect_epsg(None, [box(4_000_000, 3_000_000, 4_001_000, 3_001_000)], "f")


# --- shared borders ---------------------------------------------------------------------------


def wavy(geometries):
    """Borders that wiggle by about a metre: densify, then move every vertex by a function of
    its own position, so both copies of a shared border move alike and stay shared."""

    def move(xy):
        x, y = xy[:, 0], xy[:, 1]
        # Gentle enough (slope < 0.5) never to fold a border over itself.
        dx = 1.5 * np.sin(x * 0.15 + y * 0.05) + 0.4 * np.sin(y * 0.6)
        dy = 1.5 * np.cos(x * 0.07 - y * 0.13) + 0.4 * np.cos(x * 0.6)
        return np.round(np.column_stack([x + dx, y + dy]), 3)

    dense = shapely.segmentize(np.asarray(geometries, dtype=object), 1.0)
    dense = shapely.transform(dense, lambda xy: np.round(xy, 3))
    return list(shapely.transform(dense, move))


def partition(n: int = 30, seed: int = 3):
    """Voronoi cells of random points in a 600 m square: a gap-free tiling like buurten."""
    rng = np.random.default_rng(seed)
    x0, y0 = RD_ORIGIN
    points = shapely.multipoints(rng.uniform((x0, y0), (x0 + 600, y0 + 600), size=(n, 2)))
    frame = box(x0, y0, x0 + 600, y0 + 600)
    cells = [c.intersection(frame) for c in shapely.voronoi_polygons(points, extend_to=frame).geoms]
    cells = [shapely.transform(c, lambda xy: np.round(xy, 3)) for c in cells]
    return wavy(cells)


def back_to_rd(geometries: dict) -> list:
    return geo.to_rd([shape(g) for g in geometries.values()], geo.WGS84)


def overlap_and_gap(parts: list) -> tuple[float, float]:
    """(largest overlap between two parts, area of the holes in their union), in m2: a tiling
    without holes must stay one without holes."""
    tree = shapely.STRtree(parts)
    left, right = tree.query(parts, predicate="intersects")
    overlap = max(
        (parts[i].intersection(parts[j]).area for i, j in zip(left, right, strict=True) if i < j),
        default=0.0,
    )
    union = shapely.union_all(parts)
    holes = sum(Polygon(r).area for p in getattr(union, "geoms", [union]) for r in p.interiors)
    return overlap, holes


def test_partition_simplified_without_gaps_or_overlaps():
    cells = partition()
    assert all(c.is_valid for c in cells)
    shapes = {("buurt", f"BU{i:08d}"): c for i, c in enumerate(cells)}
    web, stats = geo.web_geometries(shapes, tolerance=2.0)
    out = back_to_rd(web)
    assert all(g.is_valid for g in out)
    assert stats.vertices_out < stats.vertices_in / 4  # it did simplify
    overlap, gap = overlap_and_gap(out)
    assert overlap < 0.01 and gap < 0.01
    union = shapely.union_all(out).area
    assert abs(sum(g.area for g in out) - union) < 1e-6 * union


def test_per_polygon_simplification_would_fail_the_same_check():
    """The check above can fail: simplifying each polygon on its own opens gaps and overlaps."""
    cells = partition()
    naive = [shapely.simplify(c, 2.0, preserve_topology=True) for c in cells]
    overlap, gap = overlap_and_gap(naive)
    assert overlap > 5.0 and gap > 5.0


def test_island_shares_its_whole_ring_with_the_hole_around_it():
    x0, y0 = RD_ORIGIN
    outer, inner = box(x0, y0, x0 + 400, y0 + 400), box(x0 + 100, y0 + 100, x0 + 300, y0 + 300)
    around, island = wavy([outer.difference(inner), inner])
    web, _ = geo.web_geometries({"around": around, "island": island})
    around_out, island_out = (shape(web[k]) for k in ("around", "island"))
    hole = Polygon(around_out.interiors[0])
    assert hole.symmetric_difference(island_out).area < 1e-12  # same ring, in degrees
    assert shapely.get_num_coordinates(island_out) < shapely.get_num_coordinates(island) / 4


def test_tiny_ring_is_kept_rather_than_collapsed():
    x0, y0 = RD_ORIGIN
    tiny = Polygon([(x0, y0), (x0 + 3, y0 + 0.5), (x0 + 1, y0 + 3)])
    web, stats = geo.web_geometries({"tiny": tiny}, tolerance=5.0)
    result = shape(web["tiny"])
    assert result.is_valid and result.area > 0
    assert not stats.repaired
