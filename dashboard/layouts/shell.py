"""The frame around every page: navigation, user, data date and the internal-use notice."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.formatting import INTERNAL_USE
from dashboard.layouts.components import saved_views
from dashboard.layouts.components.frame import (
    DATA_DATE,
    DEMO_BADGE,
    LOGOUT_BUTTON,
    MENU,
    MENU_BUTTON,
    PAGE,
    URL,
)

DEMO_BADGE_TEXT = "Demodata (synthetisch)"


def nav_items(pages: list[tuple[str, str, str | None]]) -> list:
    """A link per page; pages that share a menu go into one dropdown, placed where the first
    of them is (the thematic dashboards would not fit the bar at 1366 px otherwise)."""
    items, menus = [], {}
    for path, title, menu in pages:
        if menu is None:
            items.append(dbc.NavItem(dbc.NavLink(title, href=path, active="exact")))
            continue
        if menu not in menus:
            menus[menu] = dbc.DropdownMenu(label=menu, nav=True, in_navbar=True, children=[])
            items.append(menus[menu])
        menus[menu].children.append(dbc.DropdownMenuItem(title, href=path))
    return items


def logout_form(csrf_token: str) -> html.Form:
    """Logging out is a POST with the session's CSRF token (a plain form: no script, so the CSP
    stays as it is); a link would let any page that the user visits log him out."""
    return html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value=csrf_token),
            html.Button(
                "Uitloggen",
                type="submit",
                id=LOGOUT_BUTTON,
                className="btn btn-sm btn-outline-light",
            ),
        ],
        action="/logout",
        method="post",
        className="m-0",
    )


def menu_button() -> html.Button:
    """The button that unfolds the menu below 1200 px (a phone, a narrow window); the
    callback in dashboard/callbacks/shell.py keeps aria-expanded true to what it shows."""
    return html.Button(
        [html.Span(className="navbar-toggler-icon"), html.Span("Menu", className="ms-1 small")],
        id=MENU_BUTTON,
        type="button",
        className="navbar-toggler",
        **{"aria-controls": MENU, "aria-expanded": "false"},
    )


def navbar(
    pages: list[tuple[str, str, str | None]],
    username: str,
    role: str,
    freshness: str,
    csrf_token: str,
    demo: bool = False,
) -> dbc.Navbar:
    links = nav_items(pages)
    # Data date and user stacked in two short lines: side by side they pushed the admin's bar
    # onto a second row at 1366 px.
    user = html.Div(
        [
            html.Span(freshness, id=DATA_DATE, className="d-block text-white-50", title=freshness),
            # The account's name opens "Mijn weergaven" (components/saved_views.py).
            dbc.Nav(saved_views.menu(f"{username} ({role})"), navbar=True, class_name="d-block"),
        ],
        className="navbar-user small me-2",
    )
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand("Dashboard Veiligheid", href="/", class_name="fw-semibold"),
                menu_button(),
                dbc.Collapse(
                    [
                        dbc.Nav(links, navbar=True, class_name="me-auto"),
                        html.Div(
                            [
                                html.Span(
                                    INTERNAL_USE,
                                    className="badge text-bg-warning me-2",
                                    id="intern-gebruik",
                                ),
                                # Shown while the database holds demo data, on the pages whose
                                # figures are synthetic (callbacks/shell.py hides it on the
                                # others, such as Open data).
                                html.Span(
                                    DEMO_BADGE_TEXT,
                                    id=DEMO_BADGE,
                                    hidden=not demo,
                                    className="badge text-bg-info me-2",
                                    title="De registraties en partnergegevens van deze demo zijn "
                                    "gegenereerd; gebieden en kerncijfers zijn echt.",
                                ),
                                user,
                                logout_form(csrf_token),
                            ],
                            className="navbar-meta d-flex flex-wrap align-items-center gap-1",
                        ),
                    ],
                    id=MENU,
                    navbar=True,
                    is_open=False,
                ),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        expand="xl",
        class_name="py-1",
    )


def shell(
    pages: list[tuple[str, str, str | None]],
    username: str,
    role: str,
    freshness: str,
    csrf_token: str,
    demo: bool = False,
) -> html.Div:
    return html.Div(
        [
            dcc.Location(id=URL, refresh="callback-nav"),
            navbar(pages, username, role, freshness, csrf_token, demo),
            html.Main(id=PAGE, className="container-fluid py-2"),
            *saved_views.dialog(),
            html.Footer(
                f"{INTERNAL_USE}. Bron: politieregistraties (BVH) en CBS. "
                "Cijfers zijn registraties, geen volledige weergave van wat er gebeurt.",
                className="text-muted small px-3 pb-2",
            ),
        ]
    )


def not_found(path: str) -> html.Div:
    return html.Div(
        [html.H1("Pagina niet gevonden", className="h4"), html.P(f"Er is geen pagina {path}.")]
    )


def forbidden(reason: str) -> html.Div:
    """A page the user may not open; reason: why, and whom to ask (pages.refusal)."""
    return html.Div([html.H1("Geen toegang", className="h4"), html.P(reason, id="geen-toegang")])
