"""Project results (issue 5): the plan's checklist, edited by the project roles only."""

from __future__ import annotations

import pytest

from dashboard.data.store import audit, deliverables
from dashboard.layouts.resultaten import RESULTATEN
from tests.conftest import database_copy, login, make_app, shared_demo_snapshot
from tests.dash_requests import post_callback, value


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("resultaten"), seed=4, scale=0.05, years=1)


@pytest.fixture
def private(snapshot, tmp_path):
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        yield url, factory, make_app(url)


def rows_of(factory) -> list[dict]:
    with factory() as session:
        frame = deliverables.table(session)
    out = frame.drop(columns=["onderdeel", "dashboard"]).fillna("")
    out["datum"] = [d.strftime("%d-%m-%Y") if d else "" for d in frame["datum"]]
    return out.to_dict("records")


def save(client, rows):
    return post_callback(
        client,
        RESULTATEN.message,
        [value(RESULTATEN.save, "n_clicks", 1)],
        [value(RESULTATEN.table, "virtualRowData", rows)],
    )


def test_the_plan_has_nine_general_and_eight_thematic_items(private):
    _, factory, _ = private
    with factory() as session:
        frame = deliverables.table(session)
    assert [c for c in frame["code"] if c.startswith("A-")] == [f"A-{x}" for x in "abcdefghi"]
    assert [c for c in frame["code"] if c.startswith("T-")] == [f"T-{x}" for x in "abcdefgh"]
    # The demo marks what the product already does as ready: the six dashboards among them.
    assert deliverables.dashboard_kpi(frame) == (6, 6)


def test_a_projectleider_edits_the_checklist_and_it_is_audited(private):
    _, factory, app = private
    client = app.server.test_client()
    login(client, "projectleider")
    rows = rows_of(factory)
    target = next(r for r in rows if r["code"] == "T-b")
    target.update(status="in uitvoering", eigenaar="Expertgroep cyber", datum="01-03-2027")
    answer = save(client, rows)
    assert answer.status_code == 200
    assert "Opgeslagen: T-b." in answer.get_data(as_text=True)
    with factory() as session:
        frame = deliverables.table(session).set_index("code")
        assert frame.loc["T-b", "status"] == "in uitvoering"
        assert frame.loc["T-b", "eigenaar"] == "Expertgroep cyber"
        assert str(frame.loc["T-b", "datum"]) == "2027-03-01"
        assert deliverables.dashboard_kpi(frame.reset_index()) == (5, 6)
        event = audit.events(session, 1)[0]
    assert event.actie == "projectresultaat_gewijzigd" and event.username == "projectleider"
    assert "T-b" in event.details


@pytest.mark.parametrize(
    ("field", "bad", "message"),
    [
        ("status", "klaar", "T-a, status: kies uit"),
        ("datum", "31-02-2027", "T-a, datum"),
        ("eigenaar", "x" * 101, "T-a, eigenaar"),
    ],
)
def test_bad_input_is_refused_whole_with_the_item_and_field(private, field, bad, message):
    _, factory, app = private
    client = app.server.test_client()
    login(client, "admin")
    rows = rows_of(factory)
    rows[1]["eigenaar"] = "Iemand anders"  # a valid change in the same save is not stored
    next(r for r in rows if r["code"] == "T-a")[field] = bad
    answer = save(client, rows).get_data(as_text=True)
    assert "Niet opgeslagen" in answer and message in answer
    assert rows_of(factory)[1]["eigenaar"] != "Iemand anders"


def test_an_unknown_item_cannot_be_added_through_the_table(private):
    _, factory, app = private
    client = app.server.test_client()
    login(client, "admin")
    rows = [*rows_of(factory), {"code": "X-z", "status": "gereed", "titel": "Nieuw"}]
    assert "onbekend resultaat" in save(client, rows).get_data(as_text=True)


def test_a_gebruiker_gets_nothing(private):
    _, factory, app = private
    client = app.server.test_client()
    login(client, "gebruiker")
    assert client.get("/resultaten").status_code == 403
    assert save(client, rows_of(factory)).status_code == 403
    load = post_callback(client, RESULTATEN.table, [value(RESULTATEN.loaded, "data", True)])
    assert load.status_code == 403
