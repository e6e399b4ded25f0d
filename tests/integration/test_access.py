"""Access per theme, the admin page and the audit log (issue 4, "Access")."""

from __future__ import annotations

import json
from contextvars import copy_context

import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict
from flask_login import AnonymousUserMixin, login_user
from werkzeug.exceptions import Forbidden

from auth.guard import _load_user
from auth.permissions import has_theme, require_theme
from auth.user import CurrentUser
from dashboard import pages
from dashboard.callbacks import beheer as cb
from dashboard.cli import main
from dashboard.data.models import AuditEvent, utcnow
from dashboard.data.reference.themes import THEMES
from dashboard.data.store import audit, users
from dashboard.data.store import grants as grant_store
from dashboard.layouts.beheer import BEHEER
from dashboard.measures import usage as usage_measure
from tests.conftest import (
    DEMO_END,
    active_by_hand,
    database_copy,
    login,
    make_app,
    shared_demo_snapshot,
)
from tests.dash_requests import post_callback, value

NEW_PASSWORD = "geheim-start-123"
WRONG_PASSWORD = "fout-wachtwoord-987"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("access"), seed=3, scale=0.05, years=1)


@pytest.fixture
def private(snapshot, tmp_path):
    """A private copy of the demo database and an app on it: these tests write."""
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        yield url, factory, make_app(url)


def actions(factory) -> list[str]:
    with factory() as session:
        return [e.actie for e in reversed(audit.events(session, 1000))]


def all_details(factory) -> str:
    with factory() as session:
        return " ".join(e.details or "" for e in session.query(AuditEvent))


def test_themes_are_the_five_named_ones_and_read_only():
    assert list(THEMES) == [
        "hennep-drugs",
        "cybercrime",
        "woonoverlast",
        "jeugd",
        "huiselijk-geweld",
    ]
    assert THEMES["jeugd"] == "Jeugdoverlast en -criminaliteit"
    with pytest.raises(TypeError):
        THEMES["nieuw"] = "Nieuw"  # type: ignore[index]


def test_grants_through_the_data_layer(private):
    _, factory, _ = private
    with factory() as session, session.begin():
        user = users.get_user(session, "gebruiker")
        assert grant_store.grant_theme(session, "gebruiker", "cybercrime", by="admin") is True
        assert grant_store.grant_theme(session, "gebruiker", "cybercrime", by="admin") is False
        assert grant_store.grant_theme(session, "gebruiker", "jeugd", by="admin") is True
        assert grant_store.themes_of(session, user.id) == {"cybercrime", "jeugd"}
        assert grant_store.revoke_theme(session, "gebruiker", "jeugd", by="admin") is True
        assert grant_store.revoke_theme(session, "gebruiker", "jeugd", by="admin") is False
        assert grant_store.themes_of(session, user.id) == frozenset({"cybercrime"})
        with pytest.raises(users.UserError, match="onbekend thema"):
            grant_store.grant_theme(session, "gebruiker", "verkeer", by="admin")
        with pytest.raises(users.UserError, match="bestaat niet"):
            grant_store.revoke_theme(session, "niemand", "jeugd", by="admin")
    with factory() as session:
        # Every active account holds a licence (the demo adds a colleague per gemeente).
        active = sum(1 for u in users.list_users(session) if u.active)
        assert usage_measure.active_users(session, DEMO_END).licences == active and active >= 3
    with factory() as session, session.begin():
        assert users.set_active(session, "gebruiker", False, by="admin") is True
        assert users.set_active(session, "gebruiker", False, by="admin") is False
    with factory() as session:
        assert usage_measure.active_users(session, DEMO_END).licences == active - 1


