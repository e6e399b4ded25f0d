"""Period presets and comparison periods, relative to the newest data date (pure functions).

The arithmetic is held at the calendar's ends (1 January of year 1, 31 December 9999) instead of
raising: a period can come from a shared link, and a date near the edge must not break the page.
Which periods a view accepts at all (URL_FIRST_DAY..url_last_day, then the data's own range) is
decided by fit_custom_period."""

from __future__ import annotations

import calendar
import datetime as dt

PRESETS = {
    "4w": "Laatste 4 weken",
    "maand": "Laatste volledige maand",
    "kwartaal": "Laatste volledige kwartaal",
    "jtd": "Dit jaar tot nu",
    "12m": "Laatste 12 maanden",
    "aangepast": "Aangepaste periode",
}
COMPARISONS = {"vorige": "Voorgaande periode", "vorig_jaar": "Zelfde periode vorig jaar"}

Period = tuple[dt.date, dt.date]

# The dates a view's period may hold (URL state, date pickers): no police data before 2000, and
# nothing after next year. Outside these a date is moved to the nearest bound.
URL_FIRST_DAY = dt.date(2000, 1, 1)


def url_last_day(today: dt.date | None = None) -> dt.date:
    return dt.date((today or dt.date.today()).year + 1, 12, 31)


def bounded_day(day: dt.date, today: dt.date | None = None) -> dt.date:
    """day, moved into URL_FIRST_DAY..url_last_day(today)."""
    return min(max(day, URL_FIRST_DAY), url_last_day(today))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_days(day: dt.date, days: int) -> dt.date:
    """day + days, held at the calendar's ends instead of an OverflowError."""
    ordinal = day.toordinal() + days
    return dt.date.fromordinal(min(max(ordinal, 1), dt.date.max.toordinal()))


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` on (29 February becomes the 28th), held at the calendar's ends."""
    year = day.year + years
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` on (or the month's last day), held at the calendar's ends."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def resolve_period(
    preset: str, reference: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> Period:
    """The period a preset means when data runs up to `reference` (inclusive)."""
    if preset == "4w":
        return add_days(reference, -27), reference
    if preset == "maand":
        last = (
            reference
            if reference == month_end(reference.year, reference.month)
            else add_days(reference.replace(day=1), -1)
        )
        return last.replace(day=1), last
    if preset == "kwartaal":
        quarter_start_month = 3 * ((reference.month - 1) // 3) + 1
        quarter_end = month_end(reference.year, quarter_start_month + 2)
        if reference != quarter_end:
            quarter_end = add_days(dt.date(reference.year, quarter_start_month, 1), -1)
        return shift_months(quarter_end.replace(day=1), -2), quarter_end
    if preset == "jtd":
        return dt.date(reference.year, 1, 1), reference
    if preset == "12m":
        return min(add_days(shift_years(reference, -1), 1), reference), reference
    if preset == "aangepast":
        if start is None or end is None:
            raise ValueError("een aangepaste periode heeft een begin- en einddatum nodig")
        if start > end:
            raise ValueError("de begindatum ligt na de einddatum")
        return start, end
    raise ValueError(f"onbekende periode {preset!r}")


def fit_custom_period(period: Period, available: Period) -> tuple[Period | None, str]:
    """A custom period held to the days with data (`available`, first..last): the period to
    show and a Dutch note on what changed and why ("" when nothing did); None for a period
    wholly outside the data (the caller shows its default period then)."""
    start, end = period
    first, last = available
    if end < first or start > last:
        return None, (
            f"De gekozen periode valt buiten de beschikbare gegevens ({describe(available)}); "
            f"daarom is de standaardperiode getoond."
        )
    fitted = (max(start, first), min(end, last))
    if fitted == period:
        return period, ""
    return fitted, (
        f"De gekozen periode is ingekort tot de beschikbare gegevens ({describe(available)})."
    )


def comparison_period(period: Period, kind: str, preset: str | None = None) -> Period:
    """The previous period of equal length (whole months stay whole months), or the same
    dates one year earlier."""
    start, end = period
    if kind == "vorig_jaar":
        return shift_years(start, -1), shift_years(end, -1)
    if kind != "vorige":
        raise ValueError(f"onbekende vergelijking {kind!r}")
    if preset in ("maand", "kwartaal"):
        months = 1 if preset == "maand" else 3
        first = shift_months(start, -months)
        return first, max(add_days(start, -1), first)
    length = (end - start).days + 1
    return add_days(start, -length), add_days(start, -1)


def describe(period: Period) -> str:
    from dashboard.formatting import nl_date

    return f"{nl_date(period[0])} t/m {nl_date(period[1])}"
