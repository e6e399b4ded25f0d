"""The Leaflet choropleth that the general, thematic and open-data dashboards share, and its
legend: boundaries come later as a GeoJSON URL, colours and tooltips through `hideout`
(assets/dashboard.js)."""

from __future__ import annotations

import itertools

import dash_leaflet as dl
from dash import html
from dash_extensions.javascript import Namespace

from dashboard.figures import SEQUENTIAL
from dashboard.formatting import nl_number

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


def legend(edges: list[float], measure_label: str, decimals: int) -> list:
    if not edges:
        return [html.Span("Geen gegevens", className="text-muted")]
    items = [html.Span(measure_label + ": ", className="me-1")]
    bounds = list(itertools.pairwise(edges)) or [(edges[0], edges[0])]
    # Same colour order as the map: class k has colour k; a single class uses the darkest.
    colours = SEQUENTIAL[: len(bounds)] if len(edges) > 2 else SEQUENTIAL[-1:]
    for colour, (lo, hi) in zip(colours, bounds, strict=False):
        items.append(
            html.Span(
                [
                    html.Span(className="legend-swatch", style={"backgroundColor": colour}),
                    f"{nl_number(lo, decimals)} - {nl_number(hi, decimals)}",
                ],
                className="me-2 text-nowrap",
            )
        )
    items.append(
        html.Span(
            [
                html.Span(className="legend-swatch", style={"backgroundColor": "#d9d9d9"}),
                "geen inwoners / onbekend",
            ],
            className="text-nowrap",
        )
    )
    return items