def test_cli_grant_revoke_and_list(private, monkeypatch, capsys):
    url, factory, _ = private
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    monkeypatch.delenv("VEILIGHEID_SECRET_KEY", raising=False)
    assert main(["users", "grant", "gebruiker", "huiselijk-geweld"]) == 0
    assert "toegekend" in capsys.readouterr().out
    assert main(["users", "list"]) == 0
    listing = capsys.readouterr().out
    assert "thema's" in listing and "huiselijk-geweld" in listing
    assert main(["users", "grant", "gebruiker", "verkeer"]) == 2
    assert "onbekend thema" in capsys.readouterr().err
    assert main(["users", "grant", "niemand", "jeugd"]) == 2
    assert "bestaat niet" in capsys.readouterr().err
    assert main(["users", "revoke", "gebruiker", "huiselijk-geweld"]) == 0
    assert "ingetrokken" in capsys.readouterr().out
    with factory() as session:
        events = audit.events(session, 10)
        assert [(e.username, e.actie) for e in events[:2]] == [
            ("cli", "thema_ingetrokken"),
            ("cli", "thema_toegekend"),
        ]
        assert audit.details_of(events[0]) == {
            "gebruiker": "gebruiker",
            "thema": "huiselijk-geweld",
        }


def test_audit_log_records_changes_and_logins_but_never_a_password(private):
    _, factory, app = private
    with factory() as session, session.begin():
        users.add_user(
            session,
            "nieuw",
            role="gebruiker",
            gemeente_code="GM9901",
            password=NEW_PASSWORD,
            by="admin",
        )
        grant_store.grant_theme(session, "nieuw", "woonoverlast", by="admin")
        grant_store.revoke_theme(session, "nieuw", "woonoverlast", by="admin")
        users.set_active(session, "nieuw", False, by="admin")
    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    assert login(app.server.test_client(), "gebruiker", WRONG_PASSWORD).status_code == 401
    assert login(app.server.test_client(), "nieuw", NEW_PASSWORD).status_code == 401
    assert actions(factory)[-7:] == [
        "gebruiker_toegevoegd",
        "thema_toegekend",
        "thema_ingetrokken",
        "gebruiker_uitgeschakeld",
        "login",
        "login_mislukt",
        "login_mislukt",
    ]
    with factory() as session:
        failed = audit.events(session, 2)
        assert audit.details_of(failed[1]) == {
            "gebruikersnaam": "gebruiker",
            "reden": "onjuist wachtwoord",
        }
        assert audit.details_of(failed[0])["reden"] == "account uitgeschakeld"
        assert failed[0].username is None
    text = all_details(factory)
    assert NEW_PASSWORD not in text and WRONG_PASSWORD not in text and "argon2" not in text
    # A password typed into the name field by mistake is not kept either.
    login(app.server.test_client(), WRONG_PASSWORD, "iets")
    with factory() as session:
        assert audit.details_of(audit.events(session, 1)[0])["gebruikersnaam"] == "(onbekend)"
    assert WRONG_PASSWORD not in all_details(factory)


def test_audit_module_offers_no_update_or_delete():
    public = {name for name in dir(audit) if not name.startswith("_")}
    assert not {n for n in public if any(w in n for w in ("update", "delete", "remove", "clear"))}


@pytest.mark.parametrize(
    ("role", "granted", "expected"),
    [
        ("admin", frozenset(), True),
        ("projectleider", frozenset(), True),
        ("gebruiker", frozenset(), False),
        ("gebruiker", frozenset({"jeugd"}), False),
        ("gebruiker", frozenset({"cybercrime"}), True),
    ],
)
def test_has_theme_matrix(role, granted, expected):
    user = CurrentUser(1, "u", role, "GM9901", True, granted)
    assert has_theme(user, "cybercrime") is expected
    assert has_theme(user, "onbekend") is False  # an unknown theme is nobody's


def test_anonymous_has_no_theme():
    assert has_theme(AnonymousUserMixin(), "cybercrime") is False


def test_require_theme_refuses_with_403(app):
    @require_theme("jeugd")
    def data():
        return "cijfers"

    with app.server.test_request_context():
        login_user(CurrentUser(1, "g", "gebruiker", "GM9901", True, frozenset({"cybercrime"})))
        with pytest.raises(Forbidden):
            data()
    with app.server.test_request_context():
        login_user(CurrentUser(1, "g", "gebruiker", "GM9901", True, frozenset({"jeugd"})))
        assert data() == "cijfers"
    with pytest.raises(ValueError):
        require_theme("jeugdzorg")


