"""The user protocol and the audit log (issue 4, "User protocol and audit log")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from dash import no_update
from flask_login import login_user

from auth.protocol_page import blocks
from auth.user import CurrentUser
from dashboard.callbacks import algemeen as algemeen_cb
from dashboard.callbacks import beheer as beheer_cb
from dashboard.data.ingest.politie import run_politie
from dashboard.data.queries import areas as area_queries
from dashboard.data.store import audit, protocol, users
from dashboard.layouts.beheer import BEHEER
from dashboard.state import ViewState, to_search
from tests.conftest import (
    database_copy,
    fresh_url,
    login,
    make_app,
    shared_demo_snapshot,
    write_csv,
)
from tests.csv_export import read_export
from tests.dash_requests import post_callback, value

NEW_PASSWORD = "nieuw-wachtwoord-1"
TODAY = dt.date(2026, 11, 28)
VERSION_2 = "# Protocol versie 2\n\nAlleen voor intern gebruik.\n\n- geen persoonsgegevens"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("protocol"), seed=3, scale=0.05, years=1)


@pytest.fixture
def private(snapshot, tmp_path):
    """A private copy of the demo database with a fresh user who accepted nothing yet."""
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        with factory() as session, session.begin():
            users.add_user(
                session,
                "nieuw",
                role="gebruiker",
                gemeente_code="GM9901",
                password=NEW_PASSWORD,
                by="admin",
            )
        yield factory, make_app(url)


def token_of(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def accept(client, versie: int, next_url: str = "/", token: str | None = None):
    token = token or token_of(client.get("/protocol"))
    return client.post(
        "/protocol", data={"csrf_token": token, "versie": str(versie), "next": next_url}
    )


def events(factory, action: str) -> list:
    with factory() as session:
        return [e for e in audit.events(session, None) if e.actie == action]


def blocked(client) -> None:
    """No data of any kind before the protocol is accepted."""
    response = client.post("/_dash-update-component", json={"output": "x.children"})
    assert response.status_code == 403
    assert response.get_json() == {"error": "protocol niet geaccepteerd"}
    for path in ("/geo/buurt.geojson", "/_dash-layout", "/download/afgekeurd/1.csv"):
        assert client.get(path).status_code == 403, path


PUBLISH = (
    BEHEER.protocol_message,
    [value(BEHEER.protocol_publish, "n_clicks", 1)],
    [value(BEHEER.protocol_text, "value", VERSION_2)],
)


def test_a_fresh_user_accepts_before_seeing_data(private):
    factory, app = private
    client = app.server.test_client()
    assert login(client, "nieuw", NEW_PASSWORD).status_code == 302
    assert client.get("/").headers["Location"] == "/protocol"
    shared = client.get("/?gebied=GM9901&periode=4w")
    assert shared.headers["Location"] == "/protocol?next=/?gebied=GM9901&periode=4w"
    blocked(client)
    page = client.get("/protocol")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ik ga akkoord" in text and "Versie 1" in text and "Alleen voor intern gebruik" in text
    assert "persoonsgegevens" in text
    assert accept(client, 1, token="vervalst").status_code == 400
    blocked(client)
    response = accept(client, 1, next_url="/?gebied=GM9901&periode=4w")
    assert response.status_code == 302
    assert response.headers["Location"] == "/?gebied=GM9901&periode=4w"
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/geo/buurt.geojson").status_code == 200
    assert client.get("/").status_code == 200
    assert "U hebt deze versie geaccepteerd" in client.get("/protocol").get_data(as_text=True)
    [event] = events(factory, "protocol_geaccepteerd")[:1]
    assert (event.username, audit.details_of(event)) == ("nieuw", {"versie": 1})


def test_protocol_page_needs_a_login_and_refuses_foreign_next(private):
    _, app = private
    client = app.server.test_client()
    assert client.get("/protocol").headers["Location"] == "/login?next=/protocol"
    login(client, "nieuw", NEW_PASSWORD)
    assert accept(client, 1, next_url="https://elders.example/").headers["Location"] == "/"


def test_a_new_version_must_be_accepted_again(private):
    factory, app = private
    admin, user = app.server.test_client(), app.server.test_client()
    assert login(admin, "admin").status_code == 302
    assert login(user, "gebruiker").status_code == 302
    assert user.get("/_dash-layout").status_code == 200  # demo accounts come accepted
    response = post_callback(admin, *PUBLISH)
    assert response.status_code == 200
    assert "Versie 2 gepubliceerd" in response.get_data(as_text=True)
    with factory() as session:
        assert protocol.current_version(session).versie == 2
    blocked(user)
    assert user.get("/").headers["Location"] == "/protocol"
    assert admin.get("/_dash-layout").status_code == 200  # the publisher accepted by publishing
    # A form for the old version does not accept the new one.
    stale = accept(user, 1)
    assert stale.status_code == 400 and "nieuwe versie" in stale.get_data(as_text=True)
    blocked(user)
    page = user.get("/protocol").get_data(as_text=True)
    assert "Versie 2" in page and "Protocol versie 2" in page
    assert accept(user, 2).status_code == 302
    assert user.get("/_dash-layout").status_code == 200
    [published] = events(factory, "protocol_gepubliceerd")
    assert published.username == "admin" and audit.details_of(published)["versie"] == 2
    accepted = [
        (e.username, audit.details_of(e)["versie"])
        for e in events(factory, "protocol_geaccepteerd")
    ]
    assert ("gebruiker", 2) in accepted and ("admin", 2) in accepted


@pytest.mark.parametrize("role", ["projectleider", "gebruiker"])
def test_non_admins_cannot_publish(private, role):
    factory, app = private
    client = app.server.test_client()
    assert login(client, role).status_code == 302
    assert post_callback(client, *PUBLISH).status_code == 403
    status = post_callback(
        client,
        BEHEER.protocol_status,
        [value(BEHEER.loaded, "data", True), value(BEHEER.protocol_done, "data", None)],
    )
    assert status.status_code == 403
    with factory() as session:
        assert protocol.current_version(session).versie == 1
    assert events(factory, "protocol_gepubliceerd") == []


def test_admin_protocol_card_as_plain_functions(private):
    factory, app = private
    with factory() as session:
        admin_id = users.get_user(session, "admin").id
    with app.server.test_request_context():
        login_user(CurrentUser(admin_id, "admin", "admin", None, True))
        card = beheer_cb.protocol_status(True, None)
        status, text = card["status"], card["text"]
        assert status.startswith("Huidige versie: 1 (gepubliceerd")
        with factory() as session:
            active = sum(1 for u in users.list_users(session) if u.active)
        # Every demo account has accepted; the test's own new user has not.
        assert f"{active - 1} van {active} actieve gebruikers" in status
        assert "Gebruikersprotocol" in text
        refused = beheer_cb.publish_protocol(1, "   ")
        assert "Niet gepubliceerd: de tekst is leeg" in str(refused["message"].to_plotly_json())
        assert refused["done"] is no_update
        published = beheer_cb.publish_protocol(1, VERSION_2)
        assert published["done"] == 2
        card = beheer_cb.protocol_status(True, 2)
        status, text = card["status"], card["text"]
    assert status.startswith("Huidige versie: 2") and f"1 van {active} " in status
    assert text == VERSION_2


def test_the_text_is_shown_escaped(private):
    factory, app = private
    with factory() as session, session.begin():
        protocol.publish(session, "# Kop\n\n<script>alert(1)</script>\n\n- punt <b>", by="admin")
    client = app.server.test_client()
    login(client, "nieuw", NEW_PASSWORD)
    page = client.get("/protocol").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<li>punt &lt;b&gt;</li>" in page


def test_blocks_of_the_markdown_subset():
    text = "# Titel\n\nEen alinea\nover twee regels.\n\n## Kop\n- een\n- twee\n  vervolg\n\nSlot"
    assert [(b.kind, b.lines) for b in blocks(text)] == [
        ("kop", ("Titel",)),
        ("alinea", ("Een alinea", "over twee regels.")),
        ("kop", ("Kop",)),
        ("lijst", ("een", "twee vervolg")),
        ("alinea", ("Slot",)),
    ]
    assert [b.kind for b in blocks(protocol.default_text())][:2] == ["kop", "alinea"]


def test_version_1_is_the_packaged_text(tmp_path):
    from dashboard.data.db import make_engine, make_session_factory, upgrade_schema

    engine = make_engine(fresh_url(tmp_path, "leeg"))
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    with factory() as session, session.begin():
        first = protocol.current_version(session)
        assert (first.versie, first.door) == (1, "standaard")
        assert protocol.current_version(session) is first
    with factory() as session:
        text = protocol.current_version(session).tekst
    assert "intern gebruik" in text and "toestemming" in text and "<5" in text
    with factory() as session, session.begin(), pytest.raises(protocol.ProtocolError):
        protocol.accept(session, 1, 7)
    engine.dispose()


# --- the audit log ----------------------------------------------------------------------------


def test_audit_export_for_the_admin(private):
    factory, app = private
    client = app.server.test_client()
    assert login(client, "admin").status_code == 302
    response = client.get("/download/auditlog.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="auditlog.csv"'
    assert response.headers["Cache-Control"] == "private, no-store"
    explanation, frame = read_export(response.get_data(), keep_default_na=False)
    # Dutch local time with its offset to UTC (the repeated hour when summer time ends stays
    # in order), said in the explanation; the column is no longer "(UTC)".
    assert explanation == (
        "Auditlog Dashboard Veiligheid, tijden in Nederlandse tijd met UTC-verschil"
    )
    assert list(frame.columns) == ["Tijdstip", "Door", "Actie", "Details"]
    rows = frame.astype(str).values.tolist()
    assert rows[0][1:3] == ["admin", "export"]  # newest first: this very export
    assert ["admin", "login"] in [r[1:3] for r in rows]
    assert "gebruiker_toegevoegd" in {r[2] for r in rows}
    # Dutch local time with its offset: readable, and still in order across the clock change.
    stamps = [dt.datetime.strptime(r[0], "%Y-%m-%d %H:%M:%S%z") for r in rows]
    assert stamps == sorted(stamps, reverse=True)
    [export] = events(factory, "export")
    assert stamps[0] == export.tijdstip.replace(microsecond=0, tzinfo=dt.UTC)
    assert rows[0][0].endswith(("+01:00", "+02:00"))  # Dutch winter or summer time, not UTC
    assert audit.details_of(export) == {"bestand": "auditlog.csv"}


@pytest.mark.parametrize("role", ["projectleider", "gebruiker"])
def test_audit_export_is_admin_only(private, role):
    factory, app = private
    client = app.server.test_client()
    assert app.server.test_client().get("/download/auditlog.csv").status_code == 401
    assert login(client, role).status_code == 302
    response = client.get("/download/auditlog.csv")
    assert response.status_code == 403 and b"login" not in response.data
    assert events(factory, "export") == []


def test_no_route_edits_or_deletes_audit_events(private):
    _, app = private
    for rule in app.server.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule


def test_exports_are_recorded(private):
    factory, app = private
    client = app.server.test_client()
    login(client, "projectleider")
    assert client.get("/download/afgekeurd/1.csv").status_code == 200
    search = to_search(ViewState().with_area("GM9901"))
    with app.server.test_request_context():
        login_user(CurrentUser(2, "gebruiker", "gebruiker", "GM9901", True))
        download = algemeen_cb.download_table(1, search)["download"]
    found = {(e.username, audit.details_of(e)["bestand"]) for e in events(factory, "export")}
    assert ("projectleider", "afgekeurd_1.csv") in found
    assert ("gebruiker", download["filename"]) in found
    table_export = next(e for e in events(factory, "export") if e.username == "gebruiker")
    assert audit.details_of(table_export)["filter"] == search


def test_a_delivery_writes_a_levering_event(private, tmp_path):
    factory, _ = private
    with factory() as session:
        buurten = [a.code for a in area_queries.areas(session, "buurt")]
    header = [
        "Registratienummer",
        "Maatschappelijke klasse",
        "Begindatum",
        "Begintijd",
        "Buurtcode",
    ]
    rows = [
        [f"PL0500-2026{i:05d}", "F550 Eenvoudige mishandeling", "20-11-2026", "10:15", buurten[i]]
        for i in range(3)
    ]
    loaded = run_politie(factory, write_csv(tmp_path / "week47.csv", header, rows), today=TODAY)
    assert loaded.status == "geladen", loaded.message
    bad = [["PL0500-202699999", "Z999", "20-11-2026", "10:15", buurten[0]]]
    refused = run_politie(factory, write_csv(tmp_path / "fout.csv", header, bad), today=TODAY)
    assert refused.status == "geweigerd"
    # A refused delivery is audited too: every delivery ends in finish_run.
    police = [e for e in events(factory, "levering") if audit.details_of(e)["bron"] == "politie"]
    assert [(e.username, audit.details_of(e)) for e in police] == [
        (
            "cli",
            {
                "bron": "politie",
                "bestand": "fout.csv",
                "status": "geweigerd",
                "gelezen": 1,
                "toegevoegd": 0,
                "bijgewerkt": 0,
                "afgekeurd": 1,
            },
        ),
        (
            "cli",
            {
                "bron": "politie",
                "bestand": "week47.csv",
                "status": "geladen",
                "gelezen": 3,
                "toegevoegd": 3,
                "bijgewerkt": 0,
                "afgekeurd": 0,
            },
        ),
    ]
