"""The half-yearly DVO progress report (issue 5): its numbers equal the pages' numbers, the PDF
has the expected sections, the Excel file the same tables, and only the project roles get it."""

from __future__ import annotations

import base64
import datetime as dt
import io

import pytest
from flask_login import login_user
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from auth.user import CurrentUser
from dashboard import pages
from dashboard.callbacks import beheer as beheer_callbacks
from dashboard.callbacks import gebruik as gebruik_callbacks
from dashboard.cli import main
from dashboard.data.models import UsageEvent
from dashboard.data.store import users
from dashboard.formatting import nl_number
from dashboard.layouts.gebruik import GEBRUIK
from dashboard.measures import usage as gebruik
from dashboard.reports import dvo
from tests.conftest import (
    DEMO_END,
    active_by_hand,
    database_copy,
    login,
    make_app,
    shared_demo_snapshot,
)
from tests.dash_requests import post_callback, value

NOW = dt.datetime(2026, 11, 28, 9, 0)
HALF = "2026-H2"
TITLES = {p.path: p.title for p in pages.PAGES}


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("dvo"), seed=8, scale=0.05, years=1)


@pytest.fixture
def private(snapshot, tmp_path):
    with database_copy(snapshot, tmp_path) as (url, factory, _):
        yield url, factory, make_app(url)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_half_years_are_parsed_strictly():
    assert dvo.half_year("2024-H1")[:2] == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert dvo.half_year("2024-H2")[2] == "2e halfjaar 2024"
    for bad in ("2024-H3", "2024H1", "24-H1", "", "2024-h1; drop table"):
        with pytest.raises(dvo.HalfYearError):
            dvo.half_year(bad)
    assert dvo.halves_available(dt.date(2026, 11, 28), 3) == ["2026-H2", "2026-H1", "2025-H2"]


def test_the_report_shows_the_numbers_of_the_gebruik_page(private):
    _, factory, app = private
    with factory() as session:
        content = dvo.render(session, HALF, "pdf", TITLES, NOW)
        workbook_bytes = dvo.render(session, HALF, "xlsx", TITLES, NOW)
    # What the Gebruik page shows for the same period, through its own callback.
    with app.server.test_request_context():
        page = gebruik_callbacks.figures_for("2026-07-01", NOW.date().isoformat())
    text = pdf_text(content)
    for heading in (
        "1. Gebruik van de dashboards",
        "2. Ontwikkelde dashboards en projectresultaten",
        "3. Nulmeting en evaluatie",
        "4. Volledigheid van de leveringen",
        "Alleen voor intern gebruik",
        "2e halfjaar 2026",
    ):
        assert heading in text, heading
    summary = page.summary
    assert summary.weergaven > 0
    assert f"geopend door {nl_number(summary.gebruikers)} gebruikers" in text.replace("\n", " ")
    assert f"{nl_number(summary.weergaven)} keer" in text.replace("\n", " ")
    workbook = load_workbook(io.BytesIO(workbook_bytes))
    kpis = {
        row[0]: row[1]
        for row in workbook["Kengetallen gebruik"].iter_rows(min_row=2, values_only=True)
    }
    assert kpis["Weergaven (pagina's geopend)"] == summary.weergaven
    assert kpis["Unieke gebruikers"] == summary.gebruikers
    assert kpis["Downloads"] == summary.downloads
    per_page = {
        row[0]: (row[1], row[2])
        for row in workbook["Weergaven per dashboard"].iter_rows(min_row=2, values_only=True)
    }
    expected = {r.titel: (r.weergaven, r.gebruikers) for r in page.per_page.itertuples()}
    assert per_page == expected


def test_the_report_is_deterministic_and_names_its_sections(private):
    _, factory, _ = private
    with factory() as session:
        first = dvo.render(session, HALF, "pdf", TITLES, NOW)
        again = dvo.render(session, HALF, "pdf", TITLES, NOW)
        sheets = load_workbook(
            io.BytesIO(dvo.render(session, HALF, "xlsx", TITLES, NOW))
        ).sheetnames
    assert first == again
    assert {"Toelichting", "Kengetallen gebruik", "Projectresultaten"} <= set(sheets)
    assert "Leveringen in de periode" in sheets


