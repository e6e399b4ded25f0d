"""Usage of the dashboards: the one definition of every usage figure that the Gebruik page,
the Beheer page's licence line, the DVO report and the frozen figures of a measurement round
show, so that no two surfaces can disagree.

"Actief" is defined here and only here: an account that is not disabled (it holds a licence)
and has at least one recorded use (a login, a page view, a download or a report) in the
ACTIVE_DAYS days up to and including the reference day. The reference day is today on the
Beheer page and the last day of the chosen period on the Gebruik page and in the DVO report.
Days are UTC days, as the events are stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import asdict, dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis import usage_kpis
from dashboard.data.models import utcnow
from dashboard.data.queries import areas as area_queries
from dashboard.data.store import usage as usage_store
from dashboard.data.store import users
from dashboard.formatting import nl_date
from dashboard.measures.completeness import flag_frame, observed

ACTIVE_DAYS = 30

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
ACTIVE_DEFINITION = (
    "Actieve gebruikers: accounts die niet zijn uitgeschakeld en in de "
    f"{ACTIVE_DAYS} dagen tot en met de peildatum minstens één keer zijn ingelogd, een pagina "
    "hebben geopend, iets hebben gedownload of een rapport hebben gemaakt. De peildatum is de "
    "einddatum van de gekozen periode (Gebruik, DVO-rapportage) of vandaag (Beheer). "
    "Licenties: de accounts die niet zijn uitgeschakeld."
)
DEFINITIONS = (
    "Een weergave is het openen van een dashboardpagina; filterwijzigingen op die pagina tellen "
    "niet als nieuwe weergave maar worden per weergave opgeteld.",
    "Unieke gebruikers worden per account geteld (per dag of per maand).",
    ACTIVE_DEFINITION,
    "Een maand die de periode maar voor een deel beslaat of die pas begonnen is, en de dag van "
    "vandaag, heten 'onvolledig' en zijn licht en gearceerd getekend: vergelijk ze niet met "
    "een hele maand of dag. Dagen na vandaag worden niet getekend.",
    "Dagen en maanden tellen in UTC, zoals het gebruik is vastgelegd (tot twee uur verschil "
    "met de Nederlandse tijd rond middernacht). Gebruik door de demo-generator is synthetisch.",
)


# --- actief ----------------------------------------------------------------------------------


def active_window(reference_day: dt.date) -> tuple[dt.date, dt.date]:
    """The ACTIVE_DAYS days up to and including the reference day."""
    return reference_day - dt.timedelta(days=ACTIVE_DAYS - 1), reference_day


def count_active(events: pd.DataFrame, reference_day: dt.date, accounts: Collection[str]) -> int:
    """The accounts among `accounts` with any usage event in the active window of the
    reference day; events is a frame of dashboard.data.store.usage.events."""
    start, end = active_window(reference_day)
    lo, hi = pd.Timestamp(start), pd.Timestamp(end + dt.timedelta(days=1))
    recent = events[(events["tijdstip"] >= lo) & (events["tijdstip"] < hi)]
    names = recent["username"].dropna()
    return int(names[names.isin(set(accounts))].nunique())


@dataclass(frozen=True)
class ActiveUsers:
    reference_day: dt.date
    active: int  # accounts in use: see the module's definition
    licences: int  # accounts not disabled

    @property
    def sentence(self) -> str:
        """The Beheer page's licence line."""
        return (
            f"{self.licences} licenties in gebruik (actieve accounts), waarvan {self.active} "
            f"actief in de {ACTIVE_DAYS} dagen t/m {nl_date(self.reference_day)} (ingelogd of "
            "dashboard gebruikt)"
        )


def active_users(
    session: Session, reference_day: dt.date, events: pd.DataFrame | None = None
) -> ActiveUsers:
    """Active accounts and licences on the reference day. events may hold the events of a
    longer period that includes the active window (the Gebruik page has them already)."""
    if events is None:
        events = usage_store.events(session, *active_window(reference_day))
    accounts = users.licensed_usernames(session)
    return ActiveUsers(reference_day, count_active(events, reference_day, accounts), len(accounts))


# --- the figures of a period -------------------------------------------------------------------


@dataclass(frozen=True)
class UsageSummary:
    """The headline figures of a period, as the page cards, the DVO report and a closed
    measurement round show them."""

    van: dt.date
    tot: dt.date
    weergaven: int
    gebruikers: int
    actieve_gebruikers: int  # on the reference day `tot`
    licenties: int
    filterwijzigingen: int
    downloads: int
    rapporten: int
    logins: int
    gemiddeld_per_dag: float

    def as_record(self) -> dict:
        """Plain values (dates as ISO text), as a measurement round freezes them."""
        record = asdict(self)
        record["van"], record["tot"] = self.van.isoformat(), self.tot.isoformat()
        return record


