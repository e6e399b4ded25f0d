"""Dutch number and date formats for the UI and reports."""

from __future__ import annotations

import datetime as dt
import math

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def nl_number(value: float | None, decimals: int = 0) -> str:
    if _missing(value):
        return "-"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def nl_signed(value: float | None, decimals: int = 0) -> str:
    if _missing(value):
        return "-"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + nl_number(abs(value), decimals)


def nl_percent_change(value: float | None) -> str:
    return "n.v.t." if _missing(value) else nl_signed(value, 1) + "%"


def nl_date(day: dt.date | None) -> str:
    return "-" if day is None else f"{day.day:02d}-{day.month:02d}-{day.year}"


def nl_month(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"
