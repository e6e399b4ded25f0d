"""Start where you work (issue 21, item 4): a bare page address opens on the account's own
gemeente, a link with a view wins; "Mijn weergaven" saves, lists, opens and deletes a user's
views and marks one as the start view, for that account only."""

from __future__ import annotations

import json
from contextvars import copy_context

import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from flask_login import login_user
from sqlalchemy import select

from auth.user import CurrentUser
from dashboard import pages
from dashboard.callbacks.components import saved_views as cb
from dashboard.data.db import make_engine, make_session_factory, upgrade_schema
from dashboard.data.models import SavedView
from dashboard.data.reference.themes import THEMES
from dashboard.data.store import audit, grants, protocol, users
from dashboard.data.store import saved_views as store
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.frame import URL
from dashboard.layouts.components.saved_views import SAVED_VIEWS
from dashboard.layouts.thema import THEMA
from tests.conftest import (
    ENGINES,
    create_pg_database,
    database_copy,
    drop_pg_database,
    login,
    make_app,
    shared_demo_snapshot,
)
from tests.dash_requests import value
from tests.layout_tree import find_component

PASSWORD = "weergaven-wachtwoord"
THEME = next(iter(THEMES))
MAKE_START, DELETE = SAVED_VIEWS.make_start, SAVED_VIEWS.delete
SHARED = "?periode=4w&vergelijking=vorige&maat=aantal&trend=week"  # a region-wide link


# --- the store, on both engines --------------------------------------------------------------


@pytest.fixture(params=ENGINES)
def factory(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'v.db'}" if request.param == "sqlite" else create_pg_database()
    engine = make_engine(url)
    upgrade_schema(engine)
    yield make_session_factory(engine)
    engine.dispose()
    if request.param == "postgresql":
        drop_pg_database(url)


def two_accounts(factory) -> tuple[int, int]:
    with factory.begin() as session:
        ids = [
            users.add_user(session, name, role="gebruiker", gemeente_code=code, password=PASSWORD)
            for name, code in (("almelo", "GM0141"), ("hengelo", "GM0164"))
        ]
        return ids[0].id, ids[1].id


def test_store_saves_lists_and_refuses_bad_names(factory):
    mine, other = two_accounts(factory)
    with factory.begin() as session:
        store.add_view(session, mine, "  Almelo   jaar ", "/", "?gebied=GM0141&periode=12m", by="a")
        store.add_view(session, mine, "buurten", "/thema/x", "periode=4k", by="a")
        store.add_view(session, other, "Almelo jaar", "/", "", by="h")  # another account may
    for naam, message in [
        ("", "naam"),
        ("   ", "naam"),
        (None, "naam"),
        ("x" * (store.MAX_NAME + 1), "te lang"),
        ("ALMELO JAAR", "al een weergave"),
        ("bel\x00me", "tekens"),
    ]:
        with factory.begin() as session, pytest.raises(store.ViewError, match=message):
            store.add_view(session, mine, naam, "/", "")
    for pad, search in [
        ("https://elders.example/", ""),
        ("//elders.example/", ""),
        ("/\\elders.example", ""),
        ("javascript:alert(1)", ""),
        ("/", "?" + "a=1&" * 50),
        ("/", "?x=" + "y" * store.MAX_SEARCH),
        (None, ""),
    ]:
        with factory.begin() as session, pytest.raises(store.ViewError):
            store.add_view(session, mine, "nieuw", pad, search)
    with factory() as session:
        views = store.list_views(session, mine)
        assert [(v.naam, v.target) for v in views] == [
            ("Almelo jaar", "/?gebied=GM0141&periode=12m"),
            ("buurten", "/thema/x?periode=4k"),
        ]
        assert [v.naam for v in store.list_views(session, other)] == ["Almelo jaar"]
        saved = [e.actie for e in audit.events(session, None)]
        assert saved.count("weergave_opgeslagen") == 3


