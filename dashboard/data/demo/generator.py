"""The demo data generator: five years of plausible police registrations in weekly deliveries.

Rates follow population and urbanity, with seasons, hour and weekday profiles per hoofdcategorie,
a regional trend per category, a few local trends and centre hotspots, so comparisons show
something. Everything is drawn from one seeded generator: the same seed and end date give the
same database.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from dashboard.data.db import transaction
from dashboard.data.demo.calibration import buurt_targets, read_public_crime
from dashboard.data.demo.measurement import CloseRound
from dashboard.data.demo.national import build_national_region
from dashboard.data.demo.partner import build_partner_demo
from dashboard.data.demo.region import build_demo_region
from dashboard.data.demo.usage import build_usage_demo, set_demo_results
from dashboard.data.ingest.areaset import AreaSet
from dashboard.data.ingest.open_data import load_open_data
from dashboard.data.models import IngestRun
from dashboard.data.ops import aggregate_refresh, loading
from dashboard.data.reference.categories import load_categories

CATEGORIES = ("overlast", "vermogen", "geweld", "ondermijning", "verkeer")
# Registrations per 1,000 inhabitants per year at scale 1 (roughly police practice in NL).
ANNUAL_RATE = {
    "overlast": 30.0,
    "vermogen": 28.0,
    "geweld": 8.0,
    "ondermijning": 3.0,
    "verkeer": 13.0,
}
URBANITY_FACTOR = {1: 1.8, 2: 1.35, 3: 1.0, 4: 0.8, 5: 0.6}
YEARLY_TREND = {
    "overlast": 0.01,
    "vermogen": -0.04,
    "geweld": 0.01,
    "ondermijning": 0.06,
    "verkeer": 0.0,
}
MONTH_SEASON = {  # January .. December
    "overlast": (0.85, 0.8, 0.9, 1.0, 1.1, 1.2, 1.25, 1.2, 1.05, 0.95, 0.85, 1.0),
    "vermogen": (1.15, 1.05, 0.95, 0.9, 0.9, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2, 1.25),
    "geweld": (0.9, 0.9, 0.95, 1.0, 1.05, 1.1, 1.1, 1.05, 1.0, 0.95, 0.95, 1.05),
    "ondermijning": (1.0,) * 12,
    "verkeer": (1.1, 1.05, 0.95, 0.9, 0.95, 0.95, 0.85, 0.85, 1.0, 1.1, 1.15, 1.2),
}
WEEKDAY = {  # Monday .. Sunday
    "overlast": (0.8, 0.8, 0.85, 0.9, 1.2, 1.45, 1.2),
    "vermogen": (1.05, 1.0, 1.0, 1.0, 1.05, 1.0, 0.9),
    "geweld": (0.8, 0.8, 0.85, 0.9, 1.15, 1.5, 1.3),
    "ondermijning": (1.1, 1.1, 1.1, 1.1, 1.0, 0.8, 0.7),
    "verkeer": (1.05, 1.05, 1.05, 1.05, 1.1, 0.9, 0.8),
}
HOUR = {  # relative weight per hour 0..23
    "overlast": (6, 5, 4, 3, 2, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9, 10, 10, 10, 9, 8),
    "vermogen": (2, 2, 2, 2, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 7, 7, 6, 5, 4, 3, 3, 2),
    "geweld": (8, 8, 7, 5, 3, 1, 1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 8),
    "ondermijning": (2, 2, 2, 1, 1, 1, 1, 2, 4, 6, 7, 7, 7, 7, 7, 7, 6, 5, 4, 3, 3, 3, 3, 2),
    "verkeer": (1, 1, 1, 1, 1, 2, 4, 8, 9, 6, 5, 5, 6, 6, 6, 7, 9, 9, 6, 4, 3, 2, 2, 1),
}
# The codes that make up most registrations, with their share within the hoofdcategorie;
# the rest of the category's codes share what is left.
COMMON_CODES = {
    "overlast": {"E38": 0.22, "E33": 0.16, "E37": 0.12, "E35": 0.12, "E34": 0.06, "E36": 0.04},
    "vermogen": {"A72": 0.22, "A20": 0.12, "A30": 0.06, "A10": 0.12, "A73": 0.06, "A40": 0.05},
    "geweld": {"F550": 0.35, "F530": 0.2, "F551": 0.05, "B70": 0.03},
    "ondermijning": {"F41": 0.18, "F40": 0.12, "F43": 0.06, "F90": 0.12, "F614": 0.1},
    "verkeer": {"D10": 0.5, "D11": 0.18, "D60": 0.12, "D21": 0.06},
}
OTHER_SHARE = {
    "overlast": 0.28,
    "vermogen": 0.37,
    "geweld": 0.37,
    "ondermijning": 0.42,
    "verkeer": 0.14,
}
# Calibrated on a public table (calibration.py): the crimes of a buurt are split over the
# hoofdcategorieën by the national mix of registered crimes in 2022 (WODC, "Criminaliteit en
# rechtshandhaving 2022": 56% property, 17% traffic, 13% vandalism and public order, 10% violence
# and sexual crimes, 2% drugs, 1% weapons; fraud and cybercrime, counted as property there, sit
# in ondermijning here). The public buurt table holds only the total of all types.
CRIME_MIX = {
    "vermogen": 0.48,
    "verkeer": 0.17,
    "overlast": 0.13,
    "ondermijning": 0.11,
    "geweld": 0.11,
}
# Non-crime registrations per registered crime. Overlast: the police registered 461,092
# overlast incidents in 2022 (NJI, "Cijfers over overlast", from police registrations) against
# 806,210 registered crimes (WODC 2022): 0.57. Verkeer (accidents with damage only, parking
# nuisance): no public national count was found; 0.15 keeps the ratio of the uncalibrated model.
NONCRIME_PER_CRIME = {"overlast": 0.57, "verkeer": 0.15}
UNKNOWN_HOUR_SHARE = 0.01
CHUNK_WEEKS = 13  # national data is drawn and loaded a quarter at a time
NATIONAL = "national"  # the named scale preset: a fictional Netherlands at full size
NATIONAL_VOLUME = 1.7  # volume factor of that preset: about 10 million registrations in 5 years
DEMO_FILE_PREFIX = "demo_bvh_"  # marks the generated deliveries, so the UI can say "demo"

DEMO_USERS = (
    ("admin", "admin", None, "demo-admin"),
    ("projectleider", "projectleider", None, "demo-projectleider"),
    ("gebruiker", "gebruiker", "first", "demo-gebruiker"),
)


@dataclass
class DemoSummary:
    regio: str
    gemeenten: int
    wijken: int
    buurten: int
    incidents: int
    deliveries: int
    data_van: dt.date
    data_tot: dt.date
    users: list[tuple[str, str, str]]
    usage_events: int = 0
    open_data_rows: int = 0  # rows of the public police table loaded for the Open data page
    calibration_year: int | None = None  # the public year the registrations follow


def last_complete_week_end(today: dt.date) -> dt.date:
    """The Sunday before today: weekly deliveries hold complete weeks."""
    return today - dt.timedelta(days=today.weekday() + 1)


def code_weights(
    hoofdcategorie: str, crime_share: float | None = None
) -> tuple[list[str], np.ndarray]:
    """The category's codes and the chance of each; crime_share (calibrated demo) fixes the
    part that goes to codes of a CBS crime type, the rest goes to its non-crime codes."""
    categories = [c for c in load_categories() if c.hoofdcategorie == hoofdcategorie]
    codes = [c.mk_code for c in categories]
    common = {c: w for c, w in COMMON_CODES[hoofdcategorie].items() if c in codes and w > 0}
    rest = [c for c in codes if c not in common]
    weights = [common.get(c, OTHER_SHARE[hoofdcategorie] / max(len(rest), 1)) for c in codes]
    weights = np.asarray(weights, dtype=float)
    if crime_share is not None:
        crime = np.array([c.is_misdrijf for c in categories])
        for mask, share in ((crime, crime_share), (~crime, 1 - crime_share)):
            if mask.any():
                weights[mask] *= share / weights[mask].sum()
    return codes, weights / weights.sum()


@dataclass(frozen=True)
class Calibration:
    """Public registered crimes per buurt in one year (aligned with the area set's buurten):
    the synthetic registrations of that year with a crime code match them in expectation."""

    targets: np.ndarray
    jaar: int

    @property
    def origin(self) -> pd.Timestamp:
        # Trends count from the middle of the public year, so that year keeps its counts.
        return pd.Timestamp(self.jaar, 7, 1)

    def crime_share(self, hc: str) -> float:
        return CRIME_MIX[hc] / (CRIME_MIX[hc] + NONCRIME_PER_CRIME.get(hc, 0.0))

    def day_sum(self, hc: str) -> float:
        """The sum of the day factors (season, weekday, regional trend) over the public year."""
        days = pd.date_range(f"{self.jaar}-01-01", f"{self.jaar}-12-31", freq="D")
        return float(_day_factor(hc, days, (days - self.origin).days.to_numpy() / 365.25).sum())


@dataclass
class _Rates:
    """Per-buurt daily base rate and local trend slope of one hoofdcategorie."""

    base: np.ndarray
    slope: np.ndarray


def _category_rates(
    areas: AreaSet, codes: list[str], rng: np.random.Generator, scale: float
) -> dict[str, _Rates]:
    """Draws each category's local trends; the generator's draws are made in a fixed order
    (category by category, rates before counts) so that one seed gives one database."""
    out = {}
    for hc in CATEGORIES:
        out[hc] = _rates_of(hc, areas, codes, rng, scale)
    return out


def _rates_of(
    hc: str,
    areas: AreaSet,
    codes: list[str],
    rng: np.random.Generator,
    scale: float,
    calibration: Calibration | None = None,
) -> _Rates:
    if calibration is not None:
        return _calibrated_rates(hc, codes, rng, scale, calibration)
    values = [areas.buurt_indicators.get(c, {}) for c in codes]
    inwoners = np.array([v.get("aantal_inwoners") or 0.0 for v in values])
    urbanity = [v.get("stedelijkheid_adressen_per_km2") for v in values]
    factor = np.array([URBANITY_FACTOR.get(int(u) if u else 5, 0.6) for u in urbanity])
    address_density = np.array([v.get("omgevingsadressendichtheid") or 0.0 for v in values])
    hotspots = np.argsort(-address_density)[: max(2, len(codes) // 100)]
    # +150: shops, offices and roads give even a buurt without residents some incidents.
    base = ANNUAL_RATE[hc] / 1000 * (inwoners + 150) * factor * scale / 365.25
    if hc in ("overlast", "geweld"):
        base[hotspots] *= 2.5
    return _Rates(base, _local_slopes(len(codes), rng))


def _local_slopes(n: int, rng: np.random.Generator) -> np.ndarray:
    trending = rng.random(n) < 0.05
    return np.where(trending, rng.choice([-0.12, 0.2], size=n), 0.0)


def _calibrated_rates(
    hc: str, codes: list[str], rng: np.random.Generator, scale: float, calibration: Calibration
) -> _Rates:
    """Daily base rate per buurt from the public counts: the category's share of the buurt's
    crimes plus its non-crime registrations, divided by the day factors of the public year so
    that year's expected total is exact. No centre hotspots: the public counts have the
    real ones."""
    per_year = calibration.targets * (CRIME_MIX[hc] + NONCRIME_PER_CRIME.get(hc, 0.0))
    base = per_year * scale / calibration.day_sum(hc)
    return _Rates(base, _local_slopes(len(codes), rng))


def _day_factor(hc: str, days: pd.DatetimeIndex, years_since: np.ndarray) -> np.ndarray:
    months = days.month.to_numpy() - 1
    weekdays = days.day_of_week.to_numpy()
    return (
        np.asarray(MONTH_SEASON[hc])[months]
        * np.asarray(WEEKDAY[hc])[weekdays]
        * (1 + YEARLY_TREND[hc]) ** years_since
    )


def _draw_category(
    hc: str,
    rates: _Rates,
    codes: list[str],
    days: pd.DatetimeIndex,
    years_since: np.ndarray,
    rng: np.random.Generator,
    crime_share: float | None = None,
) -> pd.DataFrame:
    """Registrations of one category on the given days (years_since counts from the start of
    the whole demo period, or from the calibration year, so trends run on across chunks)."""
    day_factor = _day_factor(hc, days, years_since)
    lam = (
        rates.base[:, None]
        * np.clip(1 + rates.slope[:, None] * years_since[None, :], 0.3, None)
        * day_factor[None, :]
    )
    counts = rng.poisson(lam)
    buurt_idx, day_idx = np.nonzero(counts)
    repeats = counts[buurt_idx, day_idx]
    buurt_idx = np.repeat(buurt_idx, repeats)
    day_idx = np.repeat(day_idx, repeats)
    n = len(buurt_idx)
    hour_p = np.asarray(HOUR[hc], dtype=float)
    hours = rng.choice(24, size=n, p=hour_p / hour_p.sum()).astype(float)
    hours[rng.random(n) < UNKNOWN_HOUR_SHARE] = np.nan
    mk_codes, mk_p = code_weights(hc, crime_share)
    return pd.DataFrame(
        {
            "pleegdatum": days[day_idx],
            "uur": hours,
            "buurt_code": np.asarray(codes)[buurt_idx],
            "mk_code": np.asarray(mk_codes)[rng.choice(len(mk_codes), size=n, p=mk_p)],
        }
    )


def _numbered(frames: list[pd.DataFrame], counters: dict[str, int]) -> pd.DataFrame:
    """Sorted registrations with numbers DEMO<year>-<seq>; counters carry each year's last
    number over to the next chunk."""
    incidents = pd.concat(frames, ignore_index=True)
    incidents = incidents.sort_values(["pleegdatum", "buurt_code", "mk_code"], kind="stable")
    incidents = incidents.reset_index(drop=True)
    year = incidents["pleegdatum"].dt.year.astype(str)
    offset = year.map(lambda y: counters.get(y, 0))
    seq = incidents.groupby(year).cumcount() + 1 + offset
    for y, last in seq.groupby(year).max().items():
        counters[y] = int(last)
    incidents["registratienummer"] = "DEMO" + year + "-" + seq.astype(str).str.zfill(7)
    incidents["uur"] = incidents["uur"].astype("Int64")
    return incidents


def generate_incidents(
    areas: AreaSet,
    rng: np.random.Generator,
    start: dt.date,
    end: dt.date,
    scale: float,
    calibration: Calibration | None = None,
) -> pd.DataFrame:
    """Draw registrations per buurt x category x day; returns one row per registration."""
    codes = list(areas.buurten)
    days = pd.date_range(start, end, freq="D")
    origin = days[0] if calibration is None else calibration.origin
    years_since = (days - origin).days.to_numpy() / 365.25
    frames = []
    for hc in CATEGORIES:
        rates = _rates_of(hc, areas, codes, rng, scale, calibration)
        share = calibration.crime_share(hc) if calibration else None
        frames.append(_draw_category(hc, rates, codes, days, years_since, rng, share))
    return _numbered(frames, {})


def incident_chunks(
    areas: AreaSet,
    rng: np.random.Generator,
    start: dt.date,
    end: dt.date,
    scale: float,
    weeks: int = CHUNK_WEEKS,
) -> Iterator[pd.DataFrame]:
    """The same model drawn a few weeks at a time (start is a Monday), so that national-size
    data never sits in memory as a whole."""
    codes = list(areas.buurten)
    rates = _category_rates(areas, codes, rng, scale)
    counters: dict[str, int] = {}
    chunk_start = start
    while chunk_start <= end:
        chunk_end = min(end, chunk_start + dt.timedelta(weeks=weeks, days=-1))
        days = pd.date_range(chunk_start, chunk_end, freq="D")
        years_since = (days - pd.Timestamp(start)).days.to_numpy() / 365.25
        frames = [_draw_category(hc, rates[hc], codes, days, years_since, rng) for hc in CATEGORIES]
        yield _numbered(frames, counters)
        chunk_start = chunk_end + dt.timedelta(days=1)


def build_demo(
    factory: sessionmaker[Session],
    *,
    cbs_dir: Path | None = None,
    regio_code: str = "RG01",
    regio_naam: str = "Regio",
    seed: int = 42,
    scale: float = 1.0,
    years: int = 5,
    end: dt.date | None = None,
    user_passwords: dict[str, str] | None = None,
    national_gemeenten: int | None = None,
    public_counts: bool = False,
    progress: Callable[[str], None] | None = None,
    close_round: CloseRound,
) -> DemoSummary:
    """Fill an (empty or earlier demo) database; areas and incidents are replaced as a whole.

    national_gemeenten builds the fictional Netherlands (demo_national) of that many gemeenten
    (342 is national size) instead of the small demo region, drawn and loaded in chunks;
    public_counts (with cbs_dir): when the folder holds the police's public counts per buurt
    (politie/misdrijven_buurt_YEAR_*.csv), the registrations follow them in that year and the
    table is loaded for the Open data page. progress receives a line per step. close_round: the
    measure that closes a measurement round with its usage frozen
    (dashboard.measures.measurement.close_open_round)."""
    from dashboard.data.ingest.cbs import read_cbs_dir
    from dashboard.data.store import protocol
    from dashboard.data.store import users as user_store

    rng = np.random.default_rng(seed)
    end = end or last_complete_week_end(dt.date.today())
    start = end - dt.timedelta(days=round(365.25 * years)) + dt.timedelta(days=1)
    start = start - dt.timedelta(days=start.weekday())  # deliveries start on a Monday
    say = progress or (lambda _line: None)
    clock = time.perf_counter()
    if cbs_dir and national_gemeenten:
        raise ValueError("kies echte CBS-gebieden of het fictieve Nederland, niet allebei")
    public = calibration = None
    if cbs_dir:
        areas = read_cbs_dir(Path(cbs_dir), regio_code, regio_naam)
        # With the police's public counts beside the areas, the registrations follow them.
        public = read_public_crime(Path(cbs_dir)) if public_counts else None
        if public is not None:
            targets = buurt_targets(public, areas, list(areas.buurten))
            calibration = Calibration(targets, public.jaar)
    elif national_gemeenten:
        areas = build_national_region(rng, jaar=end.year, gemeenten=national_gemeenten)
    else:
        areas = build_demo_region(rng, jaar=end.year)
    say(
        f"Gebieden: {len(areas.gemeenten)} gemeenten, {len(areas.wijken)} wijken, "
        f"{len(areas.buurten)} buurten ({time.perf_counter() - clock:.0f} s)"
    )
    if national_gemeenten:
        chunks = incident_chunks(areas, rng, start, end, scale)
    else:
        chunks = iter([generate_incidents(areas, rng, start, end, scale, calibration)])
    with transaction(factory) as session:
        _clear_demo(session)
        loading.sync_categories(session)
        loading.replace_areas(
            session, areas.indeling_jaar, areas.area_rows(), areas.geometry_rows()
        )
        loading.replace_indicators(session, areas.indicator_rows())
        loading.ensure_dates(session, start, end)
        say(f"Gebieden en kerncijfers geladen ({time.perf_counter() - clock:.0f} s)")
        deliveries = incident_count = 0
        with loading.fact_bulk_load(session):
            for chunk in chunks:
                deliveries += _load_weekly(session, chunk)
                incident_count += len(chunk)
                say(
                    f"Registraties t/m {chunk['pleegdatum'].max().date()}: {incident_count:,} "
                    f"({time.perf_counter() - clock:.0f} s)"
                )
                del chunk
        say(f"Indexen opgebouwd ({time.perf_counter() - clock:.0f} s)")
        aggregate_refresh.refresh_aggregates(session, start, end)
        say(f"Aggregaten bijgewerkt ({time.perf_counter() - clock:.0f} s)")
        first_gemeente = sorted(areas.gemeenten)[0]
        created = []
        # Demo accounts come ready to use: the protocol is accepted for them (and audited so).
        versie = protocol.current_version(session).versie
        for username, role, gemeente, default_password in DEMO_USERS:
            password = (user_passwords or {}).get(username, default_password)
            user = user_store.upsert_user(
                session,
                username,
                role=role,
                gemeente_code=first_gemeente if gemeente == "first" else None,
                password=password,
                by="demo",
            )
            protocol.accept(session, user.id, versie, by="demo")
            created.append((username, role, password))
    # Partner datasets go through the real loader, each delivery in its own transaction.
    say(f"Gebruikers aangemaakt ({time.perf_counter() - clock:.0f} s)")
    build_partner_demo(factory, seed, end)
    say(f"Partnerdata geladen ({time.perf_counter() - clock:.0f} s)")
    open_data_rows = 0
    if public is not None:
        # The Open data page shows the real public table, through the real loader.
        report = load_open_data(factory, public.path)
        if report.status != "geladen":
            raise ValueError(f"{public.path.name}: {report.summary()}")
        open_data_rows = report.inserted + report.updated + report.unchanged
        say(f"Open data geladen ({time.perf_counter() - clock:.0f} s)")
    with transaction(factory) as session:
        usage_events = build_usage_demo(session, seed, end)
        set_demo_results(session, end)
    say(f"Gebruiksgeschiedenis gemaakt ({time.perf_counter() - clock:.0f} s)")
    # Measurement rounds last: closing the nulmeting freezes the usage history made above.
    from dashboard.data.demo.measurement import build_measurement_demo

    build_measurement_demo(factory, seed, end, close_round)
    with factory() as session:
        loading.analyze(session)
        session.commit()
        loading.vacuum_analyze(session.get_bind())
    say(f"Klaar ({time.perf_counter() - clock:.0f} s)")
    return DemoSummary(
        regio=areas.regio_naam,
        gemeenten=len(areas.gemeenten),
        wijken=len(areas.wijken),
        buurten=len(areas.buurten),
        incidents=incident_count,
        deliveries=deliveries,
        data_van=start,
        data_tot=end,
        users=created,
        usage_events=usage_events,
        open_data_rows=open_data_rows,
        calibration_year=public.jaar if public else None,
    )


def _clear_demo(session: Session) -> None:
    from sqlalchemy import delete, text

    from dashboard.data.models import (
        AreaGeometry,
        DimArea,
        FactAreaIndicator,
        FactCrimePeriod,
        FactIncident,
        FactPartner,
        IngestRejection,
    )
    from dashboard.data.queries.aggregates import AGGREGATE_TABLES

    big = (*AGGREGATE_TABLES, FactIncident)
    if loading.uses_copy(session):
        # Nothing refers to these tables; TRUNCATE frees millions of rows at once and, unlike
        # DELETE, leaves no dead rows behind (it is transactional on PostgreSQL).
        session.execute(text(f"TRUNCATE {', '.join(m.__tablename__ for m in big)}"))
    for model in (
        *big,
        FactCrimePeriod,
        FactPartner,
        IngestRejection,
        IngestRun,
        FactAreaIndicator,
        AreaGeometry,
        DimArea,
    ):
        session.execute(delete(model))


def _load_weekly(session: Session, incidents: pd.DataFrame) -> int:
    """One delivery per ISO week, as the police extract arrives. The registrations of all weeks
    go in with one insert (each row carrying its week's delivery id): per-week inserts spent
    most of the demo's build time on looking up the same dimensions 260 times."""
    week_start = incidents["pleegdatum"] - pd.to_timedelta(
        incidents["pleegdatum"].dt.day_of_week, unit="D"
    )
    runs = {}
    for monday, size in week_start.value_counts(sort=False).sort_index().items():
        monday = monday.date()
        sunday = monday + dt.timedelta(days=6)
        iso = monday.isocalendar()
        runs[pd.Timestamp(monday)] = IngestRun(
            bron="politie",
            bestandsnaam=f"{DEMO_FILE_PREFIX}{iso.year}-W{iso.week:02d}.csv",
            status="geladen",
            data_van=monday,
            data_tot=sunday,
            gelezen=int(size),
            toegevoegd=int(size),
            gestart=dt.datetime.combine(sunday + dt.timedelta(days=1), dt.time(7, 0)),
            voltooid=dt.datetime.combine(sunday + dt.timedelta(days=1), dt.time(7, 5)),
        )
    session.add_all(runs.values())
    session.flush()
    ids = {monday: run.id for monday, run in runs.items()}
    loading.insert_incidents(session, incidents, week_start.map(ids).to_numpy(dtype=np.int64))
    return len(runs)
