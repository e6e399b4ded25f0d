"""Report periods: a month (2024-07), quarter (2024-Q3), half year (2024-H1) or year (2024),
with the previous period of the same kind and the same period a year earlier (pure functions)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dashboard.formatting import MONTHS

Period = tuple[dt.date, dt.date]
PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12]))?$")
KINDS = {"maand": 1, "kwartaal": 3, "halfjaar": 6, "jaar": 12}
MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


class PeriodError(ValueError):
    """A malformed period; the message shows the accepted forms."""


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class ReportPeriod:
    kind: str  # maand | kwartaal | halfjaar | jaar
    first_month: int  # year * 12 + month - 1 of the first month

    @property
    def months(self) -> int:
        return KINDS[self.kind]

    @property
    def start(self) -> dt.date:
        return _month_start(self.first_month)

    @property
    def end(self) -> dt.date:
        return _month_start(self.first_month + self.months) - dt.timedelta(days=1)

    @property
    def span(self) -> Period:
        return self.start, self.end

    def shifted(self, periods: int) -> ReportPeriod:
        return ReportPeriod(self.kind, self.first_month + periods * self.months)

    @property
    def previous(self) -> ReportPeriod:
        return self.shifted(-1)

    @property
    def year_before(self) -> ReportPeriod:
        return ReportPeriod(self.kind, self.first_month - 12)

    @property
    def code(self) -> str:
        year, month = self.start.year, self.start.month
        if self.kind == "maand":
            return f"{year}-{month:02d}"
        if self.kind == "kwartaal":
            return f"{year}-Q{(month - 1) // 3 + 1}"
        if self.kind == "halfjaar":
            return f"{year}-H{1 if month == 1 else 2}"
        return str(year)

    @property
    def label(self) -> str:
        year, month = self.start.year, self.start.month
        if self.kind == "maand":
            return f"{MONTH_NAMES[month - 1]} {year}"
        if self.kind == "kwartaal":
            return f"{(month - 1) // 3 + 1}e kwartaal {year}"
        if self.kind == "halfjaar":
            return f"{1 if month == 1 else 2}e halfjaar {year}"
        return str(year)

    @property
    def short_label(self) -> str:
        """For table headers: 'jul 2024', 'K3 2024', 'H1 2024', '2024'."""
        year, month = self.start.year, self.start.month
        if self.kind == "maand":
            return f"{MONTHS[month - 1]} {year}"
        if self.kind == "kwartaal":
            return f"K{(month - 1) // 3 + 1} {year}"
        if self.kind == "halfjaar":
            return f"H{1 if month == 1 else 2} {year}"
        return str(year)


def parse(text: str) -> ReportPeriod:
    match = PATTERN.match((text or "").strip())
    if not match:
        raise PeriodError(
            f"periode {text!r}: verwacht 2024-07 (maand), 2024-Q3 (kwartaal), "
            "2024-H1 (halfjaar) of 2024 (jaar)"
        )
    year, month, quarter, half = match.groups()
    base = int(year) * 12
    if month:
        if not 1 <= int(month) <= 12:
            raise PeriodError(f"periode {text!r}: maand {month} bestaat niet")
        return ReportPeriod("maand", base + int(month) - 1)
    if quarter:
        return ReportPeriod("kwartaal", base + 3 * (int(quarter) - 1))
    if half:
        return ReportPeriod("halfjaar", base + 6 * (int(half) - 1))
    return ReportPeriod("jaar", base)


def latest_complete(kind: str, data_until: dt.date) -> ReportPeriod:
    """The newest period of a kind that the data cover in full."""
    months = KINDS[kind]
    after = data_until + dt.timedelta(days=1)
    # Periods must end before the month of `after` (complete up to there, or not at all).
    index = after.year * 12 + after.month - 1
    first = (index // months) * months - months
    return ReportPeriod(kind, first)
