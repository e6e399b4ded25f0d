"""Annotations (duiding, issue 10): who sees them where, who may change them, what is refused,
and that they reach the list beside the map and the trend charts through the app's callbacks."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import select

from dashboard import policy
from dashboard.data.models import Annotation
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.reference.themes import THEMES
from dashboard.data.store import annotations as store
from dashboard.data.store import audit, protocol, users
from dashboard.data.store import grants as grant_store
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.annotations import GENERAL, THEME
from dashboard.layouts.components.frame import URL
from dashboard.layouts.thema import THEMA
from tests.conftest import database_copy, login, make_app, shared_demo_snapshot
from tests.dash_requests import post_callback, value

THEME_SLUG = "cybercrime"
MEMBER = store.Actor("lid", "gebruiker")
OTHER = store.Actor("collega", "gebruiker")
ADMIN = store.Actor("admin", "admin")
PROJECTLEIDER = store.Actor("projectleider", "projectleider")
GEBRUIKER = store.Actor("gebruiker", "gebruiker")
PASSWORD = "een-lang-wachtwoord-1"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("duiding"), seed=6, scale=0.05, years=1)


@pytest.fixture
def private(snapshot, tmp_path):
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        with factory.begin() as session:
            gemeente = area_queries.areas(session, "gemeente")[0]
            for name in ("lid", "collega"):
                account = users.add_user(
                    session, name, role="gebruiker", gemeente_code=gemeente.code, password=PASSWORD
                )
                protocol.accept(session, account.id, protocol.current_version(session).versie)
            grant_store.grant_theme(session, "lid", THEME_SLUG)
            for theme in grant_store.themes_of(session, users.get_user(session, "gebruiker").id):
                grant_store.revoke_theme(session, "gebruiker", theme)
        yield url, factory


def areas(factory):
    """A buurt, its wijk and gemeente, a gemeente elsewhere and the region."""
    with factory() as session:
        region = area_queries.region(session)
        gemeenten = area_queries.areas(session, "gemeente")
        gemeente, elsewhere = gemeenten[0], gemeenten[1]
        wijk = area_queries.areas(session, "wijk", gemeente)[0]
        buurt = area_queries.areas(session, "buurt", wijk)[0]
    return region, gemeente, wijk, buurt, elsewhere


MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def add(factory, actor, theme, area_code, text="extra handhavingsinzet", period=MARCH, cat=None):
    with factory.begin() as session:
        annotation = store.create(
            session,
            actor,
            theme,
            store.Draft(period[0], period[1], area_code, text, cat),
            policy.annotation_scope(session, actor),
            readable=policy.annotation_themes(session, actor),
        )
        return annotation.id


def texts(factory, actor, theme, area, period=YEAR, categories=None) -> list[str]:
    with factory() as session:
        readable = policy.annotation_themes(session, actor)
        found = store.visible(session, theme, area, period, categories, readable=readable)
        return [a.tekst for a in found]


# --- the data layer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "bel 06-12345678 voor details",
        "melding via j.jansen@example.nl",
        "overlast rond 7511 AB",
        "inbraak Hoofdstraat 12 opgelost",
        "auto XX-12-YY vaker gezien",
        "verdachte geboren in 1990",
        "BSN 123456782 in dossier",
    ],
)
def test_text_that_looks_like_personal_data_is_refused(private, text):
    _, factory = private
    _, gemeente, *_ = areas(factory)
    with pytest.raises(store.AnnotationError, match="persoonsgegevens"):
        add(factory, MEMBER, None, gemeente.code, text)
    with factory() as session:
        assert session.scalar(select(Annotation.id)) is None


def test_length_empty_text_reversed_period_and_unknown_category_are_refused(private):
    _, factory = private
    _, gemeente, *_ = areas(factory)
    for text, period, cat, message in [
        ("x" * (store.MAX_TEXT + 1), MARCH, None, "te lang"),
        ("   ", MARCH, None, "korte tekst"),
        ("evenement", (MARCH[1], MARCH[0]), None, "einddatum"),
        ("evenement", MARCH, "bestaat-niet", "categorie"),
    ]:
        with pytest.raises(store.AnnotationError, match=message):
            add(factory, MEMBER, None, gemeente.code, text, period, cat)
    # Ordinary interpretation, exactly the maximum length, is kept (white space tidied).
    add(factory, MEMBER, None, gemeente.code, "registratiepraktijk   gewijzigd per maart")
    add(factory, MEMBER, None, gemeente.code, "y" * store.MAX_TEXT)
    assert "registratiepraktijk gewijzigd per maart" in texts(factory, MEMBER, None, gemeente)


def test_an_annotation_shows_where_its_area_is_shown_contains_or_lies_within(private):
    _, factory = private
    region, gemeente, wijk, buurt, elsewhere = areas(factory)
    add(factory, MEMBER, None, buurt.code, "evenement in de buurt")
    add(factory, MEMBER, None, gemeente.code, "extra inzet in de gemeente")
    add(factory, PROJECTLEIDER, None, region.code, "registratiepraktijk gewijzigd")
    everything = {
        "evenement in de buurt",
        "extra inzet in de gemeente",
        "registratiepraktijk gewijzigd",
    }
    assert set(texts(factory, MEMBER, None, buurt)) == everything
    assert set(texts(factory, MEMBER, None, wijk)) == everything
    assert set(texts(factory, MEMBER, None, gemeente)) == everything
    assert set(texts(factory, MEMBER, None, region)) == everything
    assert texts(factory, MEMBER, None, elsewhere) == ["registratiepraktijk gewijzigd"]
    # Only annotations that overlap the shown period.
    assert texts(factory, MEMBER, None, buurt, (dt.date(2025, 4, 1), dt.date(2025, 6, 30))) == []
    assert (
        len(texts(factory, MEMBER, None, buurt, (dt.date(2025, 3, 31), dt.date(2025, 4, 2)))) == 3
    )


def test_a_category_annotation_shows_with_its_category_only(private):
    _, factory = private
    _, gemeente, *_ = areas(factory)
    add(factory, MEMBER, None, gemeente.code, "flitscontroles", cat="verkeer")
    add(factory, MEMBER, None, gemeente.code, "nieuwe werkwijze meldkamer")
    assert set(texts(factory, MEMBER, None, gemeente, categories=("verkeer",))) == {
        "flitscontroles",
        "nieuwe werkwijze meldkamer",
    }
    assert texts(factory, MEMBER, None, gemeente, categories=("geweld",)) == [
        "nieuwe werkwijze meldkamer"
    ]


def test_theme_annotations_only_for_members_checked_against_the_grants_now(private):
    _, factory = private
    _, gemeente, *_ = areas(factory)
    add(factory, MEMBER, THEME_SLUG, gemeente.code, "actie tegen phishing")
    add(factory, MEMBER, None, gemeente.code, "algemene duiding")
    add(factory, MEMBER, None, gemeente.code, "alleen verkeer", cat="verkeer")
    theme_view = ["actie tegen phishing"]
    assert texts(factory, MEMBER, THEME_SLUG, gemeente) == theme_view
    assert texts(factory, PROJECTLEIDER, THEME_SLUG, gemeente) == theme_view
    # Without the grant: nothing of the theme, whatever page is asked for.
    assert texts(factory, GEBRUIKER, THEME_SLUG, gemeente) == []
    assert "actie tegen phishing" not in texts(factory, GEBRUIKER, None, gemeente)
    with pytest.raises(store.NotAllowed):
        add(factory, GEBRUIKER, THEME_SLUG, gemeente.code, "poging")
    with factory.begin() as session:
        grant_store.revoke_theme(session, "lid", THEME_SLUG)
    assert texts(factory, MEMBER, THEME_SLUG, gemeente) == []
    # The policy point reads the grants of the active account: granted again, then disabled.
    with factory.begin() as session:
        grant_store.grant_theme(session, "lid", THEME_SLUG)
    assert texts(factory, MEMBER, THEME_SLUG, gemeente) == theme_view
    with factory.begin() as session:
        users.set_active(session, "lid", False)
    assert texts(factory, MEMBER, THEME_SLUG, gemeente) == []
    with factory() as session:
        assert policy.annotation_themes(session, MEMBER) == frozenset()
        assert policy.annotation_themes(session, PROJECTLEIDER) == frozenset(THEMES)
        assert policy.annotation_themes(session, store.Actor("", "gebruiker")) == frozenset()


def test_a_general_annotation_stays_off_theme_pages_and_a_theme_one_on_its_own_theme(private):
    """Issue 18: one annotation for a gemeente showed on every theme page, Huiselijk geweld
    included."""
    _, factory = private
    region, gemeente, wijk, buurt, _ = areas(factory)
    add(factory, MEMBER, None, gemeente.code, "algemene duiding")
    add(factory, PROJECTLEIDER, None, region.code, "nieuwe registratiewijze in de regio")
    add(factory, PROJECTLEIDER, "huiselijk-geweld", gemeente.code, "campagne huiselijk geweld")
    add(factory, MEMBER, THEME_SLUG, buurt.code, "actie tegen phishing")
    general = {"algemene duiding", "nieuwe registratiewijze in de regio"}
    for area in (region, gemeente, wijk, buurt):
        assert set(texts(factory, MEMBER, None, area)) == general
        assert set(texts(factory, PROJECTLEIDER, None, area)) == general
    for theme in ("hennep-drugs", "woonoverlast", "jeugd"):
        assert texts(factory, PROJECTLEIDER, theme, gemeente) == []
    assert texts(factory, PROJECTLEIDER, "huiselijk-geweld", buurt) == ["campagne huiselijk geweld"]
    assert texts(factory, PROJECTLEIDER, THEME_SLUG, wijk) == ["actie tegen phishing"]
    # Only for the theme's grant holders: lid holds cybercrime, not huiselijk geweld.
    assert texts(factory, MEMBER, THEME_SLUG, gemeente) == ["actie tegen phishing"]
    assert texts(factory, MEMBER, "huiselijk-geweld", gemeente) == []
    assert texts(factory, OTHER, THEME_SLUG, gemeente) == []


def test_a_gebruiker_annotates_areas_of_his_own_gemeente_a_projectleider_any(private):
    """Issue 18: a user of Almelo annotated Enschede, and everyone viewing Enschede saw it."""
    _, factory = private
    region, gemeente, wijk, buurt, elsewhere = areas(factory)
    for area in (gemeente, wijk, buurt):
        add(factory, MEMBER, None, area.code, f"inzet in {area.naam}")
    for area in (elsewhere, region):
        with pytest.raises(store.NotAllowed, match=re.escape(f"eigen gemeente ({gemeente.naam})")):
            add(factory, MEMBER, None, area.code, "poging elders")
    with pytest.raises(store.NotAllowed, match="eigen gemeente"):
        add(factory, MEMBER, THEME_SLUG, elsewhere.code, "poging elders")
    with pytest.raises(store.AnnotationError, match="Kies een gebied"):
        add(factory, MEMBER, None, "GM9999", "onbekend gebied")
    # Moving one's own annotation to another gemeente is refused too.
    own = add(factory, MEMBER, None, gemeente.code, "eigen duiding")
    with factory.begin() as session, pytest.raises(store.NotAllowed, match="eigen gemeente"):
        store.update(
            session,
            MEMBER,
            None,
            own,
            store.Draft(*MARCH, elsewhere.code, "eigen duiding"),
            policy.annotation_scope(session, MEMBER),
            readable=policy.annotation_themes(session, MEMBER),
        )
    for actor in (PROJECTLEIDER, ADMIN):
        add(factory, actor, None, elsewhere.code, f"inzet door {actor.role}")
        add(factory, actor, None, region.code, f"regio door {actor.role}")
    with factory() as session:
        rows = session.execute(select(Annotation.username, Annotation.area_code)).all()
    assert ("lid", elsewhere.code) not in rows and ("lid", region.code) not in rows
    assert ("projectleider", elsewhere.code) in rows and ("admin", region.code) in rows
    # The gemeente is read from the account now: moved to another gemeente, lid annotates there.
    with factory.begin() as session:
        users.set_role(session, "lid", "gebruiker", elsewhere.code)
    add(factory, MEMBER, None, elsewhere.code, "nu wel")
    with pytest.raises(store.NotAllowed, match="eigen gemeente"):
        add(factory, MEMBER, None, gemeente.code, "nu niet meer")
    # An account without a gemeente annotates nothing, and is told why.
    with factory.begin() as session:
        users.set_role(session, "lid", "gebruiker", None)
    with pytest.raises(store.NotAllowed, match="geen gemeente"):
        add(factory, MEMBER, None, elsewhere.code, "zonder gemeente")


def test_owner_and_admin_change_others_may_not_and_every_change_is_audited(private):
    _, factory = private
    _, gemeente, *_ = areas(factory)
    annotation_id = add(factory, MEMBER, None, gemeente.code, "evenement")
    changed = store.Draft(MARCH[0], MARCH[0], gemeente.code, "evenement op 1 maart")
    with factory.begin() as session, pytest.raises(store.NotAllowed, match="eigen"):
        store.update(
            session,
            OTHER,
            None,
            annotation_id,
            changed,
            policy.annotation_scope(session, OTHER),
            readable=policy.annotation_themes(session, OTHER),
        )
    with factory.begin() as session, pytest.raises(store.NotAllowed):
        store.delete(
            session, OTHER, None, annotation_id, readable=policy.annotation_themes(session, OTHER)
        )
    with factory.begin() as session:
        store.update(
            session,
            MEMBER,
            None,
            annotation_id,
            changed,
            policy.annotation_scope(session, MEMBER),
            readable=policy.annotation_themes(session, MEMBER),
        )
    with factory.begin() as session:
        moderated = store.Draft(MARCH[0], MARCH[0], gemeente.code, "evenement (gemodereerd)")
        store.update(
            session,
            ADMIN,
            None,
            annotation_id,
            moderated,
            policy.annotation_scope(session, ADMIN),
            readable=policy.annotation_themes(session, ADMIN),
        )
    with factory() as session:
        row = session.get(Annotation, annotation_id)
        assert (row.tekst, row.username, row.bijgewerkt_door) == (
            "evenement (gemodereerd)",
            "lid",
            "admin",
        )
    # A theme annotation cannot be reached through the general dashboard's id space.
    with factory.begin() as session, pytest.raises(store.NotAllowed):
        store.delete(
            session,
            MEMBER,
            THEME_SLUG,
            annotation_id,
            readable=policy.annotation_themes(session, MEMBER),
        )
    with factory.begin() as session:
        store.delete(
            session, ADMIN, None, annotation_id, readable=policy.annotation_themes(session, ADMIN)
        )
    with factory() as session:
        assert session.get(Annotation, annotation_id) is None
        events = [e for e in audit.events(session) if e.actie.startswith("duiding")]
    assert [(e.actie, e.username) for e in reversed(events)] == [
        ("duiding toegevoegd", "lid"),
        ("duiding gewijzigd", "lid"),
        ("duiding gewijzigd", "admin"),
        ("duiding verwijderd", "admin"),
    ]
    assert audit.details_of(events[0])["tekst"] == "evenement (gemodereerd)"


# --- through the app -----------------------------------------------------------------------


def post_triggered(client, output_id: str, trigger: str, inputs: list, state: list):
    """Post a callback as the browser does when `trigger` (an input id) was clicked."""
    dep = next(d for d in client.get("/_dash-dependencies").get_json() if output_id in d["output"])
    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
        for o in dep["output"].strip(".").split("...")
    ]
    body = {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": inputs,
        "changedPropIds": [f"{trigger}.n_clicks"],
        "state": state,
    }
    return client.post("/_dash-update-component", json=body)


def save_general(client, search, *, van, tot, area, text, category="", editing=None):
    return post_triggered(
        client,
        GENERAL.modal,
        GENERAL.save,
        [
            value(GENERAL.add, "n_clicks", None),
            value(GENERAL.action, "data", None),
            value(GENERAL.cancel, "n_clicks", None),
            value(GENERAL.save, "n_clicks", 1),
        ],
        [
            value(GENERAL.van, "value", van),
            value(GENERAL.tot, "value", tot),
            value(GENERAL.area, "value", area),
            value(GENERAL.category, "value", category),
            value(GENERAL.text, "value", text),
            value(GENERAL.editing, "data", editing),
            value(GENERAL.version, "data", 0),
            value(ALGEMEEN.view, "data", search),
            value(URL, "pathname", "/"),
        ],
    )


def changed_prop(body_response) -> dict:
    return body_response.get_json()["response"]


def test_a_user_adds_an_annotation_and_sees_it_in_the_list_and_on_the_trend(private):
    url, factory = private
    _, gemeente, *_ = areas(factory)
    app = make_app(url)
    client = app.server.test_client()
    assert login(client, "lid", PASSWORD).status_code == 302
    search = f"?periode=12m&gebied={gemeente.code}&trend=maand"
    with factory() as session:
        reference = freshness_queries.latest_data_date(session)
    day = (reference - dt.timedelta(days=60)).isoformat()
    refused = save_general(
        client, search, van=day, tot=day, area=gemeente.code, text="bel 0612345678"
    )
    assert "persoonsgegevens" in refused.get_data(as_text=True)
    answer = save_general(
        client, search, van=day, tot=day, area=gemeente.code, text="evenement in het centrum"
    )
    assert answer.status_code == 200
    response = changed_prop(answer)
    assert response[GENERAL.modal]["is_open"] is False
    assert response[GENERAL.version]["data"] == 1
    listed = post_callback(
        client,
        GENERAL.items,
        [value(GENERAL.version, "data", 1), value(ALGEMEEN.view, "data", search)],
        [value(URL, "pathname", "/")],
    )
    text = listed.get_data(as_text=True)
    assert "evenement in het centrum" in text and "Wijzigen" in text
    trend = post_callback(
        client,
        ALGEMEEN.trend,
        [value(ALGEMEEN.view, "data", search), value(GENERAL.version, "data", 1)],
    )
    figure = changed_prop(trend)[ALGEMEEN.trend]["figure"]
    marks = [t for t in figure["data"] if t.get("name") == "Duiding"]
    assert marks and "evenement in het centrum" in json.dumps(marks[0]["hovertext"])
    assert any(s.get("type") == "line" for s in figure["layout"].get("shapes", []))
    # A colleague sees it in the list, without the buttons to change it.
    colleague = app.server.test_client()
    assert login(colleague, "collega", PASSWORD).status_code == 302
    seen = post_callback(
        colleague,
        GENERAL.items,
        [value(GENERAL.version, "data", 1), value(ALGEMEEN.view, "data", search)],
        [value(URL, "pathname", "/")],
    ).get_data(as_text=True)
    assert "evenement in het centrum" in seen and "Wijzigen" not in seen


def test_theme_annotation_callbacks_refuse_a_user_without_the_grant(private):
    url, _ = private
    app = make_app(url)
    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    answer = post_callback(
        client,
        THEME.items,
        [value(THEME.version, "data", 0), value(THEMA.view, "data", "")],
        [value(URL, "pathname", f"/thema/{THEME_SLUG}")],
    )
    assert answer.status_code == 403
    member = app.server.test_client()
    assert login(member, "lid", PASSWORD).status_code == 302
    answer = post_callback(
        member,
        THEME.items,
        [value(THEME.version, "data", 0), value(THEMA.view, "data", "")],
        [value(URL, "pathname", f"/thema/{THEME_SLUG}")],
    )
    assert answer.status_code == 200


def act(client, output_id: str, kind: str, annotation_id: int, search: str):
    """A click on a list button as assets/duiding.js reports it."""
    action = {"soort": kind, "id": annotation_id, "klik": 1}
    if output_id == GENERAL.modal:
        return post_triggered_data(
            client,
            GENERAL.modal,
            GENERAL.action,
            [
                value(GENERAL.add, "n_clicks", None),
                value(GENERAL.action, "data", action),
                value(GENERAL.cancel, "n_clicks", None),
                value(GENERAL.save, "n_clicks", None),
            ],
            [
                value(GENERAL.van, "value", None),
                value(GENERAL.tot, "value", None),
                value(GENERAL.area, "value", None),
                value(GENERAL.category, "value", None),
                value(GENERAL.text, "value", None),
                value(GENERAL.editing, "data", None),
                value(GENERAL.version, "data", 3),
                value(ALGEMEEN.view, "data", search),
                value(URL, "pathname", "/"),
            ],
        )
    return post_triggered_data(
        client,
        GENERAL.confirm,
        GENERAL.action,
        [
            value(GENERAL.action, "data", action),
            value(GENERAL.confirm_delete, "n_clicks", None),
            value(GENERAL.confirm_cancel, "n_clicks", None),
        ],
        [
            value(GENERAL.deleting, "data", None),
            value(GENERAL.version, "data", 3),
            value(URL, "pathname", "/"),
        ],
    )


def post_triggered_data(client, output_id, trigger, inputs, state):
    dep = next(d for d in client.get("/_dash-dependencies").get_json() if output_id in d["output"])
    outputs = [
        {"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]}
        for o in dep["output"].strip(".").split("...")
    ]
    body = {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": inputs,
        "changedPropIds": [f"{trigger}.data"],
        "state": state,
    }
    return client.post("/_dash-update-component", json=body)


def confirm_delete(client, annotation_id: int):
    return post_triggered(
        client,
        GENERAL.confirm,
        GENERAL.confirm_delete,
        [
            value(GENERAL.action, "data", None),
            value(GENERAL.confirm_delete, "n_clicks", 1),
            value(GENERAL.confirm_cancel, "n_clicks", None),
        ],
        [
            value(GENERAL.deleting, "data", annotation_id),
            value(GENERAL.version, "data", 3),
            value(URL, "pathname", "/"),
        ],
    )


def test_the_owner_edits_and_deletes_through_the_list_a_colleague_cannot(private):
    url, factory = private
    _, gemeente, *_ = areas(factory)
    annotation_id = add(factory, MEMBER, None, gemeente.code, "extra handhavingsinzet")
    app = make_app(url)
    owner, colleague = app.server.test_client(), app.server.test_client()
    assert login(owner, "lid", PASSWORD).status_code == 302
    assert login(colleague, "collega", PASSWORD).status_code == 302
    search = f"?gebied={gemeente.code}"
    opened = changed_prop(act(owner, GENERAL.modal, "wijzig", annotation_id, search))
    assert opened[GENERAL.modal]["is_open"] is True
    assert opened[GENERAL.text]["value"] == "extra handhavingsinzet"
    assert opened[GENERAL.editing]["data"] == annotation_id
    refused = changed_prop(act(colleague, GENERAL.modal, "wijzig", annotation_id, search))
    assert GENERAL.modal not in refused and "eigen" in refused[GENERAL.status]["children"]
    asked = changed_prop(act(owner, GENERAL.confirm, "verwijder", annotation_id, search))
    assert asked[GENERAL.confirm]["is_open"] is True
    assert asked[GENERAL.deleting]["data"] == annotation_id
    assert "eigen" in confirm_delete(colleague, annotation_id).get_data(as_text=True)
    with factory() as session:
        assert session.get(Annotation, annotation_id) is not None
    done = changed_prop(confirm_delete(owner, annotation_id))
    assert done[GENERAL.version]["data"] == 4
    with factory() as session:
        assert session.get(Annotation, annotation_id) is None


def open_form(client, search):
    """A click on "+ Toevoegen" of the general dashboard."""
    return post_triggered(
        client,
        GENERAL.modal,
        GENERAL.add,
        [
            value(GENERAL.add, "n_clicks", 1),
            value(GENERAL.action, "data", None),
            value(GENERAL.cancel, "n_clicks", None),
            value(GENERAL.save, "n_clicks", None),
        ],
        [
            value(GENERAL.van, "value", None),
            value(GENERAL.tot, "value", None),
            value(GENERAL.area, "value", None),
            value(GENERAL.category, "value", None),
            value(GENERAL.text, "value", None),
            value(GENERAL.editing, "data", None),
            value(GENERAL.version, "data", 0),
            value(ALGEMEEN.view, "data", search),
            value(URL, "pathname", "/"),
        ],
    )


def test_the_form_offers_own_areas_and_the_server_refuses_a_forged_area(private):
    url, factory = private
    region, gemeente, wijk, buurt, elsewhere = areas(factory)
    app = make_app(url)
    member, leader = app.server.test_client(), app.server.test_client()
    assert login(member, "lid", PASSWORD).status_code == 302
    assert login(leader, "projectleider").status_code == 302
    # The form offers the areas of the view that the user may annotate, nothing else.
    opened = changed_prop(open_form(member, f"?gebied={buurt.code}"))
    offered = [o["value"] for o in opened[GENERAL.area]["options"]]
    assert offered == [gemeente.code, wijk.code, buurt.code]
    assert opened[GENERAL.area]["value"] == buurt.code
    # Viewing another gemeente (or the region): no form, but why.
    for search in (f"?gebied={elsewhere.code}", ""):
        refused = changed_prop(open_form(member, search))
        assert GENERAL.modal not in refused
        assert f"eigen gemeente ({gemeente.naam})" in refused[GENERAL.status]["children"]
    opened = changed_prop(open_form(leader, f"?gebied={elsewhere.code}"))
    assert [o["value"] for o in opened[GENERAL.area]["options"]] == [region.code, elsewhere.code]
    # A forged payload with another gemeente's area is refused with the message in the form.
    with factory() as session:
        day = (freshness_queries.latest_data_date(session) - dt.timedelta(days=30)).isoformat()
    search = f"?gebied={gemeente.code}"
    for area in (elsewhere, region):
        answer = save_general(member, search, van=day, tot=day, area=area.code, text="poging")
        assert answer.status_code == 200
        message = changed_prop(answer)[GENERAL.message]["children"]
        assert "eigen gemeente" in message
    with factory() as session:
        assert session.scalar(select(Annotation.id)) is None
    answer = save_general(leader, search, van=day, tot=day, area=elsewhere.code, text="inzet")
    assert changed_prop(answer)[GENERAL.modal]["is_open"] is False
    with factory() as session:
        assert session.scalars(select(Annotation.area_code)).all() == [elsewhere.code]


HOSTILE = (
    '<a href="https://evil.example/login">Log opnieuw in</a> '
    '<span style="font-size:60px;fill:red">DATA ONJUIST</span>'
)


def test_markup_in_an_annotation_reaches_the_trend_as_text_not_as_a_link(private):
    """Issue 18: Plotly draws <a href>, <span style>, <b> and <br> in hover text."""
    url, factory = private
    _, gemeente, *_ = areas(factory)
    with factory() as session:
        reference = freshness_queries.latest_data_date(session)
    day = reference - dt.timedelta(days=60)
    add(factory, MEMBER, None, gemeente.code, HOSTILE, period=(day, day))
    app = make_app(url)
    client = app.server.test_client()
    assert login(client, "collega", PASSWORD).status_code == 302
    search = f"?periode=12m&gebied={gemeente.code}&trend=maand"
    trend = post_callback(
        client,
        ALGEMEEN.trend,
        [value(ALGEMEEN.view, "data", search), value(GENERAL.version, "data", 1)],
    )
    figure = changed_prop(trend)[ALGEMEEN.trend]["figure"]
    (mark,) = [t for t in figure["data"] if t.get("name") == "Duiding"]
    (hover,) = mark["hovertext"]
    assert "<a" not in hover and "<span" not in hover
    assert hover.endswith(
        '&lt;a href="https://evil.example/login"&gt;Log opnieuw in&lt;/a&gt; '
        '&lt;span style="font-size:60px;fill:red"&gt;DATA ONJUIST&lt;/span&gt;'
    )
    # Stored as typed: the list and the audit log show what the author wrote.
    with factory() as session:
        assert session.scalar(select(Annotation.tekst)) == HOSTILE
