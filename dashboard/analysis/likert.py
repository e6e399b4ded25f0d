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
from statistics import NormalDist

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
    """The p-quantile of Student's t distribution with df degrees of freedom.

    scipy when it is installed; otherwise the Cornish-Fisher expansion around the normal
    quantile (Abramowitz & Stegun 26.7.5), exact for df = 1 and 2 by their closed forms and
    within 0.1% of the true value for df >= 3 at p = 0.975."""
    if df < 1:
        raise ValueError("df must be at least 1")
    try:
        from scipy.stats import t
    except ImportError:  # pragma: no cover - scipy comes with scikit-learn
        return _t_quantile_explicit(p, df)
    return float(t.ppf(p, df))


def _t_quantile_explicit(p: float, df: int) -> float:
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        a = 4 * p * (1 - p)
        return (2 * p - 1) * math.sqrt(2 / a)
    z = NormalDist().inv_cdf(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


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
