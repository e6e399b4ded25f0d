"""Login throttling and lockout, idle timeout, session versions, password reset by an admin and
disabling inactive accounts (issue 9), through real requests: the login form with its CSRF token,
the Dash endpoint and the CLI. Time is moved with the app's injectable clock, never slept."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from sqlalchemy import select, update

from auth.sessions import CLOCK_KEY, LAST_SEEN_KEY, timestamp
from auth.views import BAD_LOGIN
from dashboard import create_app
from dashboard.cli import main
from dashboard.config import Config
from dashboard.data.models import AuditEvent, LoginThrottle, User, utcnow
from dashboard.data.store import audit, users
from dashboard.layouts.beheer import BEHEER
from tests.conftest import (
    PASSWORDS,
    REPO,
    database_copy,
    login,
    shared_demo_snapshot,
)
from tests.dash_requests import post_callback, value
from tests.logout import logout

LOCKED = "Te veel mislukte pogingen; probeer het over een kwartier opnieuw."
EXPIRED = "Uw sessie is verlopen"
WRONG = "fout-wachtwoord-987"
NEW_PASSWORD = "nieuw-wachtwoord-456"
START = dt.datetime(2026, 12, 1, 9, 0, 0)


class Clock:
    """The app's clock (naive UTC), moved by the test."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


def make_app(url: str, clock: Clock, **settings):
    config = Config(
        mode="test",
        database_url=url,
        secret_key="test-secret",
        instance_dir=REPO / "instance",
        **settings,
    )
    app = create_app(config)
    app.server.extensions[CLOCK_KEY] = clock
    return app


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(
        tmp_path_factory.mktemp("login_security"), seed=3, scale=0.05, years=1
    )


@pytest.fixture
def clock():
    return Clock(START)


@pytest.fixture
def private(snapshot, tmp_path, clock):
    """A private copy of the demo database and an app on it with a controllable clock."""
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        yield url, factory, make_app(url, clock)


def client_of(app, address: str = "127.0.0.1"):
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def attempt(app, username: str, password: str, address: str = "127.0.0.1"):
    return login(client_of(app, address), username, password)


def text(response) -> str:
    return response.get_data(as_text=True)


def message(response) -> str:
    """The error shown on the login page (the rest differs: the name typed, the CSRF token)."""
    return re.search(r'id="login-error">([^<]*)<', text(response)).group(1)


def events(factory, action: str) -> list[dict]:
    with factory() as session:
        found = [e for e in reversed(audit.events(session, None)) if e.actie == action]
        return [audit.details_of(e) | {"door": e.username} for e in found]


def account(factory, username: str) -> User:
    with factory() as session:
        return users.get_user(session, username)


def all_details(factory) -> str:
    with factory() as session:
        return " ".join(e.details or "" for e in session.scalars(select(AuditEvent)))


# --- lockout per account ---------------------------------------------------------------------


def test_lockout_after_n_failures_refuses_the_right_password_until_it_ends(private, clock):
    _, factory, app = private
    for _ in range(4):
        response = attempt(app, "gebruiker", WRONG)
        assert response.status_code == 401 and BAD_LOGIN in text(response)
    # The fifth failure locks the account and says so, in the neutral words.
    response = attempt(app, "gebruiker", WRONG)
    assert response.status_code == 429 and LOCKED in text(response)
    assert account(factory, "gebruiker").locked_until == START + dt.timedelta(minutes=15)
    # Even the right password is refused during the lockout, and no session is made.
    clock.advance(minutes=14, seconds=59)
    client = client_of(app)
    response = login(client, "gebruiker")
    assert response.status_code == 429 and LOCKED in text(response)
    assert client.get("/_dash-layout").status_code == 401
    assert [e["gebruikersnaam"] for e in events(factory, "login_geblokkeerd")] == ["gebruiker"]
    assert events(factory, "login_mislukt")[-1]["reden"] == "tijdelijk geblokkeerd"
    # After the lockout the right password works, and the counter starts again.
    clock.advance(seconds=1)
    client = client_of(app)
    assert login(client, "gebruiker").status_code == 302
    assert client.get("/_dash-layout").status_code == 200
    user = account(factory, "gebruiker")
    assert (user.failed_logins, user.failed_login_since, user.locked_until) == (0, None, None)
    # The lockout was audited once, with the limit and the duration; no password anywhere.
    assert events(factory, "login_geblokkeerd") == [
        {"gebruikersnaam": "gebruiker", "mislukte_pogingen": 5, "minuten": 15, "door": None}
    ]
    assert WRONG not in all_details(factory) and PASSWORDS["gebruiker"] not in all_details(factory)