def test_the_cli_writes_pdf_and_xlsx_and_refuses_bad_input(private, tmp_path, monkeypatch):
    url, _, _ = private
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    pdf, xlsx = tmp_path / "dvo.pdf", tmp_path / "dvo.xlsx"
    assert main(["report", "dvo", "--half", HALF, "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["report", "dvo", "--half", HALF, "--out", str(xlsx)]) == 0
    assert load_workbook(xlsx).sheetnames[0] == "Toelichting"
    assert main(["report", "dvo", "--half", "2026-H3", "--out", str(pdf)]) == 2
    assert main(["report", "dvo", "--half", "2099-H1", "--out", str(pdf)]) == 2  # not begun
    assert main(["report", "dvo", "--half", HALF, "--out", str(tmp_path / "x.docx")]) == 2


def test_the_download_button_is_for_the_project_roles_and_is_counted(private):
    _, factory, app = private
    inputs = [value(GEBRUIK.dvo_pdf, "n_clicks", 1), value(GEBRUIK.dvo_xlsx, "n_clicks", None)]
    state = [value(GEBRUIK.dvo_half, "value", HALF)]
    user = app.server.test_client()
    login(user, "gebruiker")
    assert post_callback(user, GEBRUIK.dvo_download, inputs, state).status_code == 403
    lead = app.server.test_client()
    login(lead, "projectleider")
    answer = post_callback(lead, GEBRUIK.dvo_download, inputs, state)
    assert answer.status_code == 200
    download = answer.get_json()["response"][GEBRUIK.dvo_download]["data"]
    assert download["filename"] == f"dvo_voortgang_{HALF}.pdf"
    assert "2e halfjaar 2026" in pdf_text(base64.b64decode(download["content"]))
    with factory() as session:
        last = session.scalars(select(UsageEvent).order_by(UsageEvent.id.desc()).limit(1)).one()
    assert (last.soort, last.username, last.pagina) == ("rapport", "projectleider", "/gebruik")


def test_data_date_is_the_newest_police_data(private):
    _, factory, _ = private
    with factory() as session:
        text = pdf_text(dvo.render(session, HALF, "pdf", TITLES, NOW))
    assert f"Gegevens t/m {DEMO_END.strftime('%d-%m-%Y')}" in text
    assert gebruik.DEFINITIONS[0][:40] in text.replace("\n", " ")


def kpi_text(cards) -> dict[str, str]:
    """Label -> 'value note' of the Gebruik page's KPI cards, as a user reads them."""
    out = {}
    for card in cards:
        label, value_, note = (div.children for div in card.children.children)
        out[label] = f"{value_} {note}"
    return out


def test_gebruik_beheer_and_the_dvo_report_give_one_active_figure(private, monkeypatch):
    """One definition of "actief" (issue 19): for the same reference day the Gebruik card, the
    Beheer licence line and the DVO report say the same, also when an account that was in use
    has since been disabled (it holds no licence, so it is not counted as active either)."""
    _, factory, app = private
    day = DEMO_END
    with factory.begin() as session:
        recent = session.scalars(
            select(UsageEvent.username)
            .where(UsageEvent.username.like("demo.%"))
            .order_by(UsageEvent.tijdstip.desc())
            .limit(1)
        ).one()
        assert users.set_active(session, recent, False, by="admin")
    with factory() as session:
        expected = active_by_hand(session, day)
        licences = sum(1 for u in users.list_users(session) if u.active)
    assert 0 < expected <= licences
    with app.server.test_request_context():
        login_user(CurrentUser(1, "projectleider", "projectleider", None, True))
        cards = kpi_text(gebruik_callbacks.update("2026-07-01", day.isoformat())["kpis"])
        monkeypatch.setattr(
            beheer_callbacks, "utcnow", lambda: dt.datetime.combine(day, dt.time(12))
        )
        login_user(CurrentUser(2, "admin", "admin", None, True))
        line = beheer_callbacks.refresh(True, None, None, None)["licences"]
    assert cards["Actief / licenties"] == (
        f"{expected} / {licences} actief in de 30 dagen t/m {day:%d-%m-%Y}"
    )
    assert line.startswith(
        f"{licences} licenties in gebruik (actieve accounts), waarvan {expected} actief in de "
        f"30 dagen t/m {day:%d-%m-%Y}"
    )
    now = dt.datetime.combine(day, dt.time(12))
    with factory() as session:
        text = pdf_text(dvo.render(session, HALF, "pdf", TITLES, now)).replace("\n", " ")
        workbook = load_workbook(io.BytesIO(dvo.render(session, HALF, "xlsx", TITLES, now)))
    assert f"Op {day:%d-%m-%Y} (peildatum) waren {expected} van de {licences} licenties actief" in (
        text
    )
    kpis = dict(workbook["Kengetallen gebruik"].iter_rows(min_row=2, values_only=True))
    assert kpis[f"Actieve gebruikers (30 dagen t/m {day:%d-%m-%Y}, peildatum)"] == expected
    assert kpis["Licenties (actieve accounts)"] == licences


def test_a_month_that_has_only_begun_is_labelled_and_drawn_as_partial(private):
    """5 December: the month has five days; drawn as a full month it looks like a collapse."""
    _, factory, app = private
    with app.server.test_request_context():
        login_user(CurrentUser(1, "projectleider", "projectleider", None, True))
        month = gebruik_callbacks.update("2026-06-15", "2026-12-05")["per_month"]
        whole = gebruik_callbacks.update("2026-06-01", "2026-11-30")["per_month"]
        csv = gebruik_callbacks.download(1, "2026-06-15", "2026-12-05")["content"]
    bars = month.data[0]
    assert list(bars.customdata) == [
        "juni 2026 (vanaf 15 jun, onvolledig)",
        "juli 2026",
        "augustus 2026",
        "september 2026",
        "oktober 2026",
        "november 2026",
        "december 2026 (t/m 5 dec, onvolledig)",
    ]
    assert list(bars.marker.opacity) == [0.45, 1, 1, 1, 1, 1, 0.45]
    assert list(bars.marker.pattern.shape) == ["/", "", "", "", "", "", "/"]
    assert month.layout.xaxis.ticktext[-1] == "dec 2026<br>(onvolledig)"
    assert any(trace.line.dash == "dash" for trace in month.data[1:])
    # A period of whole months has no partial flag anywhere.
    assert "onvolledig" not in str(whole.to_plotly_json())
    assert "per maand;2026-12;december 2026 (t/m 5 dec, onvolledig);" in csv
    # The DVO report of the running half year: the same flag in its title, chart and table.
    with factory() as session:
        content = dvo.render(session, HALF, "xlsx", TITLES, NOW)
        text = pdf_text(dvo.render(session, HALF, "pdf", TITLES, NOW)).replace("\n", " ")
    months = list(load_workbook(io.BytesIO(content))["Weergaven per maand"].values)
    assert [row[0] for row in months[1:]] == [
        "juli 2026",
        "augustus 2026",
        "september 2026",
        "oktober 2026",
        "november 2026 (t/m 28 nov, onvolledig)",
    ]
    assert "2e halfjaar 2026 (t/m 28 nov, onvolledig)" in text
    assert "Onvolledig (licht en gearceerd): november 2026 (t/m 28 nov, onvolledig)" in text


def test_a_half_year_of_a_few_days_has_a_report(private):
    """On 2 July no week of the half year is whole yet: no police week is expected (this
    failed on the empty list of weeks), and the half year is labelled as begun only."""
    _, factory, _ = private
    with factory() as session:
        figures = dvo.collect(session, HALF, TITLES, today=dt.date(2026, 7, 2))
    assert figures.label == "2e halfjaar 2026 (t/m 2 jul, onvolledig)"
    police = figures.completeness.iloc[0]
    assert (police["bron"], police["verwacht"], police["geleverd"]) == (
        "Politie (BVH-extractie)",
        0,
        0,
    )
