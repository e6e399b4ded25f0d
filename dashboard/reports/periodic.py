"""The periodic report of one municipality (month, quarter, half year or year) for its own work
and for the driehoek: KPIs per hoofdcategorie and its main incident types beside the previous
period, the same period last year and the region; the course per month; a map and the top
buurten; Veiligheidsmonitor figures; data freshness and caveats. All counts come from the query
layer over whole months, the same numbers the dashboard shows for the same filters and viewer:
without the protected codes the viewer may not see, and the buurten without any protected code
(dashboard.policy.exclusion), which the report says where it applies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from dashboard import policy
from dashboard.analysis.report_periods import PeriodError, ReportPeriod
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import geometry as geometry_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries.areas import Area
from dashboard.data.queries.filters import IncidentFilter
from dashboard.data.reference.categories import HOOFDCATEGORIEEN, MAIN_CATEGORIES, load_categories
from dashboard.formatting import nl_date, nl_local_date, nl_month, nl_number, region_label
from dashboard.measures import extrapolation, selection
from dashboard.measures.completeness import DataCoverage, data_coverage, data_months
from dashboard.measures.counts import KpiFigure
from dashboard.measures.survey import SurveyFigures, survey_figures
from dashboard.reports.charts import Series, line_chart
from dashboard.reports.document import Chart, Column, Heading, Note, Paragraph, Report, Table
from dashboard.reports.maps import choropleth
from dashboard.state import ViewState

TOP_TYPES = 3  # main incident types shown under each hoofdcategorie
TOP_BUURTEN = 10
TREND_MONTHS = 36
EXTRAPOLATION_MONTHS = 6  # how far the report carries the trend's total on
CAVEATS = (
    "Registraties zijn geen volledig beeld van wat er gebeurt: niet alles wordt gemeld of "
    "geregistreerd, en meer inzet van politie of handhaving leidt tot meer registraties.",
    "Een incident telt één keer, onder het zwaarste feit.",
    "Registraties zonder bekende buurt tellen mee in de gemeente, niet in een buurt.",
    "Buurtgrenzen veranderen soms; de kaart toont de nieuwste indeling.",
    "Kleine aantallen wisselen sterk van periode tot periode; een verschil van een paar "
    "registraties zegt weinig.",
)


class ReportError(ValueError):
    """A report that cannot be made (unknown gemeente, period without data)."""


@dataclass(frozen=True)
class PeriodicFigures:
    gemeente: Area
    region: Area
    period: ReportPeriod
    data_until: dt.date
    delivered: dt.datetime | None
    kpis: pd.DataFrame
    trend: pd.DataFrame  # start + one column per hoofdcategorie label
    buurten: pd.DataFrame  # code, naam, periode, vorig_jaar, inwoners, per_1000
    geometries: dict[str, dict]
    survey: SurveyFigures | None
    coverage: dict[str, DataCoverage]  # per period of the report (periode, vorige, vorig_jaar)
    # The protected codes the figures leave out (the gemeente, the region and the trend at
    # gemeente level, the buurten below it).
    exclusion: policy.Exclusion = policy.NOTHING_LEFT_OUT
    # The trend's total carried EXTRAPOLATION_MONTHS on by the card's measure (None: not made).
    extrapolation: extrapolation.MonthlyExtrapolation | None = None

    @property
    def complete(self) -> bool:
        """The data cover the whole period."""
        return self.coverage["periode"].whole

    @property
    def partial_flags(self) -> tuple[str, ...]:
        """'Vergelijking onvolledig: gegevens vanaf ...' per period the data cover in part, in
        the words of the dashboard's KPI cards."""
        flags = (c.flag(PERIOD_NAMES[name]) for name, c in self.coverage.items())
        return tuple(f for f in flags if f)


def _periods(period: ReportPeriod) -> dict[str, tuple[dt.date, dt.date]]:
    return {
        "periode": period.span,
        "vorige": period.previous.span,
        "vorig_jaar": period.year_before.span,
    }


# How the report names each of its periods where it flags one as partial: the change is
# against the same period last year, the dashboard's comparison of that name.
PERIOD_NAMES = {"periode": "Periode", "vorige": "Vorige periode", "vorig_jaar": "Vergelijking"}


def coverage(session: Session, period: ReportPeriod) -> dict[str, DataCoverage]:
    """How much of each of the report's periods the police data cover."""
    span = freshness_queries.data_span(session)
    return {name: data_coverage(p, span) for name, p in _periods(period).items()}


