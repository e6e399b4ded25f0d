"""Read side of the boundaries: GeoJSON per level and indeling, and a version that changes
whenever boundaries are (re)loaded."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from dashboard.data.models import AreaGeometry, DimArea
from dashboard.data.queries.areas import matching_indeling


def geometry_version(session: Session) -> str:
    """Changes whenever boundaries are (re)loaded: the cache key of the GeoJSON documents."""
    jaar, count, last, size = session.execute(
        select(
            func.max(AreaGeometry.indeling_jaar),
            func.count(),
            func.max(AreaGeometry.id),
            func.sum(func.length(AreaGeometry.geometry_json)),
        )
    ).one()
    return f"{jaar}-{count}-{last}-{size}"


def geometry_collection(
    session: Session, niveau: str, jaar: int | None = None, gemeente_code: str | None = None
) -> dict:
    """All boundaries of one level as a FeatureCollection (properties: code, naam and lp, the
    point where the map puts the area's name; a buurt also its wijk's code, name and label
    point: wk, wn, wlp); the current indeling unless another loaded
    indeling year is asked for; only one gemeente's areas when gemeente_code is given (what
    the map needs at national scale)."""
    import orjson

    jaar = matching_indeling(session, jaar)
    where = [AreaGeometry.indeling_jaar == jaar, AreaGeometry.niveau == niveau]
    if gemeente_code is not None:
        where.append(DimArea.gemeente_code == gemeente_code)
    rows = session.execute(
        select(AreaGeometry.code, DimArea.naam, AreaGeometry.geometry_json, DimArea.wijk_code)
        .join(
            DimArea,
            and_(
                DimArea.code == AreaGeometry.code,
                DimArea.indeling_jaar == AreaGeometry.indeling_jaar,
            ),
        )
        .where(*where)
        .order_by(AreaGeometry.code)
    ).all()
    points = label_points([geometry for _, _, geometry, _ in rows])
    wijken = _wijk_labels(session, jaar, {w for *_, w in rows}) if niveau == "buurt" else {}
    features = []
    for (code, naam, geometry, wijk_code), point in zip(rows, points, strict=True):
        properties = {"code": code, "naam": naam, "lp": point}
        # A map of a gemeente's buurten is named by its wijken (assets/map-labels.js).
        properties.update(wijken.get(wijk_code, {}))
        features.append(
            {"type": "Feature", "properties": properties, "geometry": orjson.loads(geometry)}
        )
    return {"type": "FeatureCollection", "features": features}


def _wijk_labels(session: Session, jaar: int, codes: set[str | None]) -> dict[str, dict]:
    """Per wijk code: its code (wk), name (wn) and label point (wlp), for its buurten."""
    rows = session.execute(
        select(AreaGeometry.code, DimArea.naam, AreaGeometry.geometry_json)
        .join(
            DimArea,
            and_(
                DimArea.code == AreaGeometry.code,
                DimArea.indeling_jaar == AreaGeometry.indeling_jaar,
            ),
        )
        .where(
            AreaGeometry.indeling_jaar == jaar,
            AreaGeometry.niveau == "wijk",
            AreaGeometry.code.in_([c for c in codes if c]),
        )
    ).all()
    points = label_points([geometry for _, _, geometry in rows])
    return {
        code: {"wk": code, "wn": naam, "wlp": point}
        for (code, naam, _), point in zip(rows, points, strict=True)
    }


def label_points(geometries: list[str]) -> list[list[float] | None]:
    """[lat, lon] of a point inside each area (GeoJSON text, WGS84) where its name goes: the
    pole of inaccessibility of its largest part (the point farthest from the edge), so that the
    name of a crescent or a ring-shaped wijk is not placed outside it as a centroid would be.
    Computed once per document, which the /geo route caches."""
    import shapely
    from shapely.ops import polylabel

    out: list[list[float] | None] = []
    for shape in shapely.from_geojson(geometries, on_invalid="ignore"):
        if shape is None or shape.is_empty:
            out.append(None)
            continue
        parts = getattr(shape, "geoms", [shape])
        largest = max(parts, key=lambda part: part.area)
        if largest.geom_type == "Polygon":
            # tolerance in degrees: about 50 m, enough for a label, cheap to compute
            point = polylabel(largest, tolerance=0.0005)
        else:  # not an area (bad data): any point of the shape
            point = largest.representative_point()
        out.append([round(point.y, 5), round(point.x, 5)])
    return out
