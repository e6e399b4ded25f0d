"""The page router: looks the path up in the page table and checks the permission. Also the
frame's folding parts: the navbar menu and the pages' filter drawers (in the browser only)."""

from __future__ import annotations

from dash import MATCH, ClientsideFunction, Dash, Input, Output, State
from flask_login import current_user

from dashboard import inputs, pages, usage
from dashboard.callbacks.components import saved_views
from dashboard.layouts import shell as shell_layout
from dashboard.layouts.components.filters import DRAWER, DRAWER_CLOSE, DRAWER_OPEN
from dashboard.layouts.components.frame import DEMO_BADGE, MENU, MENU_BUTTON, PAGE, URL


def render_page(pathname: str | None, search: str | None):
    pathname = inputs.text(pathname, "pad")
    search = inputs.text(search, "zoekopdracht") or ""
    page = pages.find(pathname or "/")
    if page is None:
        return shell_layout.not_found(pathname or "")
    refused = pages.refusal(page, current_user)
    if refused:
        return shell_layout.forbidden(refused)
    try:
        content = page.build(search)
    except inputs.TooManyFields:
        # A link with hundreds of fields (junk appended, a mangled copy) still opens the page,
        # in its default view, as for any other field the page does not know.
        search = ""
        content = page.build(search)
    usage.track_view(page.path, search)
    return content


def demo_badge_hidden(pathname: str | None) -> bool:
    """The demo badge shows on a page whose figures are synthetic in a demo database; a page of
    real public figures (Open data) does not claim to be synthetic, and a page the user may not
    open shows no figures at all (the router answers "Geen toegang" there, so this answers
    too, rather than a 403 that the browser would log as an error)."""
    from dashboard.data.session import read_session
    from dashboard.measures.freshness import is_demo

    page = pages.find(inputs.text(pathname, "pad") or "/")
    if page is None or not page.synthetic_in_demo or not pages.allowed(page, current_user):
        return True
    with read_session() as session:
        return not is_demo(session)


def register(app: Dash) -> None:
    saved_views.register(app)  # "Mijn weergaven" sits in the frame, on every page
    app.callback(
        Output(PAGE, "children"),
        Input(URL, "pathname"),
        State(URL, "search"),
    )(render_page)
    app.callback(Output(DEMO_BADGE, "hidden"), Input(URL, "pathname"))(demo_badge_hidden)
    # Both fold in the browser alone (assets/dashboard.js): no request, nothing to authorize.
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard_layout", function_name="menu"),
        Output(MENU, "is_open"),
        Output(MENU_BUTTON, "aria-expanded"),
        Input(MENU_BUTTON, "n_clicks"),
        Input(URL, "pathname"),  # a chosen page folds the menu again
        State(MENU, "is_open"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard_layout", function_name="drawer"),
        Output({"type": DRAWER, "pagina": MATCH}, "className"),
        Output({"type": DRAWER_OPEN, "pagina": MATCH}, "aria-expanded"),
        Input({"type": DRAWER_OPEN, "pagina": MATCH}, "n_clicks"),
        Input({"type": DRAWER_CLOSE, "pagina": MATCH}, "n_clicks"),
        State({"type": DRAWER, "pagina": MATCH}, "className"),
        prevent_initial_call=True,
    )
