"""The pieces of a page's filter column."""

from __future__ import annotations

from dash import html

Option = tuple[str, str]  # (value, label)


def dropdown_options(options: list[Option]) -> list[dict]:
    return [{"label": label, "value": value} for value, label in options]


def filter_label(text: str, target: str) -> html.Label:
    """The label above a filter, tied to it for screen readers and keyboard users."""
    return html.Label(text, htmlFor=target, className="form-label small fw-semibold mb-1 mt-2")
