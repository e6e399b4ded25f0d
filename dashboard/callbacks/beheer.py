"""Callbacks of the admin page; each one checks the admin role again on the server, so a
direct POST by anyone else gets 403 and no data."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, no_update
from flask import session as cookie
from flask_login import current_user

from auth.permissions import ADMIN_ROLES, PROJECT_ROLES, require_roles
from auth.sessions import SESSION_VERSION_KEY
from dashboard import ids, inputs
from dashboard.data import audit, protocol, users
from dashboard.data.models import utcnow
from dashboard.data.session import app_context, primary_session, write_session
from dashboard.data.themes import THEMES
from dashboard.layouts import beheer as layout
from dashboard.layouts.components.notice import message
from dashboard.measures import usage as usage_measure

AUDIT_SHOWN = 50


@require_roles(ADMIN_ROLES)
def refresh(_loaded, _added, _account, _granted):
    with primary_session() as session:
        accounts = users.list_users(session)
        grants = users.themes_by_user(session)
        # Today (UTC, as usage is stored) is the Beheer page's reference day for "actief".
        licences = usage_measure.active_users(session, utcnow().date())
        events = audit.events(session, AUDIT_SHOWN)
        audit_rows = [audit_record(e) for e in events]
    options = [{"label": u.username, "value": u.username} for u in accounts]
    now = utcnow()
    return (
        [user_record(u, grants.get(u.id, frozenset()), now) for u in accounts],
        licence_line(licences),
        audit_rows,
        options,
        options,
        options,
    )


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
        "laatst_ingelogd": user.last_login_at.strftime("%d-%m-%Y %H:%M")
        if user.last_login_at
        else "-",
        "geblokkeerd": user.locked_until.strftime("%d-%m-%Y %H:%M")
        if user.locked_until and users.is_locked(user, now or utcnow())
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
        "tijdstip": event.tijdstip.strftime("%d-%m-%Y %H:%M:%S"),
        "door": event.username or "-",
        "actie": event.actie.replace("_", " "),
        "details": "; ".join(f"{k}: {v}" for k, v in details.items() if v is not None),
    }


def _actor() -> str:
    return current_user.username


@require_roles(ADMIN_ROLES)
def add_user(n_clicks, username, role, gemeente, password):
    if not n_clicks:
        return no_update, no_update, no_update
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
        return message(f"Niet toegevoegd: {exc}.", ok=False), no_update, no_update
    # The password field is emptied: the initial password is not kept in the page.
    return message(f"Gebruiker {username} toegevoegd.", ok=True), n_clicks, ""


@require_roles(ADMIN_ROLES)
def set_active(_enable, _disable, username):
    if ctx.triggered_id not in (ids.ADMIN_ENABLE, ids.ADMIN_DISABLE):
        return no_update, no_update
    active = ctx.triggered_id == ids.ADMIN_ENABLE
    username = _text(username, "gebruiker")
    if not username:
        return message("Kies eerst een gebruiker.", ok=False), no_update
    if not active and username == _actor():
        return message("U kunt uw eigen account niet uitschakelen.", ok=False), no_update
    try:
        with write_session() as session:
            changed = users.set_active(session, username, active, by=_actor())
    except users.UserError as exc:
        return message(f"Niet gelukt: {exc}.", ok=False), no_update
    state = "ingeschakeld" if active else "uitgeschakeld"
    if not changed:
        return message(f"{username} was al {state}.", ok=True), no_update
    return message(f"{username} is {state}.", ok=True), username + state


@require_roles(ADMIN_ROLES)
def reset_password(n_clicks, username, password, repeat):
    """A new password for the chosen account; its sessions end everywhere (session version)."""
    unchanged = (no_update, no_update, no_update)
    if not n_clicks:
        return no_update, *unchanged
    if not username or not isinstance(username, str):
        return message("Kies eerst een gebruiker.", ok=False), *unchanged
    password = password if isinstance(password, str) else ""
    repeat = repeat if isinstance(repeat, str) else ""
    if password != repeat:
        text = "Niet gewijzigd: de twee wachtwoorden zijn niet gelijk."
        return message(text, ok=False), *unchanged
    try:
        with write_session() as session:
            user = users.reset_password(session, username, password, by=_actor())
            session.flush()
            own, version = user.id == current_user.id, user.session_version
    except users.UserError as exc:
        return message(f"Niet gewijzigd: {exc}.", ok=False), *unchanged
    if own:  # the admin's other sessions end; this one goes on with the new version
        cookie[SESSION_VERSION_KEY] = version
    text = f"Wachtwoord van {username} gewijzigd; de gebruiker is overal uitgelogd."
    # Both fields are emptied: the new password is not kept in the page.
    return message(text, ok=True), f"{username}:wachtwoord:{n_clicks}", "", ""


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
            return no_update, no_update
        return user.role, user.gemeente_code or layout.NO_GEMEENTE


@require_roles(ADMIN_ROLES)
def change_role(n_clicks, username, role, gemeente):
    if not n_clicks:
        return no_update, no_update
    username, role = _text(username, "gebruiker"), _text(role, "rol")
    if not username:
        return message("Kies eerst een gebruiker.", ok=False), no_update
    if username == _actor() and role != "admin":
        return message("U kunt uw eigen beheerrol niet afnemen.", ok=False), no_update
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
        return message(f"Niet gewijzigd: {exc}.", ok=False), no_update
    if not changed:
        return message(f"{username} had deze rol en gemeente al.", ok=True), no_update
    text = f"Rol en gemeente van {username} gewijzigd; de gebruiker logt opnieuw in."
    return message(text, ok=True), f"{username}:rol:{n_clicks}"


@require_roles(ADMIN_ROLES)
def link_account(n_clicks, username, provider, subject):
    if not n_clicks:
        return no_update, no_update
    username = _text(username, "gebruiker")
    provider, subject = _text(provider, "aanmeldservice"), _text(subject, "accountcode")
    if not username or not subject:
        return message("Kies een gebruiker en vul de accountcode in.", ok=False), no_update
    if app_context().config.oidc_provider(provider) is None:
        return message("Onbekende aanmeldservice.", ok=False), no_update
    try:
        with write_session() as session:
            users.link_sso(session, username, provider, subject, by=_actor())
    except users.UserError as exc:
        return message(f"Niet gekoppeld: {exc}.", ok=False), no_update
    text = f"{username} kan nu inloggen met het werkaccount."
    return message(text, ok=True), f"{username}:koppel:{n_clicks}"


@require_roles(ADMIN_ROLES)
def change_grant(_grant, _revoke, username, theme):
    if ctx.triggered_id not in (ids.ADMIN_GRANT, ids.ADMIN_REVOKE):
        return no_update, no_update
    grant = ctx.triggered_id == ids.ADMIN_GRANT
    username, theme = _text(username, "gebruiker"), _text(theme, "thema")
    if not username or not theme:
        return message("Kies een gebruiker en een thema.", ok=False), no_update
    try:
        with write_session() as session:
            change = users.grant_theme if grant else users.revoke_theme
            changed = change(session, username, theme, by=_actor())
    except users.UserError as exc:
        return message(f"Niet gelukt: {exc}.", ok=False), no_update
    label = THEMES[theme]
    if grant:
        text = f"{username} heeft nu toegang tot {label}."
        unchanged = f"{username} had al toegang tot {label}."
    else:
        text = f"Toegang van {username} tot {label} ingetrokken."
        unchanged = f"{username} had geen toegang tot {label}."
    if not changed:
        return message(unchanged, ok=True), no_update
    return message(text, ok=True), f"{username}:{theme}:{grant}"


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
    return status, text


@require_roles(ADMIN_ROLES)
def publish_protocol(n_clicks, text):
    if not n_clicks:
        return no_update, no_update
    text = inputs.text(text, "protocoltekst")
    try:
        with write_session() as session:
            version = protocol.publish(session, text, by=_actor())
            # Whoever publishes a text has read it: the admin keeps working without a detour.
            protocol.accept(session, current_user.id, version.versie)
            number = version.versie
    except protocol.ProtocolError as exc:
        return message(f"Niet gepubliceerd: {exc}.", ok=False), no_update
    text = f"Versie {number} gepubliceerd. Alle andere gebruikers moeten die nu eerst accepteren."
    return message(text, ok=True), number


def register(app: Dash) -> None:
    app.callback(
        Output(ids.ADMIN_USERS, "data"),
        Output(ids.ADMIN_LICENCES, "children"),
        Output(ids.ADMIN_AUDIT, "data"),
        Output(ids.ADMIN_ACCOUNT_USER, "options"),
        Output(ids.ADMIN_GRANT_USER, "options"),
        Output(ids.ADMIN_ROLE_USER, "options"),
        Input(ids.ADMIN_LOADED, "data"),
        Input(ids.ADMIN_ADD_DONE, "data"),
        Input(ids.ADMIN_ACCOUNT_DONE, "data"),
        Input(ids.ADMIN_GRANT_DONE, "data"),
    )(refresh)
    app.callback(
        Output(ids.ADMIN_ADD_MESSAGE, "children"),
        Output(ids.ADMIN_ADD_DONE, "data"),
        Output(ids.ADMIN_NEW_PASSWORD, "value"),
        Input(ids.ADMIN_ADD, "n_clicks"),
        State(ids.ADMIN_NEW_USERNAME, "value"),
        State(ids.ADMIN_NEW_ROLE, "value"),
        State(ids.ADMIN_NEW_GEMEENTE, "value"),
        State(ids.ADMIN_NEW_PASSWORD, "value"),
        prevent_initial_call=True,
    )(add_user)
    app.callback(
        Output(ids.ADMIN_ACCOUNT_MESSAGE, "children"),
        Output(ids.ADMIN_ACCOUNT_DONE, "data"),
        Input(ids.ADMIN_ENABLE, "n_clicks"),
        Input(ids.ADMIN_DISABLE, "n_clicks"),
        State(ids.ADMIN_ACCOUNT_USER, "value"),
        prevent_initial_call=True,
    )(set_active)
    app.callback(
        Output(ids.ADMIN_RESET_MESSAGE, "children"),
        Output(ids.ADMIN_ACCOUNT_DONE, "data", allow_duplicate=True),
        Output(ids.ADMIN_RESET_PASSWORD, "value"),
        Output(ids.ADMIN_RESET_REPEAT, "value"),
        Input(ids.ADMIN_RESET, "n_clicks"),
        State(ids.ADMIN_ACCOUNT_USER, "value"),
        State(ids.ADMIN_RESET_PASSWORD, "value"),
        State(ids.ADMIN_RESET_REPEAT, "value"),
        prevent_initial_call=True,
    )(reset_password)
    app.callback(
        Output(ids.ADMIN_ROLE_ROLE, "value"),
        Output(ids.ADMIN_ROLE_GEMEENTE, "value"),
        Input(ids.ADMIN_ROLE_USER, "value"),
        prevent_initial_call=True,
    )(current_role)
    app.callback(
        Output(ids.ADMIN_ROLE_MESSAGE, "children"),
        Output(ids.ADMIN_ACCOUNT_DONE, "data", allow_duplicate=True),
        Input(ids.ADMIN_ROLE_SAVE, "n_clicks"),
        State(ids.ADMIN_ROLE_USER, "value"),
        State(ids.ADMIN_ROLE_ROLE, "value"),
        State(ids.ADMIN_ROLE_GEMEENTE, "value"),
        prevent_initial_call=True,
    )(change_role)
    app.callback(
        Output(ids.ADMIN_LINK_MESSAGE, "children"),
        Output(ids.ADMIN_ACCOUNT_DONE, "data", allow_duplicate=True),
        Input(ids.ADMIN_LINK, "n_clicks"),
        State(ids.ADMIN_ROLE_USER, "value"),
        State(ids.ADMIN_LINK_PROVIDER, "value"),
        State(ids.ADMIN_LINK_SUBJECT, "value"),
        prevent_initial_call=True,
    )(link_account)
    app.callback(
        Output(ids.ADMIN_GRANT_MESSAGE, "children"),
        Output(ids.ADMIN_GRANT_DONE, "data"),
        Input(ids.ADMIN_GRANT, "n_clicks"),
        Input(ids.ADMIN_REVOKE, "n_clicks"),
        State(ids.ADMIN_GRANT_USER, "value"),
        State(ids.ADMIN_GRANT_THEME, "value"),
        prevent_initial_call=True,
    )(change_grant)
    app.callback(
        Output(ids.ADMIN_PROTOCOL_STATUS, "children"),
        Output(ids.ADMIN_PROTOCOL_TEXT, "value"),
        Input(ids.ADMIN_LOADED, "data"),
        Input(ids.ADMIN_PROTOCOL_DONE, "data"),
    )(protocol_status)
    app.callback(
        Output(ids.ADMIN_PROTOCOL_MESSAGE, "children"),
        Output(ids.ADMIN_PROTOCOL_DONE, "data"),
        Input(ids.ADMIN_PROTOCOL_PUBLISH, "n_clicks"),
        State(ids.ADMIN_PROTOCOL_TEXT, "value"),
        prevent_initial_call=True,
    )(publish_protocol)
