"""Single sign-on (issue 11) against a real OpenID Connect provider on loopback: the whole
authorization code flow with PKCE through the app's own routes, and every refusal the issue names
(refused tenant, tampered token, expired token, replayed state), plus the account mapping."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re

import pytest
from sqlalchemy import select

from auth.sessions import CLOCK_KEY
from dashboard import create_app
from dashboard.config import Config
from dashboard.data.models import User
from dashboard.data.store import audit, users
from dashboard.data.store import grants as grant_store
from dashboard.layouts.beheer import BEHEER
from tests.conftest import REPO, database_copy, login, shared_demo_snapshot
from tests.dash_requests import post_callback, value
from tests.oidc_provider import (
    CLIENT_ID,
    TENANT,
    authorize_at_provider,
    callback_path,
    running_provider,
)

OID = "00000000-0000-0000-0000-00000000a001"


class Clock:
    """The app's clock: real time shifted by the test (the provider signs with real time)."""

    def __init__(self):
        self.offset = dt.timedelta()

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC).replace(tzinfo=None) + self.offset


@pytest.fixture(scope="module")
def provider():
    with running_provider() as running:
        yield running


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("sso"), seed=5, scale=0.05, years=1)


@pytest.fixture
def database(snapshot, tmp_path):
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        yield url, factory


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def make(database, provider, clock):
    """make(**provider_settings, **config_settings) -> (app, test client)."""
    url, _ = database
    apps = []

    def build(local_login: bool = True, sso_session_hours: int = 10, **provider_settings):
        config = Config(
            mode="test",
            database_url=url,
            secret_key="test-secret",
            instance_dir=REPO / "instance",
            oidc_providers=(provider.settings(**provider_settings),),
            local_login=local_login,
            sso_session_hours=sso_session_hours,
            idle_timeout_minutes=24 * 60,
        )
        app = create_app(config)
        app.server.extensions[CLOCK_KEY] = clock
        apps.append(app)
        return app, app.server.test_client()

    return build


def link(factory, username: str, subject: str = OID) -> None:
    with factory() as session, session.begin():
        users.link_sso(session, username, "entra", subject, by="admin")


def sign_in(client, provider, sub: str, next_url: str = "/"):
    """Start at the app, consent at the provider, return the app's answer to the callback."""
    start = client.get(f"/login/sso/entra?next={next_url}")
    assert start.status_code == 302
    callback = authorize_at_provider(start.headers["Location"], sub)
    return client.get(callback_path(callback)), callback


def logged_in(client) -> bool:
    return client.get("/_dash-layout").status_code == 200


def failures(factory) -> list[dict]:
    with factory() as session:
        return [
            audit.details_of(e) for e in audit.events(session, None) if e.actie == "login_mislukt"
        ]


def test_a_linked_work_account_logs_in_with_pkce_and_nonce(make, database, provider):
    _, factory = database
    link(factory, "gebruiker")
    provider.set_user("sso-user-1", oid=OID, tid=TENANT, preferred_username="g.bruiker@hengelo.nl")
    _, client = make()
    response, _ = sign_in(client, provider, "sso-user-1", next_url="/thema")
    assert response.status_code == 302
    assert response.headers["Location"] == "/thema"
    assert logged_in(client)
    # PKCE: the authorization request carried an S256 challenge of the verifier sent later.
    authorize = provider.wire.last("/oauth2/authorize")
    token = provider.wire.last("/oauth2/token")
    verifier = token.form["code_verifier"][0]
    digest = hashlib.sha256(verifier.encode()).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert authorize.query["code_challenge_method"] == ["S256"]
    assert authorize.query["code_challenge"] == [challenge]
    assert len(authorize.query["nonce"][0]) >= 32 and len(authorize.query["state"][0]) >= 32
    with factory() as session:
        user = users.get_user(session, "gebruiker")
        assert user.display_name == "g.bruiker@hengelo.nl"
        login_event = next(e for e in audit.events(session, 5) if e.actie == "login")
        assert login_event.username == "gebruiker"
        assert audit.details_of(login_event) == {"via": "entra"}


def test_a_replayed_state_is_refused(make, database, provider):
    _, factory = database
    link(factory, "gebruiker")
    provider.set_user("sso-user-1", oid=OID, tid=TENANT)
    _, client = make()
    first, callback = sign_in(client, provider, "sso-user-1")
    assert first.status_code == 302
    client.post("/logout", data={"csrf_token": csrf(client)})
    assert not logged_in(client)
    again = client.get(callback_path(callback))
    assert again.status_code == 400
    assert "verlopen of al gebruikt" in again.get_data(as_text=True)
    assert not logged_in(client)
    # Another browser (no pending login in its session) cannot use somebody's callback either.
    _, other = make()
    assert other.get(callback_path(callback)).status_code == 400
    assert failures(factory)[0]["reden"] == "state onbekend of al gebruikt"


