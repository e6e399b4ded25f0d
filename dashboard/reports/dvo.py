"""The half-yearly progress report for the district safety meeting (DVO): use of the
dashboards, dashboards developed and the project's results, nulmeting and evaluation, and how
complete the deliveries were. The figures come from the same functions as the Gebruik,
Metingen and Projectresultaten pages, so the report and the pages cannot differ."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard import inputs
from dashboard.analysis import report_periods
from dashboard.data.store import deliverables, measurement
from dashboard.formatting import nl_date, nl_number
from dashboard.measures import completeness as period_completeness
from dashboard.measures import measurement as metingen
from dashboard.measures import usage as gebruik
from dashboard.reports.charts import grouped_bar_chart
from dashboard.reports.document import Chart, Column, Heading, Note, Paragraph, Report, Table

HALF_RE = re.compile(r"^(\d{4})-H([12])$")


class HalfYearError(ValueError):
    """A malformed --half; the message says what is expected."""


def half_year(text: str) -> tuple[dt.date, dt.date, str]:
    """'2024-H1' -> (1 Jan 2024, 30 Jun 2024, '1e halfjaar 2024'); InvalidInput when not text."""
    match = HALF_RE.match((inputs.text(text, "halfjaar") or "").strip())
    if not match:
        raise HalfYearError(f"halfjaar {text!r}: verwacht JJJJ-H1 of JJJJ-H2, bijv. 2024-H1")
    year, half = int(match[1]), int(match[2])
    if half == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30), f"1e halfjaar {year}"
    return dt.date(year, 7, 1), dt.date(year, 12, 31), f"2e halfjaar {year}"


def default_half(today: dt.date) -> str:
    """The half year a DVO report is about unless another is asked for: the last complete one
    (on 5 December 2026: 2026-H1). The running half year is still partial: its report is
    possible, but not the one the DVO meets about (report_periods.latest_complete)."""
    return report_periods.latest_complete("halfjaar", today - dt.timedelta(days=1)).code


def halves_available(today: dt.date, count: int = 4) -> list[str]:
    """The current half year and the ones before it, newest first."""
    year, half = today.year, 1 if today.month <= 6 else 2
    out = []
    for _ in range(count):
        out.append(f"{year}-H{half}")
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return out


@dataclass(frozen=True)
class DvoFigures:
    label: str  # '2e halfjaar 2026', or '2e halfjaar 2026 (t/m 5 dec, onvolledig)' while running
    start: dt.date
    end: dt.date  # the half year's end, or today while it is running
    usage: gebruik.UsageFigures
    checklist: pd.DataFrame
    dashboards: tuple[int, int]  # ready, planned
    results: pd.DataFrame  # measurement.results
    usage_by_round: pd.DataFrame  # metingen.usage_table
    completeness: pd.DataFrame


def collect(
    session: Session, half: str, titles: dict[str, str], today: dt.date | None = None
) -> DvoFigures:
    start, end, _ = half_year(half)
    today = today or dt.date.today()
    if start > today:
        raise HalfYearError(f"halfjaar {half} is nog niet begonnen")
    end = min(end, today)
    label = period_completeness.coverage("halfjaar", start, end)[0].label
    deliverables.ensure_defaults(session)
    checklist = deliverables.table(session)
    rounds = measurement.rounds(session)
    return DvoFigures(
        label=label,
        start=start,
        end=end,
        usage=gebruik.compute(session, start, end, titles, today),
        checklist=checklist,
        dashboards=deliverables.dashboard_kpi(checklist),
        results=measurement.results(session),
        usage_by_round=metingen.usage_table(metingen.usage_by_round(session, rounds, titles)),
        completeness=period_completeness.delivery_completeness(session, start, end),
    )


def active_label(summary: gebruik.UsageSummary) -> str:
    return f"Actieve gebruikers ({gebruik.ACTIVE_DAYS} dagen t/m {nl_date(summary.tot)}, peildatum)"


def usage_kpi_table(summary: gebruik.UsageSummary) -> pd.DataFrame:
    rows = [
        ("Weergaven (pagina's geopend)", summary.weergaven),
        ("Unieke gebruikers", summary.gebruikers),
        (active_label(summary), summary.actieve_gebruikers),
        ("Licenties (actieve accounts)", summary.licenties),
        ("Filterwijzigingen", summary.filterwijzigingen),
        ("Downloads", summary.downloads),
        ("Rapporten", summary.rapporten),
        ("Logins", summary.logins),
    ]
    return pd.DataFrame(rows, columns=["kengetal", "waarde"])


def _usage_blocks(figures: DvoFigures) -> list:
    usage = figures.usage
    s = usage.summary
    months = usage.per_month
    halves = usage.halves
    first, second = halves["weergaven"]
    # A month the period covers only in part is named so and drawn light and hatched.
    chart = grouped_bar_chart(
        [
            d.strftime("%m-%Y") + ("" if whole else "\n(onvolledig)")
            for d, whole in zip(months["maand"], months["volledig"], strict=True)
        ],
        {"weergaven": list(months["weergaven"]), "unieke gebruikers": list(months["gebruikers"])},
        title="Weergaven en unieke gebruikers per maand",
        show_values=True,
        partial=[not whole for whole in months["volledig"]],
    )
    partial_months = months.loc[~months["volledig"], "label"].tolist()
    return [
        Heading("1. Gebruik van de dashboards"),
        Paragraph(
            f"Van {nl_date(figures.start)} tot en met {nl_date(figures.end)} zijn de dashboards "
            f"{nl_number(s.weergaven)} keer geopend door {nl_number(s.gebruikers)} "
            f"gebruikers. Op {nl_date(s.tot)} (peildatum) waren {s.actieve_gebruikers} van de "
            f"{s.licenties} licenties actief: in de {gebruik.ACTIVE_DAYS} dagen tot en met die "
            "dag ingelogd of de dashboards gebruikt. In de tweede helft van de periode waren er "
            f"{nl_number(second)} weergaven, tegen {nl_number(first)} in de eerste helft (twee "
            "even lange delen)."
        ),
        Table(
            "Kengetallen gebruik",
            usage_kpi_table(s),
            [Column("kengetal", "Kengetal"), Column("waarde", "Waarde", "integer")],
        ),
        Chart(
            chart,
            "Gebruik per maand",
            note=(
                "Onvolledig (licht en gearceerd): "
                + "; ".join(partial_months)
                + ". Vergelijk een onvolledige maand niet met een hele."
            )
            if partial_months
            else "",
        ),
        Table(
            "Weergaven per maand",
            months,
            [
                Column("label", "Maand"),
                Column("weergaven", "Weergaven", "integer"),
                Column("gebruikers", "Unieke gebruikers", "integer"),
            ],
        ),
        Table(
            "Weergaven per dashboard",
            usage.per_page,
            [
                Column("titel", "Dashboard"),
                Column("weergaven", "Weergaven", "integer"),
                Column("gebruikers", "Gebruikers", "integer"),
            ],
        ),
        Table(
            "Weergaven per gemeente",
            usage.per_gemeente,
            [
                Column("naam", "Gemeente"),
                Column("weergaven", "Weergaven", "integer"),
                Column("gebruikers", "Gebruikers", "integer"),
            ],
        ),
        Note(" ".join(gebruik.DEFINITIONS), title="Definities"),
    ]


def _results_blocks(figures: DvoFigures) -> list:
    ready, planned = figures.dashboards
    checklist = figures.checklist.copy()
    checklist["onderdeel"] = checklist["onderdeel"].map(deliverables.PARTS)
    return [
        Heading("2. Ontwikkelde dashboards en projectresultaten"),
        Paragraph(
            f"Integraal ontwikkelde dashboards: {ready} van {planned} (status gereed). "
            f"Van de {len(checklist)} resultaten uit het projectplan zijn er "
            f"{int((checklist['status'] == 'gereed').sum())} gereed en "
            f"{int((checklist['status'] == 'in uitvoering').sum())} in uitvoering."
        ),
        Table(
            "Projectresultaten",
            checklist,
            [
                Column("code", "Code"),
                Column("titel", "Resultaat"),
                Column("status", "Status"),
                Column("eigenaar", "Eigenaar"),
                Column("datum", "Datum", "date"),
            ],
        ),
    ]


def _measurement_blocks(figures: DvoFigures) -> list:
    results = figures.results
    blocks: list = [Heading("3. Nulmeting en evaluatie")]
    if results.empty:
        blocks.append(
            Paragraph(
                "Er is nog geen meting met genoeg reacties (minstens "
                f"{measurement.MIN_RESPONSES}) om resultaten te tonen."
            )
        )
    else:
        table = results.assign(
            interval=[
                f"{nl_number(lo, 2)} - {nl_number(hi, 2)}" if pd.notna(lo) else "-"
                for lo, hi in zip(results["ci_laag"], results["ci_hoog"], strict=True)
            ]
        )
        blocks.append(
            Table(
                "Resultaten per vraag (schaal 1-5)",
                table,
                [
                    Column("ronde", "Meting"),
                    Column("vraag", "Stelling"),
                    Column("n", "n", "integer"),
                    Column("gemiddelde", "Gemiddelde", "decimal", 2),
                    Column("interval", "95%-interval"),
                ],
            )
        )
        pivot = results.pivot_table(
            index="code", columns="ronde", values="gemiddelde", sort=False
        ).reindex(results["code"].drop_duplicates())
        order = results["ronde"].drop_duplicates().tolist()
        blocks.append(
            Chart(
                grouped_bar_chart(
                    [f"V{k + 1}" for k in range(len(pivot))],
                    {r: [None if pd.isna(v) else float(v) for v in pivot[r]] for r in order},
                    title="Gemiddelde score per stelling en meting (1-5)",
                    show_values=True,
                ),
                "Gemiddelde per stelling",
                note="V1, V2, ... volgen de volgorde van de stellingen in de tabel hierboven.",
            )
        )
        blocks.append(Note(metingen.LIKERT_NOTE, title="Lezen van de resultaten"))
    if not figures.usage_by_round.empty and len(figures.usage_by_round.columns) > 1:
        blocks.append(Table("Gebruik rond de metingen", figures.usage_by_round))
    return blocks


def _completeness_blocks(figures: DvoFigures) -> list:
    return [
        Heading("4. Volledigheid van de leveringen"),
        Table(
            "Leveringen in de periode",
            figures.completeness,
            [
                Column("bron", "Bron"),
                Column("eenheid", "Eenheid"),
                Column("verwacht", "Verwacht", "integer"),
                Column("geleverd", "Geleverd", "integer"),
                Column("ontbrekend", "Ontbrekend"),
                Column("opmerking", "Opmerking"),
            ],
            note="Alleen perioden die helemaal in het halfjaar vallen.",
        ),
    ]


def render(
    session: Session,
    half: str,
    fmt: str,
    titles: dict[str, str],
    now: dt.datetime,
) -> bytes:
    """The report as PDF or XLSX bytes, for the CLI and the download button alike."""
    from dashboard.data.queries import freshness as freshness_queries
    from dashboard.reports import render_pdf, render_xlsx

    if fmt not in ("pdf", "xlsx"):
        raise HalfYearError(f"formaat {fmt!r}: kies pdf of xlsx")
    figures = collect(session, half, titles, today=now.date())
    data_until = freshness_queries.latest_data_date(session) or figures.end
    report = build_report(figures, now, data_until)
    return render_pdf(report) if fmt == "pdf" else render_xlsx(report)


def build_report(figures: DvoFigures, generated_at: dt.datetime, data_until: dt.date) -> Report:
    return Report(
        title="Voortgangsrapportage Dashboard Veiligheid",
        subtitle=f"Districtelijk veiligheidsoverleg (DVO) · {figures.label}",
        data_until=data_until,
        generated_at=generated_at,
        blocks=[
            *_usage_blocks(figures),
            *_results_blocks(figures),
            *_measurement_blocks(figures),
            *_completeness_blocks(figures),
        ],
    )
