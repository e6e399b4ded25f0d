"""Usage tracking (issue 5): events from real requests, the KPIs against hand counts, the
Gebruik page for the project roles only, and retention."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import delete, func, select

from dashboard.analysis import usage_kpis
from dashboard.cli import main
from dashboard.data.models import UsageEvent
from dashboard.data.store import usage as usage_store
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.layouts.components.frame import PAGE, URL
from dashboard.layouts.gebruik import GEBRUIK
from dashboard.measures import usage as view
from tests.conftest import database_copy, login, make_app, shared_demo_snapshot
from tests.dash_requests import post_callback, value

D = dt.date


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("usage"), seed=5, scale=0.05, years=1)


@pytest.fixture
def private(snapshot, tmp_path):
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        yield url, factory, make_app(url)


def rows(factory, username: str, after: int = 0) -> list[UsageEvent]:
    """The user's events newer than id `after` (the demo brings a synthetic history)."""
    with factory() as session:
        return list(
            session.scalars(
                select(UsageEvent)
                .where(UsageEvent.username == username, UsageEvent.id > after)
                .order_by(UsageEvent.id)
            )
        )


def newest_id(factory) -> int:
    with factory() as session:
        return session.scalar(select(func.max(UsageEvent.id))) or 0


def open_page(client, path: str, search: str = ""):
    return post_callback(
        client,
        PAGE,
        [value(URL, "pathname", path)],
        [value(URL, "search", search)],
    )


def change_filters(client, search: str):
    """The general dashboard's URL sync, as the browser fires it after a filter change."""
    from dashboard.state import parse

    state = parse(search)
    inputs = [
        value(ALGEMEEN.period, "value", state.periode),
        value(ALGEMEEN.dates, "start_date", None),
        value(ALGEMEEN.dates, "end_date", None),
        value(ALGEMEEN.comparison, "value", state.vergelijking),
        value(ALGEMEEN.gemeente, "value", state.gemeente),
        value(ALGEMEEN.wijk, "value", state.wijk),
        value(ALGEMEEN.buurt, "value", state.buurt),
        value(ALGEMEEN.hoofdcategorie, "value", list(state.hoofdcategorieen)),
        value(ALGEMEEN.codes, "value", list(state.codes)),
        value(ALGEMEEN.measure, "value", state.maat),
        value(ALGEMEEN.grain, "value", state.trend),
        value(ALGEMEEN.horizon, "value", state.extrapolatie),
    ]
    return post_callback(client, ALGEMEEN.view, inputs)


def test_login_view_filters_and_download_are_recorded_from_real_requests(private):
    _, factory, app = private
    before = newest_id(factory)
    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    assert open_page(client, "/", "?periode=12m").status_code == 200
    assert change_filters(client, "?periode=12m&gebied=GM9901").status_code == 200
    assert change_filters(client, "?periode=kwartaal&gebied=GM9901").status_code == 200
    assert change_filters(client, "?periode=kwartaal&gebied=GM9901").status_code == 200  # same
    events = rows(factory, "gebruiker", before)
    assert [e.soort for e in events] == ["login", "weergave"]
    view_row = events[1]
    assert view_row.pagina == "/" and view_row.gemeente_code == "GM9901"
    assert view_row.role == "gebruiker"
    # gebied once, periode once; the repeat changed nothing. Other URL keys the sync writes
    # (vergelijking, maat, trend) were in the page's URL from the start or count as set once.
    with factory() as session:
        stored = usage_store.events(session, D(2000, 1, 1), D(2100, 1, 1))
    mine = stored[stored["tijdstip"] == pd.Timestamp(view_row.tijdstip)].iloc[-1]["details"]
    assert mine["filters"]["gebied"] == 1 and mine["filters"]["periode"] == 1
    assert mine["gebieden"] == {"GM9901": 1}
    assert view_row.filterwijzigingen == sum(mine["filters"].values())
    # A new page view is a new row; its filter changes go there.
    assert open_page(client, "/open-data").status_code == 200
    assert [e.soort for e in rows(factory, "gebruiker", before)][-1] == "weergave"
    post_callback(
        client,
        ALGEMEEN.table_download,
        [value(ALGEMEEN.table_download_button, "n_clicks", 1)],
        [value(ALGEMEEN.view, "data", "?periode=12m")],
    )
    last = rows(factory, "gebruiker", before)[-1]
    assert last.soort == "download" and last.pagina == "/"


