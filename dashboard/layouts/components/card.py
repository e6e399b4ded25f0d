"""The cards that hold a page's parts."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.layouts.components.help import help_button


def card(
    title: str,
    body,
    *,
    help_text: str | None = None,
    class_name: str = "",
    help_page: str | None = None,
) -> dbc.Card:
    """A chart or table card of a dashboard: its title, the "?" with the explanation of
    dashboard/help_texts.py for help_page (if it has one for this title) and a short hint."""
    header = [html.Span(title, className="fw-semibold")]
    explanation = help_button(help_page, title) if help_page else None
    if explanation is not None:
        header.append(explanation)
    if help_text:
        header.append(html.Span(help_text, className="text-muted small ms-2"))
    return dbc.Card(
        [dbc.CardHeader(header, class_name="py-1"), dbc.CardBody(body, class_name="p-2")],
        class_name=f"shadow-sm {class_name}",
    )


def form_card(title: str, body, class_name: str = "shadow-sm mb-2") -> dbc.Card:
    """A card of the management pages (Beheer, Metingen): a plain title over a form or table."""
    return dbc.Card(
        [
            dbc.CardHeader(title, class_name="py-1 fw-semibold"),
            dbc.CardBody(body, class_name="p-2"),
        ],
        class_name=class_name,
    )