def test_a_thematic_page_needs_the_grant(app):
    page = pages.find("/thema/jeugd")
    without = CurrentUser(1, "g", "gebruiker", "GM9901", True)
    member = CurrentUser(1, "g", "gebruiker", "GM9901", True, frozenset({"jeugd"}))
    lead = CurrentUser(2, "p", "projectleider", None, True)
    link = ("/thema/jeugd", THEMES["jeugd"], "Thema's")
    assert not pages.allowed(page, without) and link not in pages.visible(without)
    assert pages.allowed(page, member) and link in pages.visible(member)
    assert pages.allowed(page, lead) and link in pages.visible(lead)
    from dashboard.callbacks.shell import render_page

    with app.server.test_request_context():
        login_user(without)
        assert "Geen toegang" in str(render_page("/thema/jeugd", "").to_plotly_json())


@pytest.mark.parametrize("username", ["gebruiker", "projectleider", "admin"])
def test_every_page_url_answers_403_unless_allowed(app, username):
    """Generated from the page table: a new page is covered without anyone adding a test."""
    client = app.server.test_client()
    assert login(client, username).status_code == 302
    user = CurrentUser(0, username, username, None, True)  # the demo accounts have no grants
    for page in pages.PAGES:
        response = client.get(page.path)
        assert response.status_code == (200 if pages.allowed(page, user) else 403), page.path


def test_themes_are_loaded_with_the_user(private):
    _, factory, app = private
    with factory() as session, session.begin():
        grant_store.grant_theme(session, "gebruiker", "cybercrime", by="admin")
        user_id = users.get_user(session, "gebruiker").id
    with app.server.app_context():
        assert _load_user(str(user_id)).themes == {"cybercrime"}
    with factory() as session, session.begin():
        grant_store.revoke_theme(session, "gebruiker", "cybercrime", by="admin")
    with app.server.app_context():  # a revoke takes effect at the next request
        assert _load_user(str(user_id)).themes == frozenset()


def run_with_trigger(fn, trigger: str, *args):
    """Call a callback that reads ctx.triggered_id as a plain function."""

    def call():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": f"{trigger}.n_clicks"}]))
        return fn(*args)

    return copy_context().run(call)


def text_of(component) -> str:
    return str(component.to_plotly_json())


def test_admin_callbacks_as_plain_functions(private):
    _, factory, app = private
    with app.server.test_request_context():
        login_user(CurrentUser(1, "admin", "admin", None, True))
        page = cb.refresh(True, None, None, None)
        rows, licences, options = page["users"], page["licences"], page["account_users"]
        today = utcnow().date()  # the Beheer page's reference day
        with factory() as session:
            names = sorted(u.username for u in users.list_users(session))
            in_use = active_by_hand(session, today)
        assert [r["gebruikersnaam"] for r in rows] == names
        assert {"admin", "gebruiker", "projectleider"} <= set(names)
        assert licences.startswith(
            f"{len(names)} licenties in gebruik (actieve accounts), waarvan {in_use} actief "
            f"in de 30 dagen t/m {today:%d-%m-%Y}"
        )
        assert {"label": "gebruiker", "value": "gebruiker"} in options
        added = cb.add_user(1, " anna ", "gebruiker", "GM9901", NEW_PASSWORD)
        assert "Gebruiker anna toegevoegd" in text_of(added["message"])
        assert added["done"] == 1 and added["password"] == ""
        refused = cb.add_user(2, "bert", "gebruiker", "regionaal", "kort")
        assert "te kort" in text_of(refused["message"]) and "danger" in text_of(refused["message"])
        assert refused["done"] is no_update and refused["password"] is no_update
        granted = run_with_trigger(cb.change_grant, BEHEER.grant, 1, None, "anna", "jeugd")
        assert "anna heeft nu toegang tot Jeugdoverlast" in text_of(granted["message"])
        assert granted["done"]
        refused = run_with_trigger(cb.change_grant, BEHEER.grant, 2, None, "anna", None)
        assert "Kies een gebruiker en een thema" in text_of(refused["message"])
        disabled = run_with_trigger(cb.set_active, BEHEER.disable, None, 1, "anna")
        assert "anna is uitgeschakeld" in text_of(disabled["message"]) and disabled["done"]
        refused = run_with_trigger(cb.set_active, BEHEER.disable, None, 2, "admin")
        assert "eigen account" in text_of(refused["message"])
        page = cb.refresh(True, 1, 1, 1)
        rows, licences, events = page["users"], page["licences"], page["audit"]
    anna = next(r for r in rows if r["gebruikersnaam"] == "anna")
    assert anna["themas"] == "Jeugdoverlast en -criminaliteit" and anna["actief"] == "nee"
    assert next(r for r in rows if r["gebruikersnaam"] == "admin")["themas"] == "alle (via rol)"
    with factory() as session:  # anna came and went: as many licences as the demo had
        demo_licences = sum(1 for u in users.list_users(session) if u.active)
    assert licences.startswith(f"{demo_licences} licenties")
    assert [e["actie"] for e in events[:3]] == [
        "gebruiker uitgeschakeld",
        "thema toegekend",
        "gebruiker toegevoegd",
    ]
    assert all(e["door"] == "admin" for e in events[:3])
    assert NEW_PASSWORD not in json.dumps(events) and NEW_PASSWORD not in all_details(factory)


