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
    """All boundaries of one level as a FeatureCollection (properties: code, naam); the current
    indeling unless another loaded indeling year is asked for; only one gemeente's areas when
    gemeente_code is given (what the map needs at national scale)."""
    import orjson

    jaar = matching_indeling(session, jaar)
    where = [AreaGeometry.indeling_jaar == jaar, AreaGeometry.niveau == niveau]
    if gemeente_code is not None:
        where.append(DimArea.gemeente_code == gemeente_code)
    rows = session.execute(
        select(AreaGeometry.code, DimArea.naam, AreaGeometry.geometry_json)
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
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": code, "naam": naam},
                "geometry": orjson.loads(geometry),
            }
            for code, naam, geometry in rows
        ],
    }
