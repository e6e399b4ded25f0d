"""Small accessibility helpers shared by the layouts."""

from __future__ import annotations

from dash import html


def radio_group(text: str, target: str, radios) -> list:
    """A visible group label and the radios inside an ARIA radiogroup named by it: a <label
    for=...> cannot name a group of radios, so screen readers would announce them unnamed."""
    label_id = f"{target}-groep"
    return [
        html.Div(text, id=label_id, className="form-label small fw-semibold mb-1 mt-2"),
        html.Div(radios, role="radiogroup", **{"aria-labelledby": label_id}),
    ]


def table_link(table_id: str) -> html.A:
    """Under a map: the same figures as a table (keyboard and screen reader users cannot read a
    choropleth)."""
    return html.A(
        "Bekijk als tabel", href=f"#{table_id}", className="small d-inline-block mt-1 map-table"
    )
