"""The KPI cards of a thematic dashboard: one per source, on the measure of Algemeen beeld's
cards (dashboard.measures.counts.KpiFigure: count, comparison, change, rate per 1,000,
significance hint, partial-period flags), with the theme's small-number rule on top.

So a theme card and an Algemeen beeld card of the same codes, area and period give the same
numbers and flag a partial period the same way; a theme card only hides more: below gemeente
level a small count shows as "<5" or "x" (dashboard.measures.theme_areas), and with it the
change, the rate and the significance hint that would give it away."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.measures.completeness import DataCoverage, data_coverage
from dashboard.measures.counts import KpiFigure
from dashboard.measures.theme_areas import source_figure
from dashboard.measures.theme_selection import (
    LEVEL_NAME,
    Source,
    ThemeContext,
    bucket_end,
    outside_restriction,
    target,
)

WITHHELD = "verschil afgeschermd"  # the change of a hidden figure, or against one


@dataclass(frozen=True)
class ThemeKpi:
    """One source's card. `figure` holds the true counts, also where the small-number rule
    hides them: a surface shows the card through the properties below, never figure's counts
    directly."""

    source: Source
    selected: bool  # the source on the map, table and trend
    figure: KpiFigure | None  # None: the dataset is not delivered for the selection's gemeente
    shown: tuple[str, str] = ("n.v.t.", "-")  # period and comparison as shown: "12", "<5", "x"
    hidden: tuple[bool, bool] = (False, False)  # the same two, hidden by the small-number rule
    where: str = ""  # 'Cijfer voor gemeente X' when the figure is about a coarser area
    delivered_for: tuple[str, ...] = ()  # the gemeenten a restricted dataset is delivered for

    @property
    def value(self) -> str:
        return self.shown[0]

    @property
    def comparison(self) -> str:
        return self.shown[1]

    @property
    def protected(self) -> bool:
        """A figure of the card is hidden: no change, rate or hint may give it away."""
        return any(self.hidden)

    @property
    def withheld(self) -> str:
        """Why the card gives no change although it has a figure ('' when it may)."""
        return WITHHELD if self.figure is not None and self.protected else ""

    @property
    def per_1000(self) -> float | None:
        if self.figure is None or self.hidden[0]:
            return None
        return self.figure.per_1000

    @property
    def hint(self):
        """The significance hint of Algemeen beeld's cards; None where a figure is hidden."""
        if self.figure is None or self.protected:
            return None
        return self.figure.hint

    @property
    def notes(self) -> tuple[str, ...]:
        """What the card says below its figures: where the figure is about and the partial-
        period flags, in the words of every surface."""
        if self.figure is None:
            return (f"Alleen geleverd voor {', '.join(self.delivered_for)}",)
        return tuple(n for n in (self.where, *self.figure.flags) if n)


def source_coverage(ctx: ThemeContext, source: Source) -> tuple[DataCoverage, DataCoverage]:
    """How much of the period and of its comparison a source's data cover: the days of police
    data (as on Algemeen beeld), or the months, quarters or years a partner has delivered."""
    if source.partner is None:
        span = ctx.police_span
    else:
        first, last = ctx.delivered[source.partner.dataset_code]
        span = (first, bucket_end(last, source.periode_soort) if last is not None else None)
    return data_coverage(ctx.windows["p0"], span), data_coverage(ctx.windows["p1"], span)


def theme_kpis(session: Session, ctx: ThemeContext) -> tuple[ThemeKpi, ...]:
    population = indicator_queries.population(
        session, list({target(ctx, s).code for s in ctx.sources} | {ctx.area.code})
    )
    names = area_queries.area_names(
        session, sorted({g for s in ctx.sources if s.partner for g in s.partner.gemeenten})
    )
    cards = []
    for source in ctx.sources:
        selected = source.key == ctx.source.key
        if outside_restriction(ctx, source):
            only = tuple(names.get(g, g) for g in source.partner.gemeenten)
            cards.append(ThemeKpi(source, selected, None, delivered_for=only))
            continue
        fig = source_figure(session, ctx, source)
        period, comparison = source_coverage(ctx, source)
        # Wijk-level partner data have no inhabitants of their own in the CBS files.
        inwoners = population.get(target(ctx, source).code) if fig.level != "wijk" else None
        figure = KpiFigure(
            source.key, source.label, fig.current, fig.previous, inwoners, period, comparison
        )
        where = ""
        if fig.level != ctx.area.niveau:
            where = f"Cijfer voor {LEVEL_NAME.get(fig.level, fig.level)} {fig.area_name}"
        cards.append(
            ThemeKpi(
                source,
                selected,
                figure,
                shown=(fig.texts[0], fig.texts[1]),
                hidden=(fig.hidden[0], fig.hidden[1]),
                where=where,
            )
        )
    return tuple(cards)
