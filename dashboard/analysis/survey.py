"""Uncertainty of survey percentages (Veiligheidsmonitor): pure functions.

The margin here is the half-width of a 95% confidence interval for a proportion under the
normal approximation, ``z * sqrt(p * (1 - p) / n)``, expressed in percentage points. It is an
approximation and is labelled as such in the UI:

- It assumes a simple random sample. The Veiligheidsmonitor is weighted (and stratified by
  area) to match the population, which makes the effective sample smaller than ``n``; the
  margins CBS publishes are therefore somewhat wider than this formula gives.
- It is meant for percentages only, not for report marks or averages.
- Below 30 respondents the normal approximation is too poor to show (None is returned); near
  0% and 100% it understates the uncertainty and the margin shrinks to zero at the edges.
- Two values whose intervals overlap may still differ significantly and vice versa; the margin
  is a reading aid, not a significance test.
"""

from __future__ import annotations

import math

MIN_SAMPLE = 30
Z_95 = 1.96


def is_percentage(indicator: str) -> bool:
    """Survey indicators are percentages when their name ends in "(%)" (CBS's own naming)."""
    return indicator.rstrip().endswith("(%)")


def margin_of_error(p_percent: float | None, n: int | None, z: float = Z_95) -> float | None:
    """Half-width of the approximate confidence interval in percentage points, or None when the
    percentage or the sample size is missing, n < 30, or the percentage is outside 0-100."""
    if p_percent is None or n is None:
        return None
    if isinstance(p_percent, float) and math.isnan(p_percent):
        return None
    if isinstance(n, float) and math.isnan(n):
        return None
    if n < MIN_SAMPLE or not 0 <= p_percent <= 100:
        return None
    p = p_percent / 100
    return z * math.sqrt(p * (1 - p) / n) * 100
