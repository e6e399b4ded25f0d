"""A dashboard chart: drawn without the Plotly logo and mode bar (each page has its own
download links, and the bar covers the chart on a phone)."""

from __future__ import annotations

from types import MappingProxyType

from dash import dcc

GRAPH_CONFIG = MappingProxyType({"displaylogo": False, "displayModeBar": False})


def graph(component_id: str, **props) -> dcc.Graph:
    return dcc.Graph(id=component_id, config=dict(GRAPH_CONFIG), **props)