def test_a_successful_login_resets_the_counter(private):
    _, factory, app = private
    for _ in range(4):
        assert attempt(app, "gebruiker", WRONG).status_code == 401
    assert account(factory, "gebruiker").failed_logins == 4
    assert attempt(app, "gebruiker", PASSWORDS["gebruiker"]).status_code == 302
    assert account(factory, "gebruiker").failed_logins == 0
    for _ in range(4):  # four more are four, not eight: no lockout
        assert attempt(app, "gebruiker", WRONG).status_code == 401
    assert attempt(app, "gebruiker", PASSWORDS["gebruiker"]).status_code == 302
    assert events(factory, "login_geblokkeerd") == []


def test_failures_count_within_the_window_only(private, clock):
    _, factory, app = private
    for _ in range(4):
        assert attempt(app, "gebruiker", WRONG).status_code == 401
    clock.advance(minutes=15)  # the window of the first failure is over
    for _ in range(4):
        assert attempt(app, "gebruiker", WRONG).status_code == 401
    assert account(factory, "gebruiker").failed_logins == 4
    assert attempt(app, "gebruiker", WRONG).status_code == 429


def test_an_unknown_name_locks_exactly_like_an_account(private):
    """A lockout message only for accounts would tell which names exist."""
    _, factory, app = private
    answers = {}
    for name in ("gebruiker", "bestaat-niet"):
        answers[name] = [attempt(app, name, WRONG) for _ in range(6)]
    known, unknown = answers["gebruiker"], answers["bestaat-niet"]
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert [r.status_code for r in known] == [401] * 4 + [429] * 2
    assert [message(r) for r in known] == [message(r) for r in unknown]
    assert [message(r) for r in known] == [BAD_LOGIN] * 4 + [LOCKED] * 2
    assert [e["gebruikersnaam"] for e in events(factory, "login_geblokkeerd")] == [
        "gebruiker",
        "(onbekend)",
    ]
    # The unknown name is not stored readably anywhere (it may be a password typed there).
    with factory() as session:
        keys = list(session.scalars(select(LoginThrottle.sleutel)))
    assert keys and all(len(k) == 64 and "bestaat" not in k for k in keys)
    assert "bestaat-niet" not in all_details(factory)


def test_several_workers_share_the_counters(private, clock):
    """Two apps on one database (two gunicorn workers): the failures add up across them."""
    url, factory, app = private
    other = make_app(url, clock)
    for index in range(5):
        worker = app if index % 2 else other
        response = attempt(worker, "gebruiker", WRONG)
    assert response.status_code == 429
    assert attempt(app, "gebruiker", PASSWORDS["gebruiker"]).status_code == 429
    assert attempt(other, "gebruiker", PASSWORDS["gebruiker"]).status_code == 429
    assert len(events(factory, "login_geblokkeerd")) == 1


# --- throttling per client address -----------------------------------------------------------


def test_many_names_from_one_address_lock_that_address(private, clock):
    _, factory, app = private
    attacker = "192.0.2.7"
    for index in range(19):  # one guess per name: no name reaches its own limit
        assert attempt(app, f"naam{index}", WRONG, attacker).status_code == 401
    assert attempt(app, "projectleider", WRONG, attacker).status_code == 429
    # Now every login from that address is refused, even a right one for another account ...
    response = attempt(app, "admin", PASSWORDS["admin"], attacker)
    assert response.status_code == 429 and LOCKED in text(response)
    # ... while the same account logs in from elsewhere.
    assert attempt(app, "admin", PASSWORDS["admin"], "198.51.100.1").status_code == 302
    assert account(factory, "projectleider").locked_until is None
    locks = events(factory, "login_geblokkeerd")
    assert locks == [{"adres": attacker, "mislukte_pogingen": 20, "minuten": 15, "door": None}]
    clock.advance(minutes=15)
    assert attempt(app, "admin", PASSWORDS["admin"], attacker).status_code == 302


