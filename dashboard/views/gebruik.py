"""What the Gebruik page (and the DVO report) shows for a period: usage events in, plain
figures out, one function so that the page and the report cannot differ."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis import usage_kpis
from dashboard.data import queries, usage_store, users

FILTER_LABELS = {
    "periode": "Periode",
    "van": "Van (aangepaste periode)",
    "tot": "Tot (aangepaste periode)",
    "vergelijking": "Vergelijking",
    "gebied": "Gebied",
    "gemeente": "Gemeente",
    "hc": "Hoofdcategorie",
    "codes": "Incidentcodes",
    "maat": "Maat (aantal of per 1.000)",
    "trend": "Trend per week of maand",
    "bron": "Bron (thema)",
    "soort": "Soort misdrijf (open data)",
    "niveau": "Niveau (open data)",
}
DEFINITIONS = (
    "Een weergave is het openen van een dashboardpagina; filterwijzigingen op die pagina tellen "
    "niet als nieuwe weergave maar worden per weergave opgeteld.",
    "Unieke gebruikers worden per account geteld (per dag of per maand).",
    "Actieve gebruikers: accounts met minstens één handeling in de 30 dagen tot en met de "
    "einddatum. Licenties: de accounts die niet zijn uitgeschakeld.",
    "Tijden in UTC. Gebruik door de demo-generator is synthetisch.",
)


@dataclass(frozen=True)
class UsageFigures:
    start: dt.date
    end: dt.date
    summary: dict
    per_day: pd.DataFrame
    per_month: pd.DataFrame
    per_page: pd.DataFrame  # pagina, titel, weergaven, gebruikers
    per_gemeente: pd.DataFrame  # gemeente_code, naam, weergaven, gebruikers
    filters: list[tuple[str, int]]  # (label, changes)
    areas: list[tuple[str, int]]  # (name, times chosen)
    halves: dict


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """About half a year up to today: the current month and the five before it (a half year
    is the DVO's rhythm)."""
    index = today.year * 12 + today.month - 1 - 5
    return dt.date(index // 12, index % 12 + 1, 1), today


def compute(session: Session, start: dt.date, end: dt.date, titles: dict[str, str]) -> UsageFigures:
    # Active users look back 30 days from the end, also before the period starts.
    events = usage_store.events(session, min(start, end - dt.timedelta(days=29)), end)
    in_period = events[events["tijdstip"] >= pd.Timestamp(start)]
    licences = users.licence_summary(session).in_use
    summary = usage_kpis.summary(in_period, start, end, licences)
    summary["actieve_gebruikers"] = usage_kpis.active_users(events, end)
    per_page = usage_kpis.per_group(in_period, "pagina")
    per_page.insert(1, "titel", per_page["pagina"].map(lambda p: titles.get(p, p)))
    per_gemeente = usage_kpis.per_group(in_period, "gemeente_code")
    names = queries.area_names(session, [c for c in per_gemeente["gemeente_code"] if c])
    per_gemeente.insert(
        1,
        "naam",
        per_gemeente["gemeente_code"].map(lambda c: names.get(c, c) if c else "(geen gemeente)"),
    )
    area_counts = usage_kpis.top_areas(in_period)
    area_names = queries.area_names(session, [code for code, _ in area_counts])
    return UsageFigures(
        start=start,
        end=end,
        summary=summary,
        per_day=usage_kpis.per_day(in_period, start, end),
        per_month=usage_kpis.per_month(in_period, start, end),
        per_page=per_page,
        per_gemeente=per_gemeente,
        filters=[(FILTER_LABELS.get(k, k), n) for k, n in usage_kpis.top_filters(in_period)],
        areas=[(area_names.get(code, code), n) for code, n in area_counts],
        halves=usage_kpis.halves(in_period, start, end),
    )


def export_frame(figures: UsageFigures) -> pd.DataFrame:
    """All tables of the page in one long CSV: tabel, sleutel, naam, weergaven, gebruikers."""
    parts = [
        pd.DataFrame(
            {
                "tabel": "per dag",
                "sleutel": figures.per_day["dag"].astype(str),
                "naam": "",
                "weergaven": figures.per_day["weergaven"],
                "gebruikers": figures.per_day["gebruikers"],
            }
        ),
        pd.DataFrame(
            {
                "tabel": "per maand",
                "sleutel": figures.per_month["maand"].map(lambda d: d.strftime("%Y-%m")),
                "naam": "",
                "weergaven": figures.per_month["weergaven"],
                "gebruikers": figures.per_month["gebruikers"],
            }
        ),
        figures.per_page.rename(columns={"pagina": "sleutel", "titel": "naam"}).assign(
            tabel="per dashboard"
        ),
        figures.per_gemeente.rename(columns={"gemeente_code": "sleutel"}).assign(
            tabel="per gemeente"
        ),
    ]
    columns = ["tabel", "sleutel", "naam", "weergaven", "gebruikers"]
    return pd.concat([p[columns] for p in parts], ignore_index=True)
