"""A selection of Algemeen beeld over time: its course per week or month beside the comparison
period's, and its pattern over weekday and hour (the moment of the offence)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.data.queries import incidents as incident_queries
from dashboard.measures.completeness import flag_buckets
from dashboard.measures.selection import Context


@dataclass(frozen=True)
class TrendSeries:
    """Counts per week or month (start, aantal, volledig, label) of the period and of the
    comparison period, in the selection's grain."""

    grain: str
    period: pd.DataFrame
    comparison: pd.DataFrame


def trend_series(session: Session, ctx: Context) -> TrendSeries:
    grain = ctx.state.trend
    return TrendSeries(
        grain,
        flag_buckets(
            incident_queries.trend(session, ctx.filter, ctx.period, grain),
            grain,
            ctx.period,
            ctx.data_span,
        ),
        flag_buckets(
            incident_queries.trend(session, ctx.filter, ctx.comparison, grain),
            grain,
            ctx.comparison,
            ctx.data_span,
        ),
    )


def weekday_hour(session: Session, ctx: Context) -> pd.DataFrame:
    """Counts per weekday (0 = Monday) x hour of the period; attrs['onbekend'] is the number of
    registrations without a known hour, which the grid leaves out."""
    return incident_queries.weekday_hour(session, ctx.filter, ctx.period)
