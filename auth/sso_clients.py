"""The configured single sign-on providers of this app: their clients, the login page's
buttons and a provider's own logout. The login pages (auth/views.py) and the SSO routes
(auth/sso_views.py) both read them here."""

from __future__ import annotations

from flask import Flask, abort, current_app, session, url_for

from auth.oidc import ProviderClient
from auth.sessions import SSO_KEY

CLIENTS_KEY = "veiligheid_sso_clients"


def init_clients(server: Flask, providers) -> None:
    server.extensions[CLIENTS_KEY] = {p.name: ProviderClient(p) for p in providers}


def client_for(name: str) -> ProviderClient:
    clients: dict[str, ProviderClient] = current_app.extensions[CLIENTS_KEY]
    client = clients.get(name)
    if client is None:
        abort(404)
    return client


def provider_logout_url() -> tuple[str, str] | None:
    """(label, URL) of the provider's own logout for the session that is ending, if any."""
    entry = session.get(SSO_KEY)
    if not isinstance(entry, dict):
        return None
    client = current_app.extensions[CLIENTS_KEY].get(entry.get("p"))
    if client is None:
        return None
    url = client.end_session_url(url_for("auth.login", _external=True))
    return (client.provider.label, url) if url else None


def login_buttons() -> list[dict]:
    return [
        {"label": c.provider.label, "url": f"/login/sso/{name}"}
        for name, c in current_app.extensions[CLIENTS_KEY].items()
    ]
