"""What the Metingen page shows and does beyond the store: closing a round with its usage
figures frozen, the usage of the rounds side by side and the CSV exports."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.data import measurement
from dashboard.data.models import utcnow
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


def usage_summary(
    session: Session, opened: dt.datetime, closed: dt.datetime, titles: dict[str, str]
) -> dict:
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
    session: Session, rounds: list[measurement.RoundInfo], titles: dict[str, str]
) -> list[tuple[measurement.RoundInfo, dict, bool]]:
    """(round, usage figures, frozen) per round: the frozen figures of a closed round, the
    figures so far of the open one."""
    out = []
    for r in rounds:
        if r.gebruik is not None:
            out.append((r, r.gebruik, True))
        elif r.is_open:
            out.append((r, usage_summary(session, r.geopend, utcnow(), titles), False))
    return out


def usage_table(columns: list[tuple[measurement.RoundInfo, dict, bool]]) -> pd.DataFrame:
    """Figure x round, as text: the rows of USAGE_ROWS, a period row first."""
    table = {"Kengetal": ["Periode"] + [label for _, label in USAGE_ROWS]}
    for r, figures, frozen in columns:
        period = f"{nl_date(_date(figures.get('van')))} t/m {nl_date(_date(figures.get('tot')))}"
        values = [period]
        for key, _ in USAGE_ROWS:
            value = figures.get(key)
            decimals = 1 if key == "gemiddeld_per_dag" else 0
            values.append(nl_number(value, decimals) if isinstance(value, int | float) else "-")
        table[r.naam if frozen else f"{r.naam} (tot nu toe)"] = values
    return pd.DataFrame(table)


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def rounds_records(rounds: list[measurement.RoundInfo]) -> list[dict]:
    return [
        {
            "naam": r.naam,
            "soort": measurement.KINDS.get(r.soort, r.soort),
            "geopend": nl_date(r.geopend.date()),
            "gesloten": nl_date(r.gesloten.date()) if r.gesloten else "nog open",
            "reacties": r.reacties,
        }
        for r in rounds
    ]


def results_records(frame: pd.DataFrame) -> list[dict]:
    """The results table: per question its rounds one below the other, numbers in Dutch."""
    records = []
    order = {r: i for i, r in enumerate(dict.fromkeys(frame["ronde"]))}
    frame = frame.assign(_ronde=frame["ronde"].map(order)).sort_values(["positie", "_ronde"])
    for row in frame.itertuples(index=False):
        interval = (
            f"{nl_number(row.ci_laag, 2)} – {nl_number(row.ci_hoog, 2)}"
            if row.ci_laag is not None and not pd.isna(row.ci_laag)
            else "-"
        )
        first = not records or records[-1]["_positie"] != row.positie
        records.append(
            {
                "_positie": row.positie,
                "vraag": f"{row.positie}. {row.vraag}" if first else "",
                "ronde": row.ronde,
                "n": row.n,
                "gemiddelde": nl_number(row.gemiddelde, 2),
                "interval": interval,
                **{f"n_{v}": getattr(row, f"n_{v}") for v in (1, 2, 3, 4, 5)},
            }
        )
    return [{k: v for k, v in r.items() if k != "_positie"} for r in records]


def export_csv(results: pd.DataFrame, answers: pd.DataFrame) -> str:
    """Results and open answers in one CSV (semicolon, decimal point), with the notes on top."""
    header = (
        f"# Alleen voor intern gebruik. Resultaten van de nulmeting en evaluaties. {LIKERT_NOTE}\n"
    )
    likert_part = results.drop(columns=["ronde_id"]).assign(soort_vraag="likert", antwoord="")
    open_part = answers.drop(columns=["ronde_id"]).assign(soort_vraag="open")
    columns = [
        "ronde",
        "soort",
        "status",
        "reacties",
        "soort_vraag",
        "positie",
        "code",
        "vraag",
        "n",
        "gemiddelde",
        "ci_laag",
        "ci_hoog",
        "n_1",
        "n_2",
        "n_3",
        "n_4",
        "n_5",
        "antwoord",
    ]
    rounds = likert_part[["ronde", "soort", "status", "reacties"]].drop_duplicates("ronde")
    open_part = open_part.merge(rounds, on="ronde", how="left")
    frame = pd.concat([likert_part, open_part], ignore_index=True).reindex(columns=columns)
    for column in ("reacties", "positie", "n", "n_1", "n_2", "n_3", "n_4", "n_5"):
        frame[column] = frame[column].astype("Int64")
    for column in ("gemiddelde", "ci_laag", "ci_hoog"):
        frame[column] = frame[column].astype(float).round(3)
    return header + frame.to_csv(index=False, sep=";")
