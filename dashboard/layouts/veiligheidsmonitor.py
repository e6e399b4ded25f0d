"""The Veiligheidsmonitor card body: a pure function of the table that the view computes."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.formatting import nl_number

SOURCE = "Veiligheidsmonitor (CBS)"
MARGIN_NOTE = "marge: 95%-betrouwbaarheidsinterval bij benadering"
LOAD_HINT = "veiligheid ingest veiligheidsmonitor BESTAND"


def _missing(value) -> bool:
    return value is None or pd.isna(value)


def value_cell(value, margin, percentage: bool) -> html.Td:
    """'23,4% ± 2,1' for a percentage, '6,8' for a mark or an average, '-' when missing."""
    if _missing(value):
        return html.Td("-", className="text-end text-muted")
    text = nl_number(float(value), 1) + ("%" if percentage else "")
    parts: list = [text]
    if not _missing(margin):
        parts.append(html.Span(f" ± {nl_number(float(margin), 1)}", className="text-muted"))
    return html.Td(parts, className="text-end text-nowrap")


def _header(table: pd.DataFrame) -> html.Thead:
    attrs = table.attrs
    cells = [
        html.Th("Indicator"),
        html.Th(f"{attrs['gebied']} {attrs['jaar']}", className="text-end"),
    ]
    if attrs.get("vorig_jaar"):
        cells.append(html.Th(f"Vorige meting ({attrs['vorig_jaar']})", className="text-end"))
    if attrs.get("regio"):
        cells.append(html.Th(f"{attrs['regio']} {attrs['jaar']}", className="text-end"))
    cells.append(html.Th("n", className="text-end", title="aantal respondenten"))
    return html.Thead(html.Tr(cells))


def _body(table: pd.DataFrame) -> html.Tbody:
    attrs = table.attrs
    rows = []
    for r in table.itertuples():
        cells = [html.Td(r.indicator), value_cell(r.waarde, r.marge, r.percentage)]
        if attrs.get("vorig_jaar"):
            cells.append(value_cell(r.vorige_waarde, r.vorige_marge, r.percentage))
        if attrs.get("regio"):
            cells.append(value_cell(r.regio_waarde, r.regio_marge, r.percentage))
        n_text = "-" if _missing(r.n) else nl_number(int(r.n))
        cells.append(html.Td(n_text, className="text-end"))
        rows.append(html.Tr(cells))
    return html.Tbody(rows)


def caption(table: pd.DataFrame) -> str:
    return (
        f"Bron: {SOURCE}, meting {table.attrs['jaar']} · {MARGIN_NOTE} (normale benadering "
        "zonder de weging van de enquête; de marges van CBS zijn iets breder) · een verschil "
        "kleiner dan de marges is geen aantoonbaar verschil · n = aantal respondenten; zonder n "
        "of bij minder dan 30 respondenten geen marge."
    )


def survey_body(table: pd.DataFrame | None, scope: str = "deze gemeente") -> html.Div:
    """The card body; scope names what has no figures when the table is None."""
    if table is None:
        return html.Div(
            [
                html.P(f"Geen Veiligheidsmonitor-cijfers geladen voor {scope}.", className="mb-1"),
                html.P(
                    ["Een beheerder laadt ze met ", html.Code(LOAD_HINT), "."],
                    className="small text-muted mb-0",
                ),
            ],
            className="survey-empty",
        )
    children = []
    if table.attrs.get("noot"):
        children.append(html.Div(table.attrs["noot"], className="small text-muted mb-1"))
    children += [
        html.Div(
            html.Table(
                [_header(table), _body(table)],
                className="table table-sm small mb-1 profile-table survey-table",
            ),
            className="table-responsive",
        ),
        html.Div(caption(table), className="small text-muted"),
    ]
    return html.Div(children)
