"""The Veiligheidsmonitor figures of a selection (a survey, not registrations).

The subject is the selected wijk when the survey has figures for it (the buurt's wijk when a
buurt is selected), otherwise the selected area's gemeente; on the region view it is the region
itself. Its newest measurement year is shown beside the region's figure for that same year and
the subject's previous measurement, each with an approximate margin of error. The card on
Algemeen beeld and the periodic report read it here.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis.survey import is_percentage, margin_of_error
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries.areas import Area
from dashboard.formatting import region_label
from dashboard.measures.areas import area_label
from dashboard.measures.selection import Context

Value = tuple[float, int | None]  # (waarde, n: respondents, None when not known)


@dataclass(frozen=True)
class SurveyRow:
    """One indicator; a value or margin is None when missing (a margin only for a percentage
    with enough respondents)."""

    indicator: str
    percentage: bool
    waarde: float
    n: int | None
    marge: float | None
    vorige_waarde: float | None
    vorige_marge: float | None
    regio_waarde: float | None
    regio_n: int | None
    regio_marge: float | None


COLUMNS = [f.name for f in fields(SurveyRow)]


@dataclass(frozen=True)
class SurveyFigures:
    rows: tuple[SurveyRow, ...]  # the subject's newest year, indicators in alphabetical order
    jaar: int
    vorig_jaar: int | None  # the subject's previous measurement; None: none
    gebied: str  # the subject, 'Naam (niveau)'
    regio: str | None  # the region beside it; None when the subject is the region
    noot: str | None  # a wijk without figures fell back on its gemeente

    def frame(self) -> pd.DataFrame:
        """The rows as a table (COLUMNS), missing values None: for a report's table."""
        table = pd.DataFrame([astuple(r) for r in self.rows], columns=COLUMNS).astype(object)
        return table.where(table.notna(), None)  # missing is None, whatever pandas inferred

    def row(self, indicator: str) -> SurveyRow:
        return next(r for r in self.rows if r.indicator == indicator)


def _candidates(session: Session, ctx: Context) -> tuple[Area | None, Area | None]:
    """The wijk that may have its own figures, and the gemeente to fall back on."""
    area = ctx.area
    if area.niveau == "regio":
        return None, None
    wijk = area if area.niveau == "wijk" else None
    if area.niveau == "buurt" and area.wijk_code:
        wijk = area_queries.area(session, area.wijk_code)
    gemeente = area if area.niveau == "gemeente" else None
    if gemeente is None and area.gemeente_code:
        gemeente = area_queries.area(session, area.gemeente_code)
    return wijk, gemeente


def _subject(figures: pd.DataFrame, ctx: Context, wijk, gemeente) -> Area | None:
    if ctx.area.niveau == "regio":
        return ctx.region
    loaded = set(figures["area_code"])
    if wijk is not None and wijk.code in loaded:
        return wijk
    return gemeente if gemeente is not None and gemeente.code in loaded else None


def _by_indicator(figures: pd.DataFrame, code: str, jaar: int | None) -> dict[str, Value]:
    """indicator -> (waarde, n) of one area and year."""
    if jaar is None:
        return {}
    rows = figures[(figures["area_code"] == code) & (figures["jaar"] == jaar)]
    return {
        r.indicator: (float(r.waarde), None if pd.isna(r.n) else int(r.n))
        for r in rows.itertuples()
        if not pd.isna(r.waarde)
    }


def _margin(indicator: str, value: Value | None) -> float | None:
    if value is None or not is_percentage(indicator):
        return None
    return margin_of_error(value[0], value[1])


def _row(indicator: str, own: Value, previous: Value | None, reference: Value | None) -> SurveyRow:
    return SurveyRow(
        indicator=indicator,
        percentage=is_percentage(indicator),
        waarde=own[0],
        n=own[1],
        marge=_margin(indicator, own),
        vorige_waarde=previous[0] if previous else None,
        vorige_marge=_margin(indicator, previous),
        regio_waarde=reference[0] if reference else None,
        regio_n=reference[1] if reference else None,
        regio_marge=_margin(indicator, reference),
    )


def survey_figures(session: Session, ctx: Context) -> SurveyFigures | None:
    """The subject's newest year beside its previous one and the region's; None when nothing
    is loaded for the subject."""
    wijk, gemeente = _candidates(session, ctx)
    codes = [a.code for a in (wijk, gemeente, ctx.region) if a is not None]
    figures = indicator_queries.survey_figures(session, codes)
    subject = _subject(figures, ctx, wijk, gemeente)
    if subject is None:
        return None
    years = sorted(set(figures.loc[figures["area_code"] == subject.code, "jaar"]))
    if not years:
        return None
    jaar = int(years[-1])
    previous_year = int(years[-2]) if len(years) > 1 else None
    own = _by_indicator(figures, subject.code, jaar)
    previous = _by_indicator(figures, subject.code, previous_year)
    is_region = subject.code == ctx.region.code
    reference = {} if is_region else _by_indicator(figures, ctx.region.code, jaar)
    rows = tuple(
        _row(indicator, own[indicator], previous.get(indicator), reference.get(indicator))
        for indicator in sorted(own, key=str.casefold)
    )
    return SurveyFigures(
        rows=rows,
        jaar=jaar,
        vorig_jaar=previous_year,
        gebied=area_label(subject),
        regio=None if is_region else region_label(ctx.region.naam),
        noot=_fallback_note(ctx, wijk, subject),
    )


def _fallback_note(ctx: Context, wijk: Area | None, subject: Area) -> str | None:
    if wijk is not None and subject.code != wijk.code:
        return f"Geen Veiligheidsmonitor-cijfers voor {wijk.naam}; getoond: de gemeente."
    return None


def empty_scope(ctx: Context) -> str:
    """How the empty card names what has no figures."""
    return "de regio" if ctx.area.niveau == "regio" else "deze gemeente"
