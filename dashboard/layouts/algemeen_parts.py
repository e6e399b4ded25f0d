"""Pure builders for the parts of the general dashboard that callbacks fill in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.formatting import nl_number, nl_percent_change, nl_signed

if TYPE_CHECKING:  # a layout reads the typed results; it needs no measure at run time
    from dashboard.analysis.significance import ChangeHint
    from dashboard.measures.counts import KpiFigure


def kpi_cards(figures: Sequence[KpiFigure]) -> list:
    """One card per figure (dashboard.measures.counts); a period the data cover only in part
    is flagged on the card in the words every surface uses."""
    cards = []
    for figure in figures:
        delta = figure.verschil
        change_text = f"{nl_signed(delta)} ({nl_percent_change(figure.verschil_pct)})"
        tone = "text-danger" if delta > 0 else ("text-success" if delta < 0 else "text-muted")
        compared = f" t.o.v. {nl_number(figure.vergelijking)}"
        if figure.partial:  # the flag below says which period the data do not cover
            change_text, tone, compared = (
                "verschil n.v.t.",
                "text-muted",
                compared + " (onvolledig)",
            )
        body = [
            html.Div(figure.label, className="small text-muted text-truncate"),
            html.Div(
                nl_number(figure.periode),
                className="kpi-value",
                **{"data-value": str(figure.periode)},
            ),
            html.Div(
                [
                    html.Span(change_text, className=f"{tone} fw-semibold"),
                    html.Span(compared, className="text-muted"),
                ],
                className="small",
            ),
            html.Div(
                f"{nl_number(figure.per_1000, 1)} per 1.000 inwoners",
                className="small text-muted",
            ),
            significance_hint(figure.hint),
        ]
        body += [html.Div(flag, className="small text-warning-emphasis") for flag in figure.flags]
        cards.append(
            dbc.Card(
                dbc.CardBody(body, class_name="p-2"),
                class_name="kpi-card shadow-sm",
                id={"type": "kpi", "categorie": figure.key},
            )
        )
    return cards


def significance_hint(hint: ChangeHint | None) -> html.Div | None:
    """Beside a percentage change: is it more than chance (dashboard.analysis.significance)?"""
    if hint is None:
        return None
    p_text = "< 0,001" if hint.p_value < 0.001 else f"= {nl_number(hint.p_value, 3)}"
    return html.Div(
        hint.text,
        className="significance-hint",
        title=f"Exacte Poisson-toets van de twee aantallen: p {p_text}. Zie de Handreiking.",
    )


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
                    dcc.Graph(figure=mix_figure, config={"displayModeBar": False}),
                ],
                lg=6,
            ),
        ]
    )
