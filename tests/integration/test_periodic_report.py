"""The periodic report per municipality (issue 6): its numbers equal the query layer, the PDF has
its sections, the Excel file typed tables, the same data give the same file, and the CLI and the
dashboard's download make it."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io

import numpy as np
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dashboard.analysis.report_periods import parse
from dashboard.cli import main
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries.filters import IncidentFilter
from dashboard.data.reference.categories import HOOFDCATEGORIEEN, MAIN_CATEGORIES
from dashboard.data.reference.themes import THEME_DEFINITIONS
from dashboard.layouts.algemeen import ALGEMEEN
from dashboard.reports import periodic
from tests.conftest import database_copy, login, make_app, shared_demo_snapshot
from tests.dash_requests import post_callback, value

NOW = dt.datetime(2026, 11, 28, 9, 0)
GEMEENTE = "GM9901"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("periodiek"), seed=12, scale=0.3, years=3)


@pytest.fixture(scope="module")
def site(snapshot, tmp_path_factory):
    with database_copy(snapshot, tmp_path_factory.mktemp("periodiek-site")) as (url, factory, _):
        yield url, factory, make_app(url)


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("period_text", ["2026-07", "2026-Q3", "2026-H1", "2025"])
def test_report_numbers_equal_the_query_layer(site, period_text):
    _, factory, _ = site
    period = parse(period_text)
    with factory() as session:
        figures = periodic.collect(session, GEMEENTE, period)
        gemeente = area_queries.area(session, GEMEENTE)
        spans = {"p": period.span, "v": period.previous.span, "j": period.year_before.span}
        direct = incident_queries.counts(session, IncidentFilter(gemeente), spans).set_index(
            "hoofdcategorie"
        )
        codes = incident_queries.code_counts(session, IncidentFilter(gemeente), period.span)
    kpis = figures.kpis.set_index("onderwerp")
    for key in MAIN_CATEGORIES:
        row = kpis.loc[HOOFDCATEGORIEEN[key]]
        expected = direct.loc[key] if key in direct.index else {"p": 0, "v": 0, "j": 0}
        assert (row["periode"], row["vorige"], row["vorig_jaar"]) == (
            expected["p"],
            expected["v"],
            expected["j"],
        ), key
        assert row["verschil"] == expected["p"] - expected["j"]
    total = figures.kpis.iloc[-1]
    assert total["periode"] == direct["p"].sum()
    per_code = dict(zip(codes["mk_code"], codes["aantal"], strict=True))
    for label, count in figures.kpis.loc[
        figures.kpis["niveau"] == "type", ["onderwerp", "periode"]
    ].values:
        assert per_code[label.split()[1]] == count  # "– F550 Eenvoudige mishandeling"
    # The buurten add up to the gemeente (all registrations here have a known buurt), less the
    # protected codes: the gemeente's total holds them for this viewer (the system, as for the
    # CLI), a buurt's never (dashboard.policy.exclusion).
    protected = {c for t in THEME_DEFINITIONS.values() if t.beschermd for c in t.politie_codes}
    assert protected and sum(per_code.get(c, 0) for c in protected) > 0
    assert figures.buurten["periode"].sum() == total["periode"] - sum(
        per_code.get(c, 0) for c in protected
    )


def test_the_pdf_has_its_sections_and_the_excel_file_its_tables(site):
    _, factory, _ = site
    with factory() as session:
        pdf = periodic.render(session, GEMEENTE, "2026-Q3", "pdf", NOW)
        again = periodic.render(session, GEMEENTE, "2026-Q3", "pdf", NOW)
        workbook = periodic.render(session, GEMEENTE, "2026-Q3", "xlsx", NOW)
        figures = periodic.collect(session, GEMEENTE, parse("2026-Q3"))
    assert pdf == again  # deterministic: same data and period give the same file
    text = pdf_text(pdf)
    for part in (
        "Veiligheidsrapportage Demostad (fictief)",
        "3e kwartaal 2026",
        "1. Kerncijfers",
        "2. Verloop",
        "3. Buurten",
        "4. Veiligheidsmonitor",
        "5. Actualiteit en kanttekeningen",
        "Alleen voor intern gebruik",
        "Pagina 1 van",
    ):
        assert part in text, part
    total = figures.kpis.iloc[-1]["periode"]
    assert f"{total:,}".replace(",", ".") in text
    sheets = load_workbook(io.BytesIO(workbook))
    kpi_sheet = next(s for s in sheets.worksheets if s.title.startswith("Registraties per hoofd"))
    assert kpi_sheet.freeze_panes == "A2"
    values = {row[0]: row[1] for row in kpi_sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Totaal vijf hoofdcategorieën"] == total
    assert isinstance(values["Overlast en vernieling"], int | float)


def test_a_period_after_the_data_or_an_unknown_gemeente_is_refused(site):
    _, factory, _ = site
    with factory() as session, pytest.raises(periodic.ReportError, match="begint na"):
        periodic.render(session, GEMEENTE, "2027-Q1", "pdf", NOW)
    with factory() as session, pytest.raises(periodic.ReportError, match="niet bekend"):
        periodic.render(session, "GM0000", "2026-Q3", "pdf", NOW)
    with factory() as session:
        text = pdf_text(periodic.render(session, GEMEENTE, "2026-Q4", "pdf", NOW))
    assert "Onvolledige periode" in text  # the data end in November


def test_the_cli_makes_one_or_all_reports(site, tmp_path, monkeypatch, capsys):
    url, _, _ = site
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", url)
    one = tmp_path / "demostad.pdf"
    args = ["report", "periode", "--periode", "2026-Q3"]
    assert main([*args, "--gemeente", GEMEENTE, "--out", str(one)]) == 0
    assert one.read_bytes().startswith(b"%PDF")
    assert main([*args, "--alle-gemeenten", "--out-dir", str(tmp_path / "alle")]) == 0
    written = sorted(p.name for p in (tmp_path / "alle").iterdir())
    assert len(written) == 3 and all(n.endswith("_2026-Q3.pdf") for n in written)
    assert "3/3" in capsys.readouterr().err  # the progress bar
    assert main([*args, "--gemeente", GEMEENTE]) == 2  # no --out
    assert main([*args[:-1], "2026-Q9", "--gemeente", GEMEENTE, "--out", str(one)]) == 2


def test_the_dashboard_downloads_the_report_of_the_selected_gemeente(site):
    _, _, app = site
    client = app.server.test_client()
    login(client, "gebruiker")
    inputs = [
        value(ALGEMEEN.report_pdf, "n_clicks", 1),
        value(ALGEMEEN.report_xlsx, "n_clicks", None),
    ]

    def ask(search: str):
        state = [
            value(ALGEMEEN.report_kind, "value", "kwartaal"),
            value(ALGEMEEN.view, "data", search),
        ]
        return post_callback(client, ALGEMEEN.report_download, inputs, state).get_json()["response"]

    refused = ask("?periode=12m")
    assert "Kies eerst een gemeente" in str(refused[ALGEMEEN.report_message])
    answer = ask(f"?periode=12m&gebied={GEMEENTE}")
    download = answer[ALGEMEEN.report_download]["data"]
    assert download["filename"] == f"rapportage_{GEMEENTE}_2026-Q3.pdf"
    assert "3e kwartaal 2026" in pdf_text(base64.b64decode(download["content"]))


def test_the_trend_starts_at_the_first_whole_month_of_data(site):
    """The demo's deliveries begin on Monday 20 November 2023: October 2023 (nothing) and
    November 2023 (ten days) are no months of data, and neither is a month still being
    delivered. The report's trend and the dashboard's extrapolation card use the same months."""
    from dashboard import policy, state
    from dashboard.measures.extrapolation import extrapolation
    from dashboard.measures.selection import resolve

    _, factory, _ = site
    with factory() as session:
        assert freshness_queries.earliest_data_date(session) == dt.date(2023, 11, 20)
        figures = periodic.collect(session, GEMEENTE, parse("2026-Q3"))
        running = periodic.collect(session, GEMEENTE, parse("2026-11"))
        ctx = resolve(session, state.parse(f"?gebied={GEMEENTE}"), policy.SYSTEM)
        card = extrapolation(session, ctx, 6)
        text = pdf_text(periodic.render(session, GEMEENTE, "2026-Q3", "pdf", NOW))
    trend = figures.trend
    assert trend["start"].iloc[0] == dt.date(2023, 12, 1)
    assert trend["start"].iloc[-1] == dt.date(2026, 9, 1)
    assert len(trend) == 34
    totals = trend[[HOOFDCATEGORIEEN[k] for k in MAIN_CATEGORIES]].sum(axis=1)
    assert (totals > 0).all()  # no empty month before the data
    # November 2026 is delivered up to the 22nd: the trend ends with October.
    assert running.trend["start"].iloc[-1] == dt.date(2026, 10, 1)
    assert card.history["start"].iloc[0] == trend["start"].iloc[0]
    assert card.history["start"].iloc[-1] == running.trend["start"].iloc[-1]
    assert "Per maand, 34 hele maanden: dec 2023 t/m sep 2026" in text
    # The card's words: the method the back-test chose, its error beside the runner-up's, and
    # the band's coverage measured on 34 months (17 origins, at least 12 forecasts per step).
    flat = " ".join(text.split())
    assert "Methode: " in flat and "voor de tweede beste methode" in flat
    assert "gemeten op deze reeks, 12 voorspellingen per stap vooruit" in flat
    assert "De 80%-band hield in de back-test" in flat and "van 87 voorspellingen" in flat
    assert extrapolation_note(figures).startswith(extrapolation_label())


def extrapolation_note(figures) -> str:
    from dashboard.reports.periodic import _extrapolation_blocks

    (block,) = _extrapolation_blocks(figures)
    return block.note if hasattr(block, "note") and block.note else block.text


def extrapolation_label() -> str:
    from dashboard.measures.extrapolation import LABEL

    return LABEL


def short_report_extrapolation(session, months: int):
    """The report's extrapolation of the last `months` whole months of its trend."""
    from dashboard import policy

    figures = periodic.collect(session, GEMEENTE, parse("2026-Q3"), policy.SYSTEM)
    trend = figures.trend.tail(months).reset_index(drop=True)
    gemeente = area_queries.area(session, GEMEENTE)
    return trend, periodic.trend_extrapolation(session, gemeente, trend, policy.SYSTEM)


