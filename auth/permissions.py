"""Server-side permission checks, used by the page router, callbacks and downloads alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from flask import abort
from flask_login import current_user

from dashboard import policy
from dashboard.data.models import PROJECT_ROLES  # noqa: F401  (imported from here by downloads, pages)
from dashboard.data.reference.themes import THEMES

ADMIN_ROLES = frozenset({"admin"})


def has_role(user, roles: Iterable[str] | None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return roles is None or user.role in set(roles)


def require_roles(roles: Iterable[str]) -> Callable:
    """Decorator for callbacks and views: 403 (no data) for a user without one of the roles."""
    allowed = frozenset(roles)

    def decorate(fn: Callable) -> Callable:
        @wraps(fn)
        def checked(*args, **kwargs):
            if not has_role(current_user, allowed):
                abort(403)
            return fn(*args, **kwargs)

        return checked

    return decorate


def has_theme(user, theme: str) -> bool:
    """Admin and projectleider see every theme; a gebruiker only the themes granted to him
    (the rule lives in dashboard/policy.py)."""
    return policy.may_see_theme(policy.Viewer.of(user), theme)


def require_theme(theme: str) -> Callable:
    """Decorator for a thematic callback, download or report: 403 (no data) without the grant."""
    if theme not in THEMES:  # a typo would silently lock everyone out; fail at registration
        raise ValueError(f"unknown theme {theme!r}")

    def decorate(fn: Callable) -> Callable:
        @wraps(fn)
        def checked(*args, **kwargs):
            if not has_theme(current_user, theme):
                abort(403)
            return fn(*args, **kwargs)

        return checked

    return decorate
