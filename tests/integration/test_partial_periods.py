"""Partial periods on the real surfaces (issue 21, item 9): the Algemeen beeld trend, the
Gebruik page and the DVO report (whose default is the last complete half year)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_login import login_user

from auth.user import CurrentUser
from dashboard import pages
from dashboard.callbacks import algemeen
from dashboard.callbacks import gebruik as gebruik_callbacks
from dashboard.cli import main
from dashboard.data.queries import freshness as freshness_queries
from dashboard.layouts.gebruik import GEBRUIK
from dashboard.measures.completeness import observed
from dashboard.reports import dvo
from tests.conftest import database_copy, make_app, shared_demo_snapshot
from tests.layout_tree import find_component


def admin():
    return CurrentUser(1, "admin", "admin", None, True, protocol_accepted=True)


def test_the_algemeen_trend_draws_the_month_still_being_delivered_as_partial(app, demo_main):
    _, factory, _ = demo_main
    with factory() as session:
        last = freshness_queries.latest_data_date(session)
    month = observed("maand", last.replace(day=1), last, last)[0]
    assert not month.whole  # the demo's data end within a month
    with app.server.test_request_context():
        login_user(admin())
        figure = algemeen.update_trend("?periode=12m&trend=maand")["trend"]
    partial = next(t for t in figure.data if t.name == "onvolledige maand")
    assert partial.customdata[-1] == month.label  # 'november 2026 (t/m 22 nov, onvolledig)'
    assert partial.text[-1] == month.note
    solid = next(t for t in figure.data if t.mode == "lines+markers")  # the whole months
    assert solid.y[-1] is None  # not on the line of whole months


@pytest.fixture
def private(tmp_path_factory, tmp_path):
    snapshot = shared_demo_snapshot(tmp_path_factory.mktemp("deel"), seed=8, scale=0.05, years=1)
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        yield url, factory, make_app(url)


def test_the_dvo_report_defaults_to_the_last_complete_half_year(
    private, tmp_path, monkeypatch, capsys
):
    url, _, app = private
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    monkeypatch.setattr("dashboard.data.models.utcnow", lambda: dt.datetime(2026, 12, 5, 10, 0))
    out = tmp_path / "dvo.pdf"
    assert main(["report", "dvo", "--out", str(out)]) == 0
    assert "DVO-rapportage 2026-H1 geschreven" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")
    # The page offers the running half year too, but chooses the last complete one.
    today = dt.date.today()
    with app.server.test_request_context():
        login_user(admin())
        layout = pages.build_gebruik("")
    dropdown = find_component(layout, GEBRUIK.dvo_half)
    assert dropdown.value == dvo.default_half(today)
    assert dropdown.value != dvo.halves_available(today)[0]
    assert "loopt nog, onvolledig" in dropdown.options[0]["label"]


def test_the_gebruik_page_flags_today_and_the_month_that_has_only_begun(private):
    from dashboard.data.models import utcnow
    from dashboard.data.store import usage as usage_store

    _, factory, app = private
    now = utcnow()
    today = now.date()
    with factory.begin() as session:  # a view today, so that the charts have something to draw
        usage_store.record(
            session,
            username="admin",
            gemeente_code=None,
            role="admin",
            soort="weergave",
            pagina="/",
            when=now,
        )
    with app.server.test_request_context():
        login_user(admin())
        shown = gebruik_callbacks.update(today.replace(day=1).isoformat(), today.isoformat())
    days, months = shown["per_day"].data[0], shown["per_month"].data[0]
    assert "(vandaag, onvolledig)" in days.customdata[-1]
    assert list(days.marker.opacity)[-1] == 0.45
    assert "onvolledig" in months.customdata[-1]
