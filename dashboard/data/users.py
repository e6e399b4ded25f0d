"""User accounts: the only place that reads and writes app_user."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data import audit
from dashboard.data.models import ROLES, User, UserThemeGrant, utcnow
from dashboard.data.themes import THEMES

# argon2id with the library's defaults (RFC 9106 low-memory profile).
_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8
RECENT_LOGIN_DAYS = 30


class UserError(ValueError):
    """A user command cannot be carried out; the message says why."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"wachtwoord te kort: minimaal {MIN_PASSWORD_LENGTH} tekens")
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def get_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def get_user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def _check(role: str, gemeente_code: str | None) -> None:
    if role not in ROLES:
        raise UserError(f"onbekende rol {role!r}: kies uit {', '.join(ROLES)}")
    if gemeente_code is not None and not (
        len(gemeente_code) == 6 and gemeente_code.startswith("GM") and gemeente_code[2:].isdigit()
    ):
        raise UserError(f"ongeldige gemeentecode {gemeente_code!r}: verwacht GMxxxx")


def add_user(
    session: Session,
    username: str,
    *,
    role: str,
    gemeente_code: str | None,
    password: str,
    by: str | None = None,
) -> User:
    _check(role, gemeente_code)
    if (
        not username
        or len(username) > 100
        or not username.replace(".", "").replace("-", "").replace("_", "").isalnum()
    ):
        raise UserError(f"ongeldige gebruikersnaam {username!r}")
    if get_user(session, username):
        raise UserError(f"gebruiker {username!r} bestaat al")
    user = User(
        username=username,
        role=role,
        gemeente_code=gemeente_code,
        password_hash=hash_password(password),
        active=True,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        by,
        "gebruiker_toegevoegd",
        {"gebruiker": username, "rol": role, "gemeente": gemeente_code},
    )
    return user


def upsert_user(
    session: Session,
    username: str,
    *,
    role: str,
    gemeente_code: str | None,
    password: str,
    by: str | None = None,
) -> User:
    user = get_user(session, username)
    if user is None:
        return add_user(
            session, username, role=role, gemeente_code=gemeente_code, password=password, by=by
        )
    _check(role, gemeente_code)
    user.role, user.gemeente_code, user.active = role, gemeente_code, True
    user.password_hash = hash_password(password)
    audit.record(
        session,
        by,
        "gebruiker_bijgewerkt",
        {"gebruiker": username, "rol": role, "gemeente": gemeente_code},
    )
    return user


def _existing(session: Session, username: str) -> User:
    user = get_user(session, username) if username else None
    if user is None:
        raise UserError(f"gebruiker {username!r} bestaat niet")
    return user


def set_active(session: Session, username: str, active: bool, by: str | None = None) -> bool:
    """Enable or disable an account (an active account holds a licence); False if unchanged."""
    user = _existing(session, username)
    if user.active == active:
        return False
    user.active = active
    action = "gebruiker_ingeschakeld" if active else "gebruiker_uitgeschakeld"
    audit.record(session, by, action, {"gebruiker": username})
    return True


def disable_user(session: Session, username: str, by: str | None = None) -> User:
    set_active(session, username, False, by)
    return _existing(session, username)


def _theme(theme: str) -> str:
    if theme not in THEMES:
        raise UserError(f"onbekend thema {theme!r}: kies uit {', '.join(THEMES)}")
    return theme


def _grant(session: Session, user: User, theme: str) -> UserThemeGrant | None:
    return session.scalar(
        select(UserThemeGrant).where(
            UserThemeGrant.user_id == user.id, UserThemeGrant.theme == theme
        )
    )


def grant_theme(session: Session, username: str, theme: str, by: str | None = None) -> bool:
    """Give a user access to a theme; False (and nothing logged) if the grant already exists."""
    user, theme = _existing(session, username), _theme(theme)
    if _grant(session, user, theme) is not None:
        return False
    session.add(UserThemeGrant(user_id=user.id, theme=theme, granted_by=by))
    audit.record(session, by, "thema_toegekend", {"gebruiker": username, "thema": theme})
    return True


def revoke_theme(session: Session, username: str, theme: str, by: str | None = None) -> bool:
    """Take a theme away; False (and nothing logged) if the user did not have it."""
    user, theme = _existing(session, username), _theme(theme)
    grant = _grant(session, user, theme)
    if grant is None:
        return False
    session.delete(grant)
    audit.record(session, by, "thema_ingetrokken", {"gebruiker": username, "thema": theme})
    return True


def themes_of(session: Session, user_id: int) -> frozenset[str]:
    query = select(UserThemeGrant.theme).where(UserThemeGrant.user_id == user_id)
    return frozenset(session.scalars(query))


def themes_by_user(session: Session) -> dict[int, frozenset[str]]:
    grants: dict[int, set[str]] = {}
    for user_id, theme in session.execute(select(UserThemeGrant.user_id, UserThemeGrant.theme)):
        grants.setdefault(user_id, set()).add(theme)
    return {user_id: frozenset(themes) for user_id, themes in grants.items()}


class LicenceSummary(NamedTuple):
    in_use: int  # active accounts: each holds a licence
    recent: int  # of which logged in during the last RECENT_LOGIN_DAYS days


def licence_summary(session: Session, now: dt.datetime | None = None) -> LicenceSummary:
    since = (now or utcnow()) - dt.timedelta(days=RECENT_LOGIN_DAYS)
    recent = func.count().filter(User.last_login_at >= since)
    in_use, recent_count = session.execute(
        select(func.count(), recent).select_from(User).where(User.active.is_(True))
    ).one()
    return LicenceSummary(in_use, recent_count or 0)


def record_login(session: Session, user: User) -> None:
    user.last_login_at = utcnow()
    audit.record(session, user.username, "login", {})


def record_failed_login(session: Session, username: str, reason: str) -> None:
    """The account name and why it failed; never the password. A name that is no account is not
    stored: people type their password in the name field by mistake."""
    known = get_user(session, username) is not None if username else False
    audit.record(
        session,
        None,
        "login_mislukt",
        {"gebruikersnaam": username[:100] if known else "(onbekend)", "reden": reason},
    )