def csrf(client) -> str:
    page = client.get("/logout").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _swap_payload(token: str, **changes) -> str:
    head, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims.update(changes)
    new_body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{new_body}.{signature}"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda t: _swap_payload(t, oid="someone-else"), id="claims-changed"),
        pytest.param(lambda t: t[:-6] + ("AAAAAA" if t[-6:] != "AAAAAA" else "BBBBBB"), id="sig"),
        pytest.param(
            lambda t: (
                base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
                + "."
                + t.split(".")[1]
                + "."
            ),
            id="alg-none",
        ),
    ],
)
def test_a_tampered_id_token_is_refused(make, database, provider, tamper):
    _, factory = database
    link(factory, "gebruiker")
    link(factory, "projectleider", "someone-else")
    provider.set_user("sso-user-1", oid=OID, tid=TENANT)
    _, client = make()
    provider.wire.rewrite_id_token = tamper
    try:
        response, _ = sign_in(client, provider, "sso-user-1")
    finally:
        provider.wire.rewrite_id_token = None
    assert response.status_code == 401
    assert "kon niet worden gecontroleerd" in response.get_data(as_text=True)
    assert not logged_in(client)
    assert failures(factory)[0]["reden"].startswith("ID-token")


def test_an_expired_id_token_is_refused_and_the_clock_skew_is_bounded(
    make, database, provider, clock
):
    _, factory = database
    link(factory, "gebruiker")
    provider.set_user("sso-user-1", oid=OID, tid=TENANT)
    _, client = make(clock_skew_s=120)
    # The provider's tokens live one hour: 61 minutes later (beyond 2 minutes' skew) is too late.
    clock.offset = dt.timedelta(minutes=63)
    response, _ = sign_in(client, provider, "sso-user-1")
    assert response.status_code == 401
    assert not logged_in(client)
    assert failures(factory)[0]["reden"] == "ID-token verlopen"
    # Within the skew a clock running a minute ahead of the provider's is accepted.
    clock.offset = dt.timedelta(minutes=61)
    response, _ = sign_in(client, provider, "sso-user-1")
    assert response.status_code == 302 and logged_in(client)


def test_a_token_issued_in_the_future_beyond_the_skew_is_refused(make, database, provider, clock):
    _, factory = database
    link(factory, "gebruiker")
    provider.set_user("sso-user-1", oid=OID, tid=TENANT)
    _, client = make(clock_skew_s=60)
    clock.offset = -dt.timedelta(minutes=5)
    response, _ = sign_in(client, provider, "sso-user-1")
    assert response.status_code == 401
    assert failures(factory)[0]["reden"] == "ID-token: claim iat ongeldig"


def test_a_tenant_that_is_not_allowed_is_refused(make, database, provider):
    _, factory = database
    link(factory, "gebruiker")
    provider.set_user("sso-user-1", oid=OID, tid="tenant-elders")
    _, client = make()
    response, _ = sign_in(client, provider, "sso-user-1")
    assert response.status_code == 403
    assert "niet aangesloten" in response.get_data(as_text=True)
    assert not logged_in(client)
    assert failures(factory)[0] == {
        "gebruikersnaam": "(onbekend)",
        "reden": "tenant niet toegestaan",
        "via": "entra",
    }


def test_an_unknown_account_is_refused_and_told_its_code(make, database, provider):
    _, factory = database
    provider.set_user("sso-new", oid="oid-new-1", tid=TENANT)
    _, client = make(unknown_users="refuse")
    response, _ = sign_in(client, provider, "sso-new")
    assert response.status_code == 403
    assert "oid-new-1" in response.get_data(as_text=True)
    with factory() as session:
        assert users.get_user_by_sso(session, "entra", "oid-new-1") is None
    assert failures(factory)[0]["reden"] == "onbekend werkaccount"


def test_an_unknown_account_is_created_without_grants_and_matched_by_oid(make, database, provider):
    _, factory = database
    provider.set_user("sso-new", oid="oid-new-2", tid=TENANT, email="a.de.vries@almelo.nl")
    _, client = make(unknown_users="create")
    response, _ = sign_in(client, provider, "sso-new")
    assert response.status_code == 302
    # A new account accepts the user protocol first, like a local one.
    assert client.get("/").headers["Location"].startswith("/protocol")
    with factory() as session:
        user = users.get_user_by_sso(session, "entra", "oid-new-2")
        assert (user.username, user.role, user.gemeente_code) == (
            "a.de.vries.almelo.nl",
            "gebruiker",
            None,
        )
        assert grant_store.themes_of(session, user.id) == frozenset()
        assert not users.verify_password(user, users.NO_PASSWORD)
    # A changed e-mail address is the same person: the oid decides.
    provider.set_user("sso-new", oid="oid-new-2", tid=TENANT, email="a.vries@almelo.nl")
    _, second = make(unknown_users="create")
    assert sign_in(second, provider, "sso-new")[0].status_code == 302
    with factory() as session:
        matches = session.scalars(select(User).where(User.sso_subject == "oid-new-2")).all()
        assert [u.display_name for u in matches] == ["a.vries@almelo.nl"]


