"""The Leaflet choropleth that the general and the thematic dashboards share: boundaries come
later as a GeoJSON URL, colours and tooltips through `hideout` (assets/dashboard.js)."""

from __future__ import annotations

import dash_leaflet as dl
from dash_extensions.javascript import Namespace

MAP_NS = Namespace("dashboard", "map")


def boundary_url(level: str, gemeente_code: str | None = None, jaar: int | None = None) -> str:
    """The GeoJSON document of a map level (dashboard/geo.py): wijken and buurten of one
    gemeente when the map shows a gemeente or finer, so a national database never sends every
    buurt of the country; gemeenten always as one document."""
    path = (
        f"/geo/{level}/{gemeente_code}.geojson"
        if gemeente_code and level in ("wijk", "buurt")
        else f"/geo/{level}.geojson"
    )
    return f"{path}?jaar={jaar}" if jaar is not None else path


def choropleth(
    map_id: str, layer_id: str, tile_url: str, tile_attribution: str, height_px: int
) -> dl.Map:
    layers = []
    if tile_url:
        layers.append(dl.TileLayer(url=tile_url, attribution=tile_attribution))
    # No url yet: the main callback sets url and hideout together. dash-leaflet draws a layer
    # with the props it had when the fetch started, so a hideout that arrived during the
    # fetch would otherwise be lost until the next filter change.
    layers.append(
        dl.GeoJSON(
            id=layer_id,
            style=MAP_NS("style"),
            filter=MAP_NS("filter"),
            onEachFeature=MAP_NS("bindTooltip"),
            hideout={"areas": {}, "selected": None},
            hoverStyle={"weight": 3, "color": "#000"},
        )
    )
    return dl.Map(
        layers,
        id=map_id,
        center=[52.2, 5.3],
        zoom=9,
        zoomSnap=0.25,
        style={"height": f"{height_px}px", "background": "#f4f4f4"},
        attributionControl=bool(tile_url),
    )