def kpi_table(
    session: Session,
    gemeente: Area,
    region: Area,
    period: ReportPeriod,
    viewer: policy.Viewer | None = None,
) -> pd.DataFrame:
    """One row per hoofdcategorie (niveau 'hoofdcategorie') followed by its TOP_TYPES incident
    types of the period (niveau 'type'), and a total row. Each row is a KPI figure
    (measures.counts) of the period against the same period last year, with the count of the
    previous period beside it. The types are those the viewer may see (dashboard.policy: a
    protected code only with its theme), and so are the codes in the totals of the gemeente
    and of the region beside it (both at gemeente level and above, so the rates compare the
    same codes); viewer None: the viewer of this request."""
    viewer = viewer or policy.current_viewer()
    periods = _periods(period)
    left_out = policy.exclusion(viewer).at("gemeente")
    own = incident_queries.month_counts_by_code(session, gemeente, periods)
    regional = incident_queries.month_counts_by_code(session, region, periods)
    own = own[~own["mk_code"].isin(left_out)]
    regional = regional[~regional["mk_code"].isin(left_out)]
    population = indicator_queries.population(session, [gemeente.code, region.code])
    inwoners, regio_inwoners = population.get(gemeente.code), population.get(region.code)
    names = {c.mk_code: c.mk_omschrijving for c in load_categories()}
    rows = []

    def row(label: str, level: str, frame: pd.DataFrame, reference: pd.DataFrame) -> dict:
        now, before, last_year = (int(frame[c].sum()) for c in periods)
        figure = KpiFigure(level, label, now, last_year, inwoners)
        regio = KpiFigure(level, label, int(reference["periode"].sum()), 0, regio_inwoners)
        return {
            "onderwerp": label,
            "niveau": level,
            "periode": figure.periode,
            "vorige": before,
            "vorig_jaar": figure.vergelijking,
            "verschil": figure.verschil,
            "verschil_pct": np.nan if figure.verschil_pct is None else figure.verschil_pct,
            "per_1000": figure.per_1000,
            "regio_per_1000": regio.per_1000,
        }

    for key in MAIN_CATEGORIES:
        mine = own[own["hoofdcategorie"] == key]
        theirs = regional[regional["hoofdcategorie"] == key]
        rows.append(row(HOOFDCATEGORIEEN[key], "hoofdcategorie", mine, theirs))
        visible = policy.visible_codes(viewer, mine["mk_code"])
        top = mine[(mine["periode"] > 0) & mine["mk_code"].isin(visible)]
        top = top.sort_values(["periode", "mk_code"], ascending=[False, True])
        for code in top["mk_code"].head(TOP_TYPES):
            label = f"– {code} {names.get(code, '')}".rstrip()  # set apart from the group
            rows.append(
                row(label, "type", mine[mine["mk_code"] == code], theirs[theirs["mk_code"] == code])
            )
    main_own = own[own["hoofdcategorie"].isin(MAIN_CATEGORIES)]
    main_region = regional[regional["hoofdcategorie"].isin(MAIN_CATEGORIES)]
    rows.append(row("Totaal vijf hoofdcategorieën", "totaal", main_own, main_region))
    return pd.DataFrame(rows)


def trend_table(
    session: Session, gemeente: Area, period: ReportPeriod, viewer: policy.Viewer | None = None
) -> pd.DataFrame:
    """Registrations per month and hoofdcategorie for at most TREND_MONTHS months up to the
    period end: whole months of data only (the measure the dashboard's extrapolation uses), so
    a month before the deliveries began or one still being delivered is never fitted as a real,
    low month. Without the protected codes the viewer may not see (None: this request's)."""
    left_out = policy.exclusion(viewer or policy.current_viewer()).at("gemeente")
    start = ReportPeriod("maand", period.first_month + period.months - TREND_MONTHS).start
    labels = [HOOFDCATEGORIEEN[k] for k in MAIN_CATEGORIES]
    months = data_months(session, (start, period.end))
    if months is None:
        return pd.DataFrame(columns=["start", *labels])
    codes = {c.mk_code: c.hoofdcategorie for c in load_categories()}
    out = None
    for key in MAIN_CATEGORIES:
        chosen = tuple(code for code, hc in codes.items() if hc == key and code not in left_out)
        series = incident_queries.month_series(session, chosen, gemeente, months)
        series = series.rename(columns={"aantal": HOOFDCATEGORIEEN[key]})
        out = series if out is None else out.merge(series, on="start")
    return out


