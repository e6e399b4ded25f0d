"""The figures of the measurement rounds (nulmeting and evaluations) beyond the answers that the
store keeps: the usage of the dashboards around each round (frozen when the round closes, so
that a later change of the usage data leaves a closed round as it was), and the results export.

The Metingen page, the DVO report and the demo read them here, so that the page and the report
give the same usage per round."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis import likert
from dashboard.csv_export import excel_csv
from dashboard.data.models import utcnow
from dashboard.data.store import measurement
from dashboard.formatting import nl_date, nl_number
from dashboard.measures import usage

# The usage figures of a round, in the order and with the words of the Gebruik page.
USAGE_ROWS = (
    ("weergaven", "Weergaven"),
    ("gemiddeld_per_dag", "Weergaven per dag"),
    ("gebruikers", "Unieke gebruikers"),
    ("actieve_gebruikers", "Actieve gebruikers (30 dagen)"),
    ("licenties", "Licenties"),
    ("filterwijzigingen", "Filterwijzigingen"),
    ("downloads", "Downloads"),
    ("rapporten", "Rapporten"),
    ("logins", "Logins"),
)
USAGE_NOTE = (
    f"Gebruik in de {measurement.USAGE_DAYS_BEFORE_OPENING} dagen voor het openen van een meting "
    "tot en met de dag van sluiten, bevroren bij het sluiten (definities als op de pagina "
    "Gebruik). Voor een open meting: het gebruik tot nu toe, nog niet bevroren."
)
LIKERT_NOTE = (
    "Schaal 1 (helemaal oneens) tot en met 5 (helemaal eens). Gemiddelde met 95%-"
    "betrouwbaarheidsinterval (t-verdeling); n is het aantal antwoorden. Rondes met minder dan "
    f"{measurement.MIN_RESPONSES} reacties worden niet getoond, zodat antwoorden niet te "
    "herleiden zijn. Een laag aantal reacties zegt weinig over wie niet heeft geantwoord."
)


@dataclass(frozen=True)
class RoundUsage:
    """The usage figures of one round: frozen for a closed round, so far for the open one."""

    round: measurement.RoundInfo
    # usage.UsageSummary.as_record(): a closed round's stored record may predate a figure
    # (it then has no key for it), so it stays a mapping rather than a UsageSummary.
    figures: Mapping[str, object]
    frozen: bool

    @property
    def column(self) -> str:
        """The round's column heading: its name, '(tot nu toe)' while it is open."""
        return self.round.naam if self.frozen else f"{self.round.naam} (tot nu toe)"


def usage_summary(
    session: Session, opened: dt.datetime, closed: dt.datetime, titles: dict[str, str]
) -> dict:
    """The usage record of a round open from `opened` through `closed` (usage.compute over the
    round's usage window)."""
    start, end = measurement.usage_window(opened, closed)
    return usage.compute(session, start, end, titles).summary.as_record()


def close_open_round(
    session: Session, by: str, titles: dict[str, str], now: dt.datetime | None = None
) -> measurement.RoundInfo:
    """Close the open round with its usage figures frozen; MeasurementError without one."""
    current = measurement.open_round(session)
    if current is None:
        raise measurement.MeasurementError("er is geen open meting")
    now = now or utcnow()
    summary = usage_summary(session, current.geopend, now, titles)
    return measurement.close_round(session, current.id, by, summary, now=now)


def usage_by_round(
    session: Session, rounds: Sequence[measurement.RoundInfo], titles: dict[str, str]
) -> tuple[RoundUsage, ...]:
    """Per round with usage figures: the frozen figures of a closed round, the figures so far
    of the open one (a closed round from before the figures were frozen has none)."""
    out = []
    for r in rounds:
        if r.gebruik is not None:
            out.append(RoundUsage(r, r.gebruik, True))
        elif r.is_open:
            out.append(RoundUsage(r, usage_summary(session, r.geopend, utcnow(), titles), False))
    return tuple(out)


def usage_table(columns: Sequence[RoundUsage]) -> pd.DataFrame:
    """Figure x round, as text: the rows of USAGE_ROWS, a period row first."""
    table = {"Kengetal": ["Periode"] + [label for _, label in USAGE_ROWS]}
    for column in columns:
        figures = column.figures
        period = f"{nl_date(_date(figures.get('van')))} t/m {nl_date(_date(figures.get('tot')))}"
        values = [period]
        for key, _ in USAGE_ROWS:
            value = figures.get(key)
            decimals = 1 if key == "gemiddeld_per_dag" else 0
            values.append(nl_number(value, decimals) if isinstance(value, int | float) else "-")
        table[column.column] = values
    return pd.DataFrame(table)


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# The store's result columns without its round id, each row's kind of question after the
# round's columns, and an open answer last.
_ROUND_COLUMNS = ["ronde", "soort", "status", "reacties"]
EXPORT_COLUMNS = [
    *_ROUND_COLUMNS,
    "soort_vraag",
    *(c for c in measurement.RESULT_COLUMNS if c not in ("ronde_id", *_ROUND_COLUMNS)),
    "antwoord",
]
_COUNT_COLUMNS = ["reacties", "positie", "n", *(f"n_{v}" for v in likert.SCALE)]


# The CSV's columns named in Dutch for Excel (dashboard.csv_export).
EXPORT_NAMES = {
    "ronde": "Ronde",
    "soort": "Soort",
    "status": "Status",
    "reacties": "Reacties",
    "soort_vraag": "Soort vraag",
    "positie": "Positie",
    "code": "Code",
    "vraag": "Vraag",
    "n": "Aantal antwoorden",
    "gemiddelde": "Gemiddelde",
    "ci_laag": "Interval laag",
    "ci_hoog": "Interval hoog",
    **{f"n_{v}": f"Aantal {v}" for v in likert.SCALE},
    "antwoord": "Antwoord",
}


def export_csv(results: pd.DataFrame, answers: pd.DataFrame) -> str:
    """Results and open answers in one CSV for Dutch Excel (dashboard.csv_export), the notes
    in its explanation."""
    explanation = f"Resultaten van de nulmeting en evaluaties. {LIKERT_NOTE}"
    likert_part = results.drop(columns=["ronde_id"]).assign(soort_vraag="likert", antwoord="")
    open_part = answers.drop(columns=["ronde_id"]).assign(soort_vraag="open")
    rounds = likert_part[_ROUND_COLUMNS].drop_duplicates("ronde")
    open_part = open_part.merge(rounds, on="ronde", how="left")
    frame = pd.concat([likert_part, open_part], ignore_index=True).reindex(columns=EXPORT_COLUMNS)
    for column in _COUNT_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    for column in ("gemiddelde", "ci_laag", "ci_hoog"):
        frame[column] = frame[column].astype(float).round(3)
    return excel_csv(frame, explanation, {c: EXPORT_NAMES[c] for c in EXPORT_COLUMNS})
