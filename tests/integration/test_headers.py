"""Security headers on every kind of response, error pages without tracebacks, and a database
outage that gives 503 and heals by itself (issue 9).

The apps here run in production mode (no TESTING flag), so an exception reaches the error
handlers exactly as under gunicorn."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import shutil
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from auth.headers import content_security_policy, inline_script_hashes, tile_source
from dashboard import create_app
from dashboard.config import PDOK_ATTRIBUTION, PDOK_GREY_TILES, Config, load_config
from dashboard.data.db import make_engine, make_session_factory, upgrade_schema
from dashboard.data.session import EXTENSION_KEY
from dashboard.data.store import protocol, users
from dashboard.layouts.components.frame import PAGE, URL
from tests.conftest import PG_ADMIN_URL, build_demo_db, login, pg_admin_engine
from tests.dash_requests import post_callback, value

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
DATABASE_DOWN = "De database is niet bereikbaar; probeer het over een paar minuten opnieuw."
BOOM = "kapot-door-de-test"
TRACE_MARKERS = ("Traceback", 'File "', BOOM, "RuntimeError", "werkzeug", "sqlalchemy")


def _boom():
    raise RuntimeError(BOOM)


def _query_fault():
    from dashboard.data.session import read_session

    with read_session() as session:
        session.execute(text("SELECT * FROM bestaat_niet"))


def production_app(url: str, tmp_path, **overrides):
    """The app as gunicorn runs it, plus test-only routes that fail (added here, never in
    the app itself)."""
    config = Config(
        mode="production",
        database_url=url,
        secret_key="headers-test-secret",
        instance_dir=tmp_path,
        **overrides,
    )
    app = create_app(config)
    app.server.add_url_rule("/test-fout", "test_fout", _boom)
    app.server.add_url_rule("/_dash-test-fout", "test_dash_fout", _boom, methods=["GET", "POST"])
    app.server.add_url_rule("/test-sql-fout", "test_sql_fout", _query_fault)
    return app


def dispose(app) -> None:
    app.server.extensions[EXTENSION_KEY].engine.dispose()


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A SQLite demo file on either test pass: these tests copy it, and move it away for an
    outage (PostgreSQL outages have tests of their own)."""
    path = tmp_path_factory.mktemp("headers") / "snapshot.db"
    engine, _, _ = build_demo_db(f"sqlite:///{path}", seed=11, scale=0.05, years=1)
    with engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))  # one file to copy
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def app(snapshot, tmp_path_factory):
    directory = tmp_path_factory.mktemp("headers-app")
    path = directory / "db.sqlite"
    shutil.copy(snapshot, path)
    app = production_app(f"sqlite:///{path}", directory)
    yield app
    dispose(app)


@pytest.fixture
def anon(app):
    return app.server.test_client()


@pytest.fixture
def gebruiker(app):
    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    return client


@pytest.fixture
def admin(app):
    client = app.server.test_client()
    assert login(client, "admin").status_code == 302
    return client


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


def assert_security_headers(response, *, no_store: bool | None = True) -> None:
    for name, expected in SECURITY_HEADERS.items():
        assert response.headers.get(name) == expected, name
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "microphone=()" in response.headers["Permissions-Policy"]
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP here
    if no_store is True:
        assert "no-store" in response.headers.get("Cache-Control", "")
    elif no_store is False:
        assert "no-store" not in response.headers.get("Cache-Control", "")


def assert_no_traceback(response) -> None:
    body = response.get_data(as_text=True)
    for marker in TRACE_MARKERS:
        assert marker not in body, marker


# --- the headers on every kind of response -----------------------------------------------------


def test_login_page(anon):
    response = anon.get("/login")
    assert response.status_code == 200
    assert_security_headers(response)


