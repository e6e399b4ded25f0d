"""Dashboard Veiligheid: create_app() is the only place that wires Flask, Dash, auth, pages and
callbacks together."""

from __future__ import annotations

from pathlib import Path

import dash
from flask import Flask, jsonify
from flask_login import current_user

from dashboard.config import CONFIG_KEY, Config, load_config

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def _layout():
    from auth.safety import csrf_token
    from dashboard import pages
    from dashboard.data.session import read_session
    from dashboard.layouts import shell
    from dashboard.measures.freshness import freshness, is_demo

    with read_session() as session:
        data_date = freshness(session)
        demo = is_demo(session)
    username = getattr(current_user, "username", "")
    role = getattr(current_user, "role", "")
    # The logout form posts the session's CSRF token, so the shell is built per request anyway.
    return shell.shell(
        pages.visible(current_user), username, role, data_date, csrf_token(), demo=demo
    )


def create_app(config: Config | None = None) -> dash.Dash:
    from auth import init_auth, init_security
    from auth.dash_request import init_dash_request
    from dashboard import pages
    from dashboard.cache import init_cache
    from dashboard.callbacks import register_all
    from dashboard.data.db import make_engine, make_session_factory, ping
    from dashboard.data.session import EXTENSION_KEY, AppContext, Replica
    from dashboard.downloads import blueprint as downloads_blueprint
    from dashboard.geo import blueprint as geo_blueprint
    from dashboard.saved_views import blueprint as saved_views_blueprint

    config = config or load_config()
    config.require_serving_settings()
    server = Flask(__name__, instance_path=str(Path(config.instance_dir).resolve()))
    if config.trusted_proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = config.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n)
    server.config.update(
        SECRET_KEY=config.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.session_cookie_secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        # A bigger body is refused with 413 before anything parses it (auth/errors.py).
        MAX_CONTENT_LENGTH=config.max_request_kb * 1024,
        TESTING=config.mode == "test",
    )
    engine = make_engine(config.database_url)
    replica = (
        Replica(make_engine(config.database_replica_url, connect_timeout_s=3))
        if config.database_replica_url
        else None
    )
    server.extensions[EXTENSION_KEY] = AppContext(engine, make_session_factory(engine), replica)
    server.extensions[CONFIG_KEY] = config

    @server.get("/health")
    def health():
        if not ping(engine):
            return jsonify(status="fout", database="niet bereikbaar"), 503
        if replica is not None and not replica.usable():
            # Still 200: reads fall back to the primary; monitoring should read the field.
            return jsonify(status="ok", replica="niet bereikbaar")
        return jsonify(status="ok")

    init_cache(server, config)
    init_auth(server, config, pages.refuses)
    server.register_blueprint(geo_blueprint)
    server.register_blueprint(downloads_blueprint)
    # After init_auth: its guard runs first, so the start view only sees logged-in users.
    server.register_blueprint(saved_views_blueprint)

    app = dash.Dash(
        __name__,
        server=server,
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,
        external_stylesheets=[],
        title="Dashboard Veiligheid",
        update_title=None,
        suppress_callback_exceptions=True,
    )
    # The page is Dutch: screen readers pronounce it so, and axe-core requires the language.
    app.index_string = app.index_string.replace("<html>", '<html lang="nl">', 1)
    app.layout = _layout
    register_all(app)
    init_dash_request(app)  # after init_auth: the guard answers anonymous requests first
    init_security(app, config)
    return app
