"""The "Mijn weergaven" menu in the navbar, under the user's name (open a saved view, save the
current one, manage them), and the window in which that is done. Pure builders; the callbacks are
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
    choice: str = "mijn-weergaven-keuze"
    open: str = "mijn-weergaven-openen"
    make_start: str = "mijn-weergaven-maak-start"
    delete: str = "mijn-weergaven-verwijderen"
    close: str = "mijn-weergaven-sluiten"
    version: str = "mijn-weergaven-versie"  # raised after every change: menu and list redraw


SAVED_VIEWS = SavedViewIds()


@dataclass(frozen=True)
class Row:
    """A saved view as the menu and the list show it: href opens it through the server."""

    view_id: int
    naam: str
    href: str
    start: bool


def menu(account: str) -> dbc.DropdownMenu:
    """The account's menu: its toggle is the user's name (where the name stood before, so the
    navbar, full at 1366 px for an admin, grows only by the caret), its items "Mijn weergaven".
    Screen readers hear both in the toggle's name."""
    i = SAVED_VIEWS
    return dbc.DropdownMenu(
        [
            dbc.DropdownMenuItem("Mijn weergaven", header=True),
            dbc.DropdownMenuItem("Huidige weergave opslaan…", id=i.save_item),
            dbc.DropdownMenuItem("Weergaven beheren…", id=i.manage_item),
            dbc.DropdownMenuItem(divider=True),
            html.Div(id=i.menu_items),
        ],
        id=i.menu,
        label=html.Span([account, html.Span(", Mijn weergaven", className="visually-hidden")]),
        nav=True,
        in_navbar=True,
        align_end=True,
        toggle_class_name="small text-white py-1",
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
    small = {"size": "sm", "class_name": "me-2 mt-2"}
    modal = dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle("Mijn weergaven")),
            dbc.ModalBody(
                [
                    html.H2("Huidige weergave opslaan", className="h6"),
                    html.P(
                        "Bewaar deze pagina met de gekozen filters onder een naam. Alleen u "
                        "ziet uw weergaven.",
                        className="small text-muted mb-2",
                    ),
                    dbc.Label("Naam", html_for=i.name, class_name="small mb-1"),
                    dbc.Input(
                        id=i.name,
                        type="text",
                        maxLength=MAX_NAME,
                        placeholder="bijv. Mijn gemeente, laatste 12 maanden",
                    ),
                    dbc.Checkbox(
                        id=i.as_start,
                        label="Openen bij het starten van het dashboard (startweergave)",
                        value=False,
                        class_name="mt-2",
                    ),
                    dbc.Button("Opslaan", id=i.save, color="primary", **small),
                    html.Hr(),
                    html.H2("Bewaarde weergaven", className="h6"),
                    dbc.Label("Weergave", html_for=i.choice, class_name="small mb-1"),
                    # A native select: no widget texts to translate, works the same on a phone.
                    dbc.Select(id=i.choice, options=[], placeholder="Kies een weergave"),
                    html.A(
                        "Openen",
                        id=i.open,
                        href=None,
                        className="btn btn-outline-primary btn-sm me-2 mt-2 disabled",
                        **{"aria-disabled": "true"},
                    ),
                    dbc.Button(
                        "Als startweergave", id=i.make_start, color="outline-secondary", **small
                    ),
                    dbc.Button("Verwijderen", id=i.delete, color="outline-danger", **small),
                    dbc.Button(
                        "Geen startweergave",
                        id=i.no_start,
                        color="link",
                        size="sm",
                        class_name="mt-2 px-0",
                        style={"display": "none"},  # shown while a start view is chosen
                    ),
                    html.Div(id=i.message, role="status", className="small mt-2"),
                ]
            ),
            dbc.ModalFooter(dbc.Button("Sluiten", id=i.close, color="secondary", size="sm")),
        ],
        id=i.modal,
        is_open=False,
        scrollable=True,
    )
    return [modal, dcc.Store(id=i.version, data=0)]


def choices(rows: list[Row]) -> list[dict]:
    """The views as options of the window's list, the start view marked."""
    return [
        {
            "label": f"{row.naam} (startweergave)" if row.start else row.naam,
            "value": str(row.view_id),
        }
        for row in rows
    ]
