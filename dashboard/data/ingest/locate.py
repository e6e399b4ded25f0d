"""Buurt from coordinates: point-in-polygon on the loaded boundaries with a spatial index.

Coordinates are used only to find the buurt; they are never stored.
"""

from __future__ import annotations

import numpy as np
import orjson
import shapely
from pyproj import Transformer
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.data.models import AreaGeometry

# RD New (EPSG:28992) covers the Netherlands with x 0..300 km and y 300..625 km; WGS84 here is
# lon 3..8, lat 50..54. The ranges do not overlap, so each point says which system it is in.
RD_X = (0.0, 300_000.0)
RD_Y = (289_000.0, 629_000.0)
WGS_LON = (2.5, 8.5)
WGS_LAT = (50.0, 54.5)


class BuurtLocator:
    def __init__(self, codes: list[str], geometries: list):
        self.codes = np.asarray(codes, dtype=object)
        self.tree = shapely.STRtree(geometries)
        self._to_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)

    @classmethod
    def from_database(cls, session: Session, indeling_jaar: int | None = None) -> BuurtLocator:
        query = select(AreaGeometry.code, AreaGeometry.geometry_json).where(
            AreaGeometry.niveau == "buurt"
        )
        if indeling_jaar is not None:
            query = query.where(AreaGeometry.indeling_jaar == indeling_jaar)
        rows = session.execute(query).all()
        geometries = [shapely.geometry.shape(orjson.loads(g)) for _, g in rows]
        return cls([c for c, _ in rows], geometries)

    def crs_of(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """'RD', 'WGS84' or '' (neither) per point."""
        rd = (x >= RD_X[0]) & (x <= RD_X[1]) & (y >= RD_Y[0]) & (y <= RD_Y[1])
        wgs = (x >= WGS_LON[0]) & (x <= WGS_LON[1]) & (y >= WGS_LAT[0]) & (y <= WGS_LAT[1])
        return np.where(rd, "RD", np.where(wgs, "WGS84", ""))

    def locate(self, x: np.ndarray, y: np.ndarray, crs: str | None = None) -> np.ndarray:
        """Buurt code per point ('' where outside every buurt or not a coordinate)."""
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        systems = np.full(len(x), crs) if crs else self.crs_of(x, y)
        lon, lat = x.copy(), y.copy()
        rd = systems == "RD"
        if rd.any():
            lon[rd], lat[rd] = self._to_wgs84.transform(x[rd], y[rd])
        result = np.full(len(x), "", dtype=object)
        usable = np.isin(systems, ("RD", "WGS84")) & np.isfinite(lon) & np.isfinite(lat)
        if not usable.any():
            return result
        index = np.flatnonzero(usable)
        points = shapely.points(lon[index], lat[index])
        point_idx, geom_idx = self.tree.query(points, predicate="within")
        # A point on a shared border lies in two buurten: take the first, deterministically.
        order = np.lexsort((geom_idx, point_idx))
        point_idx, geom_idx = point_idx[order], geom_idx[order]
        first = np.unique(point_idx, return_index=True)[1]
        result[index[point_idx[first]]] = self.codes[geom_idx[first]]
        return result
