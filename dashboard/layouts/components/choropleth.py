"""The Leaflet choropleth that the general, thematic and open-data dashboards share, and its
legend: boundaries come later as a GeoJSON URL, colours and tooltips through `hideout`
(assets/dashboard.js)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import dash_leaflet as dl
from dash import html
from dash_extensions.javascript import Namespace

from dashboard.analysis.comparison import MIN_INHABITANTS, TOO_FEW_INHABITANTS
from dashboard.figures import (
    HIDDEN_COLOUR,
    NO_DATA_COLOUR,
    ZERO_COLOUR,
    area_colour,
    class_colours,
)
from dashboard.formatting import nl_number
from dashboard.layouts.components.graph import graph
from dashboard.measures import map_classes

if TYPE_CHECKING:
    from collections.abc import Callable

    from dashboard.measures.map_classes import MapClasses, ShadedArea

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


def hideout(
    shaded: MapClasses,
    tooltip: Callable[[ShadedArea], str],
    selected: str | None,
    scope_level: str,
    child_level: str,
) -> dict:
    """The map's hideout (assets/dashboard.js): per area its colour (the class, or the grey of
    its state) and the tooltip lines under its name, the selected area and what the names on
    the map are. Only these travel on a filter change; the shapes come with the boundaries."""
    colours = class_colours(shaded.n_classes)
    return {
        "areas": {a.code: {"c": area_colour(a, colours), "d": tooltip(a)} for a in shaded.areas},
        "selected": selected,
        "labels": label_mode(scope_level, child_level),
    }


def label_mode(scope_level: str, child_level: str) -> str | None:
    """What the names on the map are (hideout "labels", assets/map-labels.js): the areas' own
    names for gemeenten and wijken and for the few buurten of one wijk; for the buurten of a
    whole gemeente the names of their wijken (a hundred buurt names would not fit, the wijken
    tell where one is)."""
    if child_level in ("gemeente", "wijk") or scope_level == "wijk":
        return "naam"
    if child_level == "buurt":
        return "wijk"
    return None


def legend(
    edges: list[float],
    measure_label: str,
    decimals: int,
    states: tuple[tuple[str, str], ...] = ((NO_DATA_COLOUR, "geen inwoners / onbekend"),),
) -> list:
    """The classes as "1.000 – 2.500" in the map's colours (figures.class_colours), then one
    swatch per other state shown (colour, text): hidden, too few inhabitants, unknown."""
    if not edges:
        return [html.Span("Geen gegevens", className="text-muted")]
    items = [html.Span(measure_label + ": ", className="me-1")]
    if all(float(edge).is_integer() for edge in edges):
        decimals = 0  # "50 – 100", not "50,0 – 100,0"
    bounds = list(itertools.pairwise(edges)) or [(edges[0], edges[0])]
    for colour, (lo, hi) in zip(class_colours(len(bounds)), bounds, strict=True):
        text = (
            nl_number(lo, decimals)
            if lo == hi
            else f"{nl_number(lo, decimals)} – {nl_number(hi, decimals)}"
        )
        items.append(swatch(colour, text))
    items.extend(swatch(colour, text) for colour, text in states)
    return items


def swatch(colour: str, text: str) -> html.Span:
    return html.Span(
        [html.Span(className="legend-swatch", style={"backgroundColor": colour}), text],
        className="me-2 text-nowrap",
    )


def state_swatches(shaded: MapClasses, hidden_text: str = "afgeschermd") -> tuple:
    """The legend entries of the states that the map shows besides the classes."""
    out = []
    if shaded.has(map_classes.ZERO):
        out.append((ZERO_COLOUR, "0"))
    if shaded.has(map_classes.TOO_FEW):
        out.append((NO_DATA_COLOUR, f"{TOO_FEW_INHABITANTS} (minder dan {MIN_INHABITANTS})"))
    if shaded.has(map_classes.UNKNOWN):
        out.append((NO_DATA_COLOUR, "geen inwoners / onbekend"))
    if shaded.has(map_classes.HIDDEN):
        out.append((HIDDEN_COLOUR, hidden_text))
    return tuple(out)


def ranking(graph_id: str) -> html.Div:
    """The ranked bar of the map's areas (figures.ranking_figure), under the map; it scrolls
    inside its box when there are many areas."""
    return html.Div(
        graph(graph_id, figure={"data": [], "layout": {}}),
        className="map-ranking",
        **{"aria-label": "Gebieden gerangschikt"},
    )