def test_a_short_report_history_pools_with_the_other_gemeenten_as_the_card_does(site):
    """Issue 20: the report carried a short history on by itself, where the card pools it with
    the other gemeenten of the region: the same selection read different figures. 15 whole
    months and six ahead give too few forecasts per step on the series alone; pooled, the
    report says so and draws the measured band, as the card's measure does."""
    from dashboard import policy
    from dashboard.measures import extrapolation as measure

    _, factory, _ = site
    with factory() as session:
        trend, made = short_report_extrapolation(session, 15)
        total = made.history["aantal"].to_numpy(float)
        gemeente = area_queries.area(session, GEMEENTE)
        card_path, _ = measure.extrapolate_history(
            session,
            IncidentFilter(
                area=gemeente, excluded_codes=policy.exclusion(policy.SYSTEM).at("gemeente")
            ),
            list(trend["start"]),
            total,
            6,
        )
    note = extrapolation_note(dataclasses.replace(_figures_stub(trend), extrapolation=made))
    assert "te weinig historie" not in note
    assert "gepoold over" in note and "gebieden van hetzelfde niveau" in note
    assert made.result.measured_on[0] == "groep"
    assert made.result.forecast[0].tolist() == card_path.forecast[0].tolist()
    assert np.isfinite(made.result.lower[0]).all()


