"""An area indeling (region, gemeenten, wijken, buurten) with geometry and kerncijfers, ready to
be stored. Both the CBS reader and the fictional demo region produce one."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.data.ingest import geojson as geo
from dashboard.data.reference import kwb


@dataclass
class AreaSet:
    indeling_jaar: int
    regio_code: str
    regio_naam: str
    # code -> (naam, wijk_code, gemeente_code, geometry)
    buurten: dict[str, tuple[str, str, str, dict]] = field(default_factory=dict)
    wijken: dict[str, tuple[str, str, dict | None]] = field(default_factory=dict)
    gemeenten: dict[str, tuple[str, dict | None]] = field(default_factory=dict)
    # code -> indicator name -> value, per level as delivered (missing levels are rolled up)
    buurt_indicators: dict[str, dict] = field(default_factory=dict)
    gemeente_indicators: dict[str, dict] = field(default_factory=dict)
    indicator_jaar: int | None = None
    indicator_bron: str = "CBS Kerncijfers wijken en buurten"

    def area_rows(self) -> list[dict]:
        rows = []
        boxes: dict[str, tuple] = {}
        for code, (naam, wijk, gemeente, geometry) in self.buurten.items():
            boxes[code] = geo.bbox(geometry)
            rows.append(self._row("buurt", code, naam, wijk, gemeente, boxes[code]))
        for code, (naam, gemeente, geometry) in self.wijken.items():
            box = (
                geo.bbox(geometry)
                if geometry
                else geo.merge_bbox(
                    boxes[b] for b, (_, w, _, _) in self.buurten.items() if w == code
                )
            )
            boxes[code] = box
            rows.append(self._row("wijk", code, naam, code, gemeente, box))
        for code, (naam, geometry) in self.gemeenten.items():
            box = (
                geo.bbox(geometry)
                if geometry
                else geo.merge_bbox(
                    boxes[b] for b, (_, _, g, _) in self.buurten.items() if g == code
                )
            )
            boxes[code] = box
            rows.append(self._row("gemeente", code, naam, None, code, box))
        region_box = geo.merge_bbox(boxes[g] for g in self.gemeenten)
        rows.append(self._row("regio", self.regio_code, self.regio_naam, None, None, region_box))
        return rows

    def _row(self, niveau, code, naam, wijk, gemeente, box) -> dict:
        min_lon, min_lat, max_lon, max_lat = box if box else (None, None, None, None)
        return {
            "niveau": niveau,
            "code": code,
            "naam": naam,
            "wijk_code": wijk,
            "gemeente_code": gemeente,
            "regio_code": self.regio_code,
            "min_lon": min_lon,
            "min_lat": min_lat,
            "max_lon": max_lon,
            "max_lat": max_lat,
        }

    def geometry_rows(self) -> list[dict]:
        import orjson

        rows = []
        buurt_geometry = {c: v[3] for c, v in self.buurten.items()}
        levels = (
            ("buurt", buurt_geometry),
            ("wijk", self._level_geometry(self.wijken, 2, 1, buurt_geometry)),
            ("gemeente", self._level_geometry(self.gemeenten, 1, 2, buurt_geometry)),
        )
        for niveau, geometries in levels:
            for code, geometry in geometries.items():
                if geometry:
                    compact = geo.compact_geometry(geometry)
                    rows.append(
                        {
                            "niveau": niveau,
                            "code": code,
                            "geometry_json": orjson.dumps(compact).decode(),
                        }
                    )
        return rows

    def _level_geometry(
        self, areas: dict, geometry_index: int, buurt_parent_index: int, buurt_geometry: dict
    ) -> dict:
        """Delivered geometry per area, or the union of its buurten when none was delivered."""
        out = {}
        for code, values in areas.items():
            geometry = values[geometry_index]
            if geometry is None:
                parts = [
                    buurt_geometry[b]
                    for b, v in self.buurten.items()
                    if v[buurt_parent_index] == code
                ]
                geometry = geo.dissolve(parts) if parts else None
            out[code] = geometry
        return out

    def indicator_rows(self) -> list[dict]:
        if self.indicator_jaar is None:
            return []
        buurt = self.buurt_indicators
        wijk = kwb.roll_up_by({c: v[1] for c, v in self.buurten.items()}, buurt)
        summed = kwb.roll_up_by({c: v[2] for c, v in self.buurten.items()}, buurt)
        delivered = dict(self.gemeente_indicators)  # CBS's own gemeente figures win
        gemeente = {**summed, **delivered}
        regio = {self.regio_code: kwb.roll_up(list(gemeente.values()))}
        rows = []
        for values, bron in (
            (buurt, self.indicator_bron),
            (wijk, self.indicator_bron + " (opgeteld uit buurten)"),
            (
                {c: v for c, v in summed.items() if c not in delivered},
                self.indicator_bron + " (opgeteld uit buurten)",
            ),
            (delivered, self.indicator_bron),
            (regio, self.indicator_bron + " (opgeteld uit gemeenten)"),
        ):
            rows += kwb.indicator_rows(values, self.indicator_jaar, bron)
        return rows