def test_index_allows_exactly_its_inline_scripts(gebruiker):
    response = gebruiker.get("/")
    assert response.status_code == 200
    assert_security_headers(response)
    html = response.get_data(as_text=True)
    # The bootstrap script of the renderer runs inline; the config is a JSON data block.
    assert '<script id="_dash-renderer" type="application/javascript">' in html
    assert '<script id="_dash-config" type="application/json">' in html
    renderer = re.search(r'<script id="_dash-renderer"[^>]*>(.*?)</script>', html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(renderer.encode()).digest()).decode()
    script_src = csp_directives(response)["script-src"]
    assert f"'sha256-{digest}'" in script_src
    assert script_src[0] == "'self'"
    assert all(s.startswith("'sha256-") for s in script_src[1:])
    assert set(script_src[1:]) == set(inline_script_hashes(html))


def test_dash_json(gebruiker):
    for path in ("/_dash-layout", "/_dash-dependencies"):
        response = gebruiker.get(path)
        assert response.status_code == 200, path
        assert response.is_json
        assert_security_headers(response)
    response = post_callback(
        gebruiker, PAGE, [value(URL, "pathname", "/")], [value(URL, "search", "")]
    )
    assert response.status_code == 200
    assert_security_headers(response)


def test_static_files_stay_cacheable(gebruiker, anon):
    response = anon.get("/assets/dashboard.css")
    assert response.status_code == 200
    assert_security_headers(response, no_store=False)
    bundle = re.search(r'src="(/_dash-component-suites/[^"]+)"', gebruiker.get("/").text).group(1)
    response = gebruiker.get(bundle)
    assert response.status_code == 200
    assert_security_headers(response, no_store=False)
    assert "max-age" in response.headers["Cache-Control"]  # versioned by Dash


