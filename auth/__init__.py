"""Authentication: login/logout blueprint, the current-user object and the request guard."""

from auth.guard import init_auth

__all__ = ["init_auth"]
