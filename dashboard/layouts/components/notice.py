"""Notices: the note under a view's title and the outcome of a form action."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

NOTICE_CLASS = "fs-6 fw-normal text-warning-emphasis"
# What a card of Algemeen beeld says before the first delivery.
NO_DATA = "Nog geen gegevens geladen. Laad eerst een levering (zie README)."


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
