"""The evaluation of the extrapolation on real data (benchmarks/extrapolation_eval.py): the
series are the counts of the source files, the rolling cut-offs score only unseen periods, the
measures match a direct computation, and the tables in docs/extrapolation.md are what the script
produces now."""

from __future__ import annotations

import csv
from collections import Counter

import numpy as np
import pytest

from benchmarks import extrapolation_eval as ev


@pytest.fixture(scope="module")
def rows(shared_data_dir):
    return ev.evaluate(shared_data_dir)


def test_monthly_series_are_a_direct_count_of_the_incident_rows(shared_data_dir):
    series = ev.monthly_burglary(shared_data_dir)
    with (shared_data_dir / ev.BURGLARY_FILE).open(encoding="utf-8", newline="") as handle:
        incidents = list(csv.DictReader(handle))
    # Both kinds count; the partial first month (data from 2023-04-20) is dropped, June 2025
    # (data up to the 30th) is kept.
    assert {r["soort"] for r in incidents} == set(ev.BURGLARY_KINDS)
    assert series.periods[0] == "2023-05" and series.periods[-1] == "2025-06"
    assert len(series.periods) == 26 and series.phase == 4
    covered = set(series.periods)
    per_gemeente = Counter(r["gemeentecode"] for r in incidents if r["datum"][:7] in covered)
    assert sorted(per_gemeente) == series.codes[:-1] and series.codes[-1] == ev.TWENTE
    assert (series.counts[-1] == series.counts[:-1].sum(axis=0)).all()  # Twente: the sum
    totals = dict(zip(series.codes[:-1], series.counts[:-1].sum(axis=1), strict=True))
    assert totals == {code: float(n) for code, n in per_gemeente.items()}
    assert series.counts[:-1].sum() == len(incidents) - sum(
        1 for r in incidents if r["datum"].startswith("2023-04")
    )
    # One cell checked directly: Enschede in the last month, months without incidents are 0.
    enschede = series.codes.index("GM0153")
    june = sum(1 for r in incidents if r["gemeentecode"] == "GM0153" and r["datum"] >= "2025-06")
    assert series.counts[enschede, -1] == june
    assert (series.counts >= 0).all() and (series.counts == 0).any()


def test_yearly_series_are_the_registered_crimes_of_the_file(shared_data_dir):
    series = ev.yearly_crime(shared_data_dir)
    with (shared_data_dir / ev.CRIME_FILE).open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert series.periods == [str(y) for y in range(2010, 2021)]
    assert len(series.codes) == 13 and "GM0173" not in series.codes  # Oldenzaal is missing
    for r in records:
        row, column = series.codes.index(r["gemeentecode"]), series.periods.index(r["jaar"])
        assert series.counts[row, column] == float(r["geregistreerde_misdrijven"])
    assert series.counts.size == len(records)


def test_rolling_cut_offs_score_only_unseen_periods(rows):
    monthly, yearly = rows
    # Cut at every month from 2024-06 to 2025-05: 12 cut-offs, 15 series (14 gemeenten and
    # Twente); step h is scored at the cut-offs that have h months after them.
    assert monthly["cuts"] == [f"2024-{m:02d}" for m in range(6, 13)] + [
        f"2025-{m:02d}" for m in range(1, 6)
    ]
    assert [monthly["steps"][h].points for h in range(1, 13)] == [
        15 * (13 - h) for h in range(1, 13)
    ]
    assert yearly["cuts"] == [str(y) for y in range(2014, 2020)]
    assert [yearly["steps"][h].points for h in (1, 2, 3)] == [13 * 6, 13 * 5, 13 * 4]
    assert yearly["names"] == [ev.SHOWN, ev.NAIVE, ev.MEAN12]  # per year no seasonal naive
    for result in rows:
        for tally in result["steps"].values():
            assert tally.banded <= tally.points and tally.inside <= tally.banded


def test_scores_match_a_direct_computation(shared_data_dir, rows):
    """Step 1 of the monthly set, recomputed here: the last value's MAE and MASE over every
    cut-off, and the shown path's, from the same code path the dashboard uses."""
    from dashboard.analysis.extrapolation import extrapolate, naive_scale

    series = ev.monthly_burglary(shared_data_dir)
    first = series.periods.index("2024-06")
    errors, scaled, shown = [], [], []
    for cut in range(first, len(series.periods) - 1):
        train, actual = series.counts[:, : cut + 1], series.counts[:, cut + 1]
        result = extrapolate(train, 12, phase=series.phase, groups=series.groups)
        errors.append(np.abs(actual - train[:, -1]))
        scaled.append(np.abs(actual - train[:, -1]) / naive_scale(train))
        shown.append(np.abs(actual - result.forecast[:, 0]))
    step = rows[0]["steps"][1]
    assert step.mae(ev.NAIVE) == pytest.approx(np.concatenate(errors).mean())
    assert step.mase(ev.NAIVE) == pytest.approx(np.concatenate(scaled).mean())
    assert step.mae(ev.SHOWN) == pytest.approx(np.concatenate(shown).mean())


def test_the_docs_hold_the_table_that_the_script_produces_now(rows):
    block = ev.docs_block()
    assert block is not None, f"markers {ev.START_MARKER} / {ev.END_MARKER} missing in docs"
    assert block == ev.markdown(rows), (
        "docs/extrapolation.md is stale: run "
        "`.venv/bin/python -m benchmarks.extrapolation_eval --update-docs`"
    )


def test_the_benchmark_prints_the_table_only_when_the_shared_data_is_there(
    shared_data_dir, tmp_path, capsys
):
    ev.print_report(tmp_path / "missing")
    assert capsys.readouterr().out == ""
    ev.print_report(shared_data_dir)
    out = capsys.readouterr().out
    assert "Extrapolatie op echte data" in out and "woninginbraak per maand" in out
    # Per dataset the verdict over all steps, as the scores give it: worse than the baselines
    # that beat the path shown, named, or no worse than each.
    for result in ev.evaluate(shared_data_dir):
        whole = ev._all(result["steps"])
        worse = ev.worse_than_baseline(whole, result["names"])
        verdict = (
            f"{result['dataset']}: over alle stappen slechter dan {worse[0]}"
            if worse
            else f"{result['dataset']}: over alle stappen niet slechter dan elke eenvoudige"
        )
        assert verdict in out


def test_a_path_worse_than_a_baseline_is_named_as_such():
    """The verdict is computed, not written: a tally where the last value beat the path shown
    says so."""
    tally = ev.Tally()
    actual = np.array([10.0, 12.0, 11.0])
    paths = {ev.SHOWN: np.array([14.0, 8.0, 15.0]), ev.NAIVE: np.array([11.0, 11.0, 11.0])}
    tally.add(actual, paths, np.ones(3), np.full(3, np.nan), np.full(3, np.nan))
    assert ev.worse_than_baseline(tally, [ev.SHOWN, ev.NAIVE]) == [ev.NAIVE]
