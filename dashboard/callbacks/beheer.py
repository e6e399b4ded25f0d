"""Callbacks of the admin page; each one checks the admin role again on the server, so a
direct POST by anyone else gets 403 and no data."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update
from flask import session as cookie
from flask_login import current_user

from auth.permissions import ADMIN_ROLES, PROJECT_ROLES, require_roles
from auth.sessions import SESSION_VERSION_KEY
from dashboard import inputs
from dashboard.config import app_config
from dashboard.data.models import utcnow
from dashboard.data.reference.themes import THEMES
from dashboard.data.session import primary_session, write_session
from dashboard.data.store import audit, login_security, protocol, users
from dashboard.data.store import grants as grant_store
from dashboard.formatting import local_time, nl_datetime
from dashboard.layouts import beheer as layout
from dashboard.layouts.beheer import BEHEER
from dashboard.layouts.components.notice import message
from dashboard.measures import usage as usage_measure

AUDIT_SHOWN = 50
# A refused password reset leaves what was typed, so that it can be corrected.
KEEP_FIELDS = {"password": no_update, "repeat": no_update}


@require_roles(ADMIN_ROLES)
def refresh(_loaded, _added, _account, _granted):
    with primary_session() as session:
        accounts = users.list_users(session)
        grants = grant_store.themes_by_user(session)
        # Today in the Netherlands is the Beheer page's reference day for "actief".
        licences = usage_measure.active_users(session, local_time(utcnow()).date())
        events = audit.events(session, AUDIT_SHOWN)
        audit_rows = [audit_record(e) for e in events]
    options = [{"label": u.username, "value": u.username} for u in accounts]
    now = utcnow()
    return {
        "users": [user_record(u, grants.get(u.id, frozenset()), now) for u in accounts],
        "licences": licence_line(licences),
        "audit": audit_rows,
        "account_users": options,
        "grant_users": options,
        "role_users": options,
    }


def licence_line(active: usage_measure.ActiveUsers) -> str:
    return active.sentence


def user_record(user, themes: frozenset[str], now=None) -> dict:
    if user.role in PROJECT_ROLES:
        theme_text = "alle (via rol)"
    else:
        theme_text = ", ".join(label for slug, label in THEMES.items() if slug in themes) or "-"
    return {
        "gebruikersnaam": user.username,
        "rol": layout.ROLE_LABELS.get(user.role, user.role),
        "gemeente": user.gemeente_code or "-",
        "actief": "ja" if user.active else "nee",
        "laatst_ingelogd": nl_datetime(user.last_login_at),
        "geblokkeerd": nl_datetime(user.locked_until)
        if user.locked_until and login_security.is_locked(user, now or utcnow())
        else "-",
        "themas": theme_text,
        "aanmelden": sign_in_text(user),
    }


def sign_in_text(user) -> str:
    if user.sso_provider is None:
        return "wachtwoord"
    local = "" if user.password_hash == users.NO_PASSWORD else " + wachtwoord"
    shown = f": {user.display_name}" if user.display_name else ""
    return f"werkaccount ({user.sso_provider}){shown}{local}"


def audit_record(event) -> dict:
    details = audit.details_of(event)
    return {
        "tijdstip": nl_datetime(event.tijdstip, seconds=True),
        "door": event.username or "-",
        "actie": event.actie.replace("_", " "),
        "details": "; ".join(f"{k}: {v}" for k, v in details.items() if v is not None),
    }


def said(text: str, ok: bool, done=no_update) -> dict:
    """The message of an action and, when it changed something, the value of the page's
    store that makes the lists refresh."""
    return {"message": message(text, ok=ok), "done": done}


def _actor() -> str:
    return current_user.username


@require_roles(ADMIN_ROLES)
def add_user(n_clicks, username, role, gemeente, password):
    if not n_clicks:
        return no_update
    username, role = _text(username, "gebruikersnaam"), _text(role, "rol")
    gemeente = _text(gemeente, "gemeente")
    password = inputs.text(password, "wachtwoord") or ""  # as typed: spaces count
    try:
        with write_session() as session:
            users.add_user(
                session,
                username,
                role=role,
                gemeente_code=None if gemeente in ("", layout.NO_GEMEENTE) else gemeente,
                password=password,
                by=_actor(),
            )
    except users.UserError as exc:
        return said(f"Niet toegevoegd: {exc}.", ok=False) | {"password": no_update}
    # The password field is emptied: the initial password is not kept in the page.
    return said(f"Gebruiker {username} toegevoegd.", ok=True, done=n_clicks) | {"password": ""}


@require_roles(ADMIN_ROLES)
def set_active(_enable, _disable, username):
    if ctx.triggered_id not in (BEHEER.enable, BEHEER.disable):
        return no_update
    active = ctx.triggered_id == BEHEER.enable
    username = _text(username, "gebruiker")
    if not username:
        return said("Kies eerst een gebruiker.", ok=False)
    if not active and username == _actor():
        return said("U kunt uw eigen account niet uitschakelen.", ok=False)
    try:
        with write_session() as session:
            changed = users.set_active(session, username, active, by=_actor())
    except users.UserError as exc:
        return said(f"Niet gelukt: {exc}.", ok=False)
    state = "ingeschakeld" if active else "uitgeschakeld"
    if not changed:
        return said(f"{username} was al {state}.", ok=True)
    return said(f"{username} is {state}.", ok=True, done=username + state)


@require_roles(ADMIN_ROLES)
def reset_password(n_clicks, username, password, repeat):
    """A new password for the chosen account; its sessions end everywhere (session version)."""
    if not n_clicks:
        return no_update
    if not username or not isinstance(username, str):
        return said("Kies eerst een gebruiker.", ok=False) | KEEP_FIELDS
    password = password if isinstance(password, str) else ""
    repeat = repeat if isinstance(repeat, str) else ""
    if password != repeat:
        text = "Niet gewijzigd: de twee wachtwoorden zijn niet gelijk."
        return said(text, ok=False) | KEEP_FIELDS
    try:
        with write_session() as session:
            user = users.reset_password(session, username, password, by=_actor())
            session.flush()
            own, version = user.id == current_user.id, user.session_version
    except users.UserError as exc:
        return said(f"Niet gewijzigd: {exc}.", ok=False) | KEEP_FIELDS
    if own:  # the admin's other sessions end; this one goes on with the new version
        cookie[SESSION_VERSION_KEY] = version
    text = f"Wachtwoord van {username} gewijzigd; de gebruiker is overal uitgelogd."
    # Both fields are emptied: the new password is not kept in the page.
    done = f"{username}:wachtwoord:{n_clicks}"
    return said(text, ok=True, done=done) | {"password": "", "repeat": ""}


def _text(value, name: str) -> str:
    """A text field's value, stripped; any other type is refused with a 400 naming the field,
    like every other callback (dashboard/inputs.py)."""
    return (inputs.text(value, name) or "").strip()


@require_roles(ADMIN_ROLES)
def current_role(username):
    """The chosen account's role and gemeente fill the fields, so a change starts from them."""
    with primary_session() as session:
        name = _text(username, "gebruiker")
        user = users.get_user(session, name) if name else None
        if user is None:
            return no_update
        return {"role": user.role, "gemeente": user.gemeente_code or layout.NO_GEMEENTE}