def test_store_start_view_is_one_per_account_and_foreign_ids_do_not_exist(factory):
    mine, other = two_accounts(factory)
    with factory.begin() as session:
        first = store.add_view(session, mine, "eerste", "/", "?periode=4w", start=True)
        second = store.add_view(session, mine, "tweede", "/", "?periode=12m")
        theirs = store.add_view(session, other, "van hengelo", "/", "?gebied=GM0164")
    assert first.startweergave
    with factory.begin() as session:
        store.set_start(session, mine, second.id, by="almelo")
    with factory() as session:
        assert store.start_view(session, mine).id == second.id
        assert [v.naam for v in store.list_views(session, mine) if v.startweergave] == ["tweede"]
    # Another account's view is answered as if there were none, for every command.
    for command in (store.get_view, store.set_start, store.delete_view):
        with factory.begin() as session, pytest.raises(store.ViewNotFound, match="bestaat niet"):
            command(session, mine, theirs.id)
    for forged in ("1", None, True, 2**40, -1):
        with factory.begin() as session, pytest.raises(store.ViewNotFound):
            store.delete_view(session, mine, forged)
    with factory.begin() as session:
        store.delete_view(session, mine, second.id, by="almelo")
        assert store.start_view(session, mine) is None  # deleted with its mark
        store.set_start(session, mine, first.id)
        store.set_start(session, mine, None)
    with factory() as session:
        assert store.start_view(session, mine) is None
        assert [v.naam for v in store.list_views(session, other)] == ["van hengelo"]
        actions = [e.actie for e in audit.events(session, None)]
        assert actions.count("weergave_verwijderd") == 1
        assert actions.count("startweergave_gekozen") == 4  # at saving, twice, and none


def test_views_go_with_their_account(factory):
    mine, _ = two_accounts(factory)
    with factory.begin() as session:
        store.add_view(session, mine, "weg", "/", "")
    with factory.begin() as session:
        session.delete(users.get_user_by_id(session, mine))
    with factory() as session:
        assert session.scalars(select(SavedView)).all() == []


# --- the application -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("weergaven"), seed=3, scale=0.05, years=1)


@pytest.fixture
def private(snapshot, tmp_path):
    """A private copy with two gebruikers of GM9902 (one with a theme grant) and a region-wide
    projectleider's account (the demo's)."""
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        with factory.begin() as session:
            versie = protocol.current_version(session).versie
            for name in ("lid", "collega"):
                account = users.add_user(
                    session, name, role="gebruiker", gemeente_code="GM9902", password=PASSWORD
                )
                protocol.accept(session, account.id, versie)
            grants.grant_theme(session, "lid", THEME)
        yield factory, make_app(url)


def account(factory, username: str) -> CurrentUser:
    with factory() as session:
        user = users.get_user(session, username)
        themes = frozenset(grants.themes_of(session, user.id))
        return CurrentUser.from_model(user, themes, True)


def as_user(app, user, fn, *args, trigger: str | dict | None = None, clicks=1):
    """Call a callback as a plain function in a request of `user`, with `trigger` clicked."""

    def call():
        if trigger is not None:
            prop = json.dumps(trigger, sort_keys=True) if isinstance(trigger, dict) else trigger
            context_value.set(
                AttributeDict(triggered_inputs=[{"prop_id": f"{prop}.n_clicks", "value": clicks}])
            )
        with app.server.test_request_context():
            login_user(user)
            return fn(*args)

    return copy_context().run(call)


def gemeente_value(page, dropdown_id):
    dropdown = find_component(page, dropdown_id)
    assert dropdown is not None
    return dropdown.value


def test_a_bare_address_opens_on_the_users_gemeente_and_a_link_wins(private):
    factory, app = private
    member, lead = account(factory, "lid"), account(factory, "projectleider")
    # Algemeen beeld: the own gemeente, unless the link holds a view (also a region-wide one).
    assert gemeente_value(as_user(app, member, pages.build_algemeen, ""), ALGEMEEN.gemeente) == (
        "GM9902"
    )
    shared = as_user(app, member, pages.build_algemeen, SHARED)
    assert gemeente_value(shared, ALGEMEEN.gemeente) is None
    other = as_user(app, member, pages.build_algemeen, "?gebied=GM9903&periode=12m")
    assert gemeente_value(other, ALGEMEEN.gemeente) == "GM9903"
    # An account without a gemeente keeps the region.
    assert gemeente_value(as_user(app, lead, pages.build_algemeen, ""), ALGEMEEN.gemeente) is None
    # The theme pages have a gemeente filter too.
    build = pages.find(f"/thema/{THEME}").build
    assert gemeente_value(as_user(app, member, build, ""), THEMA.gemeente) == "GM9902"
    assert gemeente_value(
        as_user(app, member, build, "?periode=4k&maat=aantal"), THEMA.gemeente
    ) is (None)
    assert gemeente_value(as_user(app, lead, build, ""), THEMA.gemeente) is None


