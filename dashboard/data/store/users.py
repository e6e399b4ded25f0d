"""User accounts: the only place that reads and writes app_user."""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from functools import cache
from typing import NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dashboard.data.models import GEMEENTE_RE, ROLES, User, utcnow
from dashboard.data.store import audit

# argon2id with the library's defaults (RFC 9106 low-memory profile).
_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8


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


@cache
def _dummy_hash() -> str:
    return _hasher.hash("geen-account-" + "x" * MIN_PASSWORD_LENGTH)


def verify_dummy(password: str) -> None:
    """Spend the time of a real verification on a name that is no account, so that the answer
    time does not tell which names exist."""
    with suppress(VerificationError, InvalidHashError):
        _hasher.verify(_dummy_hash(), password)


def get_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def get_user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def _check(role: str, gemeente_code: str | None) -> None:
    if role not in ROLES:
        raise UserError(f"onbekende rol {role!r}: kies uit {', '.join(ROLES)}")
    if gemeente_code is not None and not GEMEENTE_RE.fullmatch(gemeente_code):
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
    return _added(session, user, by)


def _added(session: Session, user: User, by: str | None, **details) -> User:
    """Store a new account and put it in the audit log (details: e.g. the SSO provider)."""
    session.add(user)
    session.flush()
    audit.record(
        session,
        by,
        "gebruiker_toegevoegd",
        {"gebruiker": user.username, "rol": user.role, "gemeente": user.gemeente_code, **details},
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
    end_sessions(user)
    audit.record(
        session,
        by,
        "gebruiker_bijgewerkt",
        {"gebruiker": username, "rol": role, "gemeente": gemeente_code},
    )
    return user


def existing_user(session: Session, username: str) -> User:
    user = get_user(session, username) if username else None
    if user is None:
        raise UserError(f"gebruiker {username!r} bestaat niet")
    return user


def set_active(session: Session, username: str, active: bool, by: str | None = None) -> bool:
    """Enable or disable an account (an active account holds a licence); False if unchanged."""
    user = existing_user(session, username)
    if user.active == active:
        return False
    user.active = active
    if not active:
        end_sessions(user)
    action = "gebruiker_ingeschakeld" if active else "gebruiker_uitgeschakeld"
    audit.record(session, by, action, {"gebruiker": username})
    return True


def disable_user(session: Session, username: str, by: str | None = None) -> User:
    set_active(session, username, False, by)
    return existing_user(session, username)


def licensed_usernames(session: Session) -> frozenset[str]:
    """The active (not disabled) accounts: each holds a licence. Whether one is also in use
    ("actief") is the usage measure's question (dashboard.measures.usage)."""
    return frozenset(session.scalars(select(User.username).where(User.active.is_(True))))


def record_login(
    session: Session, user: User, now: dt.datetime | None = None, via: str | None = None
) -> None:
    """A successful login: remember when, and forget the failed attempts before it. via names
    the single sign-on provider; a password login has none."""
    user.last_login_at = now or utcnow()
    user.failed_logins, user.failed_login_since, user.locked_until = 0, None, None
    audit.record(session, user.username, "login", {"via": via} if via else {})


def record_failed_login(
    session: Session, username: str, reason: str, via: str | None = None
) -> None:
    """The account name and why it failed; never the password. A name that is no account is not
    stored: people type their password in the name field by mistake."""
    known = get_user(session, username) is not None if username else False
    details = {"gebruikersnaam": username[:100] if known else "(onbekend)", "reden": reason}
    audit.record(session, None, "login_mislukt", {**details, "via": via} if via else details)


# --- single sign-on accounts ------------------------------------------------------------------

# The password hash of an account that only logs in through single sign-on: no argon2 hash
# verifies against it, so a password login is refused like a wrong password.
NO_PASSWORD = "!sso"
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789.-_")


def get_user_by_sso(session: Session, provider: str, subject: str) -> User | None:
    return session.scalar(
        select(User).where(User.sso_provider == provider, User.sso_subject == subject)
    )


def _free_username(session: Session, display_name: str | None, provider: str) -> str:
    """A readable account name from what the provider calls the person (e-mail becomes
    'j.jansen.enschede.nl'); a number is added when it is taken."""
    raw = (display_name or provider).lower().replace("@", ".")
    base = "".join(ch if ch in USERNAME_CHARS else "-" for ch in raw).strip(".-_")[:90]
    base = base or provider
    candidate, number = base, 1
    while get_user(session, candidate) is not None:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def add_sso_user(
    session: Session, provider: str, subject: str, display_name: str | None, by: str
) -> User:
    """A first login allowed to create its account: role gebruiker, no gemeente, no grants."""
    user = User(
        username=_free_username(session, display_name, provider),
        role="gebruiker",
        gemeente_code=None,
        password_hash=NO_PASSWORD,
        active=True,
        sso_provider=provider,
        sso_subject=subject,
        display_name=display_name,
    )
    return _added(session, user, by, via=provider)


def link_sso(
    session: Session, username: str, provider: str, subject: str, by: str | None = None
) -> User:
    """Link an account to its identity at a provider (before its first single sign-on)."""
    user = existing_user(session, username)
    subject = subject.strip()
    if not subject or len(subject) > 200:
        raise UserError("ongeldige accountcode: 1 tot 200 tekens")
    other = get_user_by_sso(session, provider, subject)
    if other is not None and other.id != user.id:
        raise UserError(f"deze accountcode is al gekoppeld aan {other.username!r}")
    user.sso_provider, user.sso_subject = provider, subject
    audit.record(session, by, "werkaccount_gekoppeld", {"gebruiker": username, "via": provider})
    return user


def set_role(
    session: Session,
    username: str,
    role: str,
    gemeente_code: str | None,
    by: str | None = None,
) -> bool:
    """Change role and gemeente; False (and nothing logged) when both are already so. The
    sessions end: permissions are read at login."""
    _check(role, gemeente_code)
    user = existing_user(session, username)
    if (user.role, user.gemeente_code) == (role, gemeente_code):
        return False
    user.role, user.gemeente_code = role, gemeente_code
    end_sessions(user)
    privileges_changed(user)
    audit.record(
        session,
        by,
        "gebruiker_bijgewerkt",
        {"gebruiker": username, "rol": role, "gemeente": gemeente_code},
    )
    return True


# --- sessions ---------------------------------------------------------------------------------


def end_sessions(user: User) -> None:
    """Raise the session version: every session cookie of the account stops working at its next
    request, on every worker (the version is checked against the database)."""
    user.session_version = User.session_version + 1  # in SQL: concurrent raises both count


def privileges_changed(user: User) -> None:
    """Raise the privilege version: each open session of the account gets a new CSRF token at
    its next request (auth/guard.py), so a token seen before the change is worthless after it."""
    user.privilege_version = User.privilege_version + 1


def end_sessions_of(session: Session, user_id: int) -> None:
    session.execute(
        update(User)
        .where(User.id == user_id)
        .values(session_version=User.session_version + 1)
        .execution_options(synchronize_session=False)
    )


def reset_password(session: Session, username: str, password: str, by: str | None = None) -> User:
    """An admin sets a new password: the rules of a new account apply, the account's sessions end
    and a lockout is lifted."""
    user = existing_user(session, username)
    user.password_hash = hash_password(password)
    user.failed_logins, user.failed_login_since, user.locked_until = 0, None, None
    end_sessions(user)
    audit.record(session, by, "wachtwoord_gereset", {"gebruiker": username})
    return user


# --- inactive accounts ------------------------------------------------------------------------


class InactiveResult(NamedTuple):
    disabled: list[User]  # disabled now, oldest use first
    spared: list[User]  # inactive admins kept so that an active admin remains


def last_used(user: User) -> dt.datetime:
    """The last login, or the creation for an account that never logged in."""
    return user.last_login_at or user.created_at


def disable_inactive(
    session: Session, days: int, now: dt.datetime | None = None, by: str | None = None
) -> InactiveResult:
    """Disable active accounts without a login for `days` days (never logged in: counted from
    their creation). Admins are disabled only while another active admin remains: of inactive
    admins the most recently used one is kept when no active admin would be left."""
    if days < 1:
        raise UserError("aantal dagen moet minimaal 1 zijn")
    since = (now or utcnow()) - dt.timedelta(days=days)
    active = [u for u in list_users(session) if u.active]
    inactive = sorted((u for u in active if last_used(u) < since), key=lambda u: last_used(u))
    spared: list[User] = []
    admins_left = [u for u in active if u.role == "admin" and u not in inactive]
    inactive_admins = [u for u in inactive if u.role == "admin"]
    if inactive_admins and not admins_left:
        keep = max(inactive_admins, key=lambda u: (last_used(u), u.id))
        spared.append(keep)
        inactive.remove(keep)
    for user in inactive:
        user.active = False
        end_sessions(user)
        audit.record(
            session,
            by,
            "gebruiker_uitgeschakeld",
            {
                "gebruiker": user.username,
                "reden": f"geen login in {days} dagen",
                "laatst_ingelogd": user.last_login_at,
            },
        )
    session.flush()
    return InactiveResult(inactive, spared)