def trend_extrapolation(
    session: Session, gemeente: Area, trend: pd.DataFrame, viewer: policy.Viewer
) -> extrapolation.MonthlyExtrapolation:
    """The trend's total of the five hoofdcategorieen carried EXTRAPOLATION_MONTHS on by the
    dashboard card's measure: the same candidates and choice, and a short history pooled with
    the other gemeenten of the region, over the same selection (the codes the viewer may not
    see at gemeente level left out, as in the trend)."""
    total = trend[[HOOFDCATEGORIEEN[k] for k in MAIN_CATEGORIES]].sum(axis=1).to_numpy(float)
    history = pd.DataFrame({"start": list(trend["start"]), "aantal": total})
    selected = IncidentFilter(
        area=gemeente,
        hoofdcategorieen=MAIN_CATEGORIES,
        excluded_codes=policy.exclusion(viewer).at("gemeente"),
    )
    result, reason = extrapolation.extrapolate_history(
        session, selected, list(trend["start"]), total, EXTRAPOLATION_MONTHS
    )
    return extrapolation.MonthlyExtrapolation(history, EXTRAPOLATION_MONTHS, result, reason)


def buurt_table(
    session: Session, gemeente: Area, period: ReportPeriod, viewer: policy.Viewer | None = None
) -> pd.DataFrame:
    """The buurten's registrations in the five hoofdcategorieen: below gemeente level, so
    without any protected code, for every viewer (dashboard.policy.exclusion)."""
    periods = {"periode": period.span, "vorig_jaar": period.year_before.span}
    left_out = policy.exclusion(viewer or policy.current_viewer()).at("buurt")
    codes = tuple(
        c.mk_code
        for c in load_categories()
        if c.hoofdcategorie in MAIN_CATEGORIES and c.mk_code not in left_out
    )
    counts = incident_queries.month_counts(session, codes, periods, gemeente, "buurt")
    buurten = area_queries.areas(session, "buurt", gemeente)
    frame = pd.DataFrame({"code": [b.code for b in buurten], "naam": [b.naam for b in buurten]})
    frame = frame.merge(counts.rename(columns={"area_code": "code"}), on="code", how="left").fillna(
        {"periode": 0, "vorig_jaar": 0}
    )
    frame = frame.astype({"periode": int, "vorig_jaar": int})
    population = indicator_queries.population(session, list(frame["code"]))
    frame["inwoners"] = frame["code"].map(population).astype(float)
    frame["per_1000"] = frame["periode"] / frame["inwoners"].where(frame["inwoners"] > 0) * 1000
    return frame


def survey(session: Session, gemeente: Area) -> SurveyFigures | None:
    try:
        # No codes in the state, so the viewer does not change what the survey shows.
        context = selection.resolve(
            session, ViewState().with_area(gemeente.code), policy.Viewer("projectleider")
        )
    except selection.NoData:
        return None
    return survey_figures(session, context)


def collect(
    session: Session,
    gemeente_code: str,
    period: ReportPeriod,
    viewer: policy.Viewer | None = None,
) -> PeriodicFigures:
    """The report's figures; viewer None: the viewer of this request (the system outside one,
    as for the CLI)."""
    viewer = viewer or policy.current_viewer()
    gemeente = area_queries.area(session, gemeente_code)
    if gemeente is None or gemeente.niveau != "gemeente":
        raise ReportError(f"gemeente {gemeente_code!r} is niet bekend (verwacht een GMxxxx-code)")
    region = area_queries.region(session)
    data_until = freshness_queries.latest_data_date(session)
    if region is None or data_until is None:
        raise ReportError("er zijn nog geen politiegegevens geladen")
    if period.start > data_until:
        raise ReportError(
            f"periode {period.code} begint na de laatste gegevens ({nl_date(data_until)})"
        )
    delivered, _ = freshness_queries.latest_delivery(session)
    geometries = {
        f["properties"]["code"]: f["geometry"]
        for f in geometry_queries.geometry_collection(session, "buurt")["features"]
        if f["properties"]["code"][2:6] == gemeente.code[2:]
    }
    trend = trend_table(session, gemeente, period, viewer)
    return PeriodicFigures(
        gemeente=gemeente,
        region=region,
        period=period,
        data_until=data_until,
        delivered=delivered,
        kpis=kpi_table(session, gemeente, region, period, viewer),
        trend=trend,
        extrapolation=trend_extrapolation(session, gemeente, trend, viewer),
        buurten=buurt_table(session, gemeente, period, viewer),
        geometries=geometries,
        survey=survey(session, gemeente),
        coverage=coverage(session, period),
        exclusion=policy.exclusion(viewer),
    )


# --- the report -----------------------------------------------------------------------------


