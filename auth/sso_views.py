"""Single sign-on routes: /login/sso/<provider> sends the browser to the provider, and its
callback checks the answer and starts the same session a password login starts (protocol
acceptance, session version, idle timeout, audit log and usage count all apply unchanged)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, redirect, request, session, url_for

from auth.oidc import ProviderClient, SsoError
from auth.safety import safe_next
from auth.sessions import SSO_KEY, clock, start_session, timestamp
from auth.sso_clients import client_for, init_clients
from auth.user import CurrentUser
from auth.views import login_page
from dashboard.config import app_config
from dashboard.data.session import write_session
from dashboard.data.store import grants as grant_store
from dashboard.data.store import sso_accounts
from dashboard.data.store import users as user_store

blueprint = Blueprint("sso", __name__, template_folder="templates")

# Session key of the logins under way: state -> what the callback needs.
PENDING_KEY = "_sso_pending"
# A login abandoned at the provider is forgotten after this long; a few may run in parallel tabs.
PENDING_MAX_AGE_S = 600
PENDING_MAX = 3
EXPIRED_LOGIN = SsoError(
    "state onbekend of al gebruikt",
    "Deze aanmelding is verlopen of al gebruikt. Probeer het opnieuw.",
    400,
)
PROVIDER_REFUSED = "De aanmelding is bij de aanmeldservice afgebroken of geweigerd."


def _callback_url(name: str) -> str:
    return url_for("sso.callback", provider=name, _external=True)


def _pending() -> dict:
    pending = session.get(PENDING_KEY)
    return pending if isinstance(pending, dict) else {}


@blueprint.route("/login/sso/<provider>")
def start(provider: str):
    client = client_for(provider)
    now = timestamp(clock())
    try:
        auth = client.authorization_request(_callback_url(provider))
    except SsoError as exc:
        return _refused(exc, provider)
    waiting = {
        state: entry
        for state, entry in _pending().items()
        if isinstance(entry, dict) and now - entry.get("t", 0) < PENDING_MAX_AGE_S
    }
    waiting[auth.state] = {
        "p": provider,
        "n": auth.nonce,
        "v": auth.code_verifier,
        "next": safe_next(request.args.get("next")),
        "t": now,
    }
    newest = sorted(waiting.items(), key=lambda item: item[1]["t"])[-PENDING_MAX:]
    session[PENDING_KEY] = dict(newest)
    return redirect(auth.url)


@blueprint.route("/login/sso/<provider>/callback")
def callback(provider: str):
    client = client_for(provider)
    state = request.args.get("state", "")
    waiting = _pending()
    # Taken out before anything is checked: a state works once, also when the login fails.
    entry = waiting.pop(state, None) if isinstance(state, str) else None
    session[PENDING_KEY] = waiting
    now = clock()
    try:
        if (
            not isinstance(entry, dict)
            or entry.get("p") != provider
            or timestamp(now) - entry.get("t", 0) >= PENDING_MAX_AGE_S
        ):
            raise EXPIRED_LOGIN
        if request.args.get("error"):
            raise SsoError(f"provider: {request.args['error'][:60]}", PROVIDER_REFUSED, 401)
        code = request.args.get("code")
        if not code:
            raise SsoError("geen code", PROVIDER_REFUSED, 400)
        id_token = client.exchange_code(code, _callback_url(provider), entry["v"])
        claims = client.verify_id_token(id_token, entry["n"], timestamp(now))
        identity = client.identity(claims)
    except SsoError as exc:
        return _refused(exc, provider)
    return _log_in(client, identity, entry["next"], now)


def _log_in(client: ProviderClient, identity, next_url: str, now: dt.datetime):
    provider = client.provider
    with write_session() as db:
        account = sso_accounts.account_for(
            db, provider, identity.subject, identity.display_name, identity.groups
        )
        if isinstance(account, sso_accounts.Refusal):
            user_store.record_failed_login(db, "", account.reason, via=provider.name)
            refusal = SsoError(account.reason, account.message, 403)
        else:
            user_store.record_login(db, account, now, via=provider.name)
            db.flush()  # a role change by the group mapping raised the session version
            snapshot = CurrentUser.from_model(account, grant_store.themes_of(db, account.id))
            version = account.session_version
            refusal = None
    if refusal is not None:
        return _login_page(refusal)
    start_session(snapshot, version, now)
    hours = app_config().sso_session_hours
    session[SSO_KEY] = {
        "p": provider.name,
        "until": timestamp(now + dt.timedelta(hours=hours)),
    }
    return redirect(next_url)


def _refused(exc: SsoError, provider: str):
    with write_session() as db:
        user_store.record_failed_login(db, "", exc.reason, via=provider)
    return _login_page(exc)


def _login_page(exc: SsoError):
    return login_page(error=exc.message, status=exc.status)


def init_sso(server: Flask, providers) -> None:
    init_clients(server, providers)
    server.register_blueprint(blueprint)
