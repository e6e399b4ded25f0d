"""Change and rate arithmetic with the edge cases made explicit (pure functions)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def change(current: float, previous: float) -> tuple[float, float | None]:
    """Absolute change and percentage change; the percentage is None when there is no base."""
    absolute = current - previous
    return absolute, (absolute / previous * 100 if previous else None)


# A rate per 1,000 over fewer inhabitants says nothing ('t Weldink, 20 inwoners, 13
# registrations: "650 per 1.000"): such an area gets no rate, on the map "te weinig inwoners".
MIN_INHABITANTS = 100
TOO_FEW_INHABITANTS = "te weinig inwoners"


def per_1000(count: float, inhabitants: float | None) -> float | None:
    """Rate per 1,000 inhabitants; None for an area without (known) residents or with fewer
    than MIN_INHABITANTS."""
    if inhabitants is None or math.isnan(inhabitants) or inhabitants < MIN_INHABITANTS:
        return None
    return count / inhabitants * 1000


def add_change_and_rate(frame: pd.DataFrame, population: dict[str, float]) -> pd.DataFrame:
    """Adds verschil, verschil_pct, inwoners and per_1000 to a frame with area_code, periode and
    vergelijking columns."""
    out = frame.copy()
    out["verschil"] = out["periode"] - out["vergelijking"]
    base = out["vergelijking"].replace(0, np.nan)
    out["verschil_pct"] = out["verschil"] / base * 100
    out["inwoners"] = out["area_code"].map(population).astype(float)
    out["per_1000"] = rate_per_1000(out["periode"], out["inwoners"])
    return out


def rate_per_1000(counts: pd.Series, inhabitants: pd.Series) -> pd.Series:
    """per_1000 of a column: NaN without known inhabitants or with fewer than MIN_INHABITANTS."""
    return counts / inhabitants.where(inhabitants >= MIN_INHABITANTS) * 1000


def too_few_inhabitants(inhabitants: pd.Series) -> pd.Series:
    """True where the inhabitants are known and fewer than MIN_INHABITANTS (a rate would be
    noise); unknown inhabitants are "onbekend", not this."""
    return inhabitants.notna() & (inhabitants < MIN_INHABITANTS)
