"""The exact test behind the dashboards' significance hint, against published values."""

from __future__ import annotations

import math

import pytest

from dashboard.analysis.significance import (
    CHANCE,
    NOT_CHANCE,
    binomial_test,
    change_hint,
    poisson_change,
)


def test_the_textbook_coin_seven_heads_in_ten():
    # P(X <= 3) + P(X >= 7) for Binomial(10, 1/2) = 2 * (1 + 10 + 45 + 120) / 1024.
    assert binomial_test(7, 10) == pytest.approx(352 / 1024, rel=1e-12)


def test_the_example_of_r_binom_test_documentation():
    # binom.test(682, 925, p = 0.75): "p-value = 0.3825" (R's ?binom.test, Mendel's peas).
    assert binomial_test(682, 925, 0.75) == pytest.approx(0.3825, abs=5e-5)


def test_an_asymmetric_p_sums_the_outcomes_no_more_likely_than_the_observed_one():
    # Binomial(5, 0.3) by hand: pmf of every outcome, then those <= P(X = 3).
    pmf = [math.comb(5, k) * 0.3**k * 0.7 ** (5 - k) for k in range(6)]
    expected = sum(q for q in pmf if q <= pmf[3] * (1 + 1e-7))
    assert binomial_test(3, 5, 0.3) == pytest.approx(expected, rel=1e-12)


def test_agrees_with_scipy_over_a_grid():
    stats = pytest.importorskip("scipy.stats")
    for n in (1, 2, 9, 40, 333):
        for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            for p in (0.5, 0.2, 0.65):
                ours = binomial_test(k, n, p)
                theirs = stats.binomtest(k, n, p).pvalue
                assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12), (k, n, p)


def test_poisson_counts_of_equal_periods():
    # poisson.test(c(10, 20)) in R is binom.test(10, 30): 0.09874 (two-sided).
    assert poisson_change(10, 20) == pytest.approx(0.09874, abs=5e-6)
    assert poisson_change(20, 10) == pytest.approx(poisson_change(10, 20))
    # The same counts over twice the period length are no change at all.
    assert poisson_change(20, 10, exposure_ratio=2.0) == pytest.approx(1.0)


def test_small_numbers_doubling_is_chance_large_numbers_doubling_is_not():
    small = change_hint(8, 4)  # +100%, but from 4 to 8
    large = change_hint(80, 40)  # +100% from 40 to 80
    assert small.text == CHANCE and small.p_value > 0.3
    assert large.text == NOT_CHANCE and large.p_value < 0.001
    # Large counts: a few percent is already more than chance.
    assert change_hint(10_600, 10_000).significant
    assert not change_hint(10_100, 10_000).significant


def test_nothing_to_test():
    assert change_hint(0, 0) is None
    assert change_hint(None, 5) is None
    assert change_hint("<5", 5) is None
    with pytest.raises(ValueError):
        binomial_test(11, 10)


@pytest.mark.parametrize(
    ("k", "n", "p"),
    [(1_000_500, 2_000_000, 0.5), (1_010_000, 2_000_000, 0.5), (15_000, 20_000, 0.7), (3, 3, 0.5)],
)
def test_country_sized_counts_agree_with_scipy(k, n, p):
    """The test sums only the outcomes that carry probability; it must still be the exact test."""
    from scipy.stats import binomtest

    assert binomial_test(k, n, p) == pytest.approx(binomtest(k, n, p).pvalue, rel=1e-6)
