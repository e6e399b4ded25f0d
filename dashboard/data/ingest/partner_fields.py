"""Parsing the cells of a partner delivery: area codes per level, periods per granularity,
numbers with a decimal comma. Each parser raises ValueError with a Dutch reason."""

from __future__ import annotations

import datetime as dt
import re

from dashboard.data.ingest.fields import parse_decimal

EARLIEST_YEAR = 1990
PREFIX = {"buurt": "BU", "wijk": "WK", "gemeente": "GM"}
CODE_LENGTH = {"buurt": 10, "wijk": 8, "gemeente": 6}
MONTHS = {
    "jan": 1,
    "januari": 1,
    "feb": 2,
    "februari": 2,
    "mrt": 3,
    "maart": 3,
    "apr": 4,
    "april": 4,
    "mei": 5,
    "jun": 6,
    "juni": 6,
    "jul": 7,
    "juli": 7,
    "aug": 8,
    "augustus": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oktober": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
EXAMPLE = {"maand": "2024-03", "kwartaal": "2024-Q1", "jaar": "2024"}
MISSING = {"", "-", "."}

_MONTH = (
    re.compile(r"^(?P<y>\d{4})\s*(?:-|/|M|\s)\s*(?P<m>\d{1,2})$"),  # 2024-03, 2024M03
    re.compile(r"^(?P<m>\d{1,2})\s*[-/]\s*(?P<y>\d{4})$"),  # 03-2024
)
_MONTH_NAME = re.compile(r"^(?P<name>[a-z]+)\.?\s+(?P<y>\d{4})$")  # maart 2024
_QUARTER = (
    re.compile(r"^(?P<y>\d{4})\s*[-/ ]?\s*(?:Q|K|KW)0?(?P<q>[1-4])$"),  # 2024-Q1, 2024KW01
    re.compile(r"^(?:Q|K|KW)0?(?P<q>[1-4])\s*[-/ ]?\s*(?P<y>\d{4})$"),  # Q1 2024
)
_YEAR = re.compile(r"^(?P<y>\d{4})(?:JJ00)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})(?:\s.*)?$")


def parse_area(value, niveau: str) -> str:
    """A CBS code of the spec's level; a gemeente may come as its bare number (168 -> GM0168)."""
    text = str(value).strip().upper().replace(" ", "")
    if not text:
        raise ValueError("geen gebiedscode")
    if niveau == "gemeente" and text.isdigit() and len(text) <= 4:
        text = "GM" + text.zfill(4)
    prefix = PREFIX[niveau]
    if not text.startswith(prefix) or len(text) != CODE_LENGTH[niveau] or not text[2:].isdigit():
        digits = CODE_LENGTH[niveau] - 2
        raise ValueError(f"geen {niveau}code (verwacht {prefix} en {digits} cijfers)")
    return text


def parse_period(value, granularity: str, today: dt.date) -> dt.date:
    """The first day of the month, quarter or year the cell names. A date is accepted for every
    granularity (it falls in one period); a coarser period than the spec's is not."""
    start = _period(value, granularity)
    if start is None:
        example = EXAMPLE[granularity]
        raise ValueError(f"ongeldige periode voor {granularity} (verwacht bv. {example})")
    if start.year < EARLIEST_YEAR:
        raise ValueError("periode voor 1990")
    if start > today:
        raise ValueError("periode in de toekomst")
    return start


def _period(value, granularity: str) -> dt.date | None:
    day = _date(value)
    if day is not None:
        return bucket_start(day, granularity)
    text = str(value).strip().upper()
    try:
        if granularity == "maand":
            return _month(text)
        if granularity == "kwartaal":
            match = next((m for p in _QUARTER if (m := p.match(text))), None)
            if match:
                return dt.date(int(match["y"]), 3 * int(match["q"]) - 2, 1)
        if granularity == "jaar" and (match := _YEAR.match(text)):
            return dt.date(int(match["y"]), 1, 1)
    except ValueError:
        return None
    return None


def _month(text: str) -> dt.date | None:
    match = next((m for p in _MONTH if (m := p.match(text))), None)
    if match:
        return dt.date(int(match["y"]), int(match["m"]), 1)
    match = _MONTH_NAME.match(text.lower())
    if match and match["name"] in MONTHS:
        return dt.date(int(match["y"]), MONTHS[match["name"]], 1)
    return None


def _date(value) -> dt.date | None:
    """A date from an Excel cell or a text in ISO or Dutch (dd-mm-jjjj) order."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if match := _ISO_DATE.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DUTCH_DATE.match(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


def bucket_start(day: dt.date, granularity: str) -> dt.date:
    if granularity == "maand":
        return day.replace(day=1)
    if granularity == "kwartaal":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def is_missing(value) -> bool:
    return str(value).strip() in MISSING


def parse_number(value) -> float:
    """A number with a decimal comma or point (1.234,5 and 1234.5 are the same)."""
    return parse_decimal(value)
