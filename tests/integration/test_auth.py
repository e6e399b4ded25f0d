"""Every route needs a session except the explicit public list."""

from __future__ import annotations

import json

import pytest

from dashboard.data.store import protocol
from dashboard.data.store import users as user_store
from tests.conftest import PASSWORDS, login
from tests.logout import csrf_from, logout

PROTECTED_API = [
    ("POST", "/_dash-update-component"),
    ("GET", "/_dash-layout"),
    ("GET", "/_dash-dependencies"),
    ("GET", "/geo/gemeente.geojson"),
    ("GET", "/geo/buurt.geojson"),
    ("GET", "/_dash-component-suites/dash/dcc/dash_core_components.js"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED_API)
def test_anonymous_gets_401_and_no_data(client, method, path):
    body = {
        "output": "algemeen-titel.children",
        "inputs": [{"id": "url", "property": "search", "value": ""}],
        "changedPropIds": ["url.search"],
    }
    response = client.open(path, method=method, json=body if method == "POST" else None)
    assert response.status_code == 401
    assert b"Twente" not in response.data and b"fictief" not in response.data
    assert b"FeatureCollection" not in response.data


def test_anonymous_page_redirects_to_login_with_next(client):
    response = client.get("/?gebied=GM9901")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/?gebied%3DGM9901") or (
        "next=/?gebied=GM9901" in response.headers["Location"]
    )


def test_public_routes(client):
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/login").status_code == 200
    assert client.get("/assets/bootstrap.min.css").status_code == 200


def test_wrong_password_gets_a_clear_message(client):
    response = login(client, "gebruiker", "niet-het-wachtwoord")
    assert response.status_code == 401
    assert "Onbekende gebruikersnaam of onjuist wachtwoord" in response.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401


def test_unknown_user_gets_the_same_message(client):
    response = login(client, "niemand", "wat-dan-ook-123")
    assert "Onbekende gebruikersnaam of onjuist wachtwoord" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client):
    response = client.post("/login", data={"username": "gebruiker", "password": "gebr-wachtwoord"})
    assert response.status_code == 401
    assert "verlopen" in response.get_data(as_text=True)


def test_logged_in_user_gets_layout_data_and_geometry(user_client):
    assert user_client.get("/_dash-layout").status_code == 200
    geo = user_client.get("/geo/buurt.geojson")
    assert geo.status_code == 200
    data = json.loads(geo.data)
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 33
    assert "private" in geo.headers["Cache-Control"]
    again = user_client.get("/geo/buurt.geojson", headers={"If-None-Match": geo.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert user_client.get("/geo/provincie.geojson").status_code == 404
    # The fictional region delivers only buurten: wijken and gemeenten are their union.
    for level, expected in (("wijk", 9), ("gemeente", 3)):
        features = json.loads(user_client.get(f"/geo/{level}.geojson").data)["features"]
        assert len(features) == expected
        assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)


def test_next_parameter_cannot_leave_the_site(client):
    page = client.get("/login")
    assert page.status_code == 200
    response = login_with_next(client, "https://evil.example/steal")
    assert response.headers["Location"] == "/"


def login_with_next(client, next_url):
    import re

    page = client.get("/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    return client.post(
        "/login",
        data={
            "username": "gebruiker",
            "password": "gebr-wachtwoord",
            "csrf_token": token,
            "next": next_url,
        },
    )


def test_next_parameter_returns_to_the_shared_view(client):
    response = login_with_next(client, "/?gebied=GM9901&periode=4w")
    assert response.headers["Location"] == "/?gebied=GM9901&periode=4w"


def test_disabled_user_cannot_log_in_and_loses_open_session(app, demo_main):
    _, factory, _ = demo_main
    with factory() as session, session.begin():
        user = user_store.upsert_user(
            session, "tijdelijk", role="gebruiker", gemeente_code="GM9901", password="tijdelijk-123"
        )
        protocol.accept(session, user.id, protocol.current_version(session).versie)
    client = app.server.test_client()
    assert login(client, "tijdelijk", "tijdelijk-123").status_code == 302
    assert client.get("/_dash-layout").status_code == 200
    with factory() as session, session.begin():
        user_store.disable_user(session, "tijdelijk")
    assert client.get("/_dash-layout").status_code == 401
    fresh = app.server.test_client()
    response = login(fresh, "tijdelijk", "tijdelijk-123")
    assert response.status_code == 401
    assert "uitgeschakeld" in response.get_data(as_text=True)


def test_passwords_are_stored_as_argon2id(demo_main):
    _, factory, _ = demo_main
    with factory() as session:
        user = user_store.get_user(session, "gebruiker")
        assert user.password_hash.startswith("$argon2id$")
        assert "gebr-wachtwoord" not in user.password_hash


def test_logout_ends_the_session(user_client):
    response = logout(user_client)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert user_client.get("/_dash-layout").status_code == 401


def test_a_get_of_logout_only_asks_to_confirm(user_client):
    """A link or an image on another site (GET) cannot end the session: the user sees a
    confirm form that posts the token."""
    page = user_client.get("/logout")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Wilt u uitloggen?" in html and 'action="/logout"' in html and 'method="post"' in html
    assert user_client.get("/_dash-layout").status_code == 200


@pytest.mark.parametrize("token", [None, "", "vervalst-token"])
def test_a_logout_post_without_the_right_token_is_refused(user_client, token):
    data = {} if token is None else {"csrf_token": token}
    response = user_client.post("/logout", data=data)
    assert response.status_code == 400
    assert "Het formulier is verlopen" in response.get_data(as_text=True)
    assert user_client.get("/_dash-layout").status_code == 200


def shell_logout_form(layout: dict) -> dict:
    """The Form component of the shell that posts to /logout (walked from the layout JSON)."""
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            props = node.get("props", {})
            if node.get("type") == "Form" and props.get("action") == "/logout":
                return props
            stack.extend(props.values() if "props" in node else node.values())
    raise AssertionError("the shell has no logout form")


def test_the_shell_logs_out_with_a_post_form_and_its_token(user_client):
    form = shell_logout_form(user_client.get("/_dash-layout").get_json())
    assert form["method"] == "post"
    fields = {c["props"]["name"]: c["props"] for c in form["children"] if "name" in c["props"]}
    assert fields["csrf_token"]["type"] == "hidden"
    response = user_client.post("/logout", data={"csrf_token": fields["csrf_token"]["value"]})
    assert response.status_code == 302
    assert user_client.get("/_dash-layout").status_code == 401


def test_a_login_does_not_return_to_the_logout_form(client):
    page = client.get("/login?next=/logout")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post(
        "/login",
        data={
            "username": "gebruiker",
            "password": PASSWORDS["gebruiker"],
            "csrf_token": token,
            "next": "/logout",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_session_cookie_flags(client):
    response = login(client, "gebruiker")
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies and "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]
