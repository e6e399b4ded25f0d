"""The "?" beside a chart title: one click (or Enter) opens its explanation from
dashboard.help_texts in a popover; it closes on a click elsewhere or when focus moves on."""

from __future__ import annotations

import re

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import help_texts


def help_id(page: str, title: str) -> str:
    return f"uitleg-{page}-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def help_button(page: str, title: str) -> html.Span | None:
    """None when there is no text for this chart (no empty "?")."""
    text = help_texts.get(page, title)
    if text is None:
        return None
    target = help_id(page, title)
    body = [
        html.P([html.Strong("Wat telt: "), text.counted], className="mb-1"),
        html.Div(html.Strong("Let op:")),
        html.Ul([html.Li(c) for c in text.caveats], className="ps-3 mb-1"),
        html.P([html.Strong("Zo leest u het: "), text.reading], className="mb-1"),
        dcc.Link("Meer in de Handreiking", href="/handreiking", className="small"),
    ]
    return html.Span(
        [
            html.Button(
                "?",
                id=target,
                type="button",
                className="btn-help ms-1",
                title=f"Uitleg bij {title}",
                **{"aria-label": f"Uitleg bij {title}"},
            ),
            dbc.Popover(
                [dbc.PopoverHeader(title), dbc.PopoverBody(body, class_name="small")],
                target=target,
                trigger="legacy",
                placement="auto",
                class_name="help-popover",
            ),
        ]
    )
