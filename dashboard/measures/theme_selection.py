"""The selection of a thematic dashboard: its URL state, the sources a viewer may see (the
theme's police codes and its partner measures, the policy applied through the partner
datasets' gemeente restriction), and the state resolved into the area, period and windows that
every figure of the page is about.

Every figure of a theme page (dashboard.measures.theme_areas, theme_kpis, theme_trend,
theme_breakdown, theme_notes) starts from the ThemeContext that `resolve` returns."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from dashboard.analysis import theme_periods
from dashboard.analysis.periods import shift_months
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import partner as partner_queries
from dashboard.data.queries.areas import Area
from dashboard.data.queries.partner import PartnerMeasure
from dashboard.data.reference.themes import Theme
from dashboard.formatting import area_name
from dashboard.inputs import query_params
from dashboard.measures.selection import NoData  # one "nothing loaded yet" for every page
from dashboard.policy import Viewer, partner_measures
from dashboard.state import MEASURES

POLITIE = "politie"
AREA_RE = re.compile(r"^(GM\d{4}|BU\d{8})$")
SOURCE_RE = re.compile(r"^(politie|[a-z0-9][a-z0-9-]{1,54}:[a-z][a-z0-9_]{0,63})$")
PERIOD_RE = re.compile(r"^(4k|\d{4})$")
LEVEL_NAME = {"buurt": "buurt", "wijk": "wijk", "gemeente": "gemeente"}


# --- view state (the URL query string) ---------------------------------------------------------


@dataclass(frozen=True)
class ThemeState:
    periode: str = theme_periods.LAST_FOUR_QUARTERS
    gebied: str | None = None  # a gemeente or buurt code; None = the region
    bron: str = POLITIE
    maat: str = "aantal"

    @property
    def gemeente(self) -> str | None:
        return f"GM{self.gebied[2:6]}" if self.gebied else None

    @property
    def buurt(self) -> str | None:
        return self.gebied if self.gebied and self.gebied.startswith("BU") else None


def parse_state(search: str | None) -> ThemeState:
    """Never trusts the input: anything malformed falls back to the default; a search that is
    not a string or has too many fields raises InvalidInput (dashboard.inputs)."""
    params = query_params(search, "weergave")

    def one(name: str, pattern: re.Pattern) -> str | None:
        values = params.get(name)
        value = values[0][:130] if values else None
        return value if value and pattern.match(value) else None

    default = ThemeState()
    maat = (params.get("maat") or [None])[0]
    return ThemeState(
        periode=one("periode", PERIOD_RE) or default.periode,
        gebied=one("gebied", AREA_RE),
        bron=one("bron", SOURCE_RE) or default.bron,
        maat=maat if maat in MEASURES else default.maat,
    )


FIELDS = ("periode", "gebied", "bron", "maat")  # what to_search writes


def to_search(state: ThemeState) -> str:
    params = {"periode": state.periode}
    if state.gebied:
        params["gebied"] = state.gebied
    params["bron"] = state.bron
    params["maat"] = state.maat
    return "?" + urlencode(params, safe=":")


# --- sources -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One series on the page: the theme's police codes, or one measure of a partner dataset."""

    key: str
    label: str
    eigenaar: str
    niveau: str
    periode_soort: str
    drempel: int
    toelichting: str
    eenheid: str
    partner: PartnerMeasure | None = None
    mk_codes: tuple[str, ...] = ()

    @property
    def is_police(self) -> bool:
        return self.partner is None


def police_source(theme: Theme) -> Source:
    return Source(
        key=POLITIE,
        label="Politieregistraties",
        eigenaar="Politie (BVH, wekelijkse extractie)",
        niveau="buurt",
        periode_soort="maand",
        drempel=theme.onderdrukkingsdrempel,
        toelichting=theme.toelichting,
        eenheid="registraties",
        mk_codes=theme.politie_codes,
    )


def partner_source(measure: PartnerMeasure) -> Source:
    return Source(
        key=measure.key,
        label=measure.label,
        eigenaar=measure.eigenaar,
        niveau=measure.niveau,
        periode_soort=measure.periode_soort,
        drempel=measure.drempel,
        toelichting=measure.toelichting,
        eenheid=measure.eenheid,
        partner=measure,
    )


def sources(session: Session, theme: Theme, viewer: Viewer) -> list[Source]:
    measures = partner_measures(session, viewer, theme.slug)
    return [police_source(theme), *(partner_source(m) for m in measures)]


# --- context -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeContext:
    theme: Theme
    state: ThemeState
    area: Area  # the selection: region, gemeente or buurt
    region: Area
    gemeente: Area | None  # the selection's gemeente
    period: theme_periods.Period
    windows: dict[str, theme_periods.Period]  # p0 = period, p1 = comparison, p2
    sources: tuple[Source, ...]
    source: Source  # the one on the map, table and trend
    reference: dt.date
    first: dt.date
    delivered: dict[str, tuple]  # partner dataset -> (first, last) delivered period start
    # Optional shared cache (flask-caching in the app; None in tests) and the data version that
    # keys it, so that the parts of a page that need the same gemeente list count it once.
    cache: object | None = None
    data_version: int = 0
    note: str = ""  # why the period shown is not the one asked for ("" when it is)
    # The days of police data (freshness_queries.data_span): first delivered day, newest
    # registration; how much of a period the police figures cover, as on Algemeen beeld.
    police_span: tuple[dt.date | None, dt.date | None] = (None, None)

    @property
    def sub_gemeente(self) -> bool:
        return self.area.niveau == "buurt"