def _kpi_blocks(figures: PeriodicFigures) -> list:
    period = figures.period
    total = figures.kpis.iloc[-1]
    change = (
        f"{nl_number(abs(total['verschil']))} {'meer' if total['verschil'] > 0 else 'minder'}"
        if total["verschil"]
        else "evenveel"
    )
    return [
        Heading("1. Kerncijfers"),
        Paragraph(
            f"In {period.label} registreerde de politie in {figures.gemeente.naam} "
            f"{nl_number(total['periode'])} incidenten in de vijf hoofdcategorieën: {change} dan "
            f"in dezelfde periode een jaar eerder ({nl_number(total['vorig_jaar'])})."
        ),
        Table(
            "Registraties per hoofdcategorie en belangrijkste incidentsoorten",
            figures.kpis,
            [
                Column("onderwerp", "Onderwerp"),
                Column("periode", period.short_label, "integer"),
                Column("vorige", period.previous.short_label, "integer"),
                Column("vorig_jaar", period.year_before.short_label, "integer"),
                Column("verschil", "Verschil", "integer"),
                Column("verschil_pct", "Verschil %", "percent_change"),
                Column("per_1000", "Per 1.000", "decimal", 1),
                Column("regio_per_1000", region_label(figures.region.naam), "decimal", 1),
            ],
            note=" ".join(
                part
                for part in [
                    f"Verschil: {period.short_label} tegenover {period.year_before.short_label} "
                    f"(zelfde periode vorig jaar). Vorige periode: {period.previous.label}. Per "
                    f"1.000: per 1.000 inwoners (nieuwste CBS-kerncijfers); "
                    f"{region_label(figures.region.naam)}: hetzelfde voor de hele regio.",
                    *(f"{flag}." for flag in figures.partial_flags),
                    figures.exclusion.note({"gemeente"}),
                ]
                if part
            ),
            total_row=True,
        ),
    ]


def _trend_blocks(figures: PeriodicFigures) -> list:
    trend = figures.trend
    labels = [HOOFDCATEGORIEEN[k] for k in MAIN_CATEGORIES]
    if trend.empty:
        return [
            Heading("2. Verloop"),
            Paragraph("Nog geen hele maand met gegevens in de drie jaar tot en met de periode."),
        ]
    first, last = trend["start"].iloc[0], trend["start"].iloc[-1]
    chart = line_chart(
        [Series(label, list(trend["start"]), list(trend[label])) for label in labels],
        title=f"Registraties per maand, {figures.gemeente.naam}",
        y_label="registraties",
    )
    return [
        Heading("2. Verloop"),
        Chart(
            chart,
            f"Per maand, {len(trend)} hele maanden: {nl_month(first)} t/m {nl_month(last)}",
            note=(
                f"Registraties per maand van de pleegdatum; alleen hele maanden met gegevens, "
                f"ten hoogste {TREND_MONTHS}. Een maand voor de eerste levering of een maand "
                "die nog niet volledig geleverd is, telt niet mee."
            ),
        ),
        *_extrapolation_blocks(figures),
    ]


def _extrapolation_blocks(figures: PeriodicFigures) -> list:
    """The total per month carried on by the card's code path (collect: trend_extrapolation):
    the method the back-test chose, with its band only where one was measured, and the same
    words as the card (or, for too short or too sparse a history, why there is none)."""
    from dashboard.reports.charts import Band

    made = figures.extrapolation
    if made is None:
        return []
    if made.result is None:
        return [Note(made.reason, title="Extrapolatie")]
    result, trend = made.result, figures.trend
    future = [
        (pd.Timestamp(trend["start"].iloc[-1]) + pd.DateOffset(months=k)).date()
        for k in range(1, made.horizon + 1)
    ]
    history = Series(
        "Totaal vijf hoofdcategorieën", list(made.history["start"]), list(made.history["aantal"])
    )
    banded = bool(np.isfinite(result.lower[0]).all())
    band = Band(
        future,
        list(result.forecast[0]),
        list(result.lower[0]) if banded else None,
        list(result.upper[0]) if banded else None,
        extrapolation.LABEL,
        extrapolation.BAND_LABEL,
    )
    chart = line_chart(
        [history], band=band, title="Totaal per maand en extrapolatie", y_label="registraties"
    )
    return [Chart(chart, extrapolation.LABEL, note=extrapolation.describe(result))]


