"""The request guard: every request needs a session except an explicit public list."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Flask,
    flash,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    session,
)
from flask_login import LoginManager, current_user

from auth.safety import rotate_csrf_token
from auth.sessions import (
    FLASK_LOGIN_USER_KEY,
    LAST_SEEN_KEY,
    LAST_SEEN_REFRESH_S,
    NOTICE_CATEGORY,
    PRIVILEGE_VERSION_KEY,
    SESSION_EXPIRED,
    SESSION_VERSION_KEY,
    SSO_EXPIRED,
    SSO_KEY,
    clock,
    end_session,
    timestamp,
)
from auth.user import CurrentUser
from dashboard.config import app_config
from dashboard.data.session import primary_session
from dashboard.data.store import grants as grant_store
from dashboard.data.store import protocol
from dashboard.data.store import users as user_store

# Why the page table refuses this user the page at this path (the 403 text), or None;
# the app passes it in, so that the guard does not import the pages it guards.
RefusesPage = Callable[[str, object], str | None]

PUBLIC_ENDPOINTS = {"auth.login", "health", "sso.start", "sso.callback"}
PUBLIC_PREFIXES = ("/assets/",)
# Anything a script calls gets a 401 instead of a redirect to the login page.
API_PREFIXES = ("/_dash-", "/_reload-hash", "/geo/", "/download/")
# Reachable before the user protocol is accepted (besides the public list): nothing with data.
PROTOCOL_EXEMPT_ENDPOINTS = {"protocol.page", "auth.logout"}


def _sso_over(now: int) -> bool:
    entry = session.get(SSO_KEY)
    if entry is None:
        return False
    until = entry.get("until") if isinstance(entry, dict) else None
    return not isinstance(until, int) or now >= until


def _idle_expired() -> bool:
    """End a session that was not used for the idle timeout (or that has no last-seen stamp,
    e.g. one restored from a remember cookie), or a single sign-on session past its maximum
    age; True when this request ended one."""
    if FLASK_LOGIN_USER_KEY not in session:
        return False
    now = timestamp(clock())
    last = session.get(LAST_SEEN_KEY)
    limit_s = app_config().idle_timeout_minutes * 60
    sso_over = _sso_over(now)
    if isinstance(last, int) and now - last < limit_s and not sso_over:
        return False
    end_session()
    flash(SSO_EXPIRED if sso_over else SESSION_EXPIRED, NOTICE_CATEGORY)
    return True


def _touch() -> None:
    now = timestamp(clock())
    last = session.get(LAST_SEEN_KEY)
    if not isinstance(last, int) or now - last >= LAST_SEEN_REFRESH_S:
        session[LAST_SEEN_KEY] = now


def _rotate_on_privilege_change() -> None:
    """A role or grant change since this session last looked gives it a new CSRF token (OWASP
    ASVS 3.2.1), also in a copy of the cookie: each copy notices on its own next request."""
    current = current_user.privilege_version
    if session.get(PRIVILEGE_VERSION_KEY) != current:
        rotate_csrf_token()
        session[PRIVILEGE_VERSION_KEY] = current


def _is_public() -> bool:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return True
    if request.path == "/_favicon.ico":
        return True
    return request.method == "GET" and request.path.startswith(PUBLIC_PREFIXES)


def _target() -> str:
    return request.full_path if request.query_string else request.path


def _guard(refuses_page: RefusesPage):
    expired = _idle_expired()
    if _is_public():
        return None
    if not current_user.is_authenticated:
        if request.path.startswith(API_PREFIXES):
            return jsonify(error="sessie verlopen" if expired else "niet ingelogd"), 401
        target = _target()
        return redirect(f"/login?next={target}" if target != "/" else "/login")
    _touch()
    _rotate_on_privilege_change()
    if current_user.protocol_accepted or request.endpoint in PROTOCOL_EXEMPT_ENDPOINTS:
        return _page_refused(refuses_page)
    if request.path.startswith(API_PREFIXES):
        return jsonify(error="protocol niet geaccepteerd"), 403
    target = _target()
    return redirect(f"/protocol?next={target}" if target != "/" else "/protocol")


def _page_refused(refuses_page: RefusesPage):
    """A page of the page table that the user may not open is a 403 on its own URL, not only
    an empty Dash page (the callbacks refuse its data separately)."""
    if request.method != "GET":
        return None
    reason = refuses_page(request.path, current_user)
    if not reason:
        return None
    return render_template("forbidden.html", reason=reason), 403


def _load_user(user_id: str) -> CurrentUser | None:
    if not user_id.isdigit():
        return None
    with primary_session() as session:
        user = user_store.get_user_by_id(session, int(user_id))
        # A disabled account loses its open sessions at the next request.
        if user is None or not user.active:
            return None
        # A session of an older version (logout, password reset, disabling since) is over,
        # and so is every copy of its cookie.
        if has_request_context() and _session_version() != user.session_version:
            return None
        return CurrentUser.from_model(
            user,
            grant_store.themes_of(session, user.id),
            protocol.accepted_current(session, user.id),
        )


def _session_version():
    from flask import session as cookie

    return cookie.get(SESSION_VERSION_KEY)


def init_guard(server: Flask, refuses_page: RefusesPage) -> None:
    """Sessions through flask-login, and the guard before every request."""
    manager = LoginManager()
    manager.login_view = "auth.login"
    manager.session_protection = "strong"
    manager.user_loader(_load_user)
    manager.init_app(server)

    def guard():
        return _guard(refuses_page)

    server.before_request(guard)