def summarise(
    events: pd.DataFrame, start: dt.date, end: dt.date, active: ActiveUsers
) -> UsageSummary:
    """The summary of the events of the period start through end (views counted as in
    usage_kpis), with the active figure of the period's last day."""
    views = events[events["soort"] == usage_kpis.VIEW]
    return UsageSummary(
        van=start,
        tot=end,
        weergaven=len(views),
        gebruikers=int(views["username"].nunique()),
        actieve_gebruikers=active.active,
        licenties=active.licences,
        filterwijzigingen=int(views["filterwijzigingen"].sum()),
        downloads=int((events["soort"] == "download").sum()),
        rapporten=int((events["soort"] == "rapport").sum()),
        logins=int((events["soort"] == "login").sum()),
        gemiddeld_per_dag=round(len(views) / ((end - start).days + 1), 2),
    )


def per_day(
    events: pd.DataFrame, start: dt.date, end: dt.date, today: dt.date | None = None
) -> pd.DataFrame:
    """dag, weergaven, gebruikers, volledig and label for every day of the period up to today
    (the partial-period rule of measures.completeness): today is still under way and labelled
    'onvolledig'; days after today are not drawn at all (they are not zero, they are to come)."""
    frame = usage_kpis.per_day(events, start, end)
    return flag_frame(frame, "dag", observed("dag", start, end, today, running=True))


def per_month(
    events: pd.DataFrame, start: dt.date, end: dt.date, today: dt.date | None = None
) -> pd.DataFrame:
    """maand (first day), weergaven, gebruikers, label and volledig for every month that the
    period touches up to today; a month the period or today covers only in part (the month
    that has only begun) is labelled 'onvolledig' (measures.completeness.observed)."""
    frame = usage_kpis.per_month(events, start, end)
    return flag_frame(frame, "maand", observed("maand", start, end, today, running=True))


@dataclass(frozen=True)
class UsageFigures:
    start: dt.date
    end: dt.date
    summary: UsageSummary
    per_day: pd.DataFrame
    per_month: pd.DataFrame  # maand, weergaven, gebruikers, label, volledig
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


def compute(
    session: Session,
    start: dt.date,
    end: dt.date,
    titles: dict[str, str],
    today: dt.date | None = None,
) -> UsageFigures:
    """The figures of the period; today (UTC, as the events are stored; default the real one)
    is the day still under way, which the charts flag as partial."""
    today = today or utcnow().date()
    # The active figure looks back from the end, also before the period starts.
    events = usage_store.events(session, min(start, active_window(end)[0]), end)
    in_period = events[events["tijdstip"] >= pd.Timestamp(start)]
    summary = summarise(in_period, start, end, active_users(session, end, events))
    per_page = usage_kpis.per_group(in_period, "pagina")
    per_page.insert(1, "titel", per_page["pagina"].map(lambda p: titles.get(p, p)))
    per_gemeente = usage_kpis.per_group(in_period, "gemeente_code")
    names = area_queries.area_names(session, [c for c in per_gemeente["gemeente_code"] if c])
    per_gemeente.insert(
        1,
        "naam",
        per_gemeente["gemeente_code"].map(lambda c: names.get(c, c) if c else "(geen gemeente)"),
    )
    area_counts = usage_kpis.top_areas(in_period)
    area_names = area_queries.area_names(session, [code for code, _ in area_counts])
    return UsageFigures(
        start=start,
        end=end,
        summary=summary,
        per_day=per_day(in_period, start, end, today),
        per_month=per_month(in_period, start, end, today),
        per_page=per_page,
        per_gemeente=per_gemeente,
        filters=[(FILTER_LABELS.get(k, k), n) for k, n in usage_kpis.top_filters(in_period)],
        areas=[(area_names.get(code, code), n) for code, n in area_counts],
        halves=usage_kpis.halves(in_period, start, end),
    )


# The CSV's columns named in Dutch for Excel (dashboard.csv_export).
EXPORT_COLUMNS = {
    "tabel": "Tabel",
    "sleutel": "Sleutel",
    "naam": "Naam",
    "weergaven": "Weergaven",
    "gebruikers": "Gebruikers",
}


def export_frame(figures: UsageFigures) -> pd.DataFrame:
    """All tables of the page in one long CSV: tabel, sleutel, naam, weergaven, gebruikers.
    A month row's naam is its label, so a partial month says 'onvolledig' there too."""
    parts = [
        pd.DataFrame(
            {
                "tabel": "per dag",
                "sleutel": figures.per_day["dag"].astype(str),
                "naam": figures.per_day["label"].where(~figures.per_day["volledig"], ""),
                "weergaven": figures.per_day["weergaven"],
                "gebruikers": figures.per_day["gebruikers"],
            }
        ),
        pd.DataFrame(
            {
                "tabel": "per maand",
                "sleutel": figures.per_month["maand"].map(lambda d: d.strftime("%Y-%m")),
                "naam": figures.per_month["label"],
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
