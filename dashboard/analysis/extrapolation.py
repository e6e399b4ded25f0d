"""Extrapolation of count series: several candidate methods, each measured by a rolling-origin
back-test, the better one shown, and a band only where the back-test measured it. Not a
prediction: it continues the past, and says how far off that was before.

Candidates (per series, all vectorised with numpy across the series of one call):
- seizoensnaief: the same period one season back (monthly data only);
- laatste: the last value;
- gemiddelde12: the mean of the last 12 periods (of those there are, before an early origin);
- exp_effening: simple exponential smoothing, its smoothing weight chosen from a grid by the
  one-step error on the data before each origin (written here rather than taken from
  statsmodels or statsforecast: those fit one series per call, and 5,000 series times two dozen
  origins would take minutes, not the target second);
- trend: log-linear trend, a Ridge fit on log(1 + count) over the last TREND_WINDOW periods;
- trend_seizoen: trend plus a dummy per season position (Ridge), only when the history allows
  MIN_FORECASTS origins with two seasons of data before each.

Back-test: from each origin o (the first o periods known) every candidate forecasts 1..horizon
steps on; only forecasts whose target is in the data count. The origins are the last
horizon + MIN_FORECASTS - 1 periods, so that every horizon step has at least MIN_FORECASTS
forecasts ("measured on the series"). When a series is too short for that, the series of its
group (same region and level, same periods) are pooled: then one method is chosen for the group
on the pooled scaled error, as long as the group holds at least MIN_FORECASTS forecasts per step
("measured on the group"). Otherwise nothing is measured: the simple baseline is the path, with
no error figure and no band ("te weinig historie om de fout te meten").

Choice: the candidate with the lowest back-test mean absolute error over all steps and origins;
within TIE_MARGIN of it the simpler one. The runner-up is kept for comparison.

Band (split conformal): the back-test errors of the chosen method, divided by the series' level
scale sqrt(1 + mean of the last 12 periods before the origin), are pooled per horizon step;
their conformal order statistics, times the scale at the end of the data, give the band. The
coverage is measured by leaving each back-test forecast out of its own pool (cross-conformal)
and counting how often it fell inside the band of the others.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SPARSE_MEAN = 5.0  # fewer registrations per period on average: no extrapolation
MIN_FORECASTS = 12  # back-test forecasts per horizon step before any figure is shown
LEVEL = 0.8
TREND_WINDOW = 36  # periods the log-linear trend is fitted on (fewer when the data are shorter)
RIDGE_ALPHA = 0.05  # light: keeps a short history stable without flattening trend or season
# Back-test errors this close count as equal, and the simpler method is shown: with a dozen
# origins a few percent is noise (on the yearly data a 1% "win" of the mean over the last value
# turned into twice its error on the years after).
TIE_MARGIN = 0.05
# A back-test pooled over the series of a group needs forecasts from this many origins per step:
# the areas of one region share their shocks (a holiday, a police action, a change of
# registration), so thirteen gemeenten scored from one origin measure one month, not thirteen.
# On the yearly crime data a trend chosen so, from one origin, was worse than the last value on
# the years after.
MIN_ORIGINS = 3
NOISE_WINDOW = 24  # periods over which a series' own period-to-period change is measured
SES_WEIGHTS = np.array([0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9])

SNAIVE, LAST, MEAN12, SES, TREND, TREND_SEASON = (
    "seizoensnaief",
    "laatste",
    "gemiddelde12",
    "exp_effening",
    "trend",
    "trend_seizoen",
)
# Simplest first: on equal back-test error the earlier one is chosen.
METHODS = (SNAIVE, LAST, MEAN12, SES, TREND, TREND_SEASON)
SIMPLE = (SNAIVE, LAST, MEAN12)
OWN, GROUP, NONE = "reeks", "groep", ""


def min_train(method: str, season: int) -> int:
    """Periods of data a method needs before an origin."""
    return {
        SNAIVE: season,
        LAST: 1,
        MEAN12: 1,  # fewer than 12 periods before an origin: the mean of those there are
        SES: 3,
        TREND: 6,
        TREND_SEASON: 2 * season,
    }[method]


def applicable(season: int) -> tuple[str, ...]:
    """Per year the same period last season is the last value, and there is no season term."""
    if season > 1:
        return METHODS
    return tuple(m for m in METHODS if m not in (SNAIVE, TREND_SEASON))


@dataclass(frozen=True)
class Extrapolation:
    """Per series (rows) and horizon step (columns), in counts. NaN where nothing was measured."""

    method: np.ndarray  # the method shown, per series (str)
    runner_up: np.ndarray  # the second best measured method ("" when there was none)
    forecast: np.ndarray  # the path shown
    lower: np.ndarray  # the band (NaN when not measured)
    upper: np.ndarray
    baseline: np.ndarray  # the simple baseline (baseline_method): shown when nothing is measured
    mae: np.ndarray  # back-test MAE of the method shown (counts per period)
    mae_runner_up: np.ndarray
    mase: np.ndarray  # the MAE over the series' in-sample one-step naive error
    mase_runner_up: np.ndarray
    coverage: np.ndarray  # measured coverage of the band (cross-conformal)
    n_backtest: np.ndarray  # back-test forecasts per horizon step (the fewest over the steps)
    n_coverage: np.ndarray  # back-test forecasts the coverage rests on
    measured_on: np.ndarray  # OWN, GROUP or NONE per series
    group_size: np.ndarray  # series pooled (1 when measured on the series itself)
    sparse: np.ndarray  # bool: too few registrations per period to extrapolate
    candidates: tuple[str, ...]  # the methods that took part in the back-test
    backtest_mae: dict[str, np.ndarray]  # per candidate: its back-test MAE per series
    horizon: int
    level: float

    @property
    def measured(self) -> np.ndarray:
        return self.measured_on != NONE


# --- candidate forecasts ------------------------------------------------------------------------


def _last(y, origins, horizon, **_):
    return np.repeat(y[:, origins - 1][:, :, None], horizon, axis=2)


def _snaive(y, origins, horizon, season, **_):
    steps = np.arange(horizon)
    index = origins[:, None] - season + steps[None, :] % season
    return y[:, index]


def _mean12(y, origins, horizon, cumulative, **_):
    back = np.maximum(origins - 12, 0)
    mean = (cumulative[:, origins] - cumulative[:, back]) / (origins - back)
    return np.repeat(mean[:, :, None], horizon, axis=2)


def _ses(y, origins, horizon, **_):
    """Simple exponential smoothing for every weight of the grid in one pass; at each origin the
    weight with the lowest one-step squared error on the data before it."""
    length = y.shape[1]
    weights = SES_WEIGHTS[:, None]
    level = np.repeat(y[None, :, 0], len(SES_WEIGHTS), axis=0)  # (G, n)
    sse = np.zeros_like(level)
    levels = np.empty((length, *level.shape))  # level after period t
    errors = np.empty((length, *level.shape))  # cumulative squared one-step error up to t
    levels[0], errors[0] = level, sse
    for t in range(1, length):
        error = y[None, :, t] - level
        sse = sse + error * error
        level = level + weights * error
        levels[t], errors[t] = level, sse
    at = origins - 1
    best = np.argmin(errors[at], axis=1)  # (k, n): the weight chosen at each origin
    chosen = np.take_along_axis(levels[at], best[:, None, :], axis=1)[:, 0, :]  # (k, n)
    return np.repeat(chosen.T[:, :, None], horizon, axis=2)


def _trend(y, origins, horizon, log_cumulative, **_):
    """Ridge on log(1 + y) against time over the last TREND_WINDOW periods before each origin,
    from cumulative sums: one pass for all series and origins."""
    z_sum, tz_sum = log_cumulative
    window = np.minimum(origins, TREND_WINDOW).astype(float)  # (k,)
    start = origins - window.astype(int)
    sz = z_sum[:, origins] - z_sum[:, start]  # (n, k)
    stz = tz_sum[:, origins] - tz_sum[:, start]
    t_mean = (start + origins - 1) / 2.0
    sxx = window * (window**2 - 1) / 12.0
    z_mean = sz / window
    sxz = stz - window * t_mean * z_mean
    slope = sxz / (sxx + RIDGE_ALPHA * window**2)  # the penalty acts on time scaled to the window
    ahead = origins[:, None] - 1 + np.arange(1, horizon + 1)[None, :] - t_mean[:, None]  # (k, H)
    log_path = z_mean[:, :, None] + slope[:, :, None] * ahead[None, :, :]
    return np.clip(np.expm1(log_path), 0, None)


def _season_sums(z: np.ndarray, origins: np.ndarray, season: int, phase: int) -> np.ndarray:
    """Per origin and season position, the sum of z over the periods before the origin:
    (n, origins, season), from a cumulative sum per position."""
    length = z.shape[1]
    position = (np.arange(length) + phase) % season
    out = np.empty((z.shape[0], len(origins), season))
    for k in range(season):
        at = np.flatnonzero(position == k)
        cumulative = np.hstack([np.zeros((z.shape[0], 1)), np.cumsum(z[:, at], axis=1)])
        out[:, :, k] = cumulative[:, np.searchsorted(at, origins)]
    return out


def _trend_season(y, origins, horizon, season, phase, log_cumulative, **_):
    """Ridge on log(1 + y) with trend and season dummies over all data before each origin. The
    normal equations come from cumulative sums, so one small solve per origin covers every
    series (the design is the same for all of them)."""
    z_sum, tz_sum = log_cumulative
    by_position = _season_sums(np.log1p(y), origins, season, phase)
    out = np.empty((y.shape[0], len(origins), horizon))
    for j, origin in enumerate(origins):
        t = np.arange(origin + horizon)
        position = (t + phase) % season
        columns = [np.ones_like(t, dtype=float), t / origin]
        columns.extend((position == k).astype(float) for k in range(1, season))
        design = np.column_stack(columns)
        fit, ahead = design[:origin], design[origin:]
        penalty = RIDGE_ALPHA * np.eye(design.shape[1])
        penalty[0, 0] = 0.0  # the intercept is not shrunk
        # X'Z per series: sum of z, sum of t z / origin, and the sum of z per season position.
        right = np.column_stack(
            [z_sum[:, origin], tz_sum[:, origin] / origin, by_position[:, j, 1:]]
        )  # (n, p)
        beta = np.linalg.solve(fit.T @ fit + penalty, right.T)  # (p, n)
        out[:, j, :] = (ahead @ beta).T
    return np.clip(np.expm1(out), 0, None)


FORECASTERS = {
    SNAIVE: _snaive,
    LAST: _last,
    MEAN12: _mean12,
    SES: _ses,
    TREND: _trend,
    TREND_SEASON: _trend_season,
}


def _prepared(y: np.ndarray, season: int, phase: int) -> dict:
    length = y.shape[1]
    z = np.log1p(y)
    zero = np.zeros((y.shape[0], 1))
    t = np.arange(length, dtype=float)
    return {
        "season": season,
        "phase": phase,
        "cumulative": np.hstack([zero, np.cumsum(y, axis=1)]),
        "log_cumulative": (
            np.hstack([zero, np.cumsum(z, axis=1)]),
            np.hstack([zero, np.cumsum(z * t, axis=1)]),
        ),
    }


def forecasts(method: str, y: np.ndarray, origins: np.ndarray, horizon: int, **prepared):
    """The method's forecasts (n x origins x horizon) from each origin (periods known)."""
    return FORECASTERS[method](y, np.asarray(origins), horizon, **prepared)