def test_a_sso_account_cannot_log_in_with_a_password(make, provider):
    provider.set_user("sso-new", oid="oid-new-3", tid=TENANT, email="b@almelo.nl")
    _, client = make(unknown_users="create")
    sign_in(client, provider, "sso-new")
    _, other = make()
    assert login(other, "b.almelo.nl", "!sso").status_code == 401


def test_group_claims_set_role_gemeente_and_themes_at_every_login(make, database, provider):
    _, factory = database
    mapping = {
        "unknown_users": "create",
        "group_roles": {"grp-pl": "projectleider"},
        "group_gemeenten": {"grp-hengelo": "GM0164", "grp-almelo": "GM0141"},
        "group_themes": {"grp-hennep": "hennep-drugs", "grp-cyber": "cybercrime"},
    }
    provider.set_user(
        "sso-g", oid="oid-g", tid=TENANT, groups=["grp-hengelo", "grp-hennep", "grp-cyber"]
    )
    _, client = make(**mapping)
    assert sign_in(client, provider, "sso-g")[0].status_code == 302
    with factory() as session:
        user = users.get_user_by_sso(session, "entra", "oid-g")
        assert (user.role, user.gemeente_code) == ("gebruiker", "GM0164")
        assert grant_store.themes_of(session, user.id) == {"hennep-drugs", "cybercrime"}
    # The municipality takes a group away and adds the project lead group.
    provider.set_user(
        "sso-g", oid="oid-g", tid=TENANT, groups=["grp-hengelo", "grp-pl", "grp-hennep"]
    )
    _, again = make(**mapping)
    assert sign_in(again, provider, "sso-g")[0].status_code == 302
    # The role change ended the older session, not this new one (both still owe the protocol).
    assert again.get("/_dash-layout").status_code == 403
    assert client.get("/_dash-layout").status_code == 401
    with factory() as session:
        user = users.get_user_by_sso(session, "entra", "oid-g")
        assert user.role == "projectleider"
        assert grant_store.themes_of(session, user.id) == {"hennep-drugs"}
        revoked = [e for e in audit.events(session, None) if e.actie == "thema_ingetrokken"]
        assert revoked[0].username == "sso:entra"
    # Groups of two gemeenten: refused with a message, not a silent pick.
    provider.set_user("sso-g", oid="oid-g", tid=TENANT, groups=["grp-hengelo", "grp-almelo"])
    _, third = make(**mapping)
    response, _ = sign_in(third, provider, "sso-g")
    assert response.status_code == 403 and "meer dan één gemeente" in response.get_data(
        as_text=True
    )


def test_a_disabled_account_is_refused(make, database, provider):
    _, factory = database
    link(factory, "gebruiker")
    with factory() as session, session.begin():
        users.set_active(session, "gebruiker", False, by="admin")
    provider.set_user("sso-user-1", oid=OID, tid=TENANT)
    _, client = make()
    response, _ = sign_in(client, provider, "sso-user-1")
    assert response.status_code == 403 and "uitgeschakeld" in response.get_data(as_text=True)
    assert not logged_in(client)


def test_local_logins_can_be_switched_off(make, database, provider):
    _, factory = database
    link(factory, "gebruiker")
    provider.set_user("sso-user-1", oid=OID, tid=TENANT)
    _, client = make(local_login=False)
    page = client.get("/login").get_data(as_text=True)
    assert 'name="password"' not in page and "/login/sso/entra" in page
    assert login_without_form(client).status_code == 403
    assert not logged_in(client)
    assert sign_in(client, provider, "sso-user-1")[0].status_code == 302


def login_without_form(client):
    return client.post("/login", data={"username": "admin", "password": "demo-admin"})


def test_logout_ends_the_session_and_offers_the_providers_logout(make, database, provider):
    _, factory = database
    link(factory, "gebruiker")
    provider.set_user("sso-user-1", oid=OID, tid=TENANT)
    _, client = make()
    sign_in(client, provider, "sso-user-1")
    page = client.post("/logout", data={"csrf_token": csrf(client)})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    href = re.search(r'href="([^"]+)" id="provider-logout"', html).group(1).replace("&amp;", "&")
    assert href == (
        f"{provider.base}/oauth2/end_session?client_id={CLIENT_ID}"
        "&post_logout_redirect_uri=http%3A%2F%2Flocalhost%2Flogin"
    )
    assert not logged_in(client)