def test_the_limits_come_from_the_settings(snapshot, tmp_path, clock):
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        app = make_app(
            url,
            clock,
            login_max_failures=2,
            login_lockout_minutes=30,
            login_max_failures_per_address=3,
        )
        assert attempt(app, "gebruiker", WRONG).status_code == 401
        response = attempt(app, "gebruiker", WRONG)
        assert response.status_code == 429
        assert "probeer het over 30 minuten opnieuw" in text(response)
        assert account(factory, "gebruiker").locked_until == START + dt.timedelta(minutes=30)
        assert attempt(app, "iemand", WRONG).status_code == 429  # third from this address
        clock.advance(minutes=30)
        assert attempt(app, "gebruiker", PASSWORDS["gebruiker"]).status_code == 302


def test_the_settings_are_read_from_the_environment():
    from dashboard.config import ConfigError, load_config

    config = load_config(
        {
            "VEILIGHEID_MODE": "test",
            "VEILIGHEID_LOGIN_MAX_FAILURES": "3",
            "VEILIGHEID_LOGIN_LOCKOUT_MINUTES": "10",
            "VEILIGHEID_LOGIN_MAX_FAILURES_PER_ADDRESS": "9",
            "VEILIGHEID_IDLE_TIMEOUT_MINUTES": "30",
            "VEILIGHEID_INACTIVE_DAYS": "90",
        }
    )
    assert (
        config.login_max_failures,
        config.login_lockout_minutes,
        config.login_max_failures_per_address,
        config.idle_timeout_minutes,
        config.inactive_days,
    ) == (3, 10, 9, 30, 90)
    defaults = load_config({"VEILIGHEID_MODE": "test"})
    assert (defaults.login_max_failures, defaults.login_lockout_minutes) == (5, 15)
    assert (defaults.idle_timeout_minutes, defaults.inactive_days) == (60, 180)
    with pytest.raises(ConfigError, match="IDLE_TIMEOUT_MINUTES"):
        load_config({"VEILIGHEID_MODE": "test", "VEILIGHEID_IDLE_TIMEOUT_MINUTES": "0"})


# --- idle timeout ----------------------------------------------------------------------------


def logged_in(app, username: str = "gebruiker", password: str | None = None):
    client = client_of(app)
    assert login(client, username, password).status_code == 302
    return client


def last_seen(client) -> int:
    with client.session_transaction() as session:
        return session[LAST_SEEN_KEY]


def test_an_idle_session_ends(private):
    _, _, app = private
    client = logged_in(app)
    assert client.get("/_dash-layout").status_code == 200
    with client.session_transaction() as session:
        session[LAST_SEEN_KEY] -= 60 * 60  # last used an hour ago
    response = client.get("/_dash-layout")
    assert response.status_code == 401 and response.get_json() == {"error": "sessie verlopen"}
    assert client.get("/_dash-layout").status_code == 401  # ended, not just refused once
    page = client.get("/login")
    assert page.status_code == 200 and EXPIRED in text(page)
    assert EXPIRED not in text(client.get("/login"))  # said once

    client = logged_in(app)
    with client.session_transaction() as session:
        session[LAST_SEEN_KEY] -= 61 * 60
    response = client.get("/?gebied=GM9901")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    assert EXPIRED in text(client.get(response.headers["Location"]))


def test_use_keeps_a_session_alive_and_the_stamp_moves_once_a_minute(private, clock):
    _, _, app = private
    client = logged_in(app)
    stamp = last_seen(client)
    assert stamp == timestamp(START)
    clock.advance(seconds=59)
    assert client.get("/_dash-layout").status_code == 200
    assert last_seen(client) == stamp  # no new cookie for every request
    clock.advance(seconds=1)
    assert client.get("/_dash-layout").status_code == 200
    assert last_seen(client) == stamp + 60
    for _ in range(3):  # used every 50 minutes: three hours and still logged in
        clock.advance(minutes=50)
        assert client.get("/_dash-layout").status_code == 200
    clock.advance(minutes=60)
    assert client.get("/_dash-layout").status_code == 401


def test_the_idle_timeout_comes_from_the_settings(snapshot, tmp_path, clock):
    with database_copy(snapshot, tmp_path) as (url, _, _):
        app = make_app(url, clock, idle_timeout_minutes=5)
        client = logged_in(app)
        clock.advance(minutes=4, seconds=59)
        assert client.get("/_dash-layout").status_code == 200
        clock.advance(minutes=5)
        assert client.get("/_dash-layout").status_code == 401


