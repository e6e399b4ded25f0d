"""The user protocol: versioned text that every user must accept before seeing data.

Versions are only ever added, so the text a user accepted can always be shown again.
"""

from __future__ import annotations

from importlib import resources

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.data.models import ProtocolAcceptance, ProtocolVersion, User
from dashboard.data.store import audit

DEFAULT_RESOURCE = ("dashboard.data.reference", "protocol.md")
MAX_LENGTH = 20_000


class ProtocolError(ValueError):
    """A protocol text cannot be published; the message says why."""


def default_text() -> str:
    package, name = DEFAULT_RESOURCE
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def _newest(session: Session) -> ProtocolVersion | None:
    query = select(ProtocolVersion).order_by(ProtocolVersion.versie.desc()).limit(1)
    return session.scalar(query)


def current_version(session: Session) -> ProtocolVersion:
    """The newest version; version 1 (the packaged text) is created on first use."""
    newest = _newest(session)
    if newest is not None:
        return newest
    try:
        # A savepoint: a concurrent first request may create version 1 at the same moment.
        with session.begin_nested():
            first = ProtocolVersion(versie=1, tekst=default_text(), door="standaard")
            session.add(first)
        return first
    except IntegrityError:
        return _newest(session)


def publish(session: Session, text: str, by: str) -> ProtocolVersion:
    text = (text or "").strip()
    if not text:
        raise ProtocolError("de tekst is leeg")
    if len(text) > MAX_LENGTH:
        raise ProtocolError(f"de tekst is langer dan {MAX_LENGTH} tekens")
    number = current_version(session).versie + 1
    version = ProtocolVersion(versie=number, tekst=text, door=by)
    session.add(version)
    session.flush()
    audit.record(session, by, "protocol_gepubliceerd", {"versie": number, "tekens": len(text)})
    return version


def has_accepted(session: Session, user_id: int, versie: int) -> bool:
    query = select(ProtocolAcceptance.id).where(
        ProtocolAcceptance.user_id == user_id, ProtocolAcceptance.versie == versie
    )
    return session.scalar(query) is not None


def accepted_current(session: Session, user_id: int) -> bool:
    """One query for the request guard; False while no version exists yet."""
    newest = select(func.max(ProtocolVersion.versie)).scalar_subquery()
    query = select(
        exists().where(ProtocolAcceptance.user_id == user_id, ProtocolAcceptance.versie == newest)
    )
    return bool(session.scalar(query))


def accept(session: Session, user_id: int, versie: int, by: str | None = None) -> bool:
    """Store the acceptance (audited under the user's name unless `by` says otherwise);
    False if the user had already accepted this version."""
    known = select(ProtocolVersion.id).where(ProtocolVersion.versie == versie)
    if session.scalar(known) is None:
        raise ProtocolError(f"versie {versie} bestaat niet")
    if has_accepted(session, user_id, versie):
        return False
    session.add(ProtocolAcceptance(user_id=user_id, versie=versie))
    username = session.scalar(select(User.username).where(User.id == user_id))
    details = {"versie": versie} if by is None else {"versie": versie, "gebruiker": username}
    audit.record(session, by or username, "protocol_geaccepteerd", details)
    return True


def acceptance_count(session: Session, versie: int) -> tuple[int, int]:
    """(active users who accepted this version, active users)."""
    accepted = exists().where(
        ProtocolAcceptance.user_id == User.id, ProtocolAcceptance.versie == versie
    )
    row = session.execute(
        select(func.count().filter(accepted), func.count())
        .select_from(User)
        .where(User.active.is_(True))
    ).one()
    return row[0] or 0, row[1]