@require_roles(ADMIN_ROLES)
def change_role(n_clicks, username, role, gemeente):
    if not n_clicks:
        return no_update
    username, role = _text(username, "gebruiker"), _text(role, "rol")
    if not username:
        return said("Kies eerst een gebruiker.", ok=False)
    if username == _actor() and role != "admin":
        return said("U kunt uw eigen beheerrol niet afnemen.", ok=False)
    gemeente = _text(gemeente, "gemeente")
    try:
        with write_session() as session:
            changed = users.set_role(
                session,
                username,
                role,
                None if gemeente in ("", layout.NO_GEMEENTE) else gemeente,
                by=_actor(),
            )
    except users.UserError as exc:
        return said(f"Niet gewijzigd: {exc}.", ok=False)
    if not changed:
        return said(f"{username} had deze rol en gemeente al.", ok=True)
    text = f"Rol en gemeente van {username} gewijzigd; de gebruiker logt opnieuw in."
    return said(text, ok=True, done=f"{username}:rol:{n_clicks}")


@require_roles(ADMIN_ROLES)
def link_account(n_clicks, username, provider, subject):
    if not n_clicks:
        return no_update
    username = _text(username, "gebruiker")
    provider, subject = _text(provider, "aanmeldservice"), _text(subject, "accountcode")
    if not username or not subject:
        return said("Kies een gebruiker en vul de accountcode in.", ok=False)
    if app_config().oidc_provider(provider) is None:
        return said("Onbekende aanmeldservice.", ok=False)
    try:
        with write_session() as session:
            users.link_sso(session, username, provider, subject, by=_actor())
    except users.UserError as exc:
        return said(f"Niet gekoppeld: {exc}.", ok=False)
    text = f"{username} kan nu inloggen met het werkaccount."
    return said(text, ok=True, done=f"{username}:koppel:{n_clicks}")


