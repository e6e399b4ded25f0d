"""Server-side permission checks, used by the page router, callbacks and downloads alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from flask import abort
from flask_login import current_user

PROJECT_ROLES = frozenset({"admin", "projectleider"})


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
