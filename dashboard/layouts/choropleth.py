"""The Leaflet choropleth that the general and the thematic dashboards share: boundaries come
later as a GeoJSON URL, colours and tooltips through `hideout` (assets/dashboard.js)."""

from __future__ import annotations

import dash_leaflet as dl
from dash_extensions.javascript import Namespace

MAP_NS = Namespace("dashboard", "map")


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
