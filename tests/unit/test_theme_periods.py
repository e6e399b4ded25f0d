"""Periods of the thematic dashboards: whole quarters and calendar years only."""

import datetime as dt

import pytest

from dashboard.analysis import theme_periods as tp

D = dt.date


@pytest.mark.parametrize(
    ("reference", "end"),
    [
        (D(2026, 11, 22), D(2026, 9, 30)),
        (D(2026, 9, 30), D(2026, 9, 30)),
        (D(2026, 9, 29), D(2026, 6, 30)),
        (D(2026, 1, 1), D(2025, 12, 31)),
        (D(2025, 12, 31), D(2025, 12, 31)),
    ],
)
def test_last_complete_quarter(reference, end):
    assert tp.last_complete_quarter_end(reference) == end


def test_options_offer_four_quarters_and_complete_years_within_the_data():
    options = tp.options(D(2026, 11, 22), D(2023, 3, 1))
    assert list(options) == ["4k", "2025", "2024", "2023"]
    assert tp.options(D(2025, 12, 31), D(2025, 1, 1)) == {
        "4k": "Laatste 4 kwartalen",
        "2025": "2025",
    }


def test_resolve_and_windows():
    assert tp.resolve("4k", D(2026, 11, 22)) == (D(2025, 10, 1), D(2026, 9, 30))
    assert tp.resolve("2024", D(2026, 11, 22)) == (D(2024, 1, 1), D(2024, 12, 31))
    # A year that is not complete yet, or garbage, falls back to the last four quarters.
    assert tp.resolve("2026", D(2026, 11, 22)) == tp.resolve("4k", D(2026, 11, 22))
    assert tp.resolve("abcd", D(2026, 11, 22)) == tp.resolve("4k", D(2026, 11, 22))
    windows = tp.windows((D(2024, 3, 1), D(2025, 2, 28)))
    assert windows == {
        "p0": (D(2024, 3, 1), D(2025, 2, 28)),
        "p1": (D(2023, 3, 1), D(2024, 2, 29)),  # a leap year: the span ends on 29 February
        "p2": (D(2022, 3, 1), D(2023, 2, 28)),
    }


def test_labels():
    assert tp.label((D(2024, 1, 1), D(2024, 12, 31))) == "2024"
    assert tp.label((D(2025, 10, 1), D(2026, 9, 30))) == "K4 2025 t/m K3 2026"
    assert tp.label((D(2026, 7, 1), D(2026, 9, 30))) == "K3 2026"


@pytest.mark.parametrize(
    ("granularity", "end", "start"),
    [
        ("maand", D(2026, 9, 30), D(2026, 9, 1)),
        ("maand", D(2026, 9, 29), D(2026, 8, 1)),
        ("kwartaal", D(2026, 9, 30), D(2026, 7, 1)),
        ("kwartaal", D(2026, 8, 31), D(2026, 4, 1)),
        ("jaar", D(2025, 12, 31), D(2025, 1, 1)),
        ("jaar", D(2026, 9, 30), D(2025, 1, 1)),
    ],
)
def test_last_bucket_that_fits_wholly(granularity, end, start):
    assert tp.last_start(granularity, end) == start
