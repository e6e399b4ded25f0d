"""The selection of Algemeen beeld for a viewer: a URL state resolved into the area, periods,
categories or codes that the figures are about, with the policy applied (dashboard.policy: codes
the viewer may not see left out, protected codes at gemeente level at the finest, totals without
the protected codes the viewer may not see at the level counted) and the data coverage of both
periods. Every figure of the page, its CSV and its measures start here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy.orm import Session

from dashboard import policy
from dashboard.analysis.periods import (
    COMPARISONS,
    PRESETS,
    comparison_period,
    fit_custom_period,
    resolve_period,
)
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries.areas import CHILD_LEVEL, Area, Period
from dashboard.data.queries.filters import IncidentFilter
from dashboard.data.session import read_session
from dashboard.formatting import area_name, nl_date
from dashboard.measures.completeness import DataCoverage, data_coverage
from dashboard.state import ViewState, parse

# How each period of a selection is named where a surface flags it as partial.
PERIOD_NAMES = {"periode": "Periode", "vergelijking": "Vergelijking"}


class NoData(Exception):
    """Nothing has been loaded yet."""


@dataclass(frozen=True)
class Context:
    state: ViewState  # the codes in it are the ones the viewer may see (policy.select_codes)
    area: Area  # the area the figures are about (a protected selection: never below gemeente)
    region: Area
    period: Period
    comparison: Period
    filter: IncidentFilter
    codes: policy.CodeSelection = policy.NO_CODES
    # What was changed from the state asked for (codes the viewer may not see left out, a
    # custom period fitted to the data): said under the title, and once above the page when a
    # link is opened (pages.build_algemeen), whose filters then show what is shown. A period
    # the data cover only in part is flagged with its figures (partial_flags), not here.
    adjustments: tuple[str, ...] = ()
    protected_note: str = ""  # protected codes are shown per gemeente ("" without them)
    # The days of police data (freshness_queries.data_span): first delivered day, newest
    # registration.
    data_span: tuple[dt.date | None, dt.date | None] = (None, None)
    # The protected codes the figures leave out, per level (in `filter` too), and the one
    # sentence that says so for the levels the page shows ("" when nothing is left out).
    exclusion: policy.Exclusion = policy.NOTHING_LEFT_OUT
    exclusion_note: str = ""

    @property
    def periods(self) -> dict[str, Period]:
        return {"periode": self.period, "vergelijking": self.comparison}

    @property
    def coverage(self) -> dict[str, DataCoverage]:
        """How much of each period the data cover (the same keys as periods)."""
        return {name: data_coverage(p, self.data_span) for name, p in self.periods.items()}

    @property
    def partial_flags(self) -> tuple[str, ...]:
        """'Vergelijking onvolledig: gegevens vanaf ...' for each period the data cover in part."""
        flags = (c.flag(PERIOD_NAMES[name]) for name, c in self.coverage.items())
        return tuple(f for f in flags if f)

    @property
    def notes(self) -> tuple[str, ...]:
        said = (self.protected_note, self.exclusion_note)
        return self.adjustments + tuple(note for note in said if note)

    def comparable_filter(self, area: Area) -> IncidentFilter:
        """The selection's filter for another area whose figures are set beside the selected
        area's (its gemeente and the region in the profile): the codes left out at the
        selected area's level are left out there too, so that the rates count the same codes."""
        return self.exclusion.applied_as_at(replace(self.filter, area=area), self.area.niveau)

    @property
    def note(self) -> str:
        return " ".join(self.notes)


