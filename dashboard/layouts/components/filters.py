"""The pieces of a page's filter column, and the Dutch face of Dash's own controls: every
dropdown and date picker of the app is made here, so none shows Dash's English defaults
("Search", "Select All", a calendar from Sunday)."""

from __future__ import annotations

from dash import dcc, html

Option = tuple[str, str]  # (value, label)

# dcc.Dropdown's texts (Dash 4 `labels`); {num_selected} is filled in by the dropdown.
DROPDOWN_LABELS = {
    "select_all": "Alles selecteren",
    "deselect_all": "Niets selecteren",
    "selected_count": "{num_selected} geselecteerd",
    "search": "Zoeken",
    "clear_search": "Zoekterm wissen",
    "clear_selection": "Selectie wissen",
    "no_options_found": "Niets gevonden",
}
# The date pickers: Dutch dates, weeks from Monday. The month and day names come from the
# date-fns locale in assets/vendor (Dash 4's date picker has no locale prop: it takes the
# locale that page scripts register with date-fns).
DATE_PICKER_DEFAULTS = {
    "display_format": "DD-MM-YYYY",
    "month_format": "MMMM YYYY",
    "first_day_of_week": 1,
}


def dropdown(**props) -> dcc.Dropdown:
    """dcc.Dropdown with Dutch texts; takes the same props."""
    return dcc.Dropdown(labels=dict(DROPDOWN_LABELS), **props)


def date_range(**props) -> dcc.DatePickerRange:
    """dcc.DatePickerRange in Dutch, weeks from Monday; props may override the formats."""
    return dcc.DatePickerRange(**{**DATE_PICKER_DEFAULTS, **props})


def dropdown_options(options: list[Option]) -> list[dict]:
    return [{"label": label, "value": value} for value, label in options]


def filter_label(text: str, target: str) -> html.Label:
    """The label above a filter, tied to it for screen readers and keyboard users."""
    return html.Label(text, htmlFor=target, className="form-label small fw-semibold mb-1 mt-2")
