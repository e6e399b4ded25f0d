"""The wording of a KPI card, shared by Algemeen beeld's cards and the theme pages' cards: the
change against the comparison period, the significance hint and the flags of a partial period.
Both read the same measure (dashboard.measures.counts.KpiFigure), and with one wording a
partial period reads the same on both: "verschil n.v.t." and "t.o.v. 250 (onvolledig)" on the
card, the flag ('Vergelijking onvolledig: gegevens vanaf ...') below it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dash import html

from dashboard.formatting import nl_number, nl_percent_change, nl_signed

if TYPE_CHECKING:  # a layout reads the typed results; it needs no measure at run time
    from dashboard.analysis.significance import ChangeHint
    from dashboard.measures.counts import KpiFigure

NOT_APPLICABLE = "verschil n.v.t."
PARTIAL = " (onvolledig)"


def change_line(figure: KpiFigure, compared: str | None = None, withheld: str = "") -> html.Div:
    """'+12 (+5,0%) t.o.v. 250'. compared: the comparison figure as shown (a theme card's
    "<5"; default the figure's own count); withheld: why no change may be shown (a hidden
    figure). A period the data cover only in part gives no change: the flag says why."""
    shown = nl_number(figure.vergelijking) if compared is None else compared
    compared_text = f" t.o.v. {shown}"
    if withheld:
        text, tone = withheld, "text-muted"
    elif figure.partial:
        text, tone = NOT_APPLICABLE, "text-muted"
        compared_text += PARTIAL
    else:
        delta = figure.verschil
        text = f"{nl_signed(delta)} ({nl_percent_change(figure.verschil_pct)})"
        tone = "text-danger" if delta > 0 else ("text-success" if delta < 0 else "text-muted")
    return html.Div(
        [
            html.Span(text, className=f"{tone} fw-semibold"),
            html.Span(compared_text, className="text-muted"),
        ],
        className="small",
    )


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


def flag_lines(flags: Iterable[str]) -> list[html.Div]:
    """The notes under a card's figures (partial periods, where a figure is about)."""
    return [html.Div(flag, className="small text-warning-emphasis") for flag in flags]
