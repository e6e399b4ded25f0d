"""The request guard: every request needs a session except an explicit public list."""

from __future__ import annotations

from flask import Flask, jsonify, redirect, render_template, request
from flask_login import LoginManager, current_user

from auth.user import CurrentUser
from dashboard.data import protocol
from dashboard.data import users as user_store
from dashboard.data.session import read_session

PUBLIC_ENDPOINTS = {"auth.login", "health"}
PUBLIC_PREFIXES = ("/assets/",)
# Anything a script calls gets a 401 instead of a redirect to the login page.
API_PREFIXES = ("/_dash-", "/_reload-hash", "/geo/", "/download/")
# Reachable before the user protocol is accepted (besides the public list): nothing with data.
PROTOCOL_EXEMPT_ENDPOINTS = {"protocol.page", "auth.logout"}


def _is_public() -> bool:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return True
    if request.path == "/_favicon.ico":
        return True
    return request.method == "GET" and request.path.startswith(PUBLIC_PREFIXES)


def _target() -> str:
    return request.full_path if request.query_string else request.path


def _guard():
    if _is_public():
        return None
    if not current_user.is_authenticated:
        if request.path.startswith(API_PREFIXES):
            return jsonify(error="niet ingelogd"), 401
        target = _target()
        return redirect(f"/login?next={target}" if target != "/" else "/login")
    if current_user.protocol_accepted or request.endpoint in PROTOCOL_EXEMPT_ENDPOINTS:
        return _page_refused()
    if request.path.startswith(API_PREFIXES):
        return jsonify(error="protocol niet geaccepteerd"), 403
    target = _target()
    return redirect(f"/protocol?next={target}" if target != "/" else "/protocol")


def _page_refused():
    """A page of the page table that the user may not open is a 403 on its own URL, not only
    an empty Dash page (the callbacks refuse its data separately)."""
    if request.method != "GET":
        return None
    from dashboard import pages

    page = pages.find(request.path)
    if page is None or pages.allowed(page, current_user):
        return None
    return render_template("forbidden.html"), 403


def _load_user(user_id: str) -> CurrentUser | None:
    if not user_id.isdigit():
        return None
    with read_session() as session:
        user = user_store.get_user_by_id(session, int(user_id))
        # A disabled account loses its open sessions at the next request.
        if user is None or not user.active:
            return None
        return CurrentUser.from_model(
            user,
            user_store.themes_of(session, user.id),
            protocol.accepted_current(session, user.id),
        )


def init_auth(server: Flask) -> None:
    from auth.protocol_page import blueprint as protocol_blueprint
    from auth.views import blueprint

    manager = LoginManager()
    manager.login_view = "auth.login"
    manager.session_protection = "strong"
    manager.user_loader(_load_user)
    manager.init_app(server)
    server.register_blueprint(blueprint)
    server.register_blueprint(protocol_blueprint)
    server.before_request(_guard)
