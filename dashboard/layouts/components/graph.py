"""A dashboard chart: drawn without the Plotly logo and mode bar (each page has its own
download links, and the bar covers the chart on a phone), in Dutch: Plotly's 'nl' locale
(assets/vendor/plotly-locale-nl.js, registered when plotly.js loads) names the months and days
on date axes ("okt 2026") and in hover texts."""

from __future__ import annotations

from types import MappingProxyType

from dash import dcc

GRAPH_CONFIG = MappingProxyType({"displaylogo": False, "displayModeBar": False, "locale": "nl"})


def graph(component_id: str | None = None, **props) -> dcc.Graph:
    """A dcc.Graph with the dashboard's config; an id only when a callback updates it."""
    if component_id is not None:
        props["id"] = component_id
    return dcc.Graph(config=dict(GRAPH_CONFIG), **props)
