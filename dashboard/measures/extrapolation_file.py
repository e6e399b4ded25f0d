"""`veiligheid extrapolatie BESTAND`: count series from an analyst's file (read by
dashboard.data.ingest.count_series) through the same code path as the dashboard card and the
periodic report. Series of the file with the same kind and the same first and last period are one
group: a history too short to measure its own back-test error pools with them (as the card pools
the areas of one level)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dashboard.data.ingest import count_series
from dashboard.data.ingest.count_series import CountSeries
from dashboard.measures import extrapolation


def extrapolate_file(path: Path, horizon: int) -> list[dict]:
    """Per series of the file (in file order): what the dashboard would show, as a dict with
    the keys reeks, methode, periodes, pad, onder, boven, dekking_gemeten, n_backtest, mae,
    mase and, when there is no extrapolation or no measured error, reden."""
    series = count_series.read(path)
    results: dict[str, dict] = {}
    batches: dict[tuple[str, int, int], list[CountSeries]] = {}
    for s in series:
        # Every series takes part in its group's pooling; a refused one shows nothing itself.
        batches.setdefault((s.grain, s.first, len(s.counts)), []).append(s)
        reason = extrapolation.refusal(s.counts, s.grain)
        if reason:
            results[s.name] = {
                "methode": None,
                "pad": [],
                "onder": None,
                "boven": None,
                "dekking_gemeten": None,
                "n_backtest": 0,
                "mae": None,
                "mase": None,
                "reden": reason,
            }
    for (grain, first, _), members in batches.items():
        phase = first % 12 if grain == "maand" else 0
        result = extrapolation.extrapolate_counts(
            np.vstack([m.counts for m in members]), horizon, grain, phase
        )
        for row, member in enumerate(members):
            results.setdefault(member.name, extrapolation.summary(result, row, grain))
    out = []
    for s in series:
        end = s.first + len(s.counts)
        periods = [s.label(end + k) for k in range(horizon)] if results[s.name]["pad"] else []
        found = results[s.name]
        row = {"reeks": s.name, "methode": found["methode"], "periodes": periods}
        out.append({**row, **found})
    return out