def save(app, user, naam, pathname="/", search="?gebied=GM9902&periode=12m", start=False):
    return as_user(app, user, cb.save, 1, naam, start, pathname, search, 4)


def message(result) -> str:
    return result["message"].children


def test_save_list_start_open_and_delete_through_the_callbacks(private):
    factory, app = private
    member = account(factory, "lid")
    result = save(app, member, "Mijn gemeente", start=True)
    assert message(result) == "Weergave 'Mijn gemeente' is bewaard en is uw startweergave."
    assert result["version"] == 5 and result["name"] == "" and result["start"] is False
    save(app, member, "Thema", f"/thema/{THEME}", "?periode=4k&gebied=GM9902&bron=politie")
    refused = save(app, member, "mijn GEMEENTE", start=True)
    assert "al een weergave met de naam" in message(refused)
    assert refused["start"] is cb.no_update and refused["name"] is cb.no_update  # to correct
    assert "text-danger" in refused["message"].className
    assert "Geef de weergave een naam" in message(save(app, member, "   "))
    # Only pages of the app that this user may open (Beheer is for admins).
    for path in ("/bestaat-niet", "/beheer", "https://elders.example/", "//elders.example/x"):
        assert message(save(app, member, "ergens", path)) == cb.NOT_SAVABLE

    listed = as_user(app, member, cb.refresh, 5)
    menu = str(listed["menu"])
    assert "Mijn gemeente" in menu and "(start)" in menu and "Thema" in menu
    assert [o["label"] for o in listed["choices"]] == ["Mijn gemeente (startweergave)", "Thema"]
    assert listed["no_start"] == {}
    with factory() as session:
        views = {v.naam: v for v in store.list_views(session, member.id)}
    start_id = views["Mijn gemeente"].id
    theme_id = views["Thema"].id
    assert f"/mijn-weergaven/{start_id}" in menu
    link = as_user(app, member, cb.open_link, str(theme_id))
    assert link["href"] == f"/mijn-weergaven/{theme_id}" and "disabled" not in link["class"]
    assert as_user(app, member, cb.open_link, "<script>")["href"] is None

    # Opening one goes to its page with its filters; "/" bare goes to the start view.
    client = app.server.test_client()
    assert login(client, "lid", PASSWORD).status_code == 302
    opened = client.get(f"/mijn-weergaven/{theme_id}")
    assert opened.status_code == 302
    assert opened.headers["Location"] == f"/thema/{THEME}?periode=4k&gebied=GM9902&bron=politie"
    home = client.get("/")
    assert home.status_code == 302
    assert home.headers["Location"] == "/?gebied=GM9902&periode=12m"
    assert client.get("/?periode=4w").status_code == 200  # a link with a view is left alone

    # Another view becomes the start view; then none; then one is deleted.
    chosen = as_user(app, member, cb.change, 1, None, None, str(theme_id), 5, trigger=MAKE_START)
    assert message(chosen) == "'Thema' is nu uw startweergave."
    assert client.get("/").headers["Location"].startswith(f"/thema/{THEME}?")
    none = as_user(app, member, cb.change, None, None, 1, None, 6, trigger=SAVED_VIEWS.no_start)
    assert message(none) == "U heeft geen startweergave meer."
    assert client.get("/").status_code == 200
    deleted = as_user(app, member, cb.change, None, 1, None, str(start_id), 7, trigger=DELETE)
    assert message(deleted) == "Weergave 'Mijn gemeente' is verwijderd."
    assert client.get(f"/mijn-weergaven/{start_id}").status_code == 404
    with factory() as session:
        assert [v.naam for v in store.list_views(session, member.id)] == ["Thema"]
        actions = [e.actie for e in audit.events(session, 20) if e.username == "lid"]
    assert {"weergave_opgeslagen", "startweergave_gekozen", "weergave_verwijderd"} <= set(actions)


