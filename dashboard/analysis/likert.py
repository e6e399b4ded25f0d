"""Summaries of Likert answers (1..5): pure functions.

The interval is the 95% confidence interval of the mean under the t distribution,
``mean ± t(0.975, n - 1) * s / sqrt(n)`` with ``s`` the sample standard deviation (n - 1 in the
denominator). It treats the scale as an interval scale, as is usual for a mean of Likert answers,
and it assumes the respondents are a random sample of the people who could have answered: with
a low response the interval says little about those who did not answer. With one answer there is
no interval. The interval is clipped to the scale (1..5): a mean cannot lie outside it, while
the t interval of a handful of answers can.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

# Imported with the module (at worker start) rather than on the first Metingen request: the
# scipy.stats import takes about a second.
from scipy.stats import t as t_distribution

SCALE = (1, 2, 3, 4, 5)
LABELS = {
    1: "helemaal oneens",
    2: "oneens",
    3: "neutraal",
    4: "eens",
    5: "helemaal eens",
}
CONFIDENCE = 0.95


def t_quantile(p: float, df: int) -> float:
    """The p-quantile of Student's t distribution with df degrees of freedom."""
    if df < 1:
        raise ValueError("df must be at least 1")
    return float(t_distribution.ppf(p, df))


def summarize(counts: Mapping[int, int]) -> dict:
    """n, mean, 95% interval of the mean and the count per scale point, from the number of
    answers per value (values outside 1..5 are not answers on the scale and are ignored)."""
    dist = {v: int(counts.get(v, 0)) for v in SCALE}
    n = sum(dist.values())
    result = {"n": n, "gemiddelde": None, "ci_laag": None, "ci_hoog": None}
    result.update({f"n_{v}": dist[v] for v in SCALE})
    if n == 0:
        return result
    mean = sum(v * k for v, k in dist.items()) / n
    result["gemiddelde"] = mean
    if n >= 2:
        variance = sum(k * (v - mean) ** 2 for v, k in dist.items()) / (n - 1)
        half = t_quantile(1 - (1 - CONFIDENCE) / 2, n - 1) * math.sqrt(variance / n)
        lo, hi = SCALE[0], SCALE[-1]
        result["ci_laag"], result["ci_hoog"] = max(lo, mean - half), min(hi, mean + half)
    return result
