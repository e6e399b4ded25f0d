"""The pieces of a page's filter column."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

Option = tuple[str, str]  # (value, label)

# Pattern-matching id types of the filter drawer; "pagina" tells the pages apart. One callback
# (dashboard/callbacks/shell.py) opens and closes the drawer of every page.
DRAWER = "filterlade"
DRAWER_OPEN = "filterlade-open"
DRAWER_CLOSE = "filterlade-sluit"


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
