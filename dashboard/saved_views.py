"""Saved views in the web layer: which URL states may be saved and opened, opening one, and the
start view that "/" goes to.

A saved URL state is checked again whenever it is opened, not only when it was saved: its path
must be a page of the page table that the user may open now (a theme grant may have been
revoked since), its query string is rebuilt from its fields, and the answer is always a path of
this site, never another host. Views are read with the account id of the session, so an id
typed into the address bar opens only the user's own views."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask_login import current_user

from dashboard import pages
from dashboard.data.session import primary_session
from dashboard.data.store import saved_views as store
from dashboard.inputs import MAX_INT

blueprint = Blueprint("saved_views", __name__)
OPEN_PATH = "/mijn-weergaven"
GONE = "Deze weergave bestaat niet (meer). Kies een weergave in het menu 'Mijn weergaven'."
NO_ACCESS = "U heeft geen toegang (meer) tot de pagina van deze weergave."


def open_url(view_id: int) -> str:
    return f"{OPEN_PATH}/{view_id}"


def target(pad, zoekopdracht, user) -> str | None:
    """The address of a view's page and filters when the user may open it now, else None."""
    try:
        pad, zoekopdracht = store.clean_target(pad, zoekopdracht)
    except store.ViewError:
        return None
    page = pages.find(pad)
    if page is None or not pages.allowed(page, user):
        return None
    return pad + zoekopdracht


def _message(title: str, message: str, status: int):
    body = render_template("error.html", title=title, message=message, status=status)
    return body, status, {"Content-Type": "text/html; charset=utf-8"}


# max: an id beyond what the database can bind is no view (404, not an overflow's 500).
@blueprint.get(f"{OPEN_PATH}/<int(max={MAX_INT}):view_id>")
def open_view(view_id: int):
    with primary_session() as session:
        try:
            view = store.get_view(session, current_user.id, view_id)
        except store.ViewNotFound:
            return _message("Weergave niet gevonden", GONE, 404)
    address = target(view.pad, view.zoekopdracht, current_user)
    if address is None:
        return _message("Geen toegang", NO_ACCESS, 403)
    return redirect(address, 302)


@blueprint.before_app_request
def start_view():
    """Opening "/" bare (a bookmark, after login) goes to the user's start view when one is
    chosen. It runs after the request guard, so only for a logged-in user with the protocol
    accepted; a start view that can no longer be opened leaves "/" as it is."""
    if request.method != "GET" or request.path != "/" or request.query_string:
        return None
    if not getattr(current_user, "is_authenticated", False):
        return None
    with primary_session() as session:
        view = store.start_view(session, current_user.id)
    address = target(view.pad, view.zoekopdracht, current_user) if view else None
    if address is None or address == "/":
        return None  # nothing to go to, or "/" itself (which would go round)
    return redirect(address, 302)
