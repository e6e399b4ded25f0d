"""Authentication: login/logout blueprint, the current-user object and the request guard."""

from auth.guard import init_auth


def init_security(app, config) -> None:
    """Security headers on every response and error pages without tracebacks (503 while the
    database is unreachable)."""
    from auth.errors import init_errors
    from auth.headers import init_headers

    init_errors(app.server)
    init_headers(app, config)


__all__ = ["init_auth", "init_security"]
