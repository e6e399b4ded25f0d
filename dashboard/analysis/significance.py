"""Is a change in a count more than chance? An exact test of two Poisson counts.

Two counts x1 (this period) and x0 (the comparison) from Poisson processes with exposures t1 and
t0 (period lengths): given their sum n, x1 is binomial(n, p) with p = t1 / (t1 + t0) when the
rates are equal. The two-sided p-value is that of the exact binomial test, summing the
probabilities of all outcomes no more likely than the observed one (as R's binom.test and
poisson.test, and scipy's binomtest), over the outcomes that carry any probability.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

ALPHA = 0.05
# Outcomes whose probability equals the observed one up to rounding count as "as extreme"
# (the same relative tolerance as R's binom.test).
RELATIVE_TOLERANCE = 1 + 1e-7
WINDOW_SD = 40
CHANCE = "toevallige schommeling waarschijnlijk"
NOT_CHANCE = "verschil waarschijnlijk niet toevallig (p < 0,05)"


def binomial_test(k: int, n: int, p: float = 0.5) -> float:
    """Two-sided exact binomial test of k successes in n trials against probability p."""
    if n < 0 or not 0 <= k <= n:
        raise ValueError("need 0 <= k <= n")
    if not 0 < p < 1:
        raise ValueError("need 0 < p < 1")
    if n == 0:
        return 1.0
    # Only outcomes within WINDOW_SD standard deviations of the mean (and k itself) can matter:
    # beyond that every probability is below 1e-300. A country-wide count has n in the
    # millions; summing all n + 1 outcomes took a second per KPI card.
    span = int(WINDOW_SD * math.sqrt(n * p * (1 - p))) + 10
    centre = int(n * p)
    ks = np.arange(max(0, min(k, centre - span)), min(n, max(k, centre + span)) + 1)
    log_pmf = (
        gammaln(n + 1)
        - gammaln(ks + 1)
        - gammaln(n - ks + 1)
        + ks * math.log(p)
        + (n - ks) * math.log1p(-p)
    )
    observed = log_pmf[k - ks[0]]
    as_extreme = log_pmf <= observed + math.log(RELATIVE_TOLERANCE)
    return float(min(1.0, np.exp(log_pmf[as_extreme]).sum()))


def poisson_change(current: int, previous: int, exposure_ratio: float = 1.0) -> float:
    """p-value that the rates behind `current` and `previous` are equal; exposure_ratio is the
    length of the current period divided by that of the previous one."""
    if current < 0 or previous < 0:
        raise ValueError("counts cannot be negative")
    if exposure_ratio <= 0:
        raise ValueError("exposure_ratio must be positive")
    return binomial_test(current, current + previous, exposure_ratio / (1 + exposure_ratio))


@dataclass(frozen=True)
class ChangeHint:
    p_value: float
    significant: bool

    @property
    def text(self) -> str:
        return NOT_CHANCE if self.significant else CHANCE


def change_hint(current, previous, exposure_ratio: float = 1.0) -> ChangeHint | None:
    """The hint beside a percentage change, or None when there is nothing to test (no counts,
    or a count that is missing or not a whole number)."""
    try:
        current, previous = int(current), int(previous)
    except (TypeError, ValueError):
        return None
    if current < 0 or previous < 0 or current + previous == 0:
        return None
    p_value = poisson_change(current, previous, exposure_ratio)
    return ChangeHint(p_value, p_value < ALPHA)
