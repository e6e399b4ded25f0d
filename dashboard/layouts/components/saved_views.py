"""The "Mijn weergaven" menu in the navbar (open a saved view, save the current one, manage
them) and the window in which that is done. Pure builders; the callbacks are
dashboard/callbacks/components/saved_views.py, registered by the frame."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.data.store.saved_views import MAX_NAME


@dataclass(frozen=True)
class SavedViewIds:
    menu: str = "mijn-weergaven"
    menu_items: str = "mijn-weergaven-menu-lijst"
    save_item: str = "mijn-weergaven-opslaan"
    manage_item: str = "mijn-weergaven-beheren"
    modal: str = "mijn-weergaven-venster"
    name: str = "mijn-weergaven-naam"
    as_start: str = "mijn-weergaven-als-start"
    save: str = "mijn-weergaven-bewaar"
    no_start: str = "mijn-weergaven-geen-start"
    message: str = "mijn-weergaven-melding"
    listing: str = "mijn-weergaven-lijst"
    close: str = "mijn-weergaven-sluiten"
    version: str = "mijn-weergaven-versie"  # raised after every change: menu and list redraw
    # Pattern-matching ids of a view's buttons: {"type": ..., "view": <id>}.
    start_type: str = "mijn-weergave-start"
    delete_type: str = "mijn-weergave-verwijder"


SAVED_VIEWS = SavedViewIds()


@dataclass(frozen=True)
class Row:
    """A saved view as the menu and the list show it: href opens it through the server."""

    view_id: int
    naam: str
    href: str
    start: bool


def menu() -> dbc.DropdownMenu:
    i = SAVED_VIEWS
    return dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem("Huidige weergave opslaan…", id=i.save_item),
            dbc.DropdownMenuItem("Weergaven beheren…", id=i.manage_item),
            dbc.DropdownMenuItem(divider=True),
            html.Div(id=i.menu_items),
        ],
        id=i.menu,
        label="Mijn weergaven",
        nav=True,
        in_navbar=True,
        align_end=True,
        class_name="me-2",
    )


def menu_items(rows: list[Row]) -> list:
    """The saved views to open (a full page load through the server, which checks them)."""
    if not rows:
        return [dbc.DropdownMenuItem("Nog geen bewaarde weergaven", disabled=True)]
    return [
        dbc.DropdownMenuItem(
            [row.naam, html.Span(" (start)", className="text-muted")] if row.start else row.naam,
            href=row.href,
            external_link=True,
            class_name="mijn-weergave-link",
        )
        for row in rows
    ]


def dialog() -> list:
    i = SAVED_VIEWS
    modal = dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle("Mijn weergaven")),
            dbc.ModalBody(
                [
                    html.H2("Huidige weergave opslaan", className="h6"),
                    html.P(
                        "Bewaar de pagina met de gekozen filters onder een naam. Alleen u ziet "
                        "uw weergaven.",
                        className="small text-muted mb-2",
                    ),
                    dbc.Label("Naam", html_for=i.name, class_name="small mb-1"),
                    dbc.Input(
                        id=i.name,
                        type="text",
                        maxLength=MAX_NAME,
                        placeholder="bijv. Mijn gemeente, laatste 12 maanden",
                        debounce=False,
                    ),
                    dbc.Checkbox(
                        id=i.as_start,
                        label="Openen bij het starten van het dashboard (startweergave)",
                        value=False,
                        class_name="mt-2",
                    ),
                    dbc.Button("Opslaan", id=i.save, color="primary", size="sm", class_name="mt-2"),
                    html.Div(id=i.message, role="status", className="small mt-2"),
                    html.Hr(),
                    html.H2("Bewaarde weergaven", className="h6"),
                    html.Div(id=i.listing),
                    dbc.Button(
                        "Geen startweergave",
                        id=i.no_start,
                        color="link",
                        size="sm",
                        class_name="p-0 mt-2",
                        style={"display": "none"},  # shown while a start view is chosen
                    ),
                ]
            ),
            dbc.ModalFooter(dbc.Button("Sluiten", id=i.close, color="secondary", size="sm")),
        ],
        id=i.modal,
        is_open=False,
        scrollable=True,
    )
    return [modal, dcc.Store(id=i.version, data=0)]


def listing(rows: list[Row]) -> list:
    """Each view with its actions: open, make it the start view, delete."""
    i = SAVED_VIEWS
    if not rows:
        return [html.P("U heeft nog geen weergaven bewaard.", className="small text-muted")]
    items = []
    for row in rows:
        start = (
            dbc.Badge("Startweergave", color="success", class_name="ms-2")
            if row.start
            else dbc.Button(
                "Als startweergave",
                id={"type": i.start_type, "view": row.view_id},
                color="link",
                size="sm",
                class_name="p-0 ms-2",
            )
        )
        items.append(
            html.Li(
                [
                    html.A(row.naam, href=row.href, className="text-break me-auto"),
                    start,
                    dbc.Button(
                        "Verwijderen",
                        id={"type": i.delete_type, "view": row.view_id},
                        color="link",
                        size="sm",
                        class_name="p-0 ms-3 text-danger",
                        title=f"Weergave '{row.naam}' verwijderen",
                    ),
                ],
                className="list-group-item d-flex align-items-center flex-wrap",
            )
        )
    return [html.Ul(items, className="list-group list-group-flush small")]
