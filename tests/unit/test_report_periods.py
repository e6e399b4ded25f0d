"""Report periods: month, quarter, half year and year, with their comparison periods."""

import datetime as dt

import pytest

from dashboard.analysis.report_periods import PeriodError, latest_complete, parse

D = dt.date


@pytest.mark.parametrize(
    ("text", "span", "label", "previous", "year_before"),
    [
        ("2024-07", (D(2024, 7, 1), D(2024, 7, 31)), "juli 2024", "2024-06", "2023-07"),
        ("2024-01", (D(2024, 1, 1), D(2024, 1, 31)), "januari 2024", "2023-12", "2023-01"),
        ("2024-Q3", (D(2024, 7, 1), D(2024, 9, 30)), "3e kwartaal 2024", "2024-Q2", "2023-Q3"),
        ("2024-Q1", (D(2024, 1, 1), D(2024, 3, 31)), "1e kwartaal 2024", "2023-Q4", "2023-Q1"),
        ("2024-H1", (D(2024, 1, 1), D(2024, 6, 30)), "1e halfjaar 2024", "2023-H2", "2023-H1"),
        ("2024", (D(2024, 1, 1), D(2024, 12, 31)), "2024", "2023", "2023"),
    ],
)
def test_periods_and_their_comparisons(text, span, label, previous, year_before):
    period = parse(text)
    assert period.span == span and period.label == label and period.code == text
    assert period.previous.code == previous and period.year_before.code == year_before


@pytest.mark.parametrize("bad", ["2024-13", "2024-Q5", "2024-H3", "24-07", "2024-7", "", "juli"])
def test_bad_periods_are_refused(bad):
    with pytest.raises(PeriodError):
        parse(bad)


def test_latest_complete_period_of_each_kind():
    assert latest_complete("maand", D(2026, 11, 22)).code == "2026-10"
    assert latest_complete("maand", D(2026, 10, 31)).code == "2026-10"
    assert latest_complete("kwartaal", D(2026, 11, 22)).code == "2026-Q3"
    assert latest_complete("kwartaal", D(2026, 9, 30)).code == "2026-Q3"
    assert latest_complete("kwartaal", D(2026, 9, 29)).code == "2026-Q2"
    assert latest_complete("halfjaar", D(2026, 11, 22)).code == "2026-H1"
    assert latest_complete("jaar", D(2026, 11, 22)).code == "2025"
    assert latest_complete("jaar", D(2025, 12, 31)).code == "2025"