def test_a_forbidden_page_is_no_view(private):
    _, factory, app = private
    before = newest_id(factory)
    client = app.server.test_client()
    login(client, "gebruiker")
    open_page(client, "/beheer")
    assert [e.soort for e in rows(factory, "gebruiker", before)] == ["login"]


def hand_events() -> pd.DataFrame:
    """Eight events whose figures are counted by hand in the test below."""
    data = [
        ("2026-03-01 09:00", "a", "GM1", "weergave", "/", 2, {"filters": {"periode": 2}}),
        ("2026-03-01 10:00", "a", "GM1", "weergave", "/thema/jeugd", 0, {}),
        ("2026-03-01 11:00", "b", "GM2", "weergave", "/", 1, {"gebieden": {"GM2": 1}}),
        ("2026-03-02 09:00", "b", "GM2", "download", "/", 0, {}),
        ("2026-03-15 09:00", "c", None, "weergave", "/gebruik", 0, {}),
        ("2026-04-01 09:00", "a", "GM1", "weergave", "/", 3, {"filters": {"gebied": 3}}),
        ("2026-04-01 09:05", "a", "GM1", "login", None, 0, {}),
        ("2026-04-02 09:00", "b", "GM2", "rapport", "/gebruik", 0, {}),
    ]
    frame = pd.DataFrame(
        data,
        columns=[
            "tijdstip",
            "username",
            "gemeente_code",
            "soort",
            "pagina",
            "filterwijzigingen",
            "details",
        ],
    )
    frame["tijdstip"] = pd.to_datetime(frame["tijdstip"])
    frame["role"] = "gebruiker"
    return frame


def test_kpis_equal_hand_counts():
    events = hand_events()
    days = usage_kpis.per_day(events, D(2026, 3, 1), D(2026, 3, 3))
    assert days["weergaven"].tolist() == [3, 0, 0] and days["gebruikers"].tolist() == [2, 0, 0]
    months = usage_kpis.per_month(events, D(2026, 3, 1), D(2026, 4, 30))
    assert months["weergaven"].tolist() == [4, 1] and months["gebruikers"].tolist() == [3, 1]
    pages = usage_kpis.per_group(events, "pagina").set_index("pagina")
    assert pages.loc["/", "weergaven"] == 3 and pages.loc["/", "gebruikers"] == 2
    gemeenten = usage_kpis.per_group(events, "gemeente_code").set_index("gemeente_code")
    assert gemeenten.loc["GM1", "weergaven"] == 3 and gemeenten.loc["", "weergaven"] == 1
    accounts = {"a", "b", "c"}
    assert view.count_active(events, D(2026, 4, 2), accounts) == 3  # a (Mar 15..), b, c
    assert view.count_active(events, D(2026, 4, 30), accounts) == 2  # a and b in April only
    # A disabled account holds no licence and is not active, whatever it did.
    assert view.count_active(events, D(2026, 4, 2), {"a", "b"}) == 2
    # The window is the 30 days up to and including the reference day.
    assert view.count_active(events, D(2026, 3, 30), accounts) == 3  # a on 1 March counts
    assert view.count_active(events, D(2026, 3, 31), accounts) == 2  # ... and then drops out
    assert usage_kpis.top_filters(events) == [("gebied", 3), ("periode", 2)]
    assert usage_kpis.top_areas(events) == [("GM2", 1)]
    halves = usage_kpis.halves(events, D(2026, 3, 1), D(2026, 4, 30))
    assert halves["weergaven"] == (4, 1) and halves["gebruikers"] == (3, 1)
    assert halves["verschil_pct"] == -75.0
    active = view.ActiveUsers(D(2026, 4, 30), 2, licences=10)
    summary = view.summarise(events, D(2026, 3, 1), D(2026, 4, 30), active)
    assert (summary.weergaven, summary.gebruikers, summary.downloads) == (5, 3, 1)
    assert (summary.rapporten, summary.logins, summary.filterwijzigingen) == (1, 1, 6)
    assert (summary.actieve_gebruikers, summary.licenties) == (2, 10)


