"""User accounts: the only place that reads and writes app_user."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.data.models import ROLES, User, utcnow

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
    session: Session, username: str, *, role: str, gemeente_code: str | None, password: str
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
    return user


def upsert_user(
    session: Session, username: str, *, role: str, gemeente_code: str | None, password: str
) -> User:
    user = get_user(session, username)
    if user is None:
        return add_user(
            session, username, role=role, gemeente_code=gemeente_code, password=password
        )
    _check(role, gemeente_code)
    user.role, user.gemeente_code, user.active = role, gemeente_code, True
    user.password_hash = hash_password(password)
    return user


def disable_user(session: Session, username: str) -> User:
    user = get_user(session, username)
    if user is None:
        raise UserError(f"gebruiker {username!r} bestaat niet")
    user.active = False
    return user


def record_login(session: Session, user: User) -> None:
    user.last_login_at = utcnow()
