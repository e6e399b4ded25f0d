"""A real OpenID Connect provider on loopback for the single sign-on tests: the PyPI package
oidc-provider-mock (Authlib's server side) in a thread, behind a small WSGI layer that records
what the app sends and can rewrite the ID token it gets back (a tampering network)."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import requests
import werkzeug.serving
from jinja2 import ChoiceLoader, DictLoader
from oidc_provider_mock import app as provider_app

from dashboard.config_sso import OidcProvider

CLIENT_ID = "dashboard-veiligheid"
CLIENT_SECRET = "test-client-secret"
TENANT = "tenant-twente"
# The provider's pages load a stylesheet from a CDN; the tests download nothing.
OFFLINE_BASE = """<!doctype html><html lang="en"><title>Test provider</title>
<main>{% block content %}{{ content }}{% endblock %}</main></html>"""


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]


@dataclass
class ProviderWire:
    """The WSGI layer between the app and the provider."""

    app: Callable
    requests: list[Recorded] = field(default_factory=list)
    # When set, the token endpoint's id_token is passed through this before the app sees it.
    rewrite_id_token: Callable[[str], str] | None = None

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        form = (
            parse_qs(body.decode())
            if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded")
            else {}
        )
        path = environ.get("PATH_INFO", "")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        self.requests.append(Recorded(environ["REQUEST_METHOD"], path, query, form))
        if path != "/oauth2/token" or self.rewrite_id_token is None:
            return self.app(environ, start_response)
        captured: dict = {}

        def keep(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers

        document = json.loads(b"".join(self.app(environ, keep)))
        if "id_token" in document:
            document["id_token"] = self.rewrite_id_token(document["id_token"])
        payload = json.dumps(document).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], [*headers, ("Content-Length", str(len(payload)))])
        return [payload]

    def last(self, path: str) -> Recorded:
        return next(r for r in reversed(self.requests) if r.path == path)


@dataclass
class RunningProvider:
    base: str
    wire: ProviderWire

    def set_user(self, sub: str, **claims) -> None:
        """Create or change an account at the provider (its claims go into the ID token)."""
        response = requests.put(f"{self.base}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()

    def settings(self, **overrides) -> OidcProvider:
        values = {
            "name": "entra",
            "label": "Inloggen met uw werkaccount",
            "discovery_url": f"{self.base}/.well-known/openid-configuration",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "tenants": (TENANT,),
            "subject_claim": "oid",
        }
        return OidcProvider(**{**values, **overrides})


@contextmanager
def running_provider() -> Iterator[RunningProvider]:
    flask_app = provider_app(require_nonce=True)
    flask_app.jinja_loader = ChoiceLoader(
        [DictLoader({"_base.html": OFFLINE_BASE}), flask_app.jinja_loader]
    )
    wire = ProviderWire(flask_app)
    server = werkzeug.serving.make_server("localhost", 0, wire, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield RunningProvider(f"http://localhost:{server.server_port}", wire)
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def authorize_at_provider(authorization_url: str, sub: str) -> str:
    """What the user does at the provider's page: choose the account and consent. Returns the
    callback URL the provider redirects the browser to."""
    response = requests.post(authorization_url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def callback_path(callback_url: str) -> str:
    parts = urlsplit(callback_url)
    return f"{parts.path}?{parts.query}"
