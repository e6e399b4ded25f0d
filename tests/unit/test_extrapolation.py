"""Extrapolation (issue 7): the fit recovers a known trend and season, the intervals cover at
about their nominal rate, the back-test error is measured against a baseline, the sparse rule."""

import numpy as np
import pytest

from dashboard.analysis.extrapolation import SPARSE_MEAN, extrapolate


def simulate(n: int, length: int, level: float, growth: float, amplitude: float, seed: int = 3):
    t = np.arange(length)
    mu = level * np.exp(growth * t) * (1 + amplitude * np.sin(2 * np.pi * t / 12))
    return np.random.default_rng(seed).poisson(np.tile(mu, (n, 1))), mu


def test_the_fit_recovers_a_known_trend_and_season():
    counts, mu = simulate(400, 72, level=80, growth=0.01, amplitude=0.3)
    result = extrapolate(counts[:, :60], 12)
    assert result.seasonal
    ratio = result.forecast.mean(axis=0) / mu[60:]
    assert np.all(np.abs(ratio - 1) < 0.03), ratio  # level, growth and season all carried on
    # The season's shape: highest near a quarter of the year in, lowest near three quarters.
    path = result.forecast.mean(axis=0)
    assert np.argmax(path) in (2, 3, 4) and np.argmin(path) in (8, 9, 10)


def test_intervals_cover_at_about_their_nominal_rate():
    counts, _ = simulate(1000, 72, level=30, growth=0.005, amplitude=0.2, seed=5)
    result = extrapolate(counts[:, :60], 12, level=0.8)
    actual = counts[:, 60:]
    coverage = ((actual >= result.lower) & (actual <= result.upper)).mean()
    assert 0.74 <= coverage <= 0.86, coverage
    wide = extrapolate(counts[:, :60], 12, level=0.95)
    assert ((actual >= wide.lower) & (actual <= wide.upper)).mean() > coverage


def test_the_model_beats_the_seasonal_naive_baseline_on_a_stable_series():
    counts, _ = simulate(300, 60, level=40, growth=0.0, amplitude=0.3, seed=8)
    result = extrapolate(counts, 6)
    assert result.origins == 12
    assert np.nanmedian(result.mase) < 1 and result.beats_baseline.mean() > 0.7
    # The baseline path is last year's months.
    assert np.array_equal(result.baseline[:, :6], counts[:, -12:-6])


def test_a_trendless_random_walk_is_not_claimed_to_be_beaten():
    # A random walk: the last value is the best guess; a trend model should not look better.
    steps = np.random.default_rng(11).normal(0, 8, size=(300, 40))
    walk = np.clip(200 + np.cumsum(steps, axis=1), 0, None).round()
    result = extrapolate(walk, 3, season=1)
    assert np.nanmedian(result.mase) > 0.9


def test_sparse_series_are_marked():
    counts, _ = simulate(2, 36, level=SPARSE_MEAN * 0.5, growth=0.0, amplitude=0.0)
    dense, _ = simulate(1, 36, level=SPARSE_MEAN * 4, growth=0.0, amplitude=0.0)
    result = extrapolate(np.vstack([counts, dense]), 6)
    assert result.sparse.tolist() == [True, True, False]


def test_short_histories_get_no_season_and_bad_input_is_refused():
    counts, _ = simulate(5, 20, level=40, growth=0.0, amplitude=0.3)
    assert not extrapolate(counts, 6).seasonal  # fewer than two seasons
    with pytest.raises(ValueError, match="non-negative"):
        extrapolate(np.array([[1.0, -2.0, 3.0, 4.0, 5.0]]), 2)
    with pytest.raises(ValueError, match="four periods"):
        extrapolate(np.array([[1.0, 2.0, 3.0]]), 2)
