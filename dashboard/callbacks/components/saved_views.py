"""Callbacks of "Mijn weergaven" (dashboard/layouts/components/saved_views.py), registered by the
frame (callbacks/shell.py): open and close the window, list the views, save the current one, make
one the start view, delete one.

Every callback reads and changes only the views of the account of the session
(current_user.id, from the server): the chosen view's id is the client's and is looked up within
that account only, so another account's id is answered "bestaat niet". What a client can
send (a name of any length, a forged path, an id that is no number) gets a Dutch message, never
a 500."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, html, no_update
from flask_login import current_user

from dashboard import inputs
from dashboard.data.session import primary_session, write_session
from dashboard.data.store import saved_views as store
from dashboard.layouts.components import saved_views as layout
from dashboard.layouts.components.frame import URL
from dashboard.layouts.components.saved_views import SAVED_VIEWS, Row
from dashboard.saved_views import open_url, target

NOT_SAVABLE = "Deze pagina kan niet als weergave worden bewaard."
HIDDEN, SHOWN = {"display": "none"}, {}
OPEN_CLASS = "btn btn-outline-primary btn-sm me-2 mt-2"


def _account() -> int | None:
    """The logged-in account's id (None outside a login: nothing to read or change)."""
    return getattr(current_user, "id", None) if current_user.is_authenticated else None


def _actor() -> str | None:
    return getattr(current_user, "username", None)


def toggle(_save_clicks, _manage_clicks, _close_clicks):
    """The menu's two items open the window, "Sluiten" closes it."""
    return {"open": ctx.triggered_id in (SAVED_VIEWS.save_item, SAVED_VIEWS.manage_item)}


def refresh(_version):
    """The menu's list and the window's choice of the account's views."""
    account = _account()
    rows: list[Row] = []
    if account is not None:
        with primary_session() as session:
            views = store.list_views(session, account)
        rows = [Row(v.id, v.naam, open_url(v.id), v.startweergave) for v in views]
    return {
        "menu": layout.menu_items(rows),
        "choices": layout.choices(rows),
        "choice": None,
        "no_start": SHOWN if any(r.start for r in rows) else HIDDEN,
    }


def _view_id(choice) -> int | None:
    """The chosen option's view id as the client sent it: digits, or nothing (a forged value
    names no view; whose view it is, the store checks)."""
    if isinstance(choice, str) and choice.isdigit() and len(choice) <= 10:
        return int(choice)
    return None


def open_link(choice):
    """The "Openen" link of the chosen view: through the server, which checks it again."""
    view_id = _view_id(choice)
    if view_id is None:
        return {"href": None, "class": OPEN_CLASS + " disabled", "aria": "true"}
    return {"href": open_url(view_id), "class": OPEN_CLASS, "aria": "false"}


def _message(text: str, ok: bool):
    return html.Span(text, className="text-success" if ok else "text-danger")


def _outcome(text: str, ok: bool, version, name=no_update):
    # The counter only tells the lists to redraw: a value the client spoiled starts it again.
    counted = isinstance(version, int) and not isinstance(version, bool)
    version = version if counted and 0 <= version < inputs.MAX_INT else 0
    return {
        "message": _message(text, ok),
        "version": version + 1 if ok else no_update,
        "name": name,
    }


def save(_clicks, naam, as_start, pathname, search, version):
    """Save the page and filters in the address bar under the name; the path must be a page
    that the user may open (checked again when the view is opened). Saved, the form is empty
    again: the next view is no start view unless the box is ticked anew."""
    outcome = _save(naam, as_start, pathname, search, version)
    return {**outcome, "start": False if outcome["name"] == "" else no_update}


def _save(naam, as_start, pathname, search, version):
    account = _account()
    if account is None:
        return _outcome("Log opnieuw in om weergaven te bewaren.", False, version)
    pathname = inputs.text(pathname, "pad")
    search = inputs.text(search, "zoekopdracht")
    address = target(pathname, search, current_user)
    if address is None:
        return _outcome(NOT_SAVABLE, False, version)
    pad, _, query = address.partition("?")
    try:
        with write_session() as session:
            view = store.add_view(
                session,
                account,
                naam,
                pad,
                f"?{query}" if query else "",
                start=as_start is True,
                by=_actor(),
            )
    except store.ViewError as exc:
        return _outcome(str(exc), False, version)
    text = f"Weergave '{view.naam}' is bewaard"
    text += " en is uw startweergave." if view.startweergave else "."
    return _outcome(text, True, version, name="")


def change(_start_clicks, _delete_clicks, _no_start_clicks, choice, version):
    """Make the chosen view the start view, delete it, or choose no start view."""
    account = _account()
    if account is None:
        return _outcome("Log opnieuw in om weergaven te wijzigen.", False, version)
    i = SAVED_VIEWS
    trigger = ctx.triggered_id
    view_id = _view_id(choice)
    if trigger in (i.make_start, i.delete) and view_id is None:
        # Nothing chosen, or a value no option has: never "no start view" by accident.
        chosen = choice not in (None, "")
        return _outcome(store.NOT_FOUND if chosen else "Kies eerst een weergave.", False, version)
    try:
        with write_session() as session:
            if trigger == i.no_start:
                store.set_start(session, account, None, by=_actor())
                return _outcome("U heeft geen startweergave meer.", True, version)
            if trigger == i.make_start:
                view = store.set_start(session, account, view_id, by=_actor())
                return _outcome(f"'{view.naam}' is nu uw startweergave.", True, version)
            if trigger == i.delete:
                view = store.delete_view(session, account, view_id, by=_actor())
                return _outcome(f"Weergave '{view.naam}' is verwijderd.", True, version)
    except store.ViewError as exc:
        return _outcome(str(exc), False, version)
    return {"message": no_update, "version": no_update, "name": no_update}


def register(app: Dash) -> None:
    i = SAVED_VIEWS
    app.callback(
        output={"open": Output(i.modal, "is_open")},
        inputs=[
            Input(i.save_item, "n_clicks"),
            Input(i.manage_item, "n_clicks"),
            Input(i.close, "n_clicks"),
        ],
        prevent_initial_call=True,
    )(toggle)
    app.callback(
        output={
            "menu": Output(i.menu_items, "children"),
            "choices": Output(i.choice, "options"),
            "choice": Output(i.choice, "value"),
            "no_start": Output(i.no_start, "style"),
        },
        inputs=[Input(i.version, "data")],
    )(refresh)
    app.callback(
        output={
            "href": Output(i.open, "href"),
            "class": Output(i.open, "className"),
            "aria": Output(i.open, "aria-disabled"),
        },
        inputs=[Input(i.choice, "value")],
    )(open_link)
    app.callback(
        output={
            "message": Output(i.message, "children"),
            "version": Output(i.version, "data"),
            "name": Output(i.name, "value"),
            "start": Output(i.as_start, "value"),
        },
        inputs=[Input(i.save, "n_clicks")],
        state=[
            State(i.name, "value"),
            State(i.as_start, "value"),
            State(URL, "pathname"),
            State(URL, "search"),
            State(i.version, "data"),
        ],
        prevent_initial_call=True,
    )(save)
    app.callback(
        output={
            "message": Output(i.message, "children", allow_duplicate=True),
            "version": Output(i.version, "data", allow_duplicate=True),
            "name": Output(i.name, "value", allow_duplicate=True),
        },
        inputs=[
            Input(i.make_start, "n_clicks"),
            Input(i.delete, "n_clicks"),
            Input(i.no_start, "n_clicks"),
        ],
        state=[State(i.choice, "value"), State(i.version, "data")],
        prevent_initial_call=True,
    )(change)
