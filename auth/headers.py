"""Security headers on every response, the Content-Security-Policy first.

Dash serves its bundles from this server (serve_locally=True), so scripts come from 'self'. The
index page also holds inline scripts: the JSON config block (a data block, which CSP does not
govern) and the renderer bootstrap (`var renderer = new DashRenderer();`), plus one per inline
clientside callback. Those executable inline scripts are allowed by their sha256 hash, computed
once from the rendered index; no 'unsafe-inline' and no 'unsafe-eval' for scripts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

import dash
from flask import Flask, Response, current_app, request

from dashboard.config import Config

EXTENSION_KEY = "veiligheid.csp"
# Versioned bundles and assets: the browser may cache them (Dash sets their Cache-Control).
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")
HSTS = "max-age=31536000"
PERMISSIONS_POLICY = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"
# Script types a browser executes; anything else (application/json, ...) is a data block.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(html: str) -> list[str]:
    """CSP hashes of the executable inline scripts of a page. Scripts inside HTML comments (the
    IE conditional comment of Dash's index) never run and are left out."""
    hashes = []
    for attrs, body in _SCRIPT.findall(_COMMENT.sub("", html)):
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") not in EXECUTABLE_TYPES:
            continue
        hashes.append(_sha256(body))
    return list(dict.fromkeys(hashes))


def index_script_hashes(app: dash.Dash) -> list[str]:
    """Hashes of the inline scripts of Dash's index page, as the browser receives it, together
    with the ones Dash reports itself (renderer and inline clientside callbacks)."""
    with app.server.test_request_context("/"):
        html = app.index()
    return list(dict.fromkeys(inline_script_hashes(html) + list(app.csp_hashes("sha256"))))


def tile_source(tile_url: str) -> str | None:
    """The CSP source of a Leaflet tile URL template: `https://{s}.tile.example.org/{z}/...`
    becomes `https://*.tile.example.org`. None for a relative URL ('self' covers it) or a host
    that is all placeholder."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url)
    if not parts.scheme or not parts.netloc:
        return None
    labels = parts.netloc.split(".")
    templated = [i for i, label in enumerate(labels) if "{" in label or "}" in label]
    if templated:
        rest = labels[templated[-1] + 1 :]
        if len(rest) < 2:
            return None
        labels = ["*", *rest]
    return f"{parts.scheme}://{'.'.join(labels)}"


def content_security_policy(script_hashes: list[str], tile_url: str = "") -> str:
    img = ["'self'", "data:"]
    tiles = tile_source(tile_url)
    if tiles:
        img.append(tiles)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        # React and plotly set inline styles; styles cannot run code.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": img,
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _policy(app: dash.Dash, config: Config) -> str:
    """Built once, at the first response: by then every callback (and so every inline
    clientside script) is registered, whatever the order in create_app."""
    policy = current_app.extensions.get(EXTENSION_KEY)
    if policy is None:
        policy = content_security_policy(index_script_hashes(app), config.tile_url)
        current_app.extensions[EXTENSION_KEY] = policy
    return policy


def init_headers(app: dash.Dash, config: Config) -> None:
    server: Flask = app.server

    @server.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", _policy(app, config))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if config.session_cookie_secure:  # served over TLS
            headers.setdefault("Strict-Transport-Security", HSTS)
        # Pages and data hold what only this user may see: no cache keeps them. A response that
        # chose its own caching (the GeoJSON boundaries: private, versioned by ETag) keeps it,
        # and a 304 carries no body to protect.
        static = request.path.startswith(STATIC_PREFIXES)
        if not static and response.status_code != 304:
            headers.setdefault("Cache-Control", "no-store")
        return response
