"""The Veiligheidsmonitor card body: a pure function of the survey figures (measures.survey)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from dash import html

from dashboard.formatting import nl_number
from dashboard.layouts.components.notice import not_loaded

if TYPE_CHECKING:  # a layout reads the typed results; it needs no measure at run time
    from dashboard.measures.survey import SurveyFigures

SOURCE = "Veiligheidsmonitor (CBS)"
MARGIN_NOTE = "marge: 95%-betrouwbaarheidsinterval bij benadering"


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


def _header(figures: SurveyFigures) -> html.Thead:
    cells = [
        html.Th("Indicator"),
        html.Th(f"{figures.gebied} {figures.jaar}", className="text-end"),
    ]
    if figures.vorig_jaar:
        cells.append(html.Th(f"Vorige meting ({figures.vorig_jaar})", className="text-end"))
    if figures.regio:
        cells.append(html.Th(f"{figures.regio} {figures.jaar}", className="text-end"))
    cells.append(html.Th("n", className="text-end", title="aantal respondenten"))
    return html.Thead(html.Tr(cells))


def _body(figures: SurveyFigures) -> html.Tbody:
    rows = []
    for r in figures.rows:
        cells = [html.Td(r.indicator), value_cell(r.waarde, r.marge, r.percentage)]
        if figures.vorig_jaar:
            cells.append(value_cell(r.vorige_waarde, r.vorige_marge, r.percentage))
        if figures.regio:
            cells.append(value_cell(r.regio_waarde, r.regio_marge, r.percentage))
        n_text = "-" if _missing(r.n) else nl_number(int(r.n))
        cells.append(html.Td(n_text, className="text-end"))
        rows.append(html.Tr(cells))
    return html.Tbody(rows)


def caption(figures: SurveyFigures) -> str:
    return (
        f"Bron: {SOURCE}, meting {figures.jaar} · {MARGIN_NOTE} (normale benadering "
        "zonder de weging van de enquête; de marges van CBS zijn iets breder) · een verschil "
        "kleiner dan de marges is geen aantoonbaar verschil · n = aantal respondenten; zonder n "
        "of bij minder dan 30 respondenten geen marge."
    )


def survey_body(
    figures: SurveyFigures | None, scope: str = "deze gemeente", load_command: str | None = None
) -> html.Div:
    """The card body; scope names what has no figures when there are none. load_command: the
    how-to for a viewer who loads deliveries; None tells the reader to ask the beheerder."""
    if figures is None:
        return not_loaded(
            f"Veiligheidsmonitor-cijfers voor {scope}", load_command, class_name="survey-empty"
        )
    children = []
    if figures.noot:
        children.append(html.Div(figures.noot, className="small text-muted mb-1"))
    children += [
        html.Div(
            html.Table(
                [_header(figures), _body(figures)],
                className="table table-sm small mb-1 profile-table survey-table",
            ),
            className="table-responsive",
        ),
        html.Div(caption(figures), className="small text-muted"),
    ]
    return html.Div(children)
