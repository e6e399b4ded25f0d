"""Extrapolation of count series with scikit-learn: trend and season, honest intervals, measured
error. Not a prediction: it continues the past, and says how far off that was before.

Model: Ridge regression on log(1 + count) with a linear trend and, when at least two seasons of
history are there, a dummy per season position (month). One Ridge fit with a column per series
covers every series of the region at once (multi-output), so thousands of series cost one
matrix solve per fit.

Intervals: rolling-origin back-test. From each of the last origins the model is refitted on the
data before it and extrapolated; the log errors, scaled by the Poisson spread expected at the
predicted level (1 / sqrt(1 + mu)), are pooled over series and origins per horizon step. Their
quantiles give the interval, so a large series gets a narrow relative band and a small one a
wide one.

Measured error: the back-test's mean absolute error (MAE) and MASE, the MAE divided by that of a
seasonal-naive extrapolation (the same month last year; the last value for yearly data, and for
an origin with less than a season of history before it) on the same origins. MASE below 1 means
the model did better than that baseline; otherwise the caller should show the baseline instead
and say so. When the back-test errors were one-sided the band is offset from the line; that is
what the errors said, and such a model rarely beats the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import Ridge

ALPHA = 0.05  # light: enough to keep a short history stable, not to flatten the season
SPARSE_MEAN = 5.0  # fewer registrations per period on average: no extrapolation
BACKTEST_ORIGINS = 12
LEVEL = 0.8


@dataclass(frozen=True)
class Extrapolation:
    """Arrays per series (rows) and horizon step (columns); counts, not logs."""

    forecast: np.ndarray  # the model's central path
    lower: np.ndarray
    upper: np.ndarray
    baseline: np.ndarray  # seasonal-naive (or naive) path
    mae: np.ndarray  # back-test MAE of the model per series (counts per period)
    mae_baseline: np.ndarray  # same for the baseline
    relative_error: np.ndarray  # back-test MAE / mean of the actuals, per series
    relative_error_baseline: np.ndarray  # the same for the baseline
    sparse: np.ndarray  # bool: too few registrations to extrapolate
    origins: int  # how many back-test origins were used
    seasonal: bool  # whether the model had a season term

    @property
    def mase(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.mae_baseline > 0, self.mae / self.mae_baseline, np.nan)

    @property
    def beats_baseline(self) -> np.ndarray:
        return np.nan_to_num(self.mase, nan=np.inf) < 1.0


def _design(length: int, season: int, phase: int, seasonal: bool, total: int) -> np.ndarray:
    """Trend (scaled to the whole history, so refits on a shorter history agree) and season
    dummies (position 0 is the reference)."""
    t = np.arange(length, dtype=float)
    columns = [t / max(total, 1)]
    if seasonal:
        position = (np.arange(length) + phase) % season
        columns.extend((position == k).astype(float) for k in range(1, season))
    return np.column_stack(columns)


def _fit_predict(
    history: np.ndarray, horizon: int, season: int, phase: int, seasonal: bool, total: int
) -> tuple[np.ndarray, np.ndarray]:
    """Central log path (n x horizon) and the fitted log values (n x T) of every series."""
    length = history.shape[1]
    x_all = _design(length + horizon, season, phase, seasonal, total)
    model = Ridge(alpha=ALPHA).fit(x_all[:length], np.log1p(history).T)
    fitted = model.predict(x_all[:length]).T
    path = model.predict(x_all[length:]).T
    return np.atleast_2d(path), np.atleast_2d(fitted)


def _baseline(history: np.ndarray, horizon: int, season: int) -> np.ndarray:
    """Seasonal naive: the value one season back (the last value when season is 1)."""
    if season > 1 and history.shape[1] >= season:
        last_season = history[:, -season:]
        reps = int(np.ceil(horizon / season))
        return np.tile(last_season, reps)[:, :horizon].astype(float)
    return np.repeat(history[:, -1:], horizon, axis=1).astype(float)


def extrapolate(
    series: np.ndarray,
    horizon: int,
    *,
    season: int = 12,
    phase: int = 0,
    level: float = LEVEL,
    origins: int = BACKTEST_ORIGINS,
) -> Extrapolation:
    """Extrapolate every row of `series` (n x T counts, oldest first) `horizon` steps on.
    `phase` is the season position of the first column (its month - 1 for monthly data)."""
    y = np.atleast_2d(np.asarray(series, dtype=float))
    if np.isnan(y).any() or (y < 0).any():
        raise ValueError("series must hold non-negative counts without gaps")
    n, length = y.shape
    if length < 4:
        raise ValueError("at least four periods of history are needed")
    seasonal = season > 1 and length >= 2 * season
    min_train = max(2 * season if seasonal else 3, 3)
    usable = max(0, min(origins, length - min_train - 1))
    log_errors: list[list[np.ndarray]] = [[] for _ in range(horizon)]
    abs_err = np.zeros(n)
    abs_base = np.zeros(n)
    actual_sum = np.zeros(n)
    counted = 0
    for origin in range(length - usable, length):
        train = y[:, :origin]
        steps = min(horizon, length - origin)
        path, _ = _fit_predict(train, steps, season, phase, seasonal, length)
        predicted = np.expm1(path)
        actual = y[:, origin : origin + steps]
        base = _baseline(train, steps, season)
        scale = np.sqrt(1.0 + np.clip(predicted, 0, None))
        for h in range(steps):
            log_errors[h].append((np.log1p(actual[:, h]) - path[:, h]) * scale[:, h])
        # One-step-ahead errors measure the model against the baseline on equal terms.
        abs_err += np.abs(actual[:, 0] - np.clip(predicted[:, 0], 0, None))
        abs_base += np.abs(actual[:, 0] - base[:, 0])
        actual_sum += actual[:, 0]
        counted += 1
    path, _ = _fit_predict(y, horizon, season, phase, seasonal, length)
    # The line shown is the line the back-test measured: no extra mean correction (on real
    # monthly data it made the error larger, and the band already carries any offset).
    centre = np.clip(np.expm1(path), 0, None)
    spread = np.sqrt(1.0 + centre)
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    lower = np.empty_like(centre)
    upper = np.empty_like(centre)
    for h in range(horizon):
        # Steps beyond the back-test's reach borrow the nearest step that was measured.
        pool = next(
            (np.concatenate(log_errors[k]) for k in range(h, -1, -1) if log_errors[k]), None
        )
        if pool is None or len(pool) < 2:
            q_lo, q_hi = -1.2816, 1.2816  # no back-test: a Poisson-like normal band
        else:
            q_lo, q_hi = np.quantile(pool, [lo_q, hi_q])
        lower[:, h] = np.clip(np.expm1(path[:, h] + q_lo / spread[:, h]), 0, None)
        upper[:, h] = np.expm1(path[:, h] + q_hi / spread[:, h])
    with np.errstate(divide="ignore", invalid="ignore"):
        mae = abs_err / counted if counted else np.full(n, np.nan)
        mae_base = abs_base / counted if counted else np.full(n, np.nan)
        relative = np.where(actual_sum > 0, abs_err / np.maximum(actual_sum, 1e-9), np.nan)
        relative_base = np.where(actual_sum > 0, abs_base / np.maximum(actual_sum, 1e-9), np.nan)
    return Extrapolation(
        forecast=centre,
        lower=lower,
        upper=upper,
        baseline=_baseline(y, horizon, season),
        mae=mae,
        mae_baseline=mae_base,
        relative_error=relative,
        relative_error_baseline=relative_base,
        sparse=y.mean(axis=1) < SPARSE_MEAN,
        origins=counted,
        seasonal=seasonal,
    )
