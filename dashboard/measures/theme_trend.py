"""The trend of a thematic dashboard: the selected source over time for the selection.

- For a buurt (or its wijk), figures per period span (the period and the same span one and two
  years earlier), each with the hidden state of its gemeente list: a month of one buurt would be
  a small number almost always, and months add up to the period's figure.
- Otherwise per month (or the dataset's quarter or year) for three years up to the period end,
  with the region beside it when the measure is per 1,000 inhabitants."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis import theme_periods
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries import partner as partner_queries
from dashboard.data.queries.areas import Area
from dashboard.formatting import area_name, region_label
from dashboard.measures.completeness import flag_buckets
from dashboard.measures.theme_areas import source_figure
from dashboard.measures.theme_selection import Source, ThemeContext, target

WINDOWS = "vensters"  # period totals of a buurt
SERIES = "reeks"  # a series per month, quarter or year


@dataclass(frozen=True)
class ThemeTrend:
    """kind WINDOWS: frame label, aantal (None where hidden), tekst, oldest span first.
    kind SERIES: frame start, gebied[, regio] per bucket (gaps where nothing was delivered);
    police months also volledig, label and noot (measures.completeness.flag_buckets)."""

    frame: pd.DataFrame
    kind: str
    area_name: str  # the area the trend is about
    region_name: str = "regio"  # the region line's name (per 1,000 inhabitants)


def trend(session: Session, ctx: ThemeContext) -> ThemeTrend:
    source = ctx.source
    area = target(ctx, source)
    if ctx.sub_gemeente and source.niveau in ("buurt", "wijk"):
        fig = source_figure(session, ctx, source)
        rows = [
            {
                "label": theme_periods.label(ctx.windows[f"p{k}"]),
                "aantal": None if fig.hidden[k] else fig.values[k],
                "tekst": fig.texts[k],
            }
            for k in reversed(range(theme_periods.WINDOWS))
        ]
        return ThemeTrend(pd.DataFrame(rows), WINDOWS, area_name(area.naam, area.niveau))
    span = (ctx.windows[f"p{theme_periods.WINDOWS - 1}"][0], ctx.period[1])
    frame = _series(session, source, area, span).rename(columns={"aantal": "gebied"})
    if ctx.state.maat == "per1000":
        population = indicator_queries.population(session, [area.code, ctx.region.code])
        frame["gebied"] = _rate(frame["gebied"], population.get(area.code))
        if area.niveau != "regio":
            region = _series(session, source, ctx.region, span)
            frame = frame.merge(
                region.rename(columns={"aantal": "regio"}), on="start", how="outer"
            ).sort_values("start")
            frame["regio"] = _rate(frame["regio"], population.get(ctx.region.code))
    if source.partner is None:
        # Police months: the month still being delivered is partial, months after the newest
        # registration have no count yet (a partner's undelivered period is a gap already).
        counts = ("gebied", "regio") if "regio" in frame else ("gebied",)
        frame = flag_buckets(frame, "maand", span, ctx.police_span, counts)
    return ThemeTrend(
        frame.reset_index(drop=True),
        SERIES,
        area_name(area.naam, area.niveau),
        region_label(ctx.region.naam),
    )


def _rate(values: pd.Series, inhabitants: float | None) -> pd.Series:
    if not inhabitants:
        return values * np.nan
    return values / inhabitants * 1000


def _series(session: Session, source: Source, area: Area, span) -> pd.DataFrame:
    """start, aantal per bucket; buckets without a partner delivery stay missing (a gap in the
    line), police months without registrations are 0 (theme spans are whole quarters)."""
    if source.partner is not None:
        return partner_queries.series(session, source.partner, area, span)
    return incident_queries.month_series(session, source.mk_codes, area, span)
