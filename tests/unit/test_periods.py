import datetime as dt

import pytest

from dashboard.analysis.periods import comparison_period, resolve_period

D = dt.date


@pytest.mark.parametrize(
    ("preset", "reference", "expected"),
    [
        ("4w", D(2026, 11, 22), (D(2026, 10, 26), D(2026, 11, 22))),
        # Data up to mid-month: the last complete month is the previous one.
        ("maand", D(2026, 11, 22), (D(2026, 10, 1), D(2026, 10, 31))),
        # Data up to the last day of a month: that month is complete.
        ("maand", D(2026, 10, 31), (D(2026, 10, 1), D(2026, 10, 31))),
        ("kwartaal", D(2026, 11, 22), (D(2026, 7, 1), D(2026, 9, 30))),
        ("kwartaal", D(2026, 9, 30), (D(2026, 7, 1), D(2026, 9, 30))),
        ("kwartaal", D(2026, 2, 10), (D(2025, 10, 1), D(2025, 12, 31))),
        ("jtd", D(2026, 11, 22), (D(2026, 1, 1), D(2026, 11, 22))),
        ("12m", D(2026, 11, 22), (D(2025, 11, 23), D(2026, 11, 22))),
        ("12m", D(2024, 2, 29), (D(2023, 3, 1), D(2024, 2, 29))),
    ],
)
def test_presets(preset, reference, expected):
    assert resolve_period(preset, reference) == expected


def test_custom_period_is_checked():
    assert resolve_period("aangepast", D(2026, 1, 1), D(2025, 1, 1), D(2025, 3, 1)) == (
        D(2025, 1, 1),
        D(2025, 3, 1),
    )
    with pytest.raises(ValueError, match="begindatum"):
        resolve_period("aangepast", D(2026, 1, 1), D(2025, 3, 1), D(2025, 1, 1))
    with pytest.raises(ValueError):
        resolve_period("aangepast", D(2026, 1, 1))
    with pytest.raises(ValueError, match="onbekende periode"):
        resolve_period("eeuw", D(2026, 1, 1))


def test_previous_period_has_equal_length_and_touches():
    period = (D(2026, 10, 26), D(2026, 11, 22))
    start, end = comparison_period(period, "vorige")
    assert end == D(2026, 10, 25)
    assert (end - start) == (period[1] - period[0])


def test_previous_month_and_quarter_are_calendar_periods():
    assert comparison_period((D(2026, 3, 1), D(2026, 3, 31)), "vorige", "maand") == (
        D(2026, 2, 1),
        D(2026, 2, 28),
    )
    assert comparison_period((D(2026, 7, 1), D(2026, 9, 30)), "vorige", "kwartaal") == (
        D(2026, 4, 1),
        D(2026, 6, 30),
    )


def test_same_period_last_year_handles_leap_day():
    assert comparison_period((D(2024, 2, 1), D(2024, 2, 29)), "vorig_jaar") == (
        D(2023, 2, 1),
        D(2023, 2, 28),
    )