@require_roles(ADMIN_ROLES)
def change_grant(_grant, _revoke, username, theme):
    if ctx.triggered_id not in (BEHEER.grant, BEHEER.revoke):
        return no_update
    grant = ctx.triggered_id == BEHEER.grant
    username, theme = _text(username, "gebruiker"), _text(theme, "thema")
    if not username or not theme:
        return said("Kies een gebruiker en een thema.", ok=False)
    try:
        with write_session() as session:
            change = grant_store.grant_theme if grant else grant_store.revoke_theme
            changed = change(session, username, theme, by=_actor())
    except users.UserError as exc:
        return said(f"Niet gelukt: {exc}.", ok=False)
    label = THEMES[theme]
    if grant:
        text = f"{username} heeft nu toegang tot {label}."
        unchanged = f"{username} had al toegang tot {label}."
    else:
        text = f"Toegang van {username} tot {label} ingetrokken."
        unchanged = f"{username} had geen toegang tot {label}."
    if not changed:
        return said(unchanged, ok=True)
    return said(text, ok=True, done=f"{username}:{theme}:{grant}")


@require_roles(ADMIN_ROLES)
def protocol_status(_loaded, _published):
    with write_session() as session:  # the first look creates version 1 when there is none
        version = protocol.current_version(session)
        accepted, active = protocol.acceptance_count(session, version.versie)
        number, text, published = version.versie, version.tekst, version.gepubliceerd
    status = (
        f"Huidige versie: {number} (gepubliceerd {published:%d-%m-%Y}). "
        f"{accepted} van {active} actieve gebruikers hebben deze versie geaccepteerd."
    )
    return {"status": status, "text": text}


@require_roles(ADMIN_ROLES)
def publish_protocol(n_clicks, text):
    if not n_clicks:
        return no_update
    text = inputs.text(text, "protocoltekst")
    try:
        with write_session() as session:
            version = protocol.publish(session, text, by=_actor())
            # Whoever publishes a text has read it: the admin keeps working without a detour.
            protocol.accept(session, current_user.id, version.versie)
            number = version.versie
    except protocol.ProtocolError as exc:
        return said(f"Niet gepubliceerd: {exc}.", ok=False)
    text = f"Versie {number} gepubliceerd. Alle andere gebruikers moeten die nu eerst accepteren."
    return said(text, ok=True, done=number)


