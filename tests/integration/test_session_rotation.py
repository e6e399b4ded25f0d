"""What identifies a session changes at login and at a privilege change (OWASP ASVS 3.2.1): a
CSRF token read before is refused after, while the user stays logged in at a grant change."""

from __future__ import annotations

import itertools

import pytest

from dashboard.data.store import grants as grant_store
from dashboard.data.store import protocol
from dashboard.data.store import users as user_store
from tests.conftest import login
from tests.logout import csrf_from

_names = itertools.count()


@pytest.fixture
def account(demo_main):
    """A fresh gebruiker with the protocol accepted: (username, password, session factory)."""
    _, factory, _ = demo_main
    username, password = f"rotatie{next(_names)}", "rotatie-wachtwoord-1"
    with factory() as session, session.begin():
        user = user_store.upsert_user(
            session, username, role="gebruiker", gemeente_code="GM9901", password=password
        )
        protocol.accept(session, user.id, protocol.current_version(session).versie)
    return username, password, factory


def token_of(client) -> str:
    return csrf_from(client.get("/logout").get_data(as_text=True))


def logout_with(client, token: str) -> int:
    return client.post("/logout", data={"csrf_token": token}).status_code


def test_a_login_gives_the_session_a_new_csrf_token(app, account):
    username, password, _ = account
    client = app.server.test_client()
    before = csrf_from(client.get("/login").get_data(as_text=True))
    assert login(client, username, password).status_code == 302
    after = token_of(client)
    assert after != before
    # The token of the login form (which anyone could have planted or read) no longer counts.
    assert logout_with(client, before) == 400
    assert client.get("/_dash-layout").status_code == 200
    assert logout_with(client, after) == 302


@pytest.mark.parametrize("change", ["grant", "revoke"])
def test_a_grant_change_rotates_the_token_without_logging_out(app, account, change):
    username, password, factory = account
    if change == "revoke":
        with factory() as session, session.begin():
            grant_store.grant_theme(session, username, "hennep-drugs", by="admin")
    client = app.server.test_client()
    assert login(client, username, password).status_code == 302
    old = token_of(client)
    assert token_of(client) == old  # stable while nothing changes
    with factory() as session, session.begin():
        if change == "grant":
            assert grant_store.grant_theme(session, username, "hennep-drugs", by="admin")
        else:
            assert grant_store.revoke_theme(session, username, "hennep-drugs", by="admin")
    assert client.get("/_dash-layout").status_code == 200  # still logged in
    new = token_of(client)
    assert new != old
    assert logout_with(client, old) == 400
    assert client.get("/_dash-layout").status_code == 200
    assert logout_with(client, new) == 302
    assert client.get("/_dash-layout").status_code == 401


def test_a_copy_of_the_cookie_loses_its_token_too(app, account):
    """Each copy of a session cookie carries its own token; a privilege change makes each of
    them rotate at its own next request."""
    username, password, factory = account
    client = app.server.test_client()
    assert login(client, username, password).status_code == 302
    old = token_of(client)
    copy = app.server.test_client()
    copy.set_cookie(
        app.server.config["SESSION_COOKIE_NAME"],
        client.get_cookie(app.server.config["SESSION_COOKIE_NAME"]).value,
    )
    with factory() as session, session.begin():
        grant_store.grant_theme(session, username, "jeugd", by="admin")
    assert logout_with(copy, old) == 400
    assert copy.get("/_dash-layout").status_code == 200


def test_a_role_change_ends_the_session_and_the_next_login_has_a_new_token(app, account):
    username, password, factory = account
    client = app.server.test_client()
    assert login(client, username, password).status_code == 302
    old = token_of(client)
    with factory() as session, session.begin():
        assert user_store.set_role(session, username, "gebruiker", "GM9902", by="admin")
    assert client.get("/_dash-layout").status_code == 401
    assert login(client, username, password).status_code == 302
    assert token_of(client) != old
    assert logout_with(client, old) == 400
