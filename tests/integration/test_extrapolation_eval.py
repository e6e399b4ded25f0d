"""The evaluation of the extrapolation on real data (benchmarks/extrapolation_eval.py): the
series are the counts of the source files, the measures are sane, and the table in
docs/extrapolation.md is what the script produces now."""

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
    assert sorted(per_gemeente) == series.codes
    totals = dict(zip(series.codes, series.counts.sum(axis=1), strict=True))
    assert totals == {code: float(n) for code, n in per_gemeente.items()}
    assert series.counts.sum() == len(incidents) - sum(
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


def test_measures_are_sane_and_the_verdict_follows_the_numbers(rows):
    assert [(r["dataset"], r["subset"]) for r in rows] == [
        ("woninginbraak per maand", "alle gemeenten"),
        ("woninginbraak per maand", "niet schaars"),
        ("misdrijven per jaar", "alle gemeenten"),
    ]
    for r in rows:
        assert 0.0 <= r["coverage"] <= 1.0
        assert r["inside"] == round(r["coverage"] * r["n_points"])
        for scale in r["baselines"]:
            assert all(v > 0 for v in r["mase"][scale].values()), r["mase"]
        assert all(v > 0 for v in r["mae"].values())
        beaten = all(
            r["mae"][ev.MODEL] < r["mae"][b] and r["mase"][b][ev.MODEL] < r["mase"][b][b]
            for b in r["baselines"]
        )
        assert r["verdict"].startswith(ev.NOT_BETTER) != beaten, r["verdict"]
    monthly, _, yearly = rows
    assert monthly["n_points"] == 14 * 6 and yearly["n_points"] == 13 * 3
    # Fewer than two seasons of training months: no season term, and the output says so.
    assert monthly["n_train"] == 20 and not monthly["seasonal"]
    assert "zonder seizoensterm" in ev.markdown(rows)
    assert yearly["baselines"] == [ev.NAIVE]  # per year seasonal naive is naive


def test_holdout_measures_match_a_direct_computation(shared_data_dir, rows):
    """MAE pooled over gemeente-months and Hyndman's MASE, recomputed here from the series."""
    series = ev.monthly_burglary(shared_data_dir)
    train, actual = series.counts[:, :-6], series.counts[:, -6:]
    snaive = train[:, -12:-6]  # the same months one year before the held-out months
    naive = np.repeat(train[:, -1:], 6, axis=1)
    monthly = rows[0]
    assert monthly["mae"][ev.SNAIVE] == pytest.approx(np.abs(actual - snaive).mean())
    assert monthly["mae"][ev.NAIVE] == pytest.approx(np.abs(actual - naive).mean())
    scale = np.abs(np.diff(train, axis=1)).mean(axis=1)
    expected = (np.abs(actual - naive).mean(axis=1) / scale).mean()
    assert monthly["mase"][ev.NAIVE][ev.NAIVE] == pytest.approx(expected)


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
    assert "misdrijven per jaar" in out and ev.NOT_BETTER in out