def level_scale(y: np.ndarray, origins: np.ndarray, cumulative: np.ndarray) -> np.ndarray:
    """The spread of the series before each origin, so that errors of large and small series (or
    months) can be pooled: the Poisson spread at its level, sqrt(1 + mean of the last 12
    periods), or its mean absolute change from one period to the next over the last
    NOISE_WINDOW periods when that is larger. Counts of a large gemeente vary more than Poisson
    (a burglary series moves with seasons, gangs, holidays): scaled by the Poisson spread alone,
    the pooled errors of the small gemeenten set a band that held 66% of the three larger
    gemeenten's months instead of 80%."""
    back = np.maximum(origins - 12, 0)
    mean = (cumulative[:, origins] - cumulative[:, back]) / (origins - back)
    poisson = np.sqrt(1.0 + mean)
    changes = np.hstack(
        [np.zeros((y.shape[0], 1)), np.cumsum(np.abs(np.diff(y, axis=1)), axis=1)]
    )  # changes[:, t]: sum of |y[s] - y[s-1]| for 1 <= s <= t
    last = np.maximum(origins - 1, 0)
    first = np.minimum(np.maximum(origins - 1 - NOISE_WINDOW, 0), last)
    number = last - first
    with np.errstate(invalid="ignore", divide="ignore"):
        moving = np.where(number > 0, (changes[:, last] - changes[:, first]) / number, 0.0)
    return np.maximum(poisson, moving)


