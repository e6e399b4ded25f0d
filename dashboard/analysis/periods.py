"""Period presets and comparison periods, relative to the newest data date (pure functions)."""

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


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def shift_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def resolve_period(
    preset: str, reference: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> Period:
    """The period a preset means when data runs up to `reference` (inclusive)."""
    if preset == "4w":
        return reference - dt.timedelta(days=27), reference
    if preset == "maand":
        last = (
            reference
            if reference == _month_end(reference.year, reference.month)
            else (reference.replace(day=1) - dt.timedelta(days=1))
        )
        return last.replace(day=1), last
    if preset == "kwartaal":
        quarter_start_month = 3 * ((reference.month - 1) // 3) + 1
        quarter_end = _month_end(reference.year, quarter_start_month + 2)
        if reference != quarter_end:
            quarter_end = dt.date(reference.year, quarter_start_month, 1) - dt.timedelta(days=1)
        return shift_months(quarter_end.replace(day=1), -2), quarter_end
    if preset == "jtd":
        return dt.date(reference.year, 1, 1), reference
    if preset == "12m":
        return shift_years(reference, -1) + dt.timedelta(days=1), reference
    if preset == "aangepast":
        if start is None or end is None:
            raise ValueError("een aangepaste periode heeft een begin- en einddatum nodig")
        if start > end:
            raise ValueError("de begindatum ligt na de einddatum")
        return start, end
    raise ValueError(f"onbekende periode {preset!r}")


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
        return first, start - dt.timedelta(days=1)
    length = (end - start).days + 1
    return start - dt.timedelta(days=length), start - dt.timedelta(days=1)


def describe(period: Period) -> str:
    from dashboard.formatting import nl_date

    return f"{nl_date(period[0])} t/m {nl_date(period[1])}"