def test_the_report_says_too_little_history_and_draws_no_band(site, monkeypatch):
    """15 whole months, six ahead, and no other gemeente to pool with: fewer than 12 back-test
    forecasts per step, so the report shows the baseline without band and says why (the card's
    words)."""
    from dashboard.measures import extrapolation as measure

    monkeypatch.setattr(measure, "MAX_SIBLINGS", 0)
    _, factory, _ = site
    with factory() as session:
        trend, made = short_report_extrapolation(session, 15)
    note = extrapolation_note(dataclasses.replace(_figures_stub(trend), extrapolation=made))
    assert "te weinig historie om de fout te meten" in note
    assert "Methode: gemiddelde van de laatste 12 maanden" in note and "MASE" not in note
    assert not np.isfinite(made.result.lower[0]).any()


def _figures_stub(trend):
    """A PeriodicFigures with the trend of the test and nothing else that the block reads."""
    from dashboard.reports.periodic import PeriodicFigures

    return PeriodicFigures(
        gemeente=None,
        region=None,
        period=None,
        data_until=None,
        delivered=None,
        kpis=None,
        trend=trend,
        buurten=None,
        geometries={},
        survey=None,
        coverage={},
    )


def listed_types(figures) -> set[str]:
    """The incident codes of the report's type rows ("– F550 Eenvoudige mishandeling")."""
    return {
        label.split()[1]
        for label in figures.kpis.loc[figures.kpis["niveau"] == "type"]["onderwerp"]
    }


