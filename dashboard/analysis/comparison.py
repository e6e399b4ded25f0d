"""Change and rate arithmetic with the edge cases made explicit (pure functions)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def change(current: float, previous: float) -> tuple[float, float | None]:
    """Absolute change and percentage change; the percentage is None when there is no base."""
    absolute = current - previous
    return absolute, (absolute / previous * 100 if previous else None)


def per_1000(count: float, inhabitants: float | None) -> float | None:
    """Rate per 1,000 inhabitants; None for an area without (known) residents."""
    if inhabitants is None or math.isnan(inhabitants) or inhabitants <= 0:
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
    out["per_1000"] = out["periode"] / out["inwoners"].where(out["inwoners"] > 0) * 1000
    return out


def classify(values: pd.Series, n_classes: int = 5) -> tuple[pd.Series, list[float]]:
    """Quantile classes 0..n-1 (NaN stays NaN) and the class edges, for the map legend."""
    known = values.dropna()
    if known.empty:
        return pd.Series(np.nan, index=values.index), []
    edges = sorted(set(np.quantile(known, np.linspace(0, 1, n_classes + 1)).round(6)))
    if len(edges) == 1:
        return values.where(values.isna(), 0), edges
    classes = np.searchsorted(edges[1:-1], values.to_numpy(), side="right").astype(float)
    classes[values.isna().to_numpy()] = np.nan
    return pd.Series(classes, index=values.index), edges