def resolve(session: Session, state: ViewState, viewer: policy.Viewer) -> Context:
    """The view of a state for a viewer: codes the viewer may not see are left out (with a
    note), and a selection with protected codes is shown at gemeente level at the finest (the
    theme page holds their buurten, with small numbers hidden)."""
    region = area_queries.region(session)
    span = freshness_queries.data_span(session)
    reference = span[1]
    if region is None or reference is None:
        raise NoData
    codes = policy.select_codes(viewer, state.codes)
    state = replace(state, codes=codes.allowed)
    adjustments = [codes.refusal_note()] if codes.refused else []
    protected_note = ""
    area = (area_queries.area(session, state.area_code) if state.area_code else None) or region
    if codes.protected and area.niveau in policy.SUB_GEMEENTE:
        gemeente = area_queries.area(session, area.gemeente_code) if area.gemeente_code else None
        protected_note = policy.protected_note(codes, area.naam, (gemeente or region).naam)
        area = gemeente or region
    elif codes.protected and area.niveau == "gemeente":
        protected_note = policy.protected_note(codes)
    period = resolve_period(state.periode, reference, state.van, state.tot)
    note = ""
    if state.periode == "aangepast":
        # A custom period (from a shared link, say) is held to the days with data; one wholly
        # outside them shows the default period. The title says which and why.
        first = span[0] or reference
        fitted, note = fit_custom_period(period, (min(first, reference), reference))
        if fitted is None:
            state = replace(state, periode=ViewState.periode, van=None, tot=None)
            fitted = resolve_period(state.periode, reference)
        period = fitted
        if note:
            adjustments.append(note)
    comparison = comparison_period(period, state.vergelijking, state.periode)
    exclusion = policy.exclusion(viewer, state.hoofdcategorieen, state.codes)
    flt = exclusion.applied(IncidentFilter(area, state.hoofdcategorieen, state.codes))
    # The levels of the page's figures: the area's own (cards, trend, profile) and that of the
    # areas on the map and in the table (gemeenten for a selection with protected codes).
    mapped = "gemeente" if codes.protected else CHILD_LEVEL[area.niveau]
    return Context(
        state,
        area,
        region,
        period,
        comparison,
        flt,
        codes,
        tuple(adjustments),
        protected_note,
        span,
        exclusion,
        exclusion.note({area.niveau, mapped}),
    )


def shown_state(ctx: Context) -> ViewState:
    """The state of what the view shows: the codes the viewer may see and, for a custom period,
    the dates as fitted to the data (what the filters of a freshly opened link should hold)."""
    if ctx.state.periode != "aangepast":
        return ctx.state
    return replace(ctx.state, van=ctx.period[0], tot=ctx.period[1])


# --- a selection for a surface ------------------------------------------------------------------

T = TypeVar("T")


def evaluate(
    search: str | None, viewer: policy.Viewer, compute: Callable[[Session, Context], T]
) -> tuple[Context, T]:
    """Resolve the URL state `search` for the viewer and run compute(session, context) in one
    read session: how every card of Algemeen beeld gets its figures. NoData when nothing has
    been loaded yet."""
    with read_session() as session:
        context = resolve(session, parse(search), viewer)
        return context, compute(session, context)


def code_choices(session: Session, viewer: policy.Viewer) -> list[tuple[str, str, str]]:
    """(code, description, hoofdcategorie) of every incident code the viewer may choose."""
    rows = incident_queries.category_options(session).itertuples(index=False, name=None)
    return [row for row in rows if policy.may_see_code(viewer, row[0])]


def headline(ctx: Context) -> str:
    """The view in words: the area, the period and what it is compared with."""
    where = area_name(ctx.area.naam, ctx.area.niveau)
    return (
        f"{where}: {PRESETS[ctx.state.periode].lower()} ({nl_date(ctx.period[0])} t/m "
        f"{nl_date(ctx.period[1])}), vergeleken met {COMPARISONS[ctx.state.vergelijking].lower()}"
    )


def title(ctx: Context) -> str:
    """The view in words for a file (the CSV's first line): the note on the view and, as on the
    KPI cards, each period the data cover only in part."""
    notes = [ctx.note] if ctx.note else []
    notes += [f"{flag}." for flag in ctx.partial_flags]
    return ". ".join([headline(ctx), " ".join(notes)]) if notes else headline(ctx)