def test_a_protected_code_is_listed_only_for_a_viewer_with_its_theme(site):
    """Issue 19: the report's main incident types listed woonoverlast's and huiselijk geweld's
    codes (E33, E37) with their counts to any user; the dashboard refuses them without the
    theme. The totals leave out exactly the protected codes the viewer may not see, as on
    Algemeen beeld (a total minus its listed codes would give them back)."""
    from dashboard import policy
    from dashboard.data.reference.themes import THEME_DEFINITIONS

    _, factory, app = site
    period = parse("2026-Q3")
    with factory() as session:
        everything = periodic.collect(session, GEMEENTE, period, policy.SYSTEM)
        plain = periodic.collect(session, GEMEENTE, period, policy.Viewer("gebruiker", GEMEENTE))
        holder = periodic.collect(
            session,
            GEMEENTE,
            period,
            policy.Viewer("gebruiker", GEMEENTE, frozenset({"woonoverlast"})),
        )
    protected = listed_types(everything) & policy.PROTECTED_CODES
    assert protected, "the test needs a protected code among the main types"
    assert not listed_types(plain) & policy.PROTECTED_CODES
    woonoverlast = set(THEME_DEFINITIONS["woonoverlast"].politie_codes)
    assert listed_types(holder) & policy.PROTECTED_CODES == protected & woonoverlast
    with factory() as session:
        gemeente = area_queries.area(session, GEMEENTE)
        spans = {
            "periode": period.span,
            "vorige": period.previous.span,
            "vorig_jaar": period.year_before.span,
        }
        per_code = {
            name: incident_queries.code_counts(session, IncidentFilter(gemeente), span)
            .set_index("mk_code")["aantal"]
            .to_dict()
            for name, span in spans.items()
        }
    hidden_from = {
        "plain": policy.PROTECTED_CODES,
        "holder": policy.PROTECTED_CODES - woonoverlast,
    }
    expected = everything.kpis[everything.kpis["niveau"] != "type"].set_index("onderwerp")
    for name, figures in (("plain", plain), ("holder", holder)):
        totals = figures.kpis[figures.kpis["niveau"] != "type"].set_index("onderwerp")
        assert list(totals.index) == list(expected.index)
        for label in totals.index:
            # Only overlast (and so the total) holds protected codes.
            holds = label in ("Overlast en vernieling", "Totaal vijf hoofdcategorieën")
            for column in spans:
                left_out = sum(per_code[column].get(c, 0) for c in hidden_from[name])
                assert totals.at[label, column] == expected.at[label, column] - (
                    left_out if holds else 0
                ), (name, label, column)
        assert sum(per_code["periode"].get(c, 0) for c in hidden_from[name]) > 0
    # The dashboard's download makes the report for the logged-in user.
    client = app.server.test_client()
    login(client, "gebruiker")
    answer = post_callback(
        client,
        ALGEMEEN.report_download,
        [
            value(ALGEMEEN.report_pdf, "n_clicks", 1),
            value(ALGEMEEN.report_xlsx, "n_clicks", None),
        ],
        [
            value(ALGEMEEN.report_kind, "value", "kwartaal"),
            value(ALGEMEEN.view, "data", f"?gebied={GEMEENTE}"),
        ],
    ).get_json()["response"]
    text = pdf_text(base64.b64decode(answer[ALGEMEEN.report_download]["data"]["content"]))
    assert "Kerncijfers" in text
    assert not any(f"– {code} " in text for code in protected)


def test_a_period_the_data_cover_in_part_is_flagged(site):
    """The demo's data begin on 20 November 2023: in a report of the first quarter of 2024 the
    same quarter a year before has no data and the previous quarter only part, and the table
    says so in the words of the dashboard's KPI cards; a quarter that begins before the data
    is itself incomplete."""
    _, factory, _ = site
    with factory() as session:
        early = periodic.collect(session, GEMEENTE, parse("2024-Q1"))
        first = periodic.collect(session, GEMEENTE, parse("2023-Q4"))
        workbook = load_workbook(
            io.BytesIO(periodic.render(session, GEMEENTE, "2024-Q1", "xlsx", NOW))
        )
        text = pdf_text(periodic.render(session, GEMEENTE, "2023-Q4", "pdf", NOW))
    assert early.complete
    assert early.partial_flags == (
        "Vorige periode onvolledig: gegevens vanaf 20-11-2023",
        "Vergelijking onvolledig: geen gegevens",
    )
    info = " ".join(str(row[0]) for row in workbook.worksheets[0].iter_rows(values_only=True))
    assert "Vergelijking onvolledig: geen gegevens." in info
    assert not first.complete
    assert first.partial_flags[0] == "Periode onvolledig: gegevens vanaf 20-11-2023"
    flat = " ".join(text.split())
    assert "De gegevens beginnen op 20-11-2023, in 4e kwartaal 2023" in flat
    assert "Periode onvolledig: gegevens vanaf 20-11-2023." in flat