def test_there_is_no_remember_cookie_and_a_forged_one_opens_nothing(private):
    from flask_login.utils import encode_cookie

    _, factory, app = private
    response = login(client_of(app), "gebruiker")
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    # flask-login may send a deletion of the cookie; never one with a value.
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert cookies and all(c.startswith("remember_token=;") for c in remember)
    # A remember cookie signed with the app's own key (as flask-login would write it) does not
    # log anyone in: such a session has no session version and no last-seen stamp.
    with app.server.test_request_context():
        token = encode_cookie(str(account(factory, "gebruiker").id))
    client = client_of(app)
    client.set_cookie("remember_token", token)
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/").status_code == 302


# --- session versions ------------------------------------------------------------------------


def copy_of(app, client):
    """A second client that holds a copy of the first one's session cookie."""
    thief = client_of(app)
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copy_of_the_cookie_stops_working_at_logout(private):
    _, factory, app = private
    client = logged_in(app)
    thief = copy_of(app, client)
    assert thief.get("/_dash-layout").status_code == 200
    before = account(factory, "gebruiker").session_version
    response = logout(client)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert account(factory, "gebruiker").session_version == before + 1
    assert thief.get("/_dash-layout").status_code == 401
    assert thief.get("/geo/buurt.geojson").status_code == 401
    assert thief.get("/").status_code == 302
    assert client.get("/_dash-layout").status_code == 401
    # Logging in again works, with the new version.
    assert logged_in(app).get("/_dash-layout").status_code == 200


def test_a_logout_ends_the_sessions_on_other_workers_and_devices(private, clock):
    url, _, app = private
    other = make_app(url, clock)
    laptop, phone = logged_in(app), logged_in(other)
    assert copy_of(other, laptop).get("/_dash-layout").status_code == 200
    assert logout(phone).status_code == 302
    assert laptop.get("/_dash-layout").status_code == 401


def test_disabling_ends_open_sessions(private):
    _, factory, app = private
    client = logged_in(app)
    before = account(factory, "gebruiker").session_version
    with factory() as session, session.begin():
        users.set_active(session, "gebruiker", False, by="admin")
        users.set_active(session, "gebruiker", True, by="admin")
    assert account(factory, "gebruiker").session_version == before + 1
    assert client.get("/_dash-layout").status_code == 401  # enabled again, session still over


# --- password reset by an admin --------------------------------------------------------------


def reset_post(client, username: str, password: str, repeat: str | None = None):
    return post_callback(
        client,
        BEHEER.reset_message,
        [value(BEHEER.reset, "n_clicks", 1)],
        [
            value(BEHEER.account_user, "value", username),
            value(BEHEER.reset_password, "value", password),
            value(BEHEER.reset_repeat, "value", password if repeat is None else repeat),
        ],
    )


def test_admin_resets_a_password_on_beheer(private):
    _, factory, app = private
    user = logged_in(app)
    # A locked account is unlocked by the reset.
    for _ in range(5):
        attempt(app, "gebruiker", WRONG, "203.0.113.5")
    assert account(factory, "gebruiker").locked_until is not None
    admin = logged_in(app, "admin")
    response = reset_post(admin, "gebruiker", NEW_PASSWORD)
    assert response.status_code == 200
    payload = response.get_json()["response"]
    assert "Wachtwoord van gebruiker gewijzigd" in str(payload[BEHEER.reset_message])
    assert payload[BEHEER.reset_password]["value"] == ""  # not kept in the page
    assert payload[BEHEER.reset_repeat]["value"] == ""
    # The user's open session has ended; the old password no longer works, the new one does.
    assert user.get("/_dash-layout").status_code == 401
    assert attempt(app, "gebruiker", PASSWORDS["gebruiker"]).status_code == 401
    client = client_of(app)
    assert login(client, "gebruiker", NEW_PASSWORD).status_code == 302
    assert client.get("/_dash-layout").status_code == 200
    assert events(factory, "wachtwoord_gereset") == [{"gebruiker": "gebruiker", "door": "admin"}]
    assert NEW_PASSWORD not in all_details(factory)
    # The admin's own session goes on.
    assert admin.get("/_dash-layout").status_code == 200


