"""Messages for the reader, not the operator (issue 21, item 8): a page without data tells a
reader whom to ask and only those who load deliveries how; each kind of refusal (403) says
why; the region has one name on every surface."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_login import login_user

from auth.user import CurrentUser
from dashboard import pages
from dashboard.callbacks.shell import render_page
from dashboard.data.db import make_engine, make_session_factory, upgrade_schema
from dashboard.data.reference.themes import THEMES
from tests.conftest import fresh_url, login, make_app

ROLES = ("gebruiker", "projectleider", "admin")


def texts(component) -> str:
    """All text in a component tree, joined."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(texts(c) for c in component)
    return texts(getattr(component, "children", None))


def everything(component) -> str:
    """The whole serialised layout: texts, placeholders, titles and every other property."""
    from plotly.io.json import to_json_plotly

    return to_json_plotly(component)


def as_user(role: str, themes=frozenset()):
    return CurrentUser(1, role, role, "GM9901", True, frozenset(themes), protocol_accepted=True)


# --- no data: whom to ask, or how to load --------------------------------------------------------


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory):
    """An app on a migrated database into which nothing has been loaded."""
    url = fresh_url(tmp_path_factory.mktemp("leeg"), "leeg")
    engine = make_engine(url)
    upgrade_schema(engine)
    make_session_factory(engine)
    app = make_app(url)
    yield app
    engine.dispose()


@pytest.mark.parametrize("role", ROLES)
def test_open_data_without_a_table_tells_a_reader_to_ask_and_an_admin_how(empty_app, role):
    loads = role != "gebruiker"
    with empty_app.server.test_request_context():
        login_user(as_user(role))
        shown = texts(pages.build_open_data(""))
    assert "Open data van de politie nog niet geladen" in shown
    assert ("vraag uw beheerder" in shown) is not loads
    assert ("veiligheid ingest politie-open-data BESTAND" in shown) is loads
    assert ("veiligheid " in shown) is loads  # no command line of any kind for a reader


@pytest.mark.parametrize("role", ROLES)
def test_algemeen_beeld_without_police_data_tells_a_reader_to_ask(empty_app, role):
    from dashboard.callbacks import algemeen

    loads = role != "gebruiker"
    with empty_app.server.test_request_context():
        login_user(as_user(role))
        title = algemeen.update_main("?periode=12m")["title"]
        trend = algemeen.update_trend("?periode=12m")["trend"]
    assert title.startswith("Politiegegevens nog niet geladen")
    assert ("vraag uw beheerder" in title) is not loads
    assert ("veiligheid ingest politie BESTAND" in title) is loads
    annotation = trend.layout.annotations[0].text
    assert ("veiligheid " in annotation) is loads


def test_no_page_shows_a_reader_a_command_line(empty_app):
    """Every page of the table a gebruiker may open, built on an empty database."""
    with empty_app.server.test_request_context():
        login_user(as_user("gebruiker", THEMES))
        for page in pages.PAGES:
            if not pages.allowed(page, as_user("gebruiker", THEMES)):
                continue
            assert "veiligheid ingest" not in everything(page.build("")), page.path


# --- refusals: each kind its own text ------------------------------------------------------------


def test_each_kind_of_refused_page_says_why(app):
    with app.server.test_request_context():
        login_user(as_user("gebruiker"))
        theme = texts(render_page("/thema/cybercrime", ""))
        project = texts(render_page("/gebruik", ""))
        login_user(as_user("projectleider"))
        admin = texts(render_page("/beheer", ""))
    assert "Het themadashboard Cybercrime is alleen open voor de leden van dat thema" in theme
    assert "De pagina Gebruik is alleen voor projectleiders en beheerders" in project
    assert "De pagina Beheer is alleen voor beheerders" in admin
    assert len({theme, project, admin}) == 3


def test_the_guard_answers_a_refused_url_with_the_same_text(app):
    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    response = client.get("/gebruik")
    assert response.status_code == 403
    assert "alleen voor projectleiders en beheerders" in response.get_data(as_text=True)
    client = app.server.test_client()
    assert login(client, "projectleider").status_code == 302
    response = client.get("/beheer")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "alleen voor beheerders" in page and "leden van dat thema" not in page


def test_a_refused_download_is_a_dutch_page_not_werkzeugs_english_one(app):
    client = app.server.test_client()
    assert login(client, "gebruiker").status_code == 302
    response = client.get("/download/auditlog.csv")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "U heeft geen toegang tot deze gegevens of dit bestand" in page
    assert "Forbidden" not in page and "You don" not in page


# --- one name for the region ---------------------------------------------------------------------


def test_the_region_has_one_name_on_every_surface(app, demo_main):
    from dashboard.analysis.report_periods import parse
    from dashboard.callbacks import algemeen, thema
    from dashboard.data.queries import areas as area_queries
    from dashboard.formatting import region_label
    from dashboard.reports import periodic

    _, factory, _ = demo_main
    with factory() as session:
        region = area_queries.region(session)
        report = periodic.build_report(
            periodic.collect(session, "GM9901", parse("2026-Q3")), dt.datetime(2026, 11, 1)
        )
    name = region_label(region.naam)
    assert name == f"{region.naam} (hele regio)"
    with app.server.test_request_context():
        login_user(as_user("admin"))
        surfaces = {
            "gebied-keuze Algemeen beeld": everything(pages.build_algemeen("")),
            "gebied-keuze thema": everything(pages.build_thema("cybercrime", "")),
            "titel": algemeen.update_main("?periode=12m")["title"],
            "csv": algemeen.download_table(1, "?periode=12m")["download"]["content"],
            "titel thema": str(thema.update_main("?periode=4k", "/thema/cybercrime")["title"]),
            "trend thema (per 1.000)": everything(
                thema.update_trend("?periode=4k&gebied=GM9901&maat=per1000", "/thema/cybercrime")
            ),
            "rapport": " ".join(
                [column.label for table in report.tables() for column in table.columns]
            ),
        }
    for surface, shown in surfaces.items():
        assert name in shown, surface
        assert f"Hele {region.naam}" not in shown and "Hele regio" not in shown, surface
