"""The data page: what it shows, and that only admin and projectleider get anything from it."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.analysis.completeness import flag_weeks
from dashboard.callbacks import databronnen as cb
from dashboard.layouts.databronnen import DATABRONNEN
from tests.conftest import login
from tests.dash_requests import post_callback

OVERVIEW_INPUT = [{"id": DATABRONNEN.loaded, "property": "data", "value": True}]


def test_gebruiker_gets_403_and_no_data(app, user_client):
    response = post_callback(user_client, DATABRONNEN.sources, OVERVIEW_INPUT)
    assert response.status_code == 403
    assert b"demo_bvh" not in response.data
    assert user_client.get("/download/afgekeurd/1.csv").status_code == 403


def test_gebruiker_sees_no_link_and_a_refusal_on_the_page(app, user_client):
    layout = user_client.get("/_dash-layout").get_data(as_text=True)
    assert "Algemeen beeld" in layout  # the nav is there (Dash writes "/" as \u002f)
    assert "databronnen" not in layout.lower()
    from dashboard.callbacks.shell import render_page

    with app.server.test_request_context():
        from flask_login import login_user

        from auth.user import CurrentUser

        login_user(CurrentUser(1, "g", "gebruiker", "GM9901", True))
        page = render_page("/databronnen", "")
    assert "Geen toegang" in str(page.to_plotly_json())


def test_anonymous_download_is_401(client):
    assert client.get("/download/afgekeurd/1.csv").status_code == 401


def test_projectleider_sees_deliveries_and_weekly_volumes(app, client):
    assert login(client, "projectleider").status_code == 302
    assert "\\u002fdatabronnen" in client.get("/_dash-layout").get_data(as_text=True)
    response = post_callback(client, DATABRONNEN.sources, OVERVIEW_INPUT)
    assert response.status_code == 200
    payload = response.get_json()["response"]
    runs = payload[DATABRONNEN.runs]["rowData"]
    # The newest runs are the demo's partner deliveries; the weekly police deliveries follow.
    assert len(runs) == 100 and runs[0]["bestandsnaam"].startswith("demo_partner_")
    assert any(r["bestandsnaam"].startswith("demo_bvh_") for r in runs)
    assert "Politie (BVH-extractie)" in str(payload[DATABRONNEN.sources]["children"])


def test_rejected_rows_download_for_projectleider(app, client, demo_main):
    from dashboard.data.ingest.report import Rejection, RunReport
    from dashboard.data.ingest.runs import finish_run, start_run

    _, factory, _ = demo_main
    report = RunReport("politie", "fout.csv", status="geweigerd")
    report.rejections = [Rejection(7, "mk_code", "onbekende incidentcode", "Z999")]
    with factory() as session, session.begin():
        run = start_run(session, "politie", "fout.csv", None)
        finish_run(session, run, report)
        run_id = run.id
    try:
        check_rejection_download(app, client, run_id)
    finally:  # the demo database is shared by the whole run: leave it as it was
        from dashboard.data.models import IngestRun

        with factory() as session, session.begin():
            session.delete(session.get(IngestRun, run_id))


def check_rejection_download(app, client, run_id: int) -> None:
    login(client, "projectleider")
    response = client.get(f"/download/afgekeurd/{run_id}.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Alleen voor intern gebruik" in text and "7;mk_code;onbekende incidentcode;Z999" in text
    assert client.get("/download/afgekeurd/999999.csv").status_code == 404
    with app.server.test_request_context():
        from flask_login import login_user

        from auth.user import CurrentUser

        login_user(CurrentUser(2, "p", "projectleider", None, True))
        view = cb.show_rejections([{"id": run_id, "bestandsnaam": "fout.csv"}])
        nothing = cb.show_rejections([])
    assert "1 afgekeurde rijen" in str(view.to_plotly_json())
    assert nothing == "Kies een levering in de tabel hierboven."


def test_missing_half_and_double_weeks_are_flagged():
    weeks = pd.date_range("2026-01-05", periods=14, freq="W-MON").date
    counts = [100, 104, 98, 101, 99, 102, 100, 0, 103, 45, 100, 230, 99, 101]
    flagged = flag_weeks(pd.DataFrame({"week": weeks, "aantal": counts}))
    assert list(flagged["afwijkend"]) == [""] * 7 + ["laag", "", "laag", "", "hoog", "", ""]
    assert "ontbrekende" in cb.week_note(flagged) and "dubbele" in cb.week_note(flagged)


def test_partner_sources_carry_their_dataset_name(demo_main):
    from dashboard.data.ingest import registry
    from dashboard.data.queries import sources

    _, factory, _ = demo_main
    with factory() as session:
        labels = sources.source_labels(session, registry.labels())
    partner = {k: v for k, v in labels.items() if k.startswith("partner:")}
    assert partner and all("(" in v for v in partner.values())
    assert labels["politie"] == "Politie (BVH-extractie)"


def test_an_id_beyond_the_database_integers_is_404_on_every_route(app, client):
    """Issue 18: /download/afgekeurd/99999999999999999999999.csv answered 500 ("Python int too
    large"). Every rule with an integer in the path, read from the URL map: 404 for an id no
    database integer can hold, as for any id that names nothing."""
    assert login(client, "projectleider").status_code == 302
    rules = [
        rule
        for rule in app.server.url_map.iter_rules()
        if any(type(c).__name__ == "IntegerConverter" for c in rule._converters.values())
    ]
    assert rules, "no route with an integer in its path"
    for rule in rules:
        # 2**31: beyond PostgreSQL's INTEGER ids, "integer out of range" there.
        for huge in (2**31, 2**63, 99999999999999999999999):
            values = {
                name: huge if type(c).__name__ == "IntegerConverter" else "x"
                for name, c in rule._converters.items()
            }
            url = re.sub(r"<(?:[^>]*:)?(\w+)>", lambda m, v=values: str(v[m.group(1)]), rule.rule)
            assert client.get(url).status_code == 404, url


def test_source_cards_start_with_the_police_and_list_partners_by_name(demo_main):
    """The officer finds the weekly police delivery first, every visit; partner datasets follow
    alphabetically (the database's row order is no order)."""
    from dashboard.data.ingest import registry
    from dashboard.data.queries import sources
    from dashboard.layouts import databronnen as layout

    _, factory, _ = demo_main
    with factory() as session:
        labels = sources.source_labels(session, registry.labels())
        latest = sources.latest_per_source(session)
    shuffled = latest.sample(frac=1, random_state=4).reset_index(drop=True)
    titles = [
        str(card.children.children[0].children) for card in layout.source_cards(shuffled, labels)
    ]
    assert titles[0] == "Politie (BVH-extractie)"
    partners = [t for t in titles if t != "Politie (BVH-extractie)"]
    assert len(partners) >= 2 and partners == sorted(partners, key=str.lower)


def test_wide_tables_scroll_inside_their_card():
    """A long file name wraps in its cell instead of widening the page: the grid is as wide
    as its card, its columns share that width (flex) and a narrower screen scrolls inside the
    grid (AG Grid's own viewport; the browser test measures it at 1366)."""
    from dashboard.layouts import databronnen as layout

    table = layout.runs_table()
    assert table.style == {"width": "100%"}
    columns = {c["field"]: c for c in table.columnDefs}
    assert all(c["flex"] > 0 for c in columns.values())
    for field in ("bestandsnaam", "bron", "periode"):
        assert columns[field]["wrapText"] and columns[field]["autoHeight"]
