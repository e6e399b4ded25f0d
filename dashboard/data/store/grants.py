"""Theme grants: which themes an account may open; every change ends its CSRF tokens and goes to
the audit log."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.data.models import User, UserThemeGrant
from dashboard.data.reference.themes import THEMES
from dashboard.data.store import audit
from dashboard.data.store.users import UserError, existing_user, privileges_changed


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
    user, theme = existing_user(session, username), _theme(theme)
    if _grant(session, user, theme) is not None:
        return False
    session.add(UserThemeGrant(user_id=user.id, theme=theme, granted_by=by))
    privileges_changed(user)
    audit.record(session, by, "thema_toegekend", {"gebruiker": username, "thema": theme})
    return True


def revoke_theme(session: Session, username: str, theme: str, by: str | None = None) -> bool:
    """Take a theme away; False (and nothing logged) if the user did not have it."""
    user, theme = existing_user(session, username), _theme(theme)
    grant = _grant(session, user, theme)
    if grant is None:
        return False
    session.delete(grant)
    privileges_changed(user)
    audit.record(session, by, "thema_ingetrokken", {"gebruiker": username, "thema": theme})
    return True


def themes_of(session: Session, user_id: int) -> frozenset[str]:
    query = select(UserThemeGrant.theme).where(UserThemeGrant.user_id == user_id)
    return frozenset(session.scalars(query))


def themes_of_active(session: Session, username: str) -> frozenset[str]:
    """The themes granted to the active account of that name as the database holds them now
    (none for an unknown or disabled account)."""
    query = (
        select(UserThemeGrant.theme)
        .join(User, User.id == UserThemeGrant.user_id)
        .where(User.username == username, User.active)
    )
    return frozenset(session.scalars(query))


def themes_by_user(session: Session) -> dict[int, frozenset[str]]:
    grants: dict[int, set[str]] = {}
    for user_id, theme in session.execute(select(UserThemeGrant.user_id, UserThemeGrant.theme)):
        grants.setdefault(user_id, set()).add(theme)
    return {user_id: frozenset(themes) for user_id, themes in grants.items()}


def set_themes(session: Session, username: str, themes: frozenset[str], by: str) -> bool:
    """Make the account's grants exactly these themes; True when anything changed."""
    user = existing_user(session, username)
    current = themes_of(session, user.id)
    for theme in sorted(themes - current):
        grant_theme(session, username, theme, by)
    for theme in sorted(current - themes):
        revoke_theme(session, username, theme, by)
    return current != themes