def test_nothing_chosen_or_a_forged_choice_changes_nothing(private):
    factory, app = private
    member = account(factory, "lid")
    save(app, member, "blijft", start=True)
    for choice, text in [(None, "Kies eerst"), ("", "Kies eerst"), ("1 OR 1=1", "bestaat niet")]:
        for trigger in (MAKE_START, DELETE):
            result = as_user(app, member, cb.change, 1, 1, None, choice, 1, trigger=trigger)
            assert text in message(result)
            assert result["version"] is cb.no_update
    with factory() as session:
        assert [(v.naam, v.startweergave) for v in store.list_views(session, member.id)] == [
            ("blijft", True)
        ]


def test_a_saved_view_whose_page_is_no_longer_allowed_does_not_open(private):
    factory, app = private
    member = account(factory, "lid")
    save(app, member, "thema", f"/thema/{THEME}", "?periode=4k", start=True)
    with factory.begin() as session:
        grants.revoke_theme(session, "lid", THEME)
    client = app.server.test_client()
    assert login(client, "lid", PASSWORD).status_code == 302
    with factory() as session:
        [view] = store.list_views(session, member.id)
    refused = client.get(f"/mijn-weergaven/{view.id}")
    assert refused.status_code == 403
    assert "geen toegang (meer)" in refused.get_data(as_text=True)
    assert client.get("/").status_code == 200  # the start view is skipped, "/" opens


def post_change(client, button: str, choice):
    """The "change" callback as the browser posts it when `button` was clicked."""
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if f"{SAVED_VIEWS.message}.children@" in d["output"])
    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
        for o in dep["output"].strip(".").split("...")
    ]
    body = {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": [
            value(i["id"], "n_clicks", 1 if i["id"] == button else None) for i in dep["inputs"]
        ],
        "changedPropIds": [f"{button}.n_clicks"],
        "state": [
            value(SAVED_VIEWS.choice, "value", choice),
            value(SAVED_VIEWS.version, "data", 2),
        ],
    }
    return client.post("/_dash-update-component", json=body)


def test_another_users_view_is_refused_through_the_app(private):
    factory, app = private
    member, colleague = account(factory, "lid"), account(factory, "collega")
    save(app, member, "van lid", start=True)
    with factory() as session:
        [view] = store.list_views(session, member.id)
    client = app.server.test_client()
    assert login(client, "collega", PASSWORD).status_code == 302
    for button in (MAKE_START, DELETE):
        response = post_change(client, button, str(view.id))
        assert response.status_code == 200
        assert "bestaat niet (meer)" in response.get_data(as_text=True)
    for forged in ("1 OR 1=1", str(2**40), "-1", 5, None, [1], {"id": 1}):
        response = post_change(client, DELETE, forged)
        assert response.status_code in (200, 400), forged
    assert client.get(f"/mijn-weergaven/{view.id}").status_code == 404
    assert client.get(f"/mijn-weergaven/{2**40}").status_code == 404
    assert client.get("/").status_code == 200  # not lid's start view
    with factory() as session:
        [still] = store.list_views(session, member.id)
        assert still.startweergave and still.naam == "van lid"
        assert store.list_views(session, colleague.id) == []
    # Saving through the app: the name and the page come from the client, checked on the server.
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if d["output"].startswith(f"..{SAVED_VIEWS.message}.children."))
    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
        for o in dep["output"].strip(".").split("...")
    ]
    for naam, path in [(["lijst"], "/"), ("x" * 10_000, "/"), ("ok", ["/"]), ("ok", "//e.nl")]:
        body = {
            "output": dep["output"],
            "outputs": outputs,
            "inputs": [value(SAVED_VIEWS.save, "n_clicks", 1)],
            "changedPropIds": [f"{SAVED_VIEWS.save}.n_clicks"],
            "state": [
                value(SAVED_VIEWS.name, "value", naam),
                value(SAVED_VIEWS.as_start, "value", True),
                value(URL, "pathname", path),
                value(URL, "search", "?periode=4w"),
                value(SAVED_VIEWS.version, "data", "x"),
            ],
        }
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code in (200, 400), (naam[:20], path)
    with factory() as session:
        assert store.list_views(session, colleague.id) == []