# --- the back-test plan -------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Which candidates take part, from which origins, and where the figures are measured."""

    measured_on: str
    candidates: tuple[str, ...]
    origins: np.ndarray


def plan(length: int, horizon: int, season: int, group_size: int = 1) -> Plan:
    """Measured on the series when the last horizon + MIN_FORECASTS - 1 origins all have the
    data a candidate needs before them; else pooled over the group with the simplest candidates
    whose common origins still give the group MIN_FORECASTS forecasts per step, from at least
    MIN_ORIGINS origins each; else nothing."""
    first = length - (horizon + MIN_FORECASTS - 1)
    methods = applicable(season)
    own = tuple(m for m in methods if min_train(m, season) <= first)
    if own:
        return Plan(OWN, own, np.arange(first, length))
    pooled: tuple[str, ...] = ()
    # The season-and-trend model needs MIN_FORECASTS origins of its own: never pooled.
    for method in sorted(
        (m for m in methods if m != TREND_SEASON), key=lambda m: min_train(m, season)
    ):
        start = max(min_train(method, season), 1)
        origins_per_step = length - horizon - start + 1  # for the last step, the fewest
        if origins_per_step < MIN_ORIGINS or group_size * origins_per_step < MIN_FORECASTS:
            break
        pooled = (*pooled, method)
    if not pooled:
        return Plan(NONE, (), np.arange(0))
    start = max(min_train(m, season) for m in pooled)
    return Plan(GROUP, pooled, np.arange(max(start, 1), length))


