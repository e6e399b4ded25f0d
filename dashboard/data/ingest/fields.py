"""Parsing single values of a police extract; each parser raises ValueError with a Dutch reason."""

from __future__ import annotations

import datetime as dt
import math
import re

from dashboard.data.reference.categories import parse_mk_code

EARLIEST = dt.date(1990, 1, 1)
_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: .*)?$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), ("y", "m", "d")),
)
_TIME = re.compile(r"^(\d{1,2})(?::?(\d{2}))?(?::(\d{2}))?(?:\.\d+)?$")
_BUURT = re.compile(r"^(?:BU)?(\d{8})$")
_GEMEENTE = re.compile(r"^(?:GM)?(\d{4})$")


def parse_date(value, date_format: str | None = None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        raise ValueError("geen datum")
    if date_format:
        try:
            return dt.datetime.strptime(text, date_format).date()
        except ValueError as exc:
            raise ValueError(f"datum past niet bij het formaat {date_format}") from exc
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError as exc:
                raise ValueError("onmogelijke datum") from exc
    raise ValueError("onleesbare datum")


def check_date_range(day: dt.date, today: dt.date) -> None:
    if day < EARLIEST or day > today:
        raise ValueError("datum buiten bereik")


def parse_hour(value) -> int | None:
    """The hour of the start time; None when no time was registered."""
    if isinstance(value, dt.datetime | dt.time):
        return value.hour
    text = str(value).strip()
    if not text:
        return None
    if " " in text:  # "2024-03-01 14:30" or "01-03-2024 14:30"
        text = text.rsplit(" ", 1)[-1]
    match = _TIME.match(text)
    if not match:
        raise ValueError("onleesbare tijd")
    if match.group(2) is None and len(match.group(1)) > 2:
        raise ValueError("onleesbare tijd")
    hour = int(match.group(1))
    minute = int(match.group(2) or 0)
    if len(text) == 4 and text.isdigit():  # "1430"
        hour, minute = int(text[:2]), int(text[2:])
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise ValueError("onmogelijke tijd")
    return hour % 24


def parse_buurt(value) -> str | None:
    text = str(value).strip().upper().replace(" ", "")
    if not text:
        return None
    match = _BUURT.match(text)
    if not match:
        raise ValueError("ongeldige buurtcode")
    return "BU" + match.group(1)


def parse_gemeente(value) -> str | None:
    """A gemeente code when the column holds one; names are not checked."""
    text = str(value).strip().upper()
    match = _GEMEENTE.match(text)
    return "GM" + match.group(1) if match else None


def parse_code(value) -> str:
    return parse_mk_code(str(value))


def normalise_description(value) -> str:
    """A code description as compared with the code list: case and spacing do not count."""
    return " ".join(str(value).split()).casefold()


def parse_decimal(value, reason: str = "geen getal") -> float:
    """A finite number written with a decimal comma or point (1.234,5 and 1234.5 are equal);
    every delivery parses numbers with this one rule."""
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError as exc:
        raise ValueError(reason) from exc
    if math.isnan(number) or math.isinf(number):
        raise ValueError(reason)
    return number


def parse_coordinate(value) -> float | None:
    if not str(value).strip():
        return None
    return parse_decimal(value, "ongeldige coördinaat")
