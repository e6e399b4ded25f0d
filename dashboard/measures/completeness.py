"""Completeness of periods: which calendar weeks, months, quarters, half years or years a range
of days covers wholly, and which only in part. One definition for every surface that draws
periods (the Gebruik page, the DVO report, the periodic report's trend), so that a month that
has only begun is labelled and drawn as such everywhere instead of looking like a collapse.

Also the completeness of the deliveries of a period (police weeks, partner months), which the
DVO report shows: the same calendar logic, with the loaded deliveries from the data layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis.completeness import flag_weeks
from dashboard.analysis.report_periods import MONTH_NAMES
from dashboard.data.queries import delivery_completeness as deliveries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import sources
from dashboard.formatting import MONTHS, nl_date

# Length in months of the calendar periods other than the week.
MONTHS_PER = {"maand": 1, "kwartaal": 3, "halfjaar": 6, "jaar": 12}
GRAINS = ("dag", "week", *MONTHS_PER)
PARTIAL = "onvolledig"


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _short_day(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def period_name(grain: str, start: dt.date) -> str:
    """'december 2026', 'week 49 2026', '2e halfjaar 2026', ... for the period starting at start."""
    if grain == "dag":
        return nl_date(start)
    if grain == "week":
        year, week, _ = start.isocalendar()
        return f"week {week} {year}"
    if grain == "maand":
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    if grain == "kwartaal":
        return f"{(start.month - 1) // 3 + 1}e kwartaal {start.year}"
    if grain == "halfjaar":
        return f"{1 if start.month <= 6 else 2}e halfjaar {start.year}"
    return str(start.year)


@dataclass(frozen=True)
class PeriodCoverage:
    """One calendar period and the part of it that a range covers."""

    grain: str
    start: dt.date  # first day of the calendar period
    end: dt.date  # last day of the calendar period
    covered_from: dt.date  # first day of the period inside the range
    covered_to: dt.date  # last day of the period inside the range
    running: bool = False  # covered_to is a day still under way (today, for usage)

    @property
    def whole(self) -> bool:
        return self.covered_from == self.start and self.covered_to == self.end and not self.running

    @property
    def name(self) -> str:
        return period_name(self.grain, self.start)

    @property
    def note(self) -> str:
        """'' for a whole period; 't/m 5 dec, onvolledig' and the like for a partial one."""
        if self.whole:
            return ""
        if self.grain == "dag":
            return f"vandaag, {PARTIAL}"  # a day is only partial while it runs
        if self.covered_from == self.start:
            part = f"t/m {_short_day(self.covered_to)}"
        elif self.covered_to == self.end:
            part = f"vanaf {_short_day(self.covered_from)}"
        else:
            part = f"{_short_day(self.covered_from)} t/m {_short_day(self.covered_to)}"
        return f"{part}, {PARTIAL}"

    @property
    def label(self) -> str:
        """'december 2026' or 'december 2026 (t/m 5 dec, onvolledig)'."""
        return self.name if self.whole else f"{self.name} ({self.note})"


def _period_of(grain: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if grain == "dag":
        return day, day
    if grain == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    step = MONTHS_PER[grain]
    index = day.year * 12 + day.month - 1
    index -= index % step
    return _month_start(index), _month_start(index + step) - dt.timedelta(days=1)


def coverage(grain: str, start: dt.date, end: dt.date) -> list[PeriodCoverage]:
    """Every calendar period that the days start through end touch, in order, with the part
    of it that they cover."""
    if grain not in GRAINS:
        raise ValueError(f"unknown grain {grain!r}")
    out: list[PeriodCoverage] = []
    day = start
    while day <= end:
        first, last = _period_of(grain, day)
        out.append(PeriodCoverage(grain, first, last, max(first, start), min(last, end)))
        day = last + dt.timedelta(days=1)
    return out


def observed(
    grain: str,
    start: dt.date,
    end: dt.date,
    observed_until: dt.date | None,
    running: bool = False,
) -> list[PeriodCoverage]:
    """THE partial-period rule of every drawn period (Gebruik, the DVO report, the trends): the
    calendar periods of start through end that have begun by observed_until (today for usage,
    the newest registration for police data), each with the part that is observed. A period
    the observation covers only in part is `whole` False and labelled 't/m 5 dec, onvolledig';
    a period that has not begun is left out, never drawn as a period with nothing in it.
    running: observed_until is a day still under way (today), so the period holding it is
    partial too, even on its last day."""
    last = end if observed_until is None else min(end, observed_until)
    periods = coverage(grain, start, last) if start <= last else []
    if running and periods and periods[-1].covered_to == observed_until:
        periods[-1] = replace(periods[-1], running=True)
    return periods


def flag_frame(frame: pd.DataFrame, column: str, periods: list[PeriodCoverage]) -> pd.DataFrame:
    """frame (one row per period, its first day in `column`) restricted to the observed
    periods, with `volledig` and `label` (PeriodCoverage.label) from the rule above."""
    by_start = {p.start: p for p in periods}
    kept = frame[frame[column].map(lambda d: d in by_start)].reset_index(drop=True)
    kept["volledig"] = [by_start[d].whole for d in kept[column]]
    kept["label"] = [by_start[d].label for d in kept[column]]
    return kept


def flag_buckets(
    frame: pd.DataFrame,
    grain: str,
    period: tuple[dt.date, dt.date],
    span: tuple[dt.date | None, dt.date | None],
    values: tuple[str, ...] = ("aantal",),
) -> pd.DataFrame:
    """The buckets of a period (start: the first day of each week or month; the counts in
    `values`) flagged by the one partial-period rule (observed, above) over the days the
    period and the police data share: a week or month the data cover only in part (the last
    one, still being delivered; one cut by the period's edge) is volledig False and labelled
    'november 2026 (t/m 22 nov, onvolledig)'. A bucket the data do not reach at all keeps its
    place (a comparison is drawn bucket by bucket beside the period) with no count: a gap,
    never a drop to zero."""
    first, last = span
    start = period[0] if first is None else max(period[0], first)
    seen = {p.start: p for p in observed(grain, start, period[1], last)}
    out = frame.copy()
    out["volledig"] = [s in seen and seen[s].whole for s in out["start"]]
    out["label"] = [
        seen[s].label if s in seen else f"{period_name(grain, s)} (geen gegevens)"
        for s in out["start"]
    ]
    out["noot"] = [seen[s].note if s in seen else "geen gegevens" for s in out["start"]]
    for column in values:
        out[column] = out[column].astype(float).where(out["start"].isin(list(seen)))
    return out


def whole_periods(grain: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """Starts of the calendar periods that lie wholly inside start through end."""
    return [c.start for c in coverage(grain, start, end) if c.whole]


def whole_months(first: dt.date | None, last: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The whole months of data of a selection whose data run from first through last: the
    first day of the first whole month and the last day of the last one; None without one.
    A trend or an extrapolation uses these only, so that a month before the data began or a
    month still being delivered is never read as a real (low) month."""
    if first is None or last is None or first > last:
        return None
    months = whole_periods("maand", first, last)
    if not months:
        return None
    return months[0], _period_of("maand", months[-1])[1]


def data_months(
    session: Session, window: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date] | None:
    """The whole months of police data (from the first delivered day to the newest
    registration), within `window` when given: what a monthly trend or an extrapolation of a
    selection may use, on the dashboard and in the periodic report alike."""
    months = whole_months(*freshness_queries.data_span(session))
    if months is None or window is None:
        return months
    start, end = max(months[0], window[0]), min(months[1], window[1])
    # Trim the window to whole months as well: a window that starts or ends mid-month would
    # bring a partial month back.
    return whole_months(start, end)


# --- the data of a period (KPI figures, the periodic report) -----------------------------------


@dataclass(frozen=True)
class DataCoverage:
    """How much of the period start through end the police data cover. They run from `first`
    (the first day the deliveries cover; None: not known, taken as covered) through `last`
    (the newest registration; None: nothing loaded). A count over a period the data cover only
    in part is low for that reason alone: every surface that shows it says so, in `flag`."""

    start: dt.date
    end: dt.date
    first: dt.date | None
    last: dt.date | None

    @property
    def whole(self) -> bool:
        return (
            self.last is not None
            and (self.first is None or self.first <= self.start)
            and self.end <= self.last
        )

    @property
    def note(self) -> str:
        """'' for a whole period; 'gegevens vanaf 23-11-2021', 'gegevens t/m 22-11-2026',
        'gegevens 23-11-2021 t/m 22-11-2026' or 'geen gegevens' for a partial one."""
        if self.whole:
            return ""
        late = self.first is not None and self.first > self.start
        if self.last is None or self.last < self.start or (late and self.first > self.end):
            return "geen gegevens"
        early = self.end > self.last
        if late and early:
            return f"gegevens {nl_date(self.first)} t/m {nl_date(self.last)}"
        if late:
            return f"gegevens vanaf {nl_date(self.first)}"
        return f"gegevens t/m {nl_date(self.last)}"

    def flag(self, what: str) -> str:
        """The one text of a partial period on every surface (KPI cards, the page title, the CSV,
        the periodic report): 'Vergelijking onvolledig: gegevens vanaf 23-11-2021'; '' when
        whole. what: 'Periode', 'Vergelijking', ..."""
        return "" if self.whole else f"{what} {PARTIAL}: {self.note}"


def data_coverage(
    period: tuple[dt.date, dt.date], span: tuple[dt.date | None, dt.date | None]
) -> DataCoverage:
    """The coverage of a period by the data of span (freshness_queries.data_span)."""
    return DataCoverage(period[0], period[1], *span)


# --- deliveries of a period (DVO report) ---------------------------------------------------------

DELIVERY_COLUMNS = ["bron", "eenheid", "verwacht", "geleverd", "ontbrekend", "opmerking"]
UNIT_LABELS = {"maand": "maanden", "kwartaal": "kwartalen", "jaar": "jaren"}


def police_deliveries(session: Session, start: dt.date, end: dt.date) -> dict:
    """Police weeks wholly in the period with a loaded delivery, and weeks with far fewer
    registrations than usual."""
    weeks = whole_periods("week", start, end)
    runs = deliveries.loaded_runs(session, "politie", start, end)
    covered = [
        w
        for w in weeks
        if any(van <= w and tot >= w + dt.timedelta(days=6) for van, tot in runs if van and tot)
    ]
    missing = [w for w in weeks if w not in covered]
    remark = ""
    if weeks:
        history = sources.weekly_registrations(session, len(weeks) + 8, weeks[-1] + dt.timedelta(6))
        flagged = flag_weeks(history)
        low = flagged[(flagged["afwijkend"] == "laag") & flagged["week"].isin(covered)]
        if len(low):
            remark = f"{len(low)} week/weken met veel minder registraties dan gewoonlijk"
    return {
        "bron": "Politie (BVH-extractie)",
        "eenheid": "weken",
        "verwacht": len(weeks),
        "geleverd": len(covered),
        "ontbrekend": ", ".join(f"week {w.isocalendar().week}" for w in missing),
        "opmerking": remark,
    }


def partner_deliveries(session: Session, start: dt.date, end: dt.date) -> list[dict]:
    """Per partner dataset with a delivery rhythm: its periods wholly in the period, delivered
    or not."""
    rows = []
    for dataset in deliveries.rhythmic_datasets(session):
        expected = whole_periods(dataset.periode, start, end)
        delivered = deliveries.delivered_periods(session, dataset.code, start, end)
        missing = [b for b in expected if b not in delivered]
        rows.append(
            {
                "bron": f"{dataset.naam} ({dataset.eigenaar})",
                "eenheid": UNIT_LABELS[dataset.periode],
                "verwacht": len(expected),
                "geleverd": len(expected) - len(missing),
                "ontbrekend": ", ".join(b.strftime("%m-%Y") for b in missing),
                "opmerking": "",
            }
        )
    return rows


def delivery_completeness(session: Session, start: dt.date, end: dt.date) -> pd.DataFrame:
    return pd.DataFrame(
        [police_deliveries(session, start, end), *partner_deliveries(session, start, end)],
        columns=DELIVERY_COLUMNS,
    )
