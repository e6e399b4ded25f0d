"""How long the extrapolation takes for many series at once (target: 5,000 monthly series of five
years in <= 1 s, back-test included): synthetic Poisson series with trend and season."""

from __future__ import annotations

import time

import numpy as np

from dashboard.analysis.extrapolation import extrapolate

TARGET_S = 1.0


def run(series: int = 5000, months: int = 60, horizon: int = 12) -> tuple[int, float]:
    rng = np.random.default_rng(7)
    t = np.arange(months)
    level = rng.uniform(5, 200, size=(series, 1))
    mu = level * np.exp(0.004 * t) * (1 + 0.25 * np.sin(2 * np.pi * t / 12))
    counts = rng.poisson(mu)
    start = time.perf_counter()
    extrapolate(counts, horizon)
    return series, time.perf_counter() - start


def print_row(series: int, seconds: float) -> None:
    mark = "ok" if seconds <= TARGET_S else "TE TRAAG"
    print(
        f"\nextrapolatie: {series:,} reeksen x 60 maanden, 12 maanden vooruit, met back-test: "
        f"{seconds:.2f} s (doel <= {TARGET_S:g} s) {mark}"
    )
