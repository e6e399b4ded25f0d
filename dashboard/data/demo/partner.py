"""Demo partner data: for every shipped spec, a synthetic delivery file for the areas in the
database, loaded through the real loader (so the demo exercises what a partner's file goes
through). Counts follow the population; datasets with attributes are drawn as single events
(a dismantled plantation, a report) and counted per attribute combination, so rare events stay
sparse. A spec restricted to gemeenten that are not in the database is skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from dashboard.data.ingest.partner import load_partner
from dashboard.data.ingest.partner_fields import bucket_start
from dashboard.data.ingest.partner_spec import PartnerSpec, load_spec, shipped_specs
from dashboard.data.ingest.report import RunReport
from dashboard.data.models import DimArea, FactAreaIndicator

DEMO_PARTNER_PREFIX = "demo_partner_"
PERIODS = {"maand": 24, "kwartaal": 8, "jaar": 3}
PER_YEAR = {"maand": 12, "kwartaal": 4, "jaar": 1}
# Figures per 1,000 inhabitants per year (spec code -> measure), roughly Dutch practice.
RATES = {
    "hennep-ontmanteling": {"ontmantelingen": 0.4},
    "cybercrime-meldingen": {"meldingen": 6.0},
    "buurtbemiddeling-losser": {"zaken": 2.5, "afspraken": 1.5},
    "woningcorporatie-overlast": {"meldingen": 6.0},
    "jongerenwerk-signalen": {"signalen": 5.0, "contacten": 40.0},
    "halt-verwijzingen": {"verwijzingen": 1.5},
    "basta-inzet": {"inzetten": 0.3},
    "veilig-thuis": {"meldingen": 6.0, "adviesvragen": 4.0},
    "huisverboden": {"huisverboden": 0.3, "verlengingen": 0.1},
    "politie-huiselijk-geweld": {"registraties": 4.0},
}
DEFAULT_RATE = 2.0
FALLBACK_INWONERS = 1_000.0


def build_partner_demo(factory: sessionmaker[Session], seed: int, end: dt.date) -> list[RunReport]:
    """Write and load one delivery per shipped spec; returns the load reports."""
    rng = np.random.default_rng(seed + 1_000)  # its own stream: police demo data stay the same
    reports = []
    with factory() as session:
        population = _population(session)
        areas = {niveau: _areas(session, niveau) for niveau in ("buurt", "wijk", "gemeente")}
    with tempfile.TemporaryDirectory(prefix="veiligheid-partner-") as folder:
        for spec_path in shipped_specs():
            spec = load_spec(spec_path)
            chosen = [
                (code, gemeente)
                for code, gemeente in areas[spec.niveau]
                if not spec.gemeenten or gemeente in spec.gemeenten
            ]
            if not chosen:
                continue
            rows = _rows(spec, chosen, population, _periods(spec.periode, end), rng)
            if not rows:
                continue
            path = Path(folder) / f"{DEMO_PARTNER_PREFIX}{spec.code}.csv"
            _write(path, spec, rows)
            report = load_partner(factory, spec_path, path, today=end)
            if report.status != "geladen":
                raise RuntimeError(f"demo partnerdata {spec.code}: {report.message}")
            reports.append(report)
    return reports


def _areas(session: Session, niveau: str) -> list[tuple[str, str]]:
    """(code, gemeente) of the level in the newest indeling."""
    year = session.scalar(select(func.max(DimArea.indeling_jaar)))
    rows = session.execute(
        select(DimArea.code, DimArea.gemeente_code)
        .where(DimArea.niveau == niveau, DimArea.indeling_jaar == year)
        .order_by(DimArea.code)
    ).all()
    return [(code, gemeente or code) for code, gemeente in rows]


def _population(session: Session) -> dict[str, float]:
    """Inhabitants per area code (newest year of each area)."""
    rows = session.execute(
        select(FactAreaIndicator.area_code, FactAreaIndicator.waarde)
        .where(FactAreaIndicator.indicator == "aantal_inwoners")
        .order_by(FactAreaIndicator.jaar)
    ).all()
    return {code: float(value) for code, value in rows if value}


def _periods(granularity: str, end: dt.date) -> list[dt.date]:
    """The last complete periods up to end."""
    start = bucket_start(end + dt.timedelta(days=1), granularity)  # after end: incomplete
    months = 12 // PER_YEAR[granularity]
    periods = []
    for _ in range(PERIODS[granularity]):
        month = start.month - 1 - months
        start = dt.date(start.year + month // 12, month % 12 + 1, 1)
        periods.append(start)
    return sorted(periods)


def _label(start: dt.date, granularity: str) -> str:
    if granularity == "maand":
        return f"{start:%Y-%m}"
    if granularity == "kwartaal":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def _rows(spec: PartnerSpec, areas, population, periods, rng) -> list[list]:
    rates = RATES.get(spec.code, {})
    rows = []
    for code, _gemeente in areas:
        inwoners = population.get(code, FALLBACK_INWONERS)
        for start in periods:
            lam = [
                rates.get(m.naam, DEFAULT_RATE) * inwoners / 1000 / PER_YEAR[spec.periode]
                for m in spec.maten
            ]
            counts = rng.poisson(lam)
            label = _label(start, spec.periode)
            if not spec.kenmerken:
                rows.append([code, label, *counts.tolist()])
                continue
            # Each event gets its own attributes; rows are the combinations that occurred.
            per_combo: dict[tuple, Counter] = {}
            for index, count in enumerate(counts):
                for _ in range(int(count)):
                    combo = tuple(
                        str(rng.choice(k.waarden or ("onbekend",))) for k in spec.kenmerken
                    )
                    per_combo.setdefault(combo, Counter())[index] += 1
            for combo, counter in sorted(per_combo.items()):
                rows.append([code, label, *combo, *(counter[i] for i in range(len(spec.maten)))])
    return rows


def _write(path: Path, spec: PartnerSpec, rows: list[list]) -> None:
    header = [
        spec.gebied_kolom,
        spec.periode_kolom,
        *(k.kolom for k in spec.kenmerken),
        *(m.kolom for m in spec.maten),
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