def test_a_sso_session_ends_after_its_maximum_age(make, database, provider, clock):
    _, factory = database
    link(factory, "gebruiker")
    provider.set_user("sso-user-1", oid=OID, tid=TENANT)
    _, client = make(sso_session_hours=1)
    sign_in(client, provider, "sso-user-1")
    clock.offset = dt.timedelta(minutes=30)
    assert logged_in(client)
    clock.offset = dt.timedelta(minutes=61)
    assert not logged_in(client)
    assert "werkaccount is verlopen" in client.get("/login").get_data(as_text=True)


def test_an_unreachable_provider_gets_a_clear_page(database, clock, tmp_path):
    url, factory = database
    from dashboard.config_sso import OidcProvider

    dead = OidcProvider(
        name="entra",
        label="Werkaccount",
        discovery_url="http://127.0.0.1:9/.well-known/openid-configuration",
        client_id="x",
        client_secret="y",
    )
    config = Config(
        mode="test",
        database_url=url,
        secret_key="test-secret",
        instance_dir=REPO / "instance",
        oidc_providers=(dead,),
    )
    client = create_app(config).server.test_client()
    response = client.get("/login/sso/entra")
    assert response.status_code == 502
    assert "niet bereikbaar" in response.get_data(as_text=True)
    assert failures(factory)[0]["reden"] == "provider onbereikbaar"
    assert client.get("/login/sso/onbekend").status_code == 404


def admin_callback(client, output_id: str, trigger: str, states: dict):
    return post_callback(
        client,
        output_id,
        [value(trigger, "n_clicks", 1)],
        [value(component, "value", v) for component, v in states.items()],
    ).get_data(as_text=True)


def test_the_admin_page_links_a_work_account_and_sets_role_and_gemeente(make, database, provider):
    _, factory = database
    _, admin = make()
    assert login(admin, "admin").status_code == 302
    page = admin.get("/beheer")
    assert page.status_code == 200
    answer = admin_callback(
        admin,
        BEHEER.link_message,
        BEHEER.link,
        {
            BEHEER.role_user: "gebruiker",
            BEHEER.link_provider: "entra",
            BEHEER.link_subject: " oid-linked ",
        },
    )
    assert "kan nu inloggen met het werkaccount" in answer
    answer = admin_callback(
        admin,
        BEHEER.role_message,
        BEHEER.role_save,
        {
            BEHEER.role_user: "gebruiker",
            BEHEER.role_role: "projectleider",
            BEHEER.role_gemeente: "regionaal",
        },
    )
    assert "Rol en gemeente van gebruiker gewijzigd" in answer
    unknown = admin_callback(
        admin,
        BEHEER.link_message,
        BEHEER.link,
        {
            BEHEER.role_user: "gebruiker",
            BEHEER.link_provider: "bestaat-niet",
            BEHEER.link_subject: "x",
        },
    )
    assert "Onbekende aanmeldservice" in unknown
    # The linked person signs in and is the project lead the admin made of the account.
    provider.set_user("sso-linked", oid="oid-linked", tid=TENANT, email="g@hengelo.nl")
    _, client = make()
    assert sign_in(client, provider, "sso-linked")[0].status_code == 302
    with factory() as session:
        user = users.get_user(session, "gebruiker")
        assert (user.role, user.gemeente_code, user.sso_subject) == (
            "projectleider",
            None,
            "oid-linked",
        )
        actions = [e.actie for e in audit.events(session, 6)]
    assert {"werkaccount_gekoppeld", "gebruiker_bijgewerkt", "login"} <= set(actions)


def test_choosing_an_account_fills_in_its_role_and_gemeente(make):
    _, admin = make()
    login(admin, "admin")
    answer = post_callback(
        admin, BEHEER.role_role, [value(BEHEER.role_user, "value", "gebruiker")]
    ).get_json()["response"]
    assert answer[BEHEER.role_role]["value"] == "gebruiker"
    assert answer[BEHEER.role_gemeente]["value"].startswith("GM")


def test_the_role_card_refuses_a_value_that_is_no_text(make):
    """A crafted request with a list for the account gets a 400 that names the field, like
    every other callback, not a quiet 'choose a user first'."""
    _, admin = make()
    login(admin, "admin")
    response = post_callback(
        admin,
        BEHEER.role_message,
        [value(BEHEER.role_save, "n_clicks", 1)],
        [
            value(BEHEER.role_user, "value", ["gebruiker"]),
            value(BEHEER.role_role, "value", "admin"),
            value(BEHEER.role_gemeente, "value", "regionaal"),
        ],
    )
    assert response.status_code == 400
    assert "gebruiker: verwacht tekst" in response.get_data(as_text=True)
