"""Periods of the thematic dashboards (pure functions).

Partner data come per month, quarter or year, so a theme page only offers whole quarters: the
last four complete quarters, or a calendar year. Each period is compared with the same span one
year earlier, and the trend of a buurt shows the same span for the three years up to it."""

from __future__ import annotations

import datetime as dt

from dashboard.analysis.periods import URL_FIRST_DAY, shift_years

Period = tuple[dt.date, dt.date]
LAST_FOUR_QUARTERS = "4k"
WINDOWS = 3  # the period and the two year-earlier spans (p0 = the period, p1 = comparison)


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def last_complete_quarter_end(reference: dt.date) -> dt.date:
    """The end of the newest quarter that `reference` (the newest data date) covers in full."""
    next_day = reference + dt.timedelta(days=1)
    if next_day == _quarter_start(next_day):
        return reference
    return _quarter_start(reference) - dt.timedelta(days=1)


def options(reference: dt.date, first: dt.date, max_years: int = 5) -> dict[str, str]:
    """Period key -> label: the last four quarters, then complete calendar years, newest first."""
    end = last_complete_quarter_end(reference)
    choices = {LAST_FOUR_QUARTERS: "Laatste 4 kwartalen"}
    newest_year = end.year if (end.month, end.day) == (12, 31) else end.year - 1
    for year in range(newest_year, max(first.year, newest_year - max_years + 1) - 1, -1):
        choices[str(year)] = str(year)
    return choices


def resolve(key: str, reference: dt.date, first: dt.date | None = None) -> Period:
    """The period of a key; an unknown or future key, or a year before the data (`first`, and
    never before 2000), falls back to the last four quarters."""
    end = last_complete_quarter_end(reference)
    if key.isdigit() and len(key) == 4:
        year = int(key)
        earliest = max(URL_FIRST_DAY.year, first.year if first else URL_FIRST_DAY.year)
        if earliest <= year and dt.date(year, 12, 31) <= end:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = shift_years(end + dt.timedelta(days=1), -1)
    return start, end


def fallback_note(key: str, period: Period) -> str:
    """Why a year asked for (a shared link, say) is not the period shown; "" when it is."""
    if not (key.isdigit() and len(key) == 4) or label(period) == key:
        return ""
    return (
        f"Voor {key} zijn geen volledige gegevens beschikbaar; daarom zijn de laatste 4 "
        f"kwartalen getoond."
    )


def windows(period: Period, count: int = WINDOWS) -> dict[str, Period]:
    """p0 = the period, p1 = the same span a year earlier, p2 = two years earlier, ..."""
    start, end = period
    out = {}
    for k in range(count):
        shifted_end = shift_years(end + dt.timedelta(days=1), -k) - dt.timedelta(days=1)
        out[f"p{k}"] = (shift_years(start, -k), shifted_end)
    return out


def label(period: Period) -> str:
    start, end = period
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    first = f"K{(start.month - 1) // 3 + 1} {start.year}"
    last = f"K{(end.month - 1) // 3 + 1} {end.year}"
    return first if first == last else f"{first} t/m {last}"


def last_start(granularity: str, end: dt.date) -> dt.date:
    """The newest start of a month/quarter/year bucket that lies wholly on or before `end`."""
    after = end + dt.timedelta(days=1)
    if granularity == "maand":
        return (after.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if granularity == "kwartaal":
        return _quarter_start(_quarter_start(after) - dt.timedelta(days=1))
    return dt.date(after.year - 1, 1, 1)
