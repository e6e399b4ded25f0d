"""Authentication: login/logout blueprint, the current-user object and the request guard."""

from __future__ import annotations

from collections.abc import Callable


def init_auth(server, config, refuses_page: Callable[[str, object], str | None]) -> None:
    """Sessions, the request guard, the login and protocol pages and single sign-on.
    refuses_page(path, user): why the page table refuses this user that page (the text of the
    403), or None."""
    from auth.guard import init_guard
    from auth.protocol_page import blueprint as protocol_blueprint
    from auth.sso_views import init_sso
    from auth.views import blueprint

    init_guard(server, refuses_page)
    server.register_blueprint(blueprint)
    server.register_blueprint(protocol_blueprint)
    init_sso(server, config.oidc_providers)


def init_security(app, config) -> None:
    """Security headers on every response and error pages without tracebacks (503 while the
    database is unreachable)."""
    from auth.errors import init_errors
    from auth.headers import init_headers

    init_errors(app.server)
    init_headers(app, config)


__all__ = ["init_auth", "init_security"]
