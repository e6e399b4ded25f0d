"""Small security helpers: safe redirect targets and a CSRF token for server-rendered forms."""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import session

CSRF_SESSION_KEY = "_csrf_token"
# Not worth returning to after a login: the logout confirm form right after logging in.
NOT_A_TARGET = "/logout"
# Shown when a form's CSRF token is missing or stale (csrf_valid says no).
EXPIRED_FORM = "Het formulier is verlopen. Probeer het opnieuw."


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative '//' or backslash."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    if parts.path.rstrip("/") == NOT_A_TARGET:
        return default
    return target


def csrf_token() -> str:
    token = session.get(CSRF_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_SESSION_KEY] = token
    return token


def rotate_csrf_token() -> None:
    """Forget the session's CSRF token: the next form gets a new one, and a token seen before
    (an open form, a copied page) is refused from now on."""
    session.pop(CSRF_SESSION_KEY, None)


def csrf_valid(submitted: str | None) -> bool:
    expected = session.get(CSRF_SESSION_KEY)
    return bool(expected and submitted and hmac.compare_digest(expected, submitted))
