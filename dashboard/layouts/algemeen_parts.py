"""Pure builders for the parts of the general dashboard that callbacks fill in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.formatting import nl_number
from dashboard.layouts.components.graph import graph
from dashboard.layouts.components.kpi_card import change_line, flag_lines, significance_hint

if TYPE_CHECKING:  # a layout reads the typed results; it needs no measure at run time
    from dashboard.measures.counts import KpiFigure


def kpi_cards(figures: Sequence[KpiFigure]) -> list:
    """One card per figure (dashboard.measures.counts); a period the data cover only in part
    is flagged on the card in the words every surface uses."""
    cards = []
    for figure in figures:
        body = [
            html.Div(figure.label, className="small text-muted kpi-title"),
            html.Div(
                nl_number(figure.periode),
                className="kpi-value",
                **{"data-value": str(figure.periode)},
            ),
            change_line(figure),
            html.Div(
                f"{nl_number(figure.per_1000, 1)} per 1.000 inwoners",
                className="small text-muted",
            ),
            significance_hint(figure.hint),
            *flag_lines(figure.flags),
        ]
        cards.append(
            dbc.Card(
                dbc.CardBody(body, class_name="p-2"),
                class_name="kpi-card shadow-sm",
                id={"type": "kpi", "categorie": figure.key},
            )
        )
    return cards


def profile(table: pd.DataFrame, names: list[str], mix_figure) -> dbc.Row:
    """table: one row per indicator label, one column per area name."""
    header = html.Thead(
        html.Tr([html.Th("Kerncijfer")] + [html.Th(n, className="text-end") for n in names])
    )
    body = html.Tbody(
        [
            html.Tr([html.Td(label)] + [html.Td(row[n], className="text-end") for n in names])
            for label, row in table.iterrows()
        ]
    )
    return dbc.Row(
        [
            dbc.Col(
                html.Table([header, body], className="table table-sm small mb-0 profile-table"),
                lg=6,
            ),
            dbc.Col(
                [
                    html.Div(
                        "Registraties per 1.000 inwoners in de periode",
                        className="small fw-semibold",
                    ),
                    graph(figure=mix_figure),
                ],
                lg=6,
            ),
        ]
    )