def test_the_page_figures_come_from_the_stored_events(private):
    _, factory, _ = private
    before = newest_id(factory)
    with factory.begin() as session:
        for row in hand_events().itertuples():
            usage_store.record(
                session,
                username=row.username,
                gemeente_code=row.gemeente_code if isinstance(row.gemeente_code, str) else None,
                role=row.role,
                soort=row.soort,
                pagina=row.pagina if isinstance(row.pagina, str) else None,
                details=row.details,
                when=row.tijdstip.to_pydatetime(),
            )
    with factory.begin() as session:  # the demo's synthetic history would add to the counts
        session.execute(delete(UsageEvent).where(UsageEvent.id <= before))
    with factory() as session:
        figures = view.compute(session, D(2026, 3, 1), D(2026, 4, 30), {"/": "Algemeen beeld"})
    assert figures.summary.weergaven == 5
    assert figures.per_page.set_index("pagina").loc["/", "titel"] == "Algemeen beeld"
    assert figures.per_month["weergaven"].tolist() == [4, 1]
    csv = view.export_frame(figures)
    assert set(csv["tabel"]) == {"per dag", "per maand", "per dashboard", "per gemeente"}
    assert csv[csv["tabel"] == "per dag"]["weergaven"].sum() == 5


def test_the_gebruik_page_is_for_the_project_roles_only(private):
    _, _, app = private
    for username, allowed in (("gebruiker", False), ("projectleider", True), ("admin", True)):
        client = app.server.test_client()
        login(client, username)
        assert client.get("/gebruik").status_code == (200 if allowed else 403)
        answer = post_callback(
            client,
            GEBRUIK.kpis,
            [
                value(GEBRUIK.dates, "start_date", "2026-01-01"),
                value(GEBRUIK.dates, "end_date", None),
            ],
        )
        assert answer.status_code == (200 if allowed else 403), username
        download = post_callback(
            client,
            GEBRUIK.download,
            [value(GEBRUIK.download_button, "n_clicks", 1)],
            [value(GEBRUIK.dates, "start_date", None), value(GEBRUIK.dates, "end_date", None)],
        )
        assert download.status_code == (200 if allowed else 403), username


def test_old_events_are_pruned(private, monkeypatch):
    url, factory, _ = private
    old = dt.datetime(2020, 1, 1)
    with factory.begin() as session:
        for _ in range(3):
            usage_store.record(
                session, username="a", gemeente_code=None, role="gebruiker", soort="login", when=old
            )
        usage_store.record(session, username="a", gemeente_code=None, role=None, soort="login")
    with factory() as session:
        before = session.scalar(select(func.count()).select_from(UsageEvent))
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    assert main(["usage", "prune", "--dagen", "1000"]) == 0  # the demo history is younger
    assert main(["usage", "prune", "--dagen", "0"]) == 2  # refused, nothing deleted
    with factory() as session:
        after = session.scalar(select(func.count()).select_from(UsageEvent))
    assert before - after == 3


def test_the_demo_brings_a_plausible_year_of_use(private):
    from tests.conftest import DEMO_END

    _, factory, _ = private
    with factory() as session:
        figures = view.compute(
            session, DEMO_END - dt.timedelta(days=364), DEMO_END, {"/": "Algemeen beeld"}
        )
        gemeenten = session.scalar(
            select(func.count(func.distinct(UsageEvent.gemeente_code))).where(
                UsageEvent.username.like("demo.%")
            )
        )
    assert gemeenten == 3  # one colleague per gemeente of the fictional region
    first, second = figures.halves["weergaven"]
    assert second > first  # use grows as the dashboard is adopted
    pages = set(figures.per_page["pagina"])
    assert "/" in pages and any(p.startswith("/thema/") for p in pages)
    assert figures.summary.filterwijzigingen > figures.summary.weergaven
    assert figures.filters and figures.areas
    weekdays = pd.Series(pd.to_datetime(figures.per_day["dag"])).dt.day_of_week
    weekend_share = figures.per_day["weergaven"][weekdays >= 5].sum() / figures.summary.weergaven
    assert weekend_share < 0.05