def test_download(admin):
    response = admin.get("/download/auditlog.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert_security_headers(response)


def test_geojson_keeps_its_private_caching(gebruiker):
    response = gebruiker.get("/geo/gemeente.geojson")
    assert response.status_code == 200
    assert_security_headers(response, no_store=None)
    assert response.headers["Cache-Control"] == "private, max-age=3600"


def test_health(anon):
    response = anon.get("/health")
    assert response.status_code == 200
    assert_security_headers(response)


def test_401(anon):
    response = anon.get("/_dash-layout")
    assert response.status_code == 401
    assert_security_headers(response)


def test_403(gebruiker):
    response = gebruiker.get("/beheer")
    assert response.status_code == 403
    assert_security_headers(response)


def test_404_is_a_dutch_page(gebruiker):
    response = gebruiker.get("/assets/bestaat-niet.css")
    assert response.status_code == 404
    assert "Niet gevonden" in response.text
    assert_security_headers(response, no_store=None)
    response = gebruiker.get("/geo/onbekend.geojson")  # fetched by the map: JSON
    assert response.status_code == 404
    assert response.get_json() == {"error": "niet gevonden"}
    assert_security_headers(response)
    response = gebruiker.get("/_dash-component-suites/dash/bestaat-niet.js")
    assert response.status_code == 404
    assert "registered paths" not in response.text  # Dash's message lists every bundle
    assert_security_headers(response, no_store=None)


def test_500_is_a_dutch_page_without_traceback(gebruiker, caplog):
    with caplog.at_level(logging.ERROR):
        response = gebruiker.get("/test-fout")
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    assert "Er ging iets mis" in response.text
    assert "Alleen voor intern gebruik" in response.text
    assert_no_traceback(response)
    assert_security_headers(response)
    # ... but the server log has the whole exception.
    logged = [r for r in caplog.records if r.exc_info and BOOM in str(r.exc_info[1])]
    assert logged, "the exception is logged server-side"


def test_500_of_a_dash_request_is_json(gebruiker):
    for method in ("get", "post"):
        response = getattr(gebruiker, method)("/_dash-test-fout")
        assert response.status_code == 500
        assert response.get_json() == {"error": "interne fout"}
        assert_no_traceback(response)
        assert_security_headers(response)


def test_a_fault_in_a_query_is_a_500_not_an_outage(gebruiker, caplog):
    """SQLite reports "no such table" as an OperationalError, like a missing file: only the
    latter is the database being away."""
    with caplog.at_level(logging.ERROR):
        response = gebruiker.get("/test-sql-fout")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.text
    assert_no_traceback(response)
    assert "bestaat_niet" not in response.text
    assert any(r.exc_info and "bestaat_niet" in str(r.exc_info[1]) for r in caplog.records)


# --- configuration -----------------------------------------------------------------------------


def test_hsts_only_with_secure_cookies(snapshot, tmp_path):
    path = tmp_path / "db.sqlite"
    shutil.copy(snapshot, path)
    tiles = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
    secure = production_app(
        f"sqlite:///{path}", tmp_path, session_cookie_secure=True, tile_url=tiles
    )
    try:
        response = secure.server.test_client().get("/login", base_url="https://localhost")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
        assert "https://*.tile.openstreetmap.org" in csp_directives(response)["img-src"]
    finally:
        dispose(secure)


def test_flask_debug_in_the_environment_does_not_show_tracebacks(snapshot, tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    path = tmp_path / "db.sqlite"
    shutil.copy(snapshot, path)
    app = production_app(f"sqlite:///{path}", tmp_path)
    try:
        assert app.server.debug is False
        client = app.server.test_client()
        login(client, "gebruiker")
        response = client.get("/test-fout")
        assert response.status_code == 500
        assert_no_traceback(response)
    finally:
        dispose(app)


def test_tile_source():
    assert tile_source("") is None
    assert tile_source("/tegels/{z}/{x}/{y}.png") is None  # 'self'
    assert tile_source("https://tiles.example.nl/{z}/{x}/{y}.png") == "https://tiles.example.nl"
    assert tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )
    assert tile_source("https://{s}.example/{z}.png") is None  # would be a bare wildcard
    policy = content_security_policy([], "https://kaart.example.nl:8443/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://kaart.example.nl:8443;" in policy


def test_inline_script_hashes_skip_data_blocks_and_comments():
    html = (
        "<!--[if IE]><script>alert(1)</script><![endif]-->"
        '<script id="c" type="application/json">{"a": 1}</script>'
        '<script src="/x.js"></script>'
        '<script type="application/javascript">var a = 1;</script>'
        "<script>var b = 2;</script>"
    )
    expected = [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in ("var a = 1;", "var b = 2;")
    ]
    assert inline_script_hashes(html) == expected


# --- a database outage -------------------------------------------------------------------------


def assert_database_down(client) -> None:
    page = client.get("/")
    assert page.status_code == 503
    assert DATABASE_DOWN in page.text
    assert page.headers["Retry-After"].isdigit()
    assert_no_traceback(page)
    assert_security_headers(page)
    data = client.get("/_dash-layout")
    assert data.status_code == 503
    assert data.get_json() == {"error": "database niet bereikbaar"}
    assert_security_headers(data)
    update = client.post("/_dash-update-component", json={"output": PAGE + ".children"})
    assert update.status_code == 503
    assert update.get_json() == {"error": "database niet bereikbaar"}
    health = client.get("/health")
    assert health.status_code == 503


def assert_database_back(client) -> None:
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    response = post_callback(
        client, PAGE, [value(URL, "pathname", "/")], [value(URL, "search", "")]
    )
    assert response.status_code == 200
    assert client.get("/health").get_json() == {"status": "ok"}


def sqlite_app(snapshot, tmp_path):
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copy(snapshot, directory / "db.sqlite")
    return directory, production_app(f"sqlite:///{directory / 'db.sqlite'}", tmp_path)


def test_sqlite_outage_gives_503_and_heals(snapshot, tmp_path):
    directory, app = sqlite_app(snapshot, tmp_path)
    moved = tmp_path / "elders"
    try:
        client = app.server.test_client()
        login(client, "gebruiker")
        assert_database_back(client)
        # The file system goes away: open connections go with it, new ones cannot be made.
        dispose(app)
        directory.rename(moved)
        assert_database_down(client)
        moved.rename(directory)
        assert_database_back(client)  # no restart
    finally:
        if moved.exists():
            moved.rename(directory)
        dispose(app)


def test_outage_at_the_first_request_heals_too(snapshot, tmp_path):
    """Dash builds the layout once at the first request of any kind; when that fails it does
    not try again, and the app must still work once the database is back."""
    directory, app = sqlite_app(snapshot, tmp_path)
    moved = tmp_path / "elders"
    try:
        directory.rename(moved)
        client = app.server.test_client()
        response = client.get("/login")  # Dash's setup builds the layout: 503
        assert response.status_code == 503
        assert DATABASE_DOWN in response.text
        assert_security_headers(response)
        assert client.get("/login").status_code == 200  # needs no database itself
        assert client.get("/health").status_code == 503
        moved.rename(directory)
        login(client, "gebruiker")
        assert_database_back(client)
    finally:
        if moved.exists():
            moved.rename(directory)
        dispose(app)


@pytest.fixture
def pg_throwaway():
    """A PostgreSQL database of this test only: it is closed to connections and opened again,
    which the shared database of the other tests must not see."""
    admin = pg_admin_engine()
    name = f"veiligheid_test_outage_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield admin, name, url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true'))
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def test_postgresql_outage_gives_503_and_heals(pg_throwaway, tmp_path):
    admin, name, url = pg_throwaway
    engine = make_engine(url)
    upgrade_schema(engine)
    with make_session_factory(engine)() as session, session.begin():
        user = users.add_user(
            session, "gebruiker", role="gebruiker", gemeente_code=None, password="pg-wachtwoord"
        )
        protocol.accept(session, user.id, protocol.current_version(session).versie, by="test")
    engine.dispose()
    app = production_app(url, tmp_path)
    try:
        client = app.server.test_client()
        assert login(client, "gebruiker", "pg-wachtwoord").status_code == 302
        assert client.get("/_dash-layout").status_code == 200
        # The database stops taking connections and drops the open ones (the pool still holds
        # one: the pre-ping finds it dead and the new connection is refused).
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false'))
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
        assert_database_down(client)
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true'))
        assert client.get("/").status_code == 200
        assert client.get("/_dash-layout").status_code == 200
        assert client.get("/health").get_json() == {"status": "ok"}
    finally:
        dispose(app)


def test_the_pdok_background_map_is_allowed_only_when_it_is_on(snapshot, tmp_path):
    """Production and the demo show PDOK's grey BRT-Achtergrondkaart (issue 21): its host is in
    the policy then, and in no policy of a test configuration, which has no tiles."""
    pdok = load_config({})  # production defaults
    assert pdok.tile_url == PDOK_GREY_TILES and pdok.tile_attribution == PDOK_ATTRIBUTION
    assert load_config({"VEILIGHEID_MODE": "demo"}).tile_url == PDOK_GREY_TILES
    assert load_config({"VEILIGHEID_MODE": "test"}).tile_url == ""
    assert load_config({"VEILIGHEID_TILE_URL": "uit"}).tile_url == ""
    path = tmp_path / "db.sqlite"
    shutil.copy(snapshot, path)
    on = production_app(
        f"sqlite:///{path}",
        tmp_path,
        tile_url=pdok.tile_url,
        tile_attribution=pdok.tile_attribution,
    )
    try:
        img = csp_directives(on.server.test_client().get("/login"))["img-src"]
        assert "https://service.pdok.nl" in img
    finally:
        dispose(on)
    off = production_app(f"sqlite:///{path}", tmp_path)  # Config(): as the tests run
    try:
        img = csp_directives(off.server.test_client().get("/login"))["img-src"]
        assert img == ["'self'", "data:"]
    finally:
        dispose(off)
