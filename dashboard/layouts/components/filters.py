"""The pieces of a page's filter column, and the Dutch face of Dash's own controls: every
dropdown and date picker of the app is made here, so none shows Dash's English defaults
("Search", "Select All", a calendar from Sunday)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

Option = tuple[str, str]  # (value, label)

# Pattern-matching id types of the filter drawer; "pagina" tells the pages apart. One callback
# (dashboard/callbacks/shell.py) opens and closes the drawer of every page.
DRAWER = "filterlade"
DRAWER_OPEN = "filterlade-open"
DRAWER_CLOSE = "filterlade-sluit"

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


def filter_column(page: str, filters, title: str = "Filters") -> dbc.Col:
    """A dashboard's filter column: beside the view from 768 px on; on a phone a drawer behind a
    button (Bootstrap's responsive offcanvas, opened by a class), so that the view comes first.
    The filters are the same components at every width, mounted once: no copies with the same
    ids, and a closed drawer keeps what was chosen."""
    title_id = f"{page}-filters-titel"
    return dbc.Col(
        [
            html.Button(
                title,
                id={"type": DRAWER_OPEN, "pagina": page},
                type="button",
                className="btn btn-sm btn-outline-primary d-md-none filter-knop",
                **{"aria-expanded": "false"},
            ),
            html.Section(
                [
                    html.Div(
                        [
                            html.H2(title, id=title_id, className="offcanvas-title h5"),
                            html.Button(
                                type="button",
                                id={"type": DRAWER_CLOSE, "pagina": page},
                                className="btn-close",
                                **{"aria-label": f"{title} sluiten"},
                            ),
                        ],
                        className="offcanvas-header",
                    ),
                    html.Div(filters, className="offcanvas-body"),
                ],
                id={"type": DRAWER, "pagina": page},
                className="offcanvas-md offcanvas-start filter-lade",
                tabIndex="-1",
                **{"aria-labelledby": title_id},
            ),
        ],
        width=12,
        md=3,
        xl=2,
        class_name="sidebar",
    )
