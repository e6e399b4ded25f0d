"""The completeness measure: whole and partial calendar periods, labelled the one way every
surface shows them, and the whole months of data of a selection."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.measures.completeness import (
    DataCoverage,
    coverage,
    whole_months,
    whole_periods,
)

D = dt.date


def test_a_month_that_has_only_begun_is_labelled_partial():
    months = coverage("maand", D(2026, 6, 15), D(2026, 12, 5))
    assert [m.label for m in months] == [
        "juni 2026 (vanaf 15 jun, onvolledig)",
        "juli 2026",
        "augustus 2026",
        "september 2026",
        "oktober 2026",
        "november 2026",
        "december 2026 (t/m 5 dec, onvolledig)",
    ]
    assert [m.whole for m in months] == [False, True, True, True, True, True, False]
    assert (months[-1].start, months[-1].end) == (D(2026, 12, 1), D(2026, 12, 31))
    (inside,) = coverage("maand", D(2026, 2, 3), D(2026, 2, 10))
    assert inside.label == "februari 2026 (3 feb t/m 10 feb, onvolledig)"


def test_weeks_half_years_quarters_and_years():
    weeks = coverage("week", D(2026, 11, 25), D(2026, 12, 5))  # a Wednesday to a Saturday
    assert [w.start for w in weeks] == [D(2026, 11, 23), D(2026, 11, 30)]
    assert [w.whole for w in weeks] == [False, False]
    assert weeks[1].label == "week 49 2026 (t/m 5 dec, onvolledig)"
    (half,) = coverage("halfjaar", D(2026, 7, 1), D(2026, 12, 5))
    assert half.label == "2e halfjaar 2026 (t/m 5 dec, onvolledig)"
    assert coverage("halfjaar", D(2026, 1, 1), D(2026, 6, 30))[0].label == "1e halfjaar 2026"
    assert [q.name for q in coverage("kwartaal", D(2026, 2, 1), D(2026, 7, 1))] == [
        "1e kwartaal 2026",
        "2e kwartaal 2026",
        "3e kwartaal 2026",
    ]
    assert coverage("jaar", D(2025, 1, 1), D(2025, 12, 31))[0].label == "2025"
    # Days are a grain too (the Gebruik page per day): whole, as dates are, unless running.
    assert [d.whole for d in coverage("dag", D(2026, 1, 1), D(2026, 1, 2))] == [True, True]
    with pytest.raises(ValueError):
        coverage("uur", D(2026, 1, 1), D(2026, 1, 2))


def test_whole_periods_are_those_wholly_inside_the_range():
    # Mondays of the weeks wholly inside: 1 Jan 2026 is a Thursday.
    assert whole_periods("week", D(2026, 1, 1), D(2026, 1, 25)) == [
        D(2026, 1, 5),
        D(2026, 1, 12),
        D(2026, 1, 19),
    ]
    assert whole_periods("week", D(2026, 1, 1), D(2026, 1, 4)) == []
    assert whole_periods("maand", D(2026, 1, 2), D(2026, 4, 30)) == [
        D(2026, 2, 1),
        D(2026, 3, 1),
        D(2026, 4, 1),
    ]
    # Calendar quarters and years, not three months from the start.
    assert whole_periods("kwartaal", D(2026, 2, 1), D(2026, 12, 31)) == [
        D(2026, 4, 1),
        D(2026, 7, 1),
        D(2026, 10, 1),
    ]
    assert whole_periods("jaar", D(2025, 1, 1), D(2026, 12, 30)) == [D(2025, 1, 1)]


def test_the_whole_months_of_data():
    # Deliveries from Monday 29 November 2021 up to Sunday 22 November 2026.
    assert whole_months(D(2021, 11, 29), D(2026, 11, 22)) == (D(2021, 12, 1), D(2026, 10, 31))
    assert whole_months(D(2021, 12, 1), D(2026, 11, 30)) == (D(2021, 12, 1), D(2026, 11, 30))
    assert whole_months(D(2026, 11, 2), D(2026, 11, 29)) is None
    assert whole_months(None, D(2026, 11, 29)) is None


def test_the_data_coverage_of_a_period_and_its_flag():
    first, last = D(2021, 11, 22), D(2026, 11, 22)
    whole = DataCoverage(D(2022, 1, 1), D(2022, 3, 31), first, last)
    assert whole.whole and whole.note == "" and whole.flag("Periode") == ""
    begun = DataCoverage(D(2021, 10, 1), D(2021, 12, 31), first, last)
    assert begun.flag("Vergelijking") == "Vergelijking onvolledig: gegevens vanaf 22-11-2021"
    running = DataCoverage(D(2026, 10, 1), D(2026, 12, 31), first, last)
    assert running.flag("Periode") == "Periode onvolledig: gegevens t/m 22-11-2026"
    both = DataCoverage(D(2021, 1, 1), D(2027, 1, 1), first, last)
    assert both.note == "gegevens 22-11-2021 t/m 22-11-2026"
    before = DataCoverage(D(2021, 1, 1), D(2021, 3, 31), first, last)
    assert before.flag("Vergelijking") == "Vergelijking onvolledig: geen gegevens"
    assert DataCoverage(D(2027, 1, 1), D(2027, 1, 31), first, last).note == "geen gegevens"
    # No delivery log (data loaded by hand): the start is not known and taken as covered.
    assert DataCoverage(D(2000, 1, 1), D(2022, 1, 1), None, last).whole
    assert not DataCoverage(D(2022, 1, 1), D(2022, 1, 31), None, None).whole
