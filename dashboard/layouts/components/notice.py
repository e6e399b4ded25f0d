"""Notices: the note under a view's title and the outcome of a form action."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

NOTICE_CLASS = "fs-6 fw-normal text-warning-emphasis"
# What is missing, for the reader: whom to ask, not how to load it. Those who load deliveries
# (policy.sees_load_howto) read the command as well.
ASK_ADMIN = "vraag uw beheerder"


def not_loaded_text(what: str, command: str | None = None) -> str:
    """'<what> nog niet geladen; vraag uw beheerder.' for a reader; with a command (for those
    who load deliveries) '<what> nog niet geladen. Laden met: <command>'."""
    if command is None:
        return f"{what} nog niet geladen; {ASK_ADMIN}."
    return f"{what} nog niet geladen. Laden met: {command}"


def not_loaded(what: str, command: str | None = None, class_name: str = "") -> html.Div:
    """not_loaded_text as a block, the command set as code on a line of its own."""
    if command is None:
        return html.Div(html.P(not_loaded_text(what), className="mb-0"), className=class_name)
    return html.Div(
        [
            html.P(f"{what} nog niet geladen.", className="mb-1"),
            html.P(["Laden met: ", html.Code(command)], className="small text-muted mb-0"),
        ],
        className=class_name,
    )


# What a card of Algemeen beeld says before the first police delivery.
NO_DATA = not_loaded_text("Politiegegevens")


def no_data(load_command: str | None = None) -> str:
    """NO_DATA, or with the how-to for a viewer who loads deliveries (policy.load_howto)."""
    return not_loaded_text("Politiegegevens", load_command)


def title(headline: str, note: str = ""):
    """The view's heading; a note under it when the view differs from what was asked (a period
    outside the data, codes left out, protected codes shown per gemeente), so the reader knows
    what the figures are for. A notice in body size, not an error colour: the view works."""
    if not note:
        return headline
    return [headline, html.Div(note, className=NOTICE_CLASS + " mt-1", role="status")]


def message(text: str, ok: bool) -> dbc.Alert:
    """The outcome of a form action (added, changed, refused and why)."""
    return dbc.Alert(text, color="success" if ok else "danger", class_name="py-1 px-2 mb-0 small")
