"""Small pure helpers for GeoJSON geometries (WGS84 lon/lat)."""

from __future__ import annotations

from collections.abc import Iterator

COORD_DECIMALS = 5  # about 1 m: plenty for a choropleth, and a third smaller than 6 decimals


def _points(coords) -> Iterator[tuple[float, float]]:
    if coords and isinstance(coords[0], int | float):
        yield coords[0], coords[1]
        return
    for part in coords:
        yield from _points(part)


def bbox(geometry: dict) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of a Polygon or MultiPolygon."""
    lons, lats = zip(*_points(geometry["coordinates"]), strict=True)
    return min(lons), min(lats), max(lons), max(lats)


def merge_bbox(boxes) -> tuple[float, float, float, float] | None:
    boxes = [b for b in boxes if b is not None and b[0] is not None]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def round_coordinates(coords, decimals: int = COORD_DECIMALS):
    if coords and isinstance(coords[0], int | float):
        return [round(c, decimals) for c in coords]
    return [round_coordinates(part, decimals) for part in coords]


def compact_geometry(geometry: dict) -> dict:
    return {"type": geometry["type"], "coordinates": round_coordinates(geometry["coordinates"])}


def rectangle(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> dict:
    ring = [
        [min_lon, min_lat],
        [max_lon, min_lat],
        [max_lon, max_lat],
        [min_lon, max_lat],
        [min_lon, min_lat],
    ]
    return {"type": "Polygon", "coordinates": [round_coordinates(ring)]}


def dissolve(geometries: list[dict]) -> dict:
    """The union of polygons (shared borders removed), as a GeoJSON geometry."""
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    merged = unary_union([shape(g) for g in geometries])
    return compact_geometry(mapping(merged))