def test_the_reset_keeps_the_password_rules(private):
    _, factory, app = private
    admin = logged_in(app, "admin")
    before = account(factory, "gebruiker").password_hash
    for password, repeat, message in (
        ("kort", None, "te kort"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "niet gelijk"),
    ):
        response = reset_post(admin, "gebruiker", password, repeat)
        assert response.status_code == 200
        assert message in str(response.get_json()["response"][BEHEER.reset_message])
    response = reset_post(admin, "niemand", NEW_PASSWORD)
    assert "bestaat niet" in str(response.get_json()["response"][BEHEER.reset_message])
    assert account(factory, "gebruiker").password_hash == before
    assert events(factory, "wachtwoord_gereset") == []


def test_an_admin_resetting_his_own_password_stays_logged_in_here_only(private):
    _, _, app = private
    admin, elsewhere = logged_in(app, "admin"), logged_in(app, "admin")
    assert reset_post(admin, "admin", NEW_PASSWORD).status_code == 200
    assert admin.get("/_dash-layout").status_code == 200
    assert elsewhere.get("/_dash-layout").status_code == 401


@pytest.mark.parametrize("role", ["projectleider", "gebruiker"])
def test_only_an_admin_may_reset_a_password(private, role):
    _, factory, app = private
    client = logged_in(app, role)
    before = account(factory, "admin").password_hash
    response = reset_post(client, "admin", NEW_PASSWORD)
    assert response.status_code == 403
    assert account(factory, "admin").password_hash == before
    assert events(factory, "wachtwoord_gereset") == []


def test_the_beheer_page_has_the_reset_fields(private):
    from flask_login import login_user

    from auth.user import CurrentUser
    from dashboard.callbacks.shell import render_page

    _, _, app = private
    with app.server.test_request_context():
        login_user(CurrentUser(1, "admin", "admin", None, True))
        page = str(render_page("/beheer", "").to_plotly_json())
    assert "Wachtwoord resetten" in page and BEHEER.reset_repeat in page
    # Times in Beheer are Dutch local time, and the header no longer claims UTC.
    assert "Geblokkeerd tot" in page and "(UTC)" not in page


def test_cli_reset_password(private, monkeypatch, capsys):
    url, factory, app = private
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    monkeypatch.delenv("VEILIGHEID_SECRET_KEY", raising=False)
    client = logged_in(app)
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    assert main(["users", "reset-password", "gebruiker", "--wachtwoord-stdin"]) == 0
    assert "Wachtwoord van gebruiker gewijzigd" in capsys.readouterr().out
    assert client.get("/_dash-layout").status_code == 401
    assert logged_in(app, "gebruiker", NEW_PASSWORD).get("/_dash-layout").status_code == 200
    assert events(factory, "wachtwoord_gereset") == [{"gebruiker": "gebruiker", "door": "cli"}]
    # Typed twice at the prompt; two different entries or a short one are refused (exit 2).
    answers = iter(["eerste-wachtwoord", "tweede-wachtwoord"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["users", "reset-password", "gebruiker"]) == 2
    assert "niet gelijk" in capsys.readouterr().err
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "kort")
    assert main(["users", "reset-password", "gebruiker"]) == 2
    assert "te kort" in capsys.readouterr().err
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "nog-een-wachtwoord")
    assert main(["users", "reset-password", "gebruiker"]) == 0
    assert main(["users", "reset-password", "niemand", "--password-stdin"]) == 2
    assert len(events(factory, "wachtwoord_gereset")) == 2
    assert "nog-een-wachtwoord" not in all_details(factory)


# --- inactive accounts -----------------------------------------------------------------------


def set_last_login(factory, moments: dict[str, dt.datetime | None], others: dt.datetime) -> None:
    """Give the named accounts these last logins, every other account `others`."""
    with factory() as session, session.begin():
        session.execute(update(User).values(last_login_at=others, created_at=others))
        for username, moment in moments.items():
            session.execute(
                update(User).where(User.username == username).values(last_login_at=moment)
            )


def active_names(factory) -> set[str]:
    with factory() as session:
        return {u.username for u in users.list_users(session) if u.active}