ADMIN_POSTS = [
    (
        BEHEER.users,
        [
            value(BEHEER.loaded, "data", True),
            value(BEHEER.add_done, "data", None),
            value(BEHEER.account_done, "data", None),
            value(BEHEER.grant_done, "data", None),
        ],
        [],
    ),
    (
        BEHEER.add_message,
        [value(BEHEER.add, "n_clicks", 1)],
        [
            value(BEHEER.new_username, "value", "indringer"),
            value(BEHEER.new_role, "value", "admin"),
            value(BEHEER.new_gemeente, "value", "regionaal"),
            value(BEHEER.new_password, "value", NEW_PASSWORD),
        ],
    ),
    (
        BEHEER.account_message,
        [value(BEHEER.enable, "n_clicks", None), value(BEHEER.disable, "n_clicks", 1)],
        [value(BEHEER.account_user, "value", "admin")],
    ),
    (
        BEHEER.grant_message,
        [value(BEHEER.grant, "n_clicks", 1), value(BEHEER.revoke, "n_clicks", None)],
        [
            value(BEHEER.grant_user, "value", "gebruiker"),
            value(BEHEER.grant_theme, "value", "jeugd"),
        ],
    ),
]


@pytest.mark.parametrize("role", ["projectleider", "gebruiker"])
def test_non_admins_get_403_and_no_data_from_the_admin_callbacks(private, role):
    _, factory, app = private
    client = app.server.test_client()
    assert login(client, role).status_code == 302
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "\\u002fbeheer" not in layout and "Beheer" not in layout
    for output_id, inputs, state in ADMIN_POSTS:
        response = post_callback(client, output_id, inputs, state)
        assert response.status_code == 403, output_id
        body = response.get_data(as_text=True)
        assert "licenties" not in body and "projectleider" not in body and "GM9901" not in body
    with factory() as session:
        assert users.get_user(session, "indringer") is None
        assert users.get_user(session, "admin").active
        assert (
            grant_store.themes_of(session, users.get_user(session, "gebruiker").id) == frozenset()
        )


def test_admin_gets_the_page_and_its_data(private):
    _, factory, app = private
    client = app.server.test_client()
    assert login(client, "admin").status_code == 302
    assert "\\u002fbeheer" in client.get("/_dash-layout").get_data(as_text=True)
    response = post_callback(client, BEHEER.users, ADMIN_POSTS[0][1])
    assert response.status_code == 200
    payload = response.get_json()["response"]
    with factory() as session:
        assert len(payload[BEHEER.users]["rowData"]) == len(users.list_users(session))
    assert "licenties in gebruik" in payload[BEHEER.licences]["children"]


@pytest.mark.parametrize("role", ["projectleider", "gebruiker"])
def test_beheer_page_says_geen_toegang_to_non_admins(app, role):
    from dashboard.callbacks.shell import render_page

    with app.server.test_request_context():
        login_user(CurrentUser(1, "x", role, "GM9901", True))
        assert "Geen toegang" in str(render_page("/beheer", "").to_plotly_json())
    with app.server.test_request_context():
        login_user(CurrentUser(1, "x", "admin", None, True))
        page = str(render_page("/beheer", "").to_plotly_json())
    assert "Gebruiker toevoegen" in page and "Toegang per thema" in page
