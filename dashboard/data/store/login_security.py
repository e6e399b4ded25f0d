"""Login throttling: failed attempts counted per name and per client address in SQL (atomic
across workers), lockouts and their audit records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.orm import Session

from dashboard.data.models import LoginThrottle, User
from dashboard.data.store import audit


@dataclass(frozen=True)
class LoginLimits:
    """max_failures for one name (account or not) and max_per_address for one client address,
    counted within `lockout`, lock that name or address for `lockout`."""

    max_failures: int = 5
    max_per_address: int = 20
    lockout: dt.timedelta = dt.timedelta(minutes=15)

    @property
    def minutes(self) -> int:
        return int(self.lockout.total_seconds() // 60)


class FailureResult(NamedTuple):
    name_locked: bool  # this failure locked the name (account or unknown name)
    address_locked: bool  # this failure locked the client address

    @property
    def locked(self) -> bool:
        return self.name_locked or self.address_locked


def is_locked(user: User, now: dt.datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def _throttle_locked(session: Session, key: str, now: dt.datetime) -> bool:
    until = session.scalar(
        select(LoginThrottle.geblokkeerd_tot).where(LoginThrottle.sleutel == key)
    )
    return until is not None and until > now


def login_blocked(
    session: Session, user: User | None, name_key: str, address_key: str, now: dt.datetime
) -> bool:
    """Whether an attempt is refused without looking at the password: its client address is
    locked, or its name is (the account, or the throttle row of a name that is no account)."""
    if _throttle_locked(session, address_key, now):
        return True
    if user is not None:
        return is_locked(user, now)
    return _throttle_locked(session, name_key, now)


def _count_user_failure(session: Session, user: User, limits: LoginLimits, now) -> bool:
    """Count a failure in SQL (atomic across workers); True when it locks the account now."""
    stale = or_(User.failed_login_since.is_(None), User.failed_login_since <= now - limits.lockout)
    session.execute(
        update(User)
        .where(User.id == user.id)
        .values(
            failed_logins=case((stale, 1), else_=User.failed_logins + 1),
            failed_login_since=case((stale, now), else_=User.failed_login_since),
        )
        .execution_options(synchronize_session=False)
    )
    locked = session.execute(
        update(User)
        .where(
            User.id == user.id,
            User.failed_logins >= limits.max_failures,
            or_(User.locked_until.is_(None), User.locked_until <= now),
        )
        .values(locked_until=now + limits.lockout)
        .execution_options(synchronize_session=False)
    )
    session.expire(user)
    return locked.rowcount == 1


def _insert_missing(session: Session, key: str, now: dt.datetime) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(
        insert(LoginThrottle)
        .values(sleutel=key, mislukt=0, sinds=now)
        .on_conflict_do_nothing(index_elements=["sleutel"])
    )


def _count_throttle_failure(session: Session, key: str, limit: int, limits: LoginLimits, now):
    _insert_missing(session, key, now)
    stale = LoginThrottle.sinds <= now - limits.lockout
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.sleutel == key)
        .values(
            mislukt=case((stale, 1), else_=LoginThrottle.mislukt + 1),
            sinds=case((stale, now), else_=LoginThrottle.sinds),
        )
        .execution_options(synchronize_session=False)
    )
    locked = session.execute(
        update(LoginThrottle)
        .where(
            LoginThrottle.sleutel == key,
            LoginThrottle.mislukt >= limit,
            or_(LoginThrottle.geblokkeerd_tot.is_(None), LoginThrottle.geblokkeerd_tot <= now),
        )
        .values(geblokkeerd_tot=now + limits.lockout)
        .execution_options(synchronize_session=False)
    )
    return locked.rowcount == 1


def _prune_throttle(session: Session, limits: LoginLimits, now: dt.datetime) -> None:
    """Rows whose window and lock are over say nothing any more: delete them."""
    session.execute(
        delete(LoginThrottle)
        .where(
            LoginThrottle.sinds <= now - limits.lockout,
            or_(LoginThrottle.geblokkeerd_tot.is_(None), LoginThrottle.geblokkeerd_tot <= now),
        )
        .execution_options(synchronize_session=False)
    )


def count_failed_login(
    session: Session,
    user: User | None,
    username: str,
    name_key: str,
    address: str,
    address_key: str,
    limits: LoginLimits,
    now: dt.datetime,
) -> FailureResult:
    """Count a failed login against its name and its client address; every lockout that it
    causes goes to the audit log. A name that is no account is counted under name_key (an HMAC
    of the name), so it locks exactly like an account and the lockout reveals nothing."""
    _prune_throttle(session, limits, now)
    if user is not None:
        name_locked = _count_user_failure(session, user, limits, now)
    else:
        name_locked = _count_throttle_failure(session, name_key, limits.max_failures, limits, now)
    address_locked = _count_throttle_failure(
        session, address_key, limits.max_per_address, limits, now
    )
    if name_locked:
        audit.record(
            session,
            None,
            "login_geblokkeerd",
            {
                "gebruikersnaam": username[:100] if user is not None else "(onbekend)",
                "mislukte_pogingen": limits.max_failures,
                "minuten": limits.minutes,
            },
        )
    if address_locked:
        audit.record(
            session,
            None,
            "login_geblokkeerd",
            {
                "adres": address[:100],
                "mislukte_pogingen": limits.max_per_address,
                "minuten": limits.minutes,
            },
        )
    return FailureResult(name_locked, address_locked)