def test_disable_inactive_from_the_cli(private, monkeypatch, capsys):
    url, factory, app = private
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    monkeypatch.delenv("VEILIGHEID_SECRET_KEY", raising=False)
    client = logged_in(app)  # an open session of the account that will be disabled
    now = utcnow()  # the CLI's clock is the real one
    set_last_login(
        factory,
        {"gebruiker": now - dt.timedelta(days=181), "projectleider": now - dt.timedelta(days=179)},
        others=now - dt.timedelta(days=1),
    )
    with factory() as session, session.begin():  # an account that never logged in
        users.add_user(session, "nooit", role="gebruiker", gemeente_code=None, password=WRONG)
        session.execute(
            update(User)
            .where(User.username == "nooit")
            .values(created_at=now - dt.timedelta(days=200))
        )
    assert main(["users", "disable-inactive"]) == 0
    out = capsys.readouterr().out
    assert "Uitgeschakeld: nooit (gebruiker), nooit ingelogd" in out
    assert "Uitgeschakeld: gebruiker (gebruiker), laatst ingelogd" in out
    assert "projectleider" not in out
    assert not {"gebruiker", "nooit"} & active_names(factory)
    assert {"admin", "projectleider"} <= active_names(factory)
    assert client.get("/_dash-layout").status_code == 401  # its open session ended too
    disabled = events(factory, "gebruiker_uitgeschakeld")
    assert {e["gebruiker"] for e in disabled} == {"gebruiker", "nooit"}
    assert all(e["door"] == "cli" and e["reden"] == "geen login in 180 dagen" for e in disabled)
    # Run again: nothing left to do. A shorter period from the command line disables more.
    assert main(["users", "disable-inactive"]) == 0
    assert "Geen accounts zonder login in de laatste 180 dagen" in capsys.readouterr().out
    assert main(["users", "disable-inactive", "--dagen", "100"]) == 0
    assert "Uitgeschakeld: projectleider" in capsys.readouterr().out
    assert main(["users", "disable-inactive", "--dagen", "0"]) == 2


def test_disable_inactive_keeps_the_last_active_admin(private):
    _, factory, _ = private
    now = START
    with factory() as session, session.begin():
        users.add_user(session, "admin2", role="admin", gemeente_code=None, password=NEW_PASSWORD)
    set_last_login(
        factory,
        {"admin": now - dt.timedelta(days=400), "admin2": now - dt.timedelta(days=300)},
        others=now - dt.timedelta(days=365),
    )
    with factory() as session, session.begin():
        result = users.disable_inactive(session, 180, now=now, by="cli")
        disabled = {u.username for u in result.disabled}
        spared = [u.username for u in result.spared]
    # Everyone is inactive: the admin used most recently stays, every other account goes.
    assert spared == ["admin2"]
    assert "admin" in disabled and "admin2" not in disabled
    assert active_names(factory) == {"admin2"}
    # With another active admin, an inactive admin is disabled like anyone.
    with factory() as session, session.begin():
        users.add_user(session, "admin3", role="admin", gemeente_code=None, password=NEW_PASSWORD)
        session.execute(update(User).where(User.username == "admin3").values(created_at=now))
        result = users.disable_inactive(session, 180, now=now, by="cli")
        assert [u.username for u in result.disabled] == ["admin2"] and result.spared == []
    assert active_names(factory) == {"admin3"}


def test_behind_a_trusted_proxy_the_client_address_counts(tmp_path):
    """With VEILIGHEID_TRUSTED_PROXIES=1 the forwarded client address is the one the login
    throttle sees (ProxyFix in front of the app); without it, the proxy's own address."""
    from werkzeug.test import EnvironBuilder

    from dashboard import create_app
    from dashboard.config import Config
    from dashboard.data.db import make_engine, upgrade_schema
    from tests.conftest import REPO

    url = f"sqlite:///{tmp_path / 'proxy.db'}"
    engine = make_engine(url)
    upgrade_schema(engine)
    engine.dispose()
    seen = {}
    for proxies in (0, 1):
        config = Config(
            mode="test",
            database_url=url,
            secret_key="test-secret",
            instance_dir=REPO / "instance",
            trusted_proxies=proxies,
        )
        server = create_app(config).server
        captured = {}
        inner = server.wsgi_app
        while hasattr(inner, "app"):  # the innermost Flask WSGI callable
            inner = inner.app

        def spy(environ, start_response, inner=inner, captured=captured):
            captured["addr"] = environ.get("REMOTE_ADDR")
            return inner(environ, start_response)

        if proxies:
            server.wsgi_app.app = spy
        else:
            server.wsgi_app = spy
        environ = EnvironBuilder(
            path="/health",
            headers={"X-Forwarded-For": "203.0.113.7"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        ).get_environ()
        server.wsgi_app(environ, lambda *args: None)
        seen[proxies] = captured["addr"]
    assert seen == {0: "10.0.0.1", 1: "203.0.113.7"}
