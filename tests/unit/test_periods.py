import datetime as dt

import pytest

from dashboard.analysis import theme_periods
from dashboard.analysis.periods import (
    PRESETS,
    comparison_period,
    fit_custom_period,
    resolve_period,
    shift_months,
    shift_years,
)

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


def test_the_arithmetic_holds_at_the_calendars_edges():
    """A period from a shared link can sit at 1-1-1 or 31-12-9999: no OverflowError or
    ValueError (issue 18), the result held at the edge."""
    assert shift_years(D(1, 1, 2), -1) == D.min
    assert shift_years(D(9999, 12, 31), 1) == D.max
    assert shift_years(D(2000, 2, 29), -1) == D(1999, 2, 28)
    assert shift_months(D(1, 1, 31), -1) == D.min
    assert shift_months(D(9999, 12, 1), 1) == D.max
    for edge in (D.min, D(1, 1, 2), D(1, 12, 31), D(9999, 1, 1), D.max):
        for preset in (p for p in PRESETS if p != "aangepast"):
            start, end = resolve_period(preset, edge)
            assert start <= end
        for period in ((edge, edge), (D.min, D.max)):
            for kind in ("vorige", "vorig_jaar"):
                for preset in ("maand", "kwartaal", "aangepast"):
                    start, end = comparison_period(period, kind, preset)
                    assert start <= end, (period, kind, preset)
    assert comparison_period((D(1, 1, 2), D(1, 12, 31)), "vorige") == (D.min, D.min)
    assert comparison_period((D(1, 1, 2), D(1, 12, 31)), "vorig_jaar") == (D.min, D.min)


def test_a_custom_period_is_held_to_the_data_with_a_note():
    data = (D(2021, 1, 4), D(2025, 5, 4))
    assert fit_custom_period((D(2022, 1, 1), D(2022, 3, 31)), data) == (
        (D(2022, 1, 1), D(2022, 3, 31)),
        "",
    )
    fitted, note = fit_custom_period((D(2000, 1, 1), D(2026, 12, 31)), data)
    assert fitted == data
    assert note == (
        "De gekozen periode is ingekort tot de beschikbare gegevens (04-01-2021 t/m 04-05-2025)."
    )
    fitted, note = fit_custom_period((D(2000, 1, 1), D(2000, 1, 1)), data)
    assert fitted is None
    assert "valt buiten de beschikbare gegevens" in note
    assert "standaardperiode" in note


def test_a_theme_year_before_the_data_or_2000_falls_back_with_a_note():
    reference = D(2025, 5, 4)
    four_quarters = theme_periods.resolve("4k", reference)
    for key in ("0000", "0001", "1900", "2019"):
        period = theme_periods.resolve(key, reference, first=D(2021, 1, 4))
        assert period == four_quarters, key
        assert f"Voor {key} zijn geen volledige gegevens" in theme_periods.fallback_note(
            key, period
        )
    year = theme_periods.resolve("2023", reference, first=D(2021, 1, 4))
    assert year == (D(2023, 1, 1), D(2023, 12, 31))
    assert theme_periods.fallback_note("2023", year) == ""