def coverage(
    session: Session, all_sources: list[Source], cache: object | None = None, version: int = 0
) -> dict[str, tuple]:
    """First and last delivered period of every partner dataset among the sources. Every
    callback of a theme page needs it and it changes only with a delivery: with a cache it is
    kept per data version (nationally the scan took about 19 ms per callback on PostgreSQL)."""
    codes = sorted({s.partner.dataset_code for s in all_sources if s.partner is not None})
    if not codes:
        return {}
    if cache is None:
        return partner_queries.coverage(session, codes)
    key = f"partnerbereik:{version}:{','.join(codes)}"
    found = cache.get(key)
    if found is None:
        found = partner_queries.coverage(session, codes)
        cache.set(key, found)
    return found


def reference_dates(
    session: Session,
    all_sources: list[Source],
    delivered: dict[str, tuple],
    police_span: tuple[dt.date | None, dt.date | None] | None = None,
) -> tuple[dt.date, dt.date] | None:
    """Newest and oldest data date: police first, else the partner deliveries. police_span:
    freshness_queries.data_span when the caller has it already."""
    oldest, newest = police_span or freshness_queries.data_span(session)
    oldest = oldest or newest
    for source in all_sources:
        if source.partner is None:
            continue
        first, last = delivered[source.partner.dataset_code]
        if last is not None:
            end = bucket_end(last, source.periode_soort)
            newest = end if newest is None else max(newest, end)
            oldest = first if oldest is None else min(oldest, first)
    if newest is None:
        return None
    return newest, oldest or newest


def bucket_end(start: dt.date, granularity: str) -> dt.date:
    """The last day of a partner delivery's month, quarter or year that begins at start."""
    months = {"maand": 1, "kwartaal": 3, "jaar": 12}[granularity]
    return shift_months(start, months) - dt.timedelta(days=1)


def resolve(
    session: Session, theme: Theme, state: ThemeState, viewer: Viewer, cache: object | None = None
) -> ThemeContext:
    region = area_queries.region(session)
    all_sources = sources(session, theme, viewer)
    version = freshness_queries.data_version(session) if cache is not None else 0
    delivered = coverage(session, all_sources, cache, version)
    police_span = freshness_queries.data_span(session)
    dates = reference_dates(session, all_sources, delivered, police_span)
    if region is None or dates is None:
        raise NoData
    reference, first = dates
    area = area_queries.area(session, state.gebied) if state.gebied else None
    if area is None or area.niveau not in ("gemeente", "buurt"):
        area = region
    gemeente = (
        area if area.niveau == "gemeente" else area_queries.area(session, area.gemeente_code or "")
    )
    source = next((s for s in all_sources if s.key == state.bron), all_sources[0])
    period = theme_periods.resolve(state.periode, reference, first)
    state = replace(state, bron=source.key, gebied=area.code if area is not region else None)
    return ThemeContext(
        theme=theme,
        state=state,
        area=area,
        region=region,
        gemeente=gemeente,
        period=period,
        windows=theme_periods.windows(period),
        sources=tuple(all_sources),
        source=source,
        reference=reference,
        first=first,
        delivered=delivered,
        cache=cache,
        data_version=version,
        note=theme_periods.fallback_note(state.periode, period),
        police_span=police_span,
    )


def title(ctx: ThemeContext) -> str:
    """The view in words, with the note on a period that was not available (for files)."""
    return f"{headline(ctx)}. {ctx.note}" if ctx.note else headline(ctx)


def headline(ctx: ThemeContext) -> str:
    where = area_name(ctx.area.naam, ctx.area.niveau)
    return (
        f"{ctx.theme.label} - {where}: {theme_periods.label(ctx.period)}, vergeleken met "
        f"{theme_periods.label(ctx.windows['p1'])}"
    )


# --- the areas a source's figures are about ------------------------------------------------------


def target(ctx: ThemeContext, source: Source) -> Area:
    """The area a source's single figure is about: the selection, or its gemeente when the
    source has no figures that fine."""
    if ctx.area.niveau == "buurt" and source.niveau == "gemeente" and ctx.gemeente is not None:
        return ctx.gemeente
    return ctx.area


def cell_code(ctx: ThemeContext, source: Source) -> str:
    """The code of the selection's own cell in the gemeente list of a sub-gemeente source."""
    if source.niveau == "wijk":
        return ctx.area.wijk_code or ""
    return ctx.area.code


def map_level(ctx: ThemeContext, source: Source) -> tuple[Area, str]:
    """The area whose children the map and table list for a source, and their level. Below the
    region the list is always the whole gemeente, so its hidden pattern is the same whichever
    of its buurten is selected."""
    if ctx.area.niveau == "regio" or source.niveau == "gemeente" or ctx.gemeente is None:
        return ctx.region, "gemeente"
    return ctx.gemeente, source.niveau


def outside_restriction(ctx: ThemeContext, source: Source) -> bool:
    """A dataset its owner delivers for named gemeenten only, viewed for another gemeente."""
    if source.partner is None or not source.partner.gemeenten or ctx.gemeente is None:
        return False
    return ctx.gemeente.code not in source.partner.gemeenten