# --- conformal band -----------------------------------------------------------------------------


def _ranks(size: int, level: float) -> tuple[int, int] | None:
    """1-based order statistics of a split-conformal interval from `size` errors (None when the
    pool is too small for that level)."""
    alpha = 1 - level
    low = math.floor((size + 1) * alpha / 2)
    high = math.ceil((size + 1) * (1 - alpha / 2))
    if low < 1 or high > size:
        return None
    return low, high


def conformal(pool: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """pool: (rows, size) scaled errors, NaN for none (the same count in every row). Returns the
    band's lower and upper quantiles per row (NaN when not measurable), how many of the pool fell
    inside the band of the others (leave one out) and the size."""
    rows = pool.shape[0]
    ordered = np.sort(pool, axis=1)  # NaN last
    size = int(np.isfinite(ordered[0]).sum()) if rows else 0
    nan = np.full(rows, np.nan)
    whole = _ranks(size, level)
    if whole is None:
        return nan, nan, np.zeros(rows), size
    low, high = ordered[:, whole[0] - 1], ordered[:, whole[1] - 1]
    others = _ranks(size - 1, level)
    if others is None:
        return low, high, np.full(rows, np.nan), size
    values = ordered[:, :size]
    position = np.arange(1, size + 1)  # of each value in the ordered pool
    lo_rank, hi_rank = others
    # Without the value at position p, the r-th smallest of the rest is at r (r < p) or r + 1.
    lo_at = np.where(lo_rank < position, lo_rank, lo_rank + 1) - 1
    hi_at = np.where(hi_rank < position, hi_rank, hi_rank + 1) - 1
    inside = (values >= values[:, lo_at]) & (values <= values[:, hi_at])
    return low, high, inside.sum(axis=1).astype(float), size


# --- the whole -------------------------------------------------------------------------------


def baseline_method(length: int) -> str:
    """The simple baseline shown when nothing could be measured: the mean of the last 12
    periods (less noisy than one period, last season's or the last), the last value when there
    are fewer than 12."""
    return MEAN12 if length >= 12 else LAST


def simple_baseline(y: np.ndarray, horizon: int, season: int) -> np.ndarray:
    length = y.shape[1]
    method = baseline_method(length)
    prepared = _prepared(y, season, 0)
    return forecasts(method, y, np.array([length]), horizon, **prepared)[:, 0, :].astype(float)


def naive_scale(y: np.ndarray) -> np.ndarray:
    """The in-sample one-step MAE of the last value (Hyndman's MASE scale, m = 1)."""
    if y.shape[1] < 2:
        return np.full(y.shape[0], np.nan)
    return np.abs(np.diff(y, axis=1)).mean(axis=1)


def extrapolate(
    series: np.ndarray,
    horizon: int,
    *,
    season: int = 12,
    phase: int = 0,
    level: float = LEVEL,
    groups: np.ndarray | None = None,
    borrow: dict | None = None,
) -> Extrapolation:
    """Extrapolate every row of `series` (n x T counts, oldest first) `horizon` steps on.
    `phase` is the season position of the first column (its month - 1 for monthly data).
    `groups` labels the rows that may be pooled (same region and level); default: all rows.
    `borrow` maps a group label to another one whose rows it pools with when its own rows
    cannot be measured, one level down the hierarchy: a region total, alone on its level,
    pooled with its gemeenten (the errors are pooled scaled to each series' spread)."""
    y = np.atleast_2d(np.asarray(series, dtype=float))
    if np.isnan(y).any() or (y < 0).any():
        raise ValueError("series must hold non-negative counts without gaps")
    if horizon < 1:
        raise ValueError("horizon must be at least 1")
    n, length = y.shape
    if length < 1:
        raise ValueError("at least one period of history is needed")
    labels = np.zeros(n, dtype=int) if groups is None else np.unique(groups, return_inverse=True)[1]
    out = _empty(y, horizon, season, level)
    names = np.unique(groups) if groups is not None else np.array([0])
    for index, label in enumerate(np.unique(labels)):
        rows = np.flatnonzero(labels == label)
        lender = (borrow or {}).get(names[index])
        if lender is not None and plan(length, horizon, season, len(rows)).measured_on == NONE:
            lent = np.flatnonzero(np.asarray(groups) == lender)
            _fill_borrowed(out, rows, y[rows], y[lent], horizon, season, phase, level)
        else:
            _fill_group(out, rows, y[rows], horizon, season, phase, level)
    names = sorted({m for m in out["candidates"]}, key=METHODS.index)
    return Extrapolation(
        **{k: v for k, v in out.items() if k != "candidates"},
        candidates=tuple(names),
        horizon=horizon,
        level=level,
    )


def _empty(y: np.ndarray, horizon: int, season: int, level: float) -> dict:
    n = y.shape[0]
    nan = np.full(n, np.nan)
    baseline = simple_baseline(y, horizon, season)
    name = baseline_method(y.shape[1])
    return {
        "method": np.full(n, name, dtype=object),
        "runner_up": np.full(n, "", dtype=object),
        "forecast": baseline.copy(),
        "lower": np.full((n, horizon), np.nan),
        "upper": np.full((n, horizon), np.nan),
        "baseline": baseline,
        "mae": nan.copy(),
        "mae_runner_up": nan.copy(),
        "mase": nan.copy(),
        "mase_runner_up": nan.copy(),
        "coverage": nan.copy(),
        "n_backtest": np.zeros(n, dtype=int),
        "n_coverage": np.zeros(n, dtype=int),
        "measured_on": np.full(n, NONE, dtype=object),
        "group_size": np.ones(n, dtype=int),
        "sparse": y.mean(axis=1) < SPARSE_MEAN if y.shape[1] else np.ones(n, bool),
        "backtest_mae": {},
        "candidates": set(),
    }


def _choice(errors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the simplest candidate (columns in METHODS order) within TIE_MARGIN of the
    lowest back-test error, and the best of the others (-1 when there is none)."""
    lowest = np.nanmin(errors, axis=1, keepdims=True)
    near = errors <= lowest * (1 + TIE_MARGIN)
    best = np.argmax(near, axis=1)
    others = errors.copy()
    others[np.arange(len(best)), best] = np.inf
    second = np.argmin(others, axis=1)
    second = np.where(np.isfinite(others[np.arange(len(best)), second]), second, -1)
    return best, second


def _fill_borrowed(out, rows, own, lent, horizon, season, phase, level) -> None:
    """`own` pooled with the rows of the group it borrows from; only its own rows are written
    (the lender's figures come from its own group)."""
    both = _empty(np.vstack([own, lent]), horizon, season, level)
    _fill_group(
        both, np.arange(len(own) + len(lent)), np.vstack([own, lent]), horizon, season, phase, level
    )
    for key, value in both.items():
        if key == "candidates":
            out[key].update(value)
        elif key == "backtest_mae":
            for name, values in value.items():
                target = out[key].setdefault(name, np.full(len(out["method"]), np.nan))
                target[rows] = values[: len(own)]
        else:
            out[key][rows] = value[: len(own)]


def _fill_group(out, rows, y, horizon, season, phase, level) -> None:
    n, length = y.shape
    chosen_plan = plan(length, horizon, season, n)
    out["n_backtest"][rows] = 0
    if chosen_plan.measured_on == NONE:
        return
    origins = chosen_plan.origins
    prepared = _prepared(y, season, phase)
    steps = np.arange(1, horizon + 1)
    valid = origins[:, None] + steps[None, :] <= length  # (k, H)
    target = np.minimum(origins[:, None] + steps[None, :] - 1, length - 1)
    actual = y[:, target]  # (n, k, H)
    scale_at = level_scale(y, origins, prepared["cumulative"])[:, :, None]  # (n, k, 1)
    q = naive_scale(y)
    q = np.where(q > 0, q, np.nan)
    names = list(chosen_plan.candidates)
    out["candidates"].update(names)
    # (C, n, k, H): every candidate's back-test error, NaN where the target is beyond the data.
    errors = np.stack(
        [
            np.where(valid, actual - forecasts(m, y, origins, horizon, **prepared), np.nan)
            for m in names
        ]
    )
    cells = int(valid.sum())
    table = (np.nansum(np.abs(errors), axis=(2, 3)) / cells).T  # (n, C): back-test MAE
    if chosen_plan.measured_on == GROUP:
        # One choice for the group: the lowest mean scaled error over its series.
        pooled = np.nanmean(table / q[:, None], axis=0)
        pooled = np.where(np.isfinite(pooled), pooled, np.nanmean(table, axis=0))
        best, second = _choice(np.tile(pooled, (n, 1)))
    else:
        best, second = _choice(table)
    method = np.array(names, dtype=object)[best]
    final_origin = np.array([length])
    idx = np.arange(n)
    paths = np.stack([forecasts(m, y, final_origin, horizon, **prepared)[:, 0, :] for m in names])
    forecast = paths[best, idx]  # (n, H)
    shown_error = errors[best, idx]  # (n, k, H)
    mase_all = table / q[:, None]
    shown_mae, shown_mase = table[idx, best], mase_all[idx, best]
    runner_mae = np.where(second >= 0, table[idx, np.maximum(second, 0)], np.nan)
    runner_mase = np.where(second >= 0, mase_all[idx, np.maximum(second, 0)], np.nan)
    if chosen_plan.measured_on == GROUP:
        # Figures of the group, scaled to this series: never a number from its own few months.
        group_mase = np.nanmean(shown_mase)
        group_runner = np.nanmean(runner_mase) if (second >= 0).any() else np.nan
        shown_mase = np.full(n, group_mase)
        runner_mase = np.full(n, group_runner)
        shown_mae, runner_mae = group_mase * q, group_runner * q
    scaled = shown_error / scale_at  # (n, k, H)
    final_scale = level_scale(y, final_origin, prepared["cumulative"])[:, 0]
    lower, upper = np.full((n, horizon), np.nan), np.full((n, horizon), np.nan)
    inside_total, counted = np.zeros(n), np.zeros(n)
    per_step = valid.sum(axis=0) * (n if chosen_plan.measured_on == GROUP else 1)
    for h in range(horizon):
        pool = scaled[:, :, h]
        if chosen_plan.measured_on == GROUP:
            # One pool for the group: the same quantiles and coverage for every series.
            low, high, inside, size = conformal(pool.reshape(1, -1), level)
            low, high, inside = (np.repeat(v, n) for v in (low, high, inside))
        else:
            low, high, inside, size = conformal(pool, level)
        lower[:, h] = np.clip(forecast[:, h] + low * final_scale, 0, None)
        upper[:, h] = forecast[:, h] + high * final_scale
        inside_total += inside
        counted += size
    band = np.isfinite(lower).all(axis=1) & np.isfinite(upper).all(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(band, inside_total / counted, np.nan)
    lower[~band], upper[~band] = np.nan, np.nan
    for k, m in enumerate(names):
        values = out["backtest_mae"].setdefault(m, np.full(len(out["method"]), np.nan))
        values[rows] = (
            table[:, k] if chosen_plan.measured_on == OWN else np.nanmean(mase_all[:, k]) * q
        )
    out["method"][rows] = method
    out["runner_up"][rows] = np.where(second >= 0, np.array([*names, ""], dtype=object)[second], "")
    out["forecast"][rows] = forecast
    out["lower"][rows], out["upper"][rows] = lower, upper
    out["mae"][rows], out["mase"][rows] = shown_mae, shown_mase
    out["mae_runner_up"][rows], out["mase_runner_up"][rows] = runner_mae, runner_mase
    out["coverage"][rows] = coverage
    out["n_backtest"][rows] = int(per_step.min())
    out["n_coverage"][rows] = np.where(band, counted, 0).astype(int)
    out["measured_on"][rows] = chosen_plan.measured_on
    out["group_size"][rows] = n if chosen_plan.measured_on == GROUP else 1
