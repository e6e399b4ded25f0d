"""Login and logout pages (server-rendered, so they work before any Dash endpoint is reachable)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from flask import (
    Blueprint,
    current_app,
    get_flashed_messages,
    redirect,
    render_template,
    request,
)
from flask_login import current_user

from auth.safety import EXPIRED_FORM, csrf_token, csrf_valid, safe_next
from auth.sessions import NOTICE_CATEGORY, clock, end_session, start_session
from auth.sso_clients import login_buttons, provider_logout_url
from auth.user import CurrentUser
from dashboard.config import app_config
from dashboard.data.session import write_session
from dashboard.data.store import grants as grant_store
from dashboard.data.store import login_security
from dashboard.data.store import users as user_store

blueprint = Blueprint("auth", __name__, template_folder="templates")

BAD_LOGIN = "Onbekende gebruikersnaam of onjuist wachtwoord."
DISABLED = "Dit account is uitgeschakeld. Neem contact op met de projectleider."


def locked_message(minutes: int) -> str:
    """One message for every lockout (account, unknown name or address): it does not say which,
    so it does not tell whether a name is an account."""
    wait = "een kwartier" if minutes == 15 else f"{minutes} minuten"
    return f"Te veel mislukte pogingen; probeer het over {wait} opnieuw."


def limits() -> login_security.LoginLimits:
    config = app_config()
    return login_security.LoginLimits(
        max_failures=config.login_max_failures,
        max_per_address=config.login_max_failures_per_address,
        lockout=dt.timedelta(minutes=config.login_lockout_minutes),
    )


def throttle_key(kind: str, value: str) -> str:
    """An HMAC of a name or address: the throttle table keeps neither readably."""
    secret = str(current_app.secret_key).encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _attempt(username: str, password: str, now: dt.datetime):
    """(error, http status, snapshot, session version) of one login attempt."""
    rules = limits()
    address = request.remote_addr or "onbekend"
    name_key, address_key = throttle_key("naam", username), throttle_key("adres", address)
    with write_session() as db:
        user = user_store.get_user(db, username) if username else None
        if login_security.login_blocked(db, user, name_key, address_key, now):
            # Refused without looking at the password: guessing on goes nowhere.
            user_store.record_failed_login(db, username, "tijdelijk geblokkeerd")
            return locked_message(rules.minutes), 429, None, None
        if user is None:
            user_store.verify_dummy(password)
            valid = False
        else:
            valid = user_store.verify_password(user, password)
        if not valid:
            reason = "onbekende gebruiker" if user is None else "onjuist wachtwoord"
            user_store.record_failed_login(db, username, reason)
            result = login_security.count_failed_login(
                db, user, username, name_key, address, address_key, rules, now
            )
            if result.locked:
                return locked_message(rules.minutes), 429, None, None
            return BAD_LOGIN, 401, None, None
        if not user.active:
            user_store.record_failed_login(db, username, "account uitgeschakeld")
            return DISABLED, 401, None, None
        user_store.record_login(db, user, now)
        snapshot = CurrentUser.from_model(user, grant_store.themes_of(db, user.id))
        return None, 200, snapshot, user.session_version


LOCAL_LOGIN_OFF = "Inloggen met gebruikersnaam en wachtwoord staat uit; gebruik uw werkaccount."


def login_page(error=None, status: int = 200, username: str = "", next_url: str = "/"):
    notices = get_flashed_messages(category_filter=[NOTICE_CATEGORY])
    return (
        render_template(
            "login.html",
            error=error,
            notice=notices[0] if notices and error is None else None,
            username=username,
            next_url=next_url,
            csrf_token=csrf_token(),
            local_login=app_config().local_login,
            sso_buttons=login_buttons(),
        ),
        status,
    )


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url)
    if request.method == "GET":
        return login_page(next_url=next_url)
    username = (request.form.get("username") or "").strip()
    if not app_config().local_login:
        return login_page(LOCAL_LOGIN_OFF, 403, next_url=next_url)
    if not csrf_valid(request.form.get("csrf_token")):
        return login_page(EXPIRED_FORM, 401, username, next_url)
    now = clock()
    error, status, snapshot, version = _attempt(username, request.form.get("password") or "", now)
    if error is not None:
        return login_page(error, status, username, next_url)
    start_session(snapshot, version, now)
    return redirect(next_url)


@blueprint.route("/logout", methods=["GET", "POST"])
def logout():
    """Only a POST with the CSRF token logs out: a link or an image on another site cannot end
    the session. A GET (an old bookmark, a typed address) shows a one-button confirm form, which
    is what the user came for, rather than a bare 405."""
    if request.method == "GET":
        return render_template("logout.html", error=None, csrf_token=csrf_token())
    if not csrf_valid(request.form.get("csrf_token")):
        return render_template("logout.html", error=EXPIRED_FORM, csrf_token=csrf_token()), 400
    # Raising the session version ends this session everywhere, also a copy of its cookie.
    if current_user.is_authenticated:
        with write_session() as db:
            user_store.end_sessions_of(db, current_user.id)
    provider_logout = provider_logout_url()
    end_session()
    if provider_logout is None:
        return redirect("/login")
    # Logged out here; the provider's own session (other applications) is the user's choice.
    label, url = provider_logout
    return render_template("logged_out.html", provider_label=label, provider_logout_url=url)