def register(app: Dash) -> None:
    app.callback(
        Input(BEHEER.loaded, "data"),
        Input(BEHEER.add_done, "data"),
        Input(BEHEER.account_done, "data"),
        Input(BEHEER.grant_done, "data"),
        output={
            "users": Output(BEHEER.users, "rowData"),
            "licences": Output(BEHEER.licences, "children"),
            "audit": Output(BEHEER.audit, "rowData"),
            "account_users": Output(BEHEER.account_user, "options"),
            "grant_users": Output(BEHEER.grant_user, "options"),
            "role_users": Output(BEHEER.role_user, "options"),
        },
    )(refresh)
    app.callback(
        Input(BEHEER.add, "n_clicks"),
        State(BEHEER.new_username, "value"),
        State(BEHEER.new_role, "value"),
        State(BEHEER.new_gemeente, "value"),
        State(BEHEER.new_password, "value"),
        output={
            "message": Output(BEHEER.add_message, "children"),
            "done": Output(BEHEER.add_done, "data"),
            "password": Output(BEHEER.new_password, "value"),
        },
        prevent_initial_call=True,
    )(add_user)
    app.callback(
        Input(BEHEER.enable, "n_clicks"),
        Input(BEHEER.disable, "n_clicks"),
        State(BEHEER.account_user, "value"),
        output={
            "message": Output(BEHEER.account_message, "children"),
            "done": Output(BEHEER.account_done, "data"),
        },
        prevent_initial_call=True,
    )(set_active)
    app.callback(
        Input(BEHEER.reset, "n_clicks"),
        State(BEHEER.account_user, "value"),
        State(BEHEER.reset_password, "value"),
        State(BEHEER.reset_repeat, "value"),
        output={
            "message": Output(BEHEER.reset_message, "children"),
            "done": Output(BEHEER.account_done, "data", allow_duplicate=True),
            "password": Output(BEHEER.reset_password, "value"),
            "repeat": Output(BEHEER.reset_repeat, "value"),
        },
        prevent_initial_call=True,
    )(reset_password)
    app.callback(
        Input(BEHEER.role_user, "value"),
        output={
            "role": Output(BEHEER.role_role, "value"),
            "gemeente": Output(BEHEER.role_gemeente, "value"),
        },
        prevent_initial_call=True,
    )(current_role)
    app.callback(
        Input(BEHEER.role_save, "n_clicks"),
        State(BEHEER.role_user, "value"),
        State(BEHEER.role_role, "value"),
        State(BEHEER.role_gemeente, "value"),
        output={
            "message": Output(BEHEER.role_message, "children"),
            "done": Output(BEHEER.account_done, "data", allow_duplicate=True),
        },
        prevent_initial_call=True,
    )(change_role)
    app.callback(
        Input(BEHEER.link, "n_clicks"),
        State(BEHEER.role_user, "value"),
        State(BEHEER.link_provider, "value"),
        State(BEHEER.link_subject, "value"),
        output={
            "message": Output(BEHEER.link_message, "children"),
            "done": Output(BEHEER.account_done, "data", allow_duplicate=True),
        },
        prevent_initial_call=True,
    )(link_account)
    app.callback(
        Input(BEHEER.grant, "n_clicks"),
        Input(BEHEER.revoke, "n_clicks"),
        State(BEHEER.grant_user, "value"),
        State(BEHEER.grant_theme, "value"),
        output={
            "message": Output(BEHEER.grant_message, "children"),
            "done": Output(BEHEER.grant_done, "data"),
        },
        prevent_initial_call=True,
    )(change_grant)
    app.callback(
        Input(BEHEER.loaded, "data"),
        Input(BEHEER.protocol_done, "data"),
        output={
            "status": Output(BEHEER.protocol_status, "children"),
            "text": Output(BEHEER.protocol_text, "value"),
        },
    )(protocol_status)
    app.callback(
        Input(BEHEER.protocol_publish, "n_clicks"),
        State(BEHEER.protocol_text, "value"),
        output={
            "message": Output(BEHEER.protocol_message, "children"),
            "done": Output(BEHEER.protocol_done, "data"),
        },
        prevent_initial_call=True,
    )(publish_protocol)
