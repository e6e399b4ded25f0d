"""The page router: looks the path up in the page table and checks the permission."""

from __future__ import annotations

from dash import Dash, Input, Output, State
from flask_login import current_user

from dashboard import inputs, pages, usage
from dashboard.callbacks.components import saved_views
from dashboard.layouts import shell as shell_layout
from dashboard.layouts.components.frame import PAGE, URL


def render_page(pathname: str | None, search: str | None):
    pathname = inputs.text(pathname, "pad")
    search = inputs.text(search, "zoekopdracht") or ""
    page = pages.find(pathname or "/")
    if page is None:
        return shell_layout.not_found(pathname or "")
    if not pages.allowed(page, current_user):
        return shell_layout.forbidden()
    try:
        content = page.build(search)
    except inputs.TooManyFields:
        # A link with hundreds of fields (junk appended, a mangled copy) still opens the page,
        # in its default view, as for any other field the page does not know.
        search = ""
        content = page.build(search)
    usage.track_view(page.path, search)
    return content


def register(app: Dash) -> None:
    saved_views.register(app)  # "Mijn weergaven" sits in the frame, on every page
    app.callback(
        Output(PAGE, "children"),
        Input(URL, "pathname"),
        State(URL, "search"),
    )(render_page)
