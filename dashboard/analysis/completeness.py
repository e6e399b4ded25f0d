"""Spotting missing or half deliveries in a weekly series (pure functions)."""

from __future__ import annotations

import pandas as pd

WINDOW = 8  # weeks of history that say what a normal week looks like
LOW_RATIO = 0.6  # below 60% of a normal week is worth a look (missing or half delivery)
HIGH_RATIO = 1.6  # far above a normal week: a delivery loaded twice under other numbers?


def flag_weeks(weekly: pd.DataFrame) -> pd.DataFrame:
    """Adds `verwacht` (median of the previous weeks) and `afwijkend` ('laag' for a week well
    below it or empty, 'hoog' for one far above, '' otherwise) to a frame with columns week and
    aantal, ordered by week."""
    out = weekly.copy()
    previous = out["aantal"].shift(1).rolling(WINDOW, min_periods=3).median()
    out["verwacht"] = previous
    low = (out["aantal"] == 0) | (out["aantal"] < LOW_RATIO * previous)
    high = out["aantal"] > HIGH_RATIO * previous
    out["afwijkend"] = [
        "laag" if lo else ("hoog" if hi else "") for lo, hi in zip(low, high, strict=True)
    ]
    return out
