"""The frame around every page: navigation, user, data date and the internal-use notice."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.formatting import INTERNAL_USE
from dashboard.layouts.components import saved_views
from dashboard.layouts.components.frame import DATA_DATE, LOGOUT_BUTTON, PAGE, URL


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


def navbar(
    pages: list[tuple[str, str, str | None]],
    username: str,
    role: str,
    freshness: str,
    csrf_token: str,
) -> dbc.Navbar:
    links = nav_items(pages)
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand("Dashboard Veiligheid", href="/", class_name="fw-semibold"),
                dbc.Nav(links, navbar=True, class_name="me-auto"),
                html.Span(
                    INTERNAL_USE, className="badge text-bg-warning me-3", id="intern-gebruik"
                ),
                html.Span(freshness, id=DATA_DATE, className="text-white-50 small me-3"),
                dbc.Nav(saved_views.menu(f"{username} ({role})"), navbar=True),
                logout_form(csrf_token),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        class_name="py-1",
    )


def shell(
    pages: list[tuple[str, str, str | None]],
    username: str,
    role: str,
    freshness: str,
    csrf_token: str,
) -> html.Div:
    return html.Div(
        [
            dcc.Location(id=URL, refresh="callback-nav"),
            navbar(pages, username, role, freshness, csrf_token),
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


def forbidden() -> html.Div:
    return html.Div(
        [html.H1("Geen toegang", className="h4"), html.P("U heeft geen toegang tot deze pagina.")]
    )
