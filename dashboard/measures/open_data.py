"""The open-data page's figures: police figures per area from the public CBS/Politie tables
(yearly or monthly, no hour), with counts outside the shown indeling kept at gemeente level;
and the page's state in the URL query string."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis.comparison import rate_per_1000, too_few_inhabitants
from dashboard.data.models import CBS_LEVELS, GEMEENTE_RE, LEVEL_PLURAL
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import crime_periods
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries.areas import SUB_GEMEENTE, Area
from dashboard.data.reference.categories import load_categories
from dashboard.formatting import MONTHS, area_name, nl_number
from dashboard.inputs import query_params, text

# Without a gemeente the map shows every area of the chosen level in the region. Above this many
# (a national database has about 14,000 buurten and 3,300 wijken) that is megabytes of
# boundaries and a table nobody reads, so the map shows the gemeenten and asks for a gemeente.
# Twente's 517 buurten stay on one map.
MAX_AREAS_WITHOUT_GEMEENTE = 1_000


# --- the page's state ---------------------------------------------------------------------------


def type_labels() -> dict[str, str]:
    labels = {"0.0.0": "Totaal misdrijven"}
    for c in load_categories():
        if c.is_misdrijf:
            labels.setdefault(c.soort_code, f"{c.soort_code} {c.soort_omschrijving}")
    return labels


def period_value(kind: str, start: dt.date) -> str:
    return f"{kind}:{start.isoformat()}"


def parse_period(value: str | None) -> tuple[str, dt.date] | None:
    """(kind, start) of a period value such as "jaar:2024-01-01"; None when malformed."""
    try:
        kind, start = (text(value, "periode") or "").split(":", 1)
        if kind in ("jaar", "maand"):
            return kind, dt.date.fromisoformat(start)
    except ValueError:
        pass
    return None


def period_label(kind: str, start: dt.date) -> str:
    return str(start.year) if kind == "jaar" else f"{MONTHS[start.month - 1]} {start.year}"


@dataclass(frozen=True)
class PageState:
    """The open-data page's view, kept in the URL query string like the general dashboard."""

    periode: str | None = None
    soort: str | None = None
    niveau: str = "gemeente"
    gemeente: str | None = None


def parse_state(search: str | None) -> PageState:
    params = query_params(search, "weergave")

    def one(name: str) -> str | None:
        values = params.get(name)
        return values[0][:40] if values else None

    niveau = one("niveau")
    gemeente = one("gemeente")
    return PageState(
        periode=one("periode") if parse_period(one("periode")) else None,
        soort=one("soort"),
        niveau=niveau if niveau in CBS_LEVELS else "gemeente",
        gemeente=gemeente if gemeente and GEMEENTE_RE.match(gemeente) else None,
    )


def to_search(state: PageState) -> str:
    params = {k: v for k, v in asdict(state).items() if v}
    return "?" + urlencode(params)


@dataclass(frozen=True)
class Choices:
    """What the page's filters offer: (value, label) of every loaded period, newest first, and
    of every loaded type of offence."""

    periods: list[tuple[str, str]]
    types: list[tuple[str, str]]


def choices(session: Session) -> Choices:
    labels = type_labels()
    return Choices(
        periods=[
            (period_value(k, s), period_label(k, s))
            for k, s in crime_periods.available_periods(session)
        ],
        types=[(code, labels.get(code, code)) for code in crime_periods.available_types(session)],
    )


# --- the figures of a view ----------------------------------------------------------------------


class NoFigures(Exception):
    """The view has no figures; the message says why and what to choose instead."""


@dataclass(frozen=True)
class ShownLevel:
    level: str  # the level the map and the table show
    note: str = ""  # why it is not the chosen one ('' when it is)


@dataclass(frozen=True)
class OpenDataFigures:
    kind: str  # "jaar" or "maand"
    start: dt.date
    soort: str  # the type of offence in words
    scope: Area | None  # the chosen gemeente, else the region (None: no region loaded)
    gemeente: str | None  # the chosen gemeente's code
    level: ShownLevel
    table: pd.DataFrame  # area_code, naam, aantal, inwoners, per_1000, opmerking (by count)
    trend: pd.DataFrame  # start, aantal: every loaded period of the kind
    indeling: int | None  # the indeling of the map (the one that matches the period's year)
    shown: list[str]  # every area of the level on the map, also those without a count
    boundary_gemeente: str | None  # the gemeente whose own boundary document the map loads

    @property
    def where(self) -> str:
        return area_name(self.scope.naam, self.scope.niveau) if self.scope else "regio"

    @property
    def period(self) -> str:
        return period_label(self.kind, self.start)

    @property
    def total(self) -> int:
        return int(self.table["aantal"].sum())

    @property
    def placed(self) -> pd.DataFrame:
        """The rows of areas on the map (not the counts kept at gemeente level)."""
        return self.table[self.table["opmerking"] == ""]

    @property
    def unplaced_note(self) -> str:
        """Counts that have no area of the shown level: said in words, never hidden."""
        rest = self.table[self.table["opmerking"] != ""]
        if rest.empty:
            return ""
        parts = [f"{nl_number(r.aantal)} in {r.naam} ({r.opmerking})" for r in rest.itertuples()]
        return "Niet op de kaart, wel meegeteld op gemeenteniveau: " + "; ".join(parts) + "."