def _area_blocks(figures: PeriodicFigures) -> list:
    buurten = figures.buurten
    values = dict(zip(buurten["code"], buurten["per_1000"], strict=True))
    known = {c: (None if pd.isna(v) else float(v)) for c, v in values.items()}
    top = buurten.sort_values(["periode", "naam"], ascending=[False, True]).head(TOP_BUURTEN)
    top = top.assign(verschil=top["periode"] - top["vorig_jaar"])
    return [
        Heading("3. Buurten"),
        Chart(
            choropleth(
                figures.geometries,
                known,
                title=f"Registraties per 1.000 inwoners, {figures.period.label}",
                legend_label="per 1.000 inwoners",
                decimals=1,
            ),
            f"Kaart van de buurten van {figures.gemeente.naam}",
            note="Grijs: geen inwoners bekend (bijvoorbeeld een bedrijventerrein).",
        ),
        Table(
            f"Top {TOP_BUURTEN} buurten naar aantal registraties",
            top,
            [
                Column("naam", "Buurt"),
                Column("periode", figures.period.short_label, "integer"),
                Column("vorig_jaar", figures.period.year_before.short_label, "integer"),
                Column("verschil", "Verschil", "integer"),
                Column("per_1000", "Per 1.000 inw.", "decimal", 1),
            ],
            note=(
                "Buurten met veel inwoners of een centrumfunctie hebben vanzelf meer "
                f"registraties. {figures.exclusion.note({'buurt'})}"
            ).strip(),
        ),
    ]


def _survey_blocks(figures: PeriodicFigures) -> list:
    survey = figures.survey
    blocks: list = [Heading("4. Veiligheidsmonitor")]
    if survey is None or not survey.rows:
        blocks.append(
            Paragraph("Er zijn geen Veiligheidsmonitor-cijfers geladen voor deze gemeente.")
        )
        return blocks
    blocks.append(
        Table(
            f"Veiligheidsmonitor {survey.jaar}: {survey.gebied}",
            survey.frame(),
            [
                Column("indicator", "Indicator"),
                Column("waarde", str(survey.jaar), "decimal", 1),
                Column("n", "n", "integer"),
                Column(
                    "vorige_waarde",
                    f"Vorige meting ({survey.vorig_jaar or '-'})",
                    "decimal",
                    1,
                ),
                Column("regio_waarde", survey.regio or "Regio", "decimal", 1),
            ],
            note="Enquêtecijfers met een foutmarge; kleine verschillen zijn vaak niet "
            "betekenisvol.",
        )
    )
    return blocks


def _freshness_blocks(figures: PeriodicFigures) -> list:
    delivered = (
        f"de laatste levering is geladen op {nl_local_date(figures.delivered)}"
        if figures.delivered
        else "er is geen levering bekend"
    )
    blocks: list = [
        Heading("5. Actualiteit en kanttekeningen"),
        Paragraph(
            f"De politiegegevens lopen tot en met {nl_date(figures.data_until)}; {delivered}."
        ),
    ]
    covered = figures.coverage["periode"]
    if not covered.whole:
        if covered.end > figures.data_until:
            text = (
                f"De gegevens dekken {figures.period.label} nog niet helemaal (tot en met "
                f"{nl_date(figures.data_until)}): de cijfers van de periode zijn onvolledig."
            )
        else:
            text = (
                f"De gegevens beginnen op {nl_date(covered.first)}, in {figures.period.label}: "
                "de cijfers van de periode zijn onvolledig."
            )
        blocks.append(Note(text, title="Onvolledige periode"))
    blocks.append(Note(" ".join(CAVEATS), title="Kanttekeningen"))
    return blocks


def build_report(figures: PeriodicFigures, generated_at: dt.datetime) -> Report:
    return Report(
        title=f"Veiligheidsrapportage {figures.gemeente.naam}",
        subtitle=f"{figures.period.label[0].upper()}{figures.period.label[1:]} · "
        f"politieregistraties, CBS en Veiligheidsmonitor",
        data_until=figures.data_until,
        generated_at=generated_at,
        blocks=[
            *_kpi_blocks(figures),
            *_trend_blocks(figures),
            *_area_blocks(figures),
            *_survey_blocks(figures),
            *_freshness_blocks(figures),
        ],
    )


def render(
    session: Session,
    gemeente_code: str,
    period_text: str,
    fmt: str,
    now: dt.datetime,
    viewer: policy.Viewer | None = None,
) -> bytes:
    from dashboard.analysis import report_periods
    from dashboard.reports import render_pdf, render_xlsx

    if fmt not in ("pdf", "xlsx"):
        raise ReportError(f"formaat {fmt!r}: kies pdf of xlsx")
    try:
        period = report_periods.parse(period_text)
    except PeriodError as exc:
        raise ReportError(str(exc)) from exc
    report = build_report(collect(session, gemeente_code, period, viewer), now)
    return render_pdf(report) if fmt == "pdf" else render_xlsx(report)
