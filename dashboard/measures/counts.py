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


def counted_back(ctx: Context, child_level: str) -> tuple[str, ...]:
    """The codes that a count per child area leaves out and the selected area's own figures
    count (protected codes a viewer may see per gemeente but not per buurt): the areas table's
    scan counts them apart (incident_queries.counts(apart=...)) for the KPI figures."""
    own = ctx.filter.excluded_at(ctx.area.niveau)
    return tuple(c for c in ctx.filter.excluded_at(child_level) if c not in own)


def category_sums(detail: pd.DataFrame) -> pd.DataFrame:
    """The selection's counts per hoofdcategorie (periode, vergelijking) from its counts per
    child area and hoofdcategorie (the areas table's one scan), the codes counted apart
    (counted_back) included."""
    return detail.groupby("hoofdcategorie", as_index=False)[["periode", "vergelijking"]].sum()


def without_apart(detail: pd.DataFrame) -> pd.DataFrame:
    """The counts per child area of a scan with codes counted apart, without those."""
    return detail[~detail["apart"]] if "apart" in detail else detail


def per_area(frame: pd.DataFrame, population: dict[str, float]) -> pd.DataFrame:
    """The KpiFigure of every row of a frame with area_code, periode and vergelijking, as
    columns (verschil, verschil_pct, inwoners, per_1000; NaN where a figure has None): the
    areas table and its CSV, vectorised because a national table has 342 rows per filter
    change."""
    return add_change_and_rate(frame, population)