def open_data_figures(
    session: Session, period: tuple[str, dt.date], soort: str, level: str, gemeente: str | None
) -> OpenDataFigures:
    """The figures of a view; NoFigures when the period is not loaded (a shared link with a
    year outside the loaded tables) or the gemeente does not exist (any more)."""
    kind, start = period
    labels = type_labels()
    if soort not in labels or level not in CBS_LEVELS:
        raise NoFigures("Kies een periode en een soort misdrijf.")
    scope = area_queries.area(session, gemeente) if gemeente else area_queries.region(session)
    if period not in crime_periods.available_periods(session):
        raise NoFigures("Voor deze periode zijn geen open data geladen; kies een periode.")
    if gemeente and (scope is None or scope.niveau != "gemeente"):
        raise NoFigures("Deze gemeente bestaat niet (meer); kies een gemeente uit de lijst.")
    chosen = scope.code if gemeente else None
    level_shown = shown_level(session, level, gemeente)
    indeling = area_queries.matching_indeling(session, start.year)
    return OpenDataFigures(
        kind=kind,
        start=start,
        soort=labels[soort],
        scope=scope,
        gemeente=chosen,
        level=level_shown,
        table=area_table(session, level_shown.level, kind, start, soort, chosen),
        trend=crime_periods.series(session, kind, soort, chosen),
        indeling=indeling,
        shown=areas_shown(session, level_shown.level, chosen),
        boundary_gemeente=boundary_gemeente(session, gemeente, indeling),
    )


def shown_level(session: Session, level: str, gemeente: str | None) -> ShownLevel:
    """The level the map and table show, and a note for the user when it is not the chosen one
    (too many wijken or buurten without a gemeente)."""
    if gemeente or level not in SUB_GEMEENTE:
        return ShownLevel(level)
    count = area_queries.area_count(session, level)
    if count <= MAX_AREAS_WITHOUT_GEMEENTE:
        return ShownLevel(level)
    return ShownLevel(
        "gemeente",
        f"Kies een gemeente om per {level} te kijken: de regio heeft {nl_number(count)} "
        f"{LEVEL_PLURAL[level]}, te veel voor één kaart. "
        "De kaart en de tabel tonen nu de gemeenten.",
    )


def area_table(
    session: Session, level: str, kind: str, start: dt.date, soort: str, gemeente: str | None
) -> pd.DataFrame:
    """Rows: area_code, naam, aantal, inwoners, per_1000, te_weinig_inwoners, opmerking (sorted
    by count); per_1000 is NaN without inhabitants or with fewer than MIN_INHABITANTS, and
    te_weinig_inwoners says which of the two."""
    frame = crime_periods.counts_by_level(session, level, kind, start, soort)
    if gemeente:
        frame = frame[frame["area_code"].str[2:6] == gemeente[2:6]]
    codes = sorted(set(frame["area_code"]))
    names = area_queries.area_names(session, codes)
    population = indicator_queries.population(session, codes)
    frame = frame.assign(
        naam=frame["area_code"].map(lambda c: names.get(c, c)),
        inwoners=frame["area_code"].map(population),
    )
    # A count placed at gemeente level is only part of the gemeente: no rate against all of it.
    frame.loc[frame["opmerking"] != "", "inwoners"] = None
    frame["inwoners"] = frame["inwoners"].astype(float)
    # No rate over fewer than MIN_INHABITANTS (a buurt of 5 inhabitants read 49.600 per 1.000):
    # the rule of every surface, analysis.comparison.
    frame["per_1000"] = rate_per_1000(frame["aantal"], frame["inwoners"])
    frame["te_weinig_inwoners"] = too_few_inhabitants(frame["inwoners"])
    return frame.sort_values("aantal", ascending=False).reset_index(drop=True)


def areas_shown(session: Session, level: str, gemeente: str | None) -> list[str]:
    """Every area of the level on the map (also those without a count: grey, not a hole)."""
    parent = area_queries.area(session, gemeente) if gemeente else None
    return [a.code for a in area_queries.areas(session, level, parent)]


def boundary_gemeente(session: Session, gemeente: str | None, indeling: int | None) -> str | None:
    """The gemeente whose own boundary document the map loads (not the whole level, which is
    every buurt of the country at national scale); None when the shown indeling lacks it (an
    older indeling, before a merger): then the whole level, filtered by the hideout."""
    if gemeente and area_queries.has_gemeente(session, gemeente, indeling):
        return gemeente
    return None
