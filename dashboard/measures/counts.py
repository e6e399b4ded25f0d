"""Counts of police registrations as a user reads them: the one definition of a KPI figure.

A figure is the count of a period beside the count of its comparison period, the absolute and
percentage change, the rate per 1,000 inhabitants, the hint whether the change is more than
chance, and how much of both periods the data cover. Algemeen beeld's KPI cards, its areas
table and CSV (one row per area, the same definition vectorised) and the periodic report's
table all read it here, so that the same selection gives the same numbers and the same flags on
every surface.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis.comparison import add_change_and_rate, change, per_1000
from dashboard.analysis.significance import ChangeHint, change_hint
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.reference.categories import HOOFDCATEGORIEEN
from dashboard.measures.completeness import DataCoverage
from dashboard.measures.selection import PERIOD_NAMES, Context

TOTAL = "totaal"


@dataclass(frozen=True)
class KpiFigure:
    """One figure: the count of the period (periode) against that of the comparison period
    (vergelijking), for an area with `inwoners` inhabitants (None: not known). The field
    names are the column names of the areas table and its CSV."""

    key: str  # "totaal", a hoofdcategorie or (in a report) a row of its own
    label: str
    periode: int
    vergelijking: int
    inwoners: float | None = None
    periode_dekking: DataCoverage | None = None  # None: not known (taken as whole)
    vergelijking_dekking: DataCoverage | None = None

    @property
    def verschil(self) -> int:
        return change(self.periode, self.vergelijking)[0]

    @property
    def verschil_pct(self) -> float | None:
        """None without a comparison count to relate to."""
        return change(self.periode, self.vergelijking)[1]

    @property
    def per_1000(self) -> float | None:
        return per_1000(self.periode, self.inwoners)

    @property
    def hint(self) -> ChangeHint | None:
        """Is the change more than chance (exact Poisson test); None: nothing to test, or two
        periods the data do not both cover in full (a change against missing days is no
        change, and a test of it would call it significant)."""
        if self.partial:
            return None
        return change_hint(self.periode, self.vergelijking)

    @property
    def flags(self) -> tuple[str, ...]:
        """'Vergelijking onvolledig: gegevens vanaf ...' per period the data cover in part."""
        named = (
            (PERIOD_NAMES["periode"], self.periode_dekking),
            (PERIOD_NAMES["vergelijking"], self.vergelijking_dekking),
        )
        return tuple(c.flag(what) for what, c in named if c is not None and not c.whole)

    @property
    def partial(self) -> bool:
        return bool(self.flags)


def kpi_figures(
    session: Session, ctx: Context, frame: pd.DataFrame | None = None
) -> tuple[KpiFigure, ...]:
    """Algemeen beeld's cards: the selection's total and one figure per chosen hoofdcategorie.
    frame: the selection's counts per hoofdcategorie (periode, vergelijking) when the caller
    has them already (the main callback counts the cards and the areas table in one scan)."""
    if frame is None:
        frame = incident_queries.counts(session, ctx.filter, ctx.periods)
    inwoners = indicator_queries.population(session, [ctx.area.code]).get(ctx.area.code)
    coverage = ctx.coverage
    by_cat = frame.set_index("hoofdcategorie") if not frame.empty else pd.DataFrame()

    def figure(key: str, label: str, current: int, previous: int) -> KpiFigure:
        return KpiFigure(
            key,
            label,
            current,
            previous,
            inwoners,
            coverage["periode"],
            coverage["vergelijking"],
        )

    total = figure(
        TOTAL,
        "Totaal selectie" + (" (codes)" if ctx.filter.mk_codes else ""),
        int(frame["periode"].sum()) if not frame.empty else 0,
        int(frame["vergelijking"].sum()) if not frame.empty else 0,
    )
    figures = [total]
    for key in ctx.filter.hoofdcategorieen:
        found = key in by_cat.index
        figures.append(
            figure(
                key,
                HOOFDCATEGORIEEN[key],
                int(by_cat.at[key, "periode"]) if found else 0,
                int(by_cat.at[key, "vergelijking"]) if found else 0,
            )
        )
    return tuple(figures)


def category_sums(
    session: Session, ctx: Context, detail: pd.DataFrame, child_level: str
) -> pd.DataFrame:
    """The selection's counts per hoofdcategorie (periode, vergelijking) from its counts per
    child area and hoofdcategorie (the areas table's one scan): their sum, plus the codes that
    the children's level leaves out and the selected area's level counts (protected codes a
    viewer may see per gemeente but not per buurt), counted on their own: a few codes, a small
    scan instead of a second count of the whole selection."""
    sums = ["periode", "vergelijking"]
    frame = detail.groupby("hoofdcategorie", as_index=False)[sums].sum()
    flt = ctx.filter
    own = flt.excluded_at(ctx.area.niveau)
    back = tuple(c for c in flt.excluded_at(child_level) if c not in own)
    if not back:
        return frame
    extra = incident_queries.code_totals(session, ctx.area, back, ctx.periods)
    if not flt.mk_codes:  # a hoofdcategorie selection counts these codes in its own only
        extra = extra[extra["hoofdcategorie"].isin(flt.hoofdcategorieen)]
    both = pd.concat([frame, extra[["hoofdcategorie", *sums]]])
    return both.groupby("hoofdcategorie", as_index=False)[sums].sum()


def per_area(frame: pd.DataFrame, population: dict[str, float]) -> pd.DataFrame:
    """The KpiFigure of every row of a frame with area_code, periode and vergelijking, as
    columns (verschil, verschil_pct, inwoners, per_1000; NaN where a figure has None): the
    areas table and its CSV, vectorised because a national table has 342 rows per filter
    change."""
    return add_change_and_rate(frame, population)
