"""A partner delivery described by a spec file (dashboard/data/ingest/partner_spec.py): parse ->
validate -> load, one transaction per file.

Rules: the spec is checked first (a bad spec refuses the load and names the spec file and key);
a column the spec does not name is ignored unless it looks like personal data, which refuses the
file; a column the spec names must be there. A row with an area code of the wrong level or not
in dim_area, a period that does not fit the granularity, a measure that is not a number or
negative, an attribute value outside the allowed list, or a second row for the same (area,
period, attributes) is rejected with its row number, field and reason. Empty measures are not
stored (counted in the message). Above the allowed share of rejected rows the whole file is
refused. Figures are upserted on (dataset, area, period, measure, attributes): loading a file
twice changes nothing. The dataset's row in dim_dataset follows the spec of the last load.
"""

from __future__ import annotations

import datetime as dt
import math
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from dashboard.data.db import transaction
from dashboard.data.ingest import partner_fields as parse
from dashboard.data.ingest import personal
from dashboard.data.ingest.columns import normalise
from dashboard.data.ingest.partner_spec import PartnerSpec, load_spec
from dashboard.data.ingest.report import RefusedFile, Rejection, RunReport, check_reject_share
from dashboard.data.ingest.runs import file_sha256, finish_run, start_run, store_refusal
from dashboard.data.ingest.tabular import Table, read_table
from dashboard.data.models import DimArea, DimDataset, FactPartner

DEFAULT_MAX_REJECT_PERCENT = 5.0
KENMERKEN_MAX = 500  # the column width of fact_partner.kenmerken


@dataclass(frozen=True)
class Figure:
    area_code: str
    gemeente_code: str
    periode_start: dt.date
    maat: str
    kenmerken: str
    waarde: float


@dataclass
class Checked:
    figures: list[Figure] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    missing: int = 0


class _Reject(Exception):
    def __init__(self, field_name: str, reason: str, value=""):
        super().__init__(reason)
        self.field, self.reason, self.value = field_name, reason, value


# --- parse ------------------------------------------------------------------------------------


def resolve_columns(
    table: Table, spec: PartnerSpec, filename: str, today: dt.date | None = None
) -> tuple[dict[str, int], list]:
    """Position of each column the spec names; refuses personal data and missing columns.
    Returns (spec column -> position, ignored headers)."""
    today = today or dt.date.today()
    wanted = {normalise(c): c for c in spec.columns}
    found: dict[str, int] = {}
    unclaimed: list[int] = []
    for position, header in enumerate(table.header):
        key = normalise(header)
        if not key:
            continue
        if key in wanted:
            if wanted[key] in found:
                raise RefusedFile(f"{filename}: kolom {header!r} staat twee keer in het bestand")
            found[wanted[key]] = position
            continue
        unclaimed.append(position)
    missing = [c for c in spec.columns if c not in found]
    if missing:
        raise RefusedFile(
            f"{filename}: kolom ontbreekt: {', '.join(repr(c) for c in missing)} "
            f"(spec {spec.bestand}; gevonden: {', '.join(h for h in table.header if h)})"
        )
    dates = _period_dates(table, spec, found.get(spec.periode_kolom), today)
    for position in unclaimed:
        finding = personal.check_column(table, position, incident_dates=dates, today=today)
        if finding:
            remedy = "Haal de kolom uit het bestand en lever opnieuw."
            raise personal.refusal(filename, table.header[position], finding, remedy)
    return found, [table.header[p] for p in unclaimed]


def _period_dates(
    table: Table, spec: PartnerSpec, position: int | None, today: dt.date
) -> dict[int, dt.date]:
    """The start of each row's period: a date column decades before it reads as a birth date."""
    dates: dict[int, dt.date] = {}
    if position is None:
        return dates
    for row, cells in table.rows[: personal.SAMPLE_ROWS]:
        with suppress(ValueError):
            dates[row] = parse.parse_period(_cell(cells, position), spec.periode, today)
    return dates


# --- validate ---------------------------------------------------------------------------------


def _cell(cells: list, position: int):
    if position >= len(cells):
        return ""
    return cells[position]


def _text(value) -> str:
    return value.isoformat() if isinstance(value, dt.date | dt.time) else str(value)


def _kenmerken_key(cells: list, spec: PartnerSpec, positions: dict[str, int]) -> str:
    """The canonical "naam=waarde;..." key; allowed values keep the spelling of the spec."""
    parts = []
    for kenmerk in sorted(spec.kenmerken, key=lambda k: k.naam):
        raw = _text(_cell(cells, positions[kenmerk.kolom])).strip()
        value = " ".join(raw.split())
        if not value:
            raise _Reject(kenmerk.kolom, "geen waarde", raw)
        if kenmerk.waarden is not None:
            allowed = {w.casefold(): w for w in kenmerk.waarden}
            if value.casefold() not in allowed:
                choices = ", ".join(kenmerk.waarden)
                raise _Reject(kenmerk.kolom, f"waarde niet toegestaan (kies uit {choices})", raw)
            value = allowed[value.casefold()]
        elif ";" in value or "=" in value or len(value) > 100:
            raise _Reject(kenmerk.kolom, "waarde te lang of met ';' of '='", raw)
        parts.append(f"{kenmerk.naam}={value}")
    key = ";".join(parts)
    if len(key) > KENMERKEN_MAX:
        raise _Reject(spec.kenmerken[0].kolom, "kenmerken samen te lang", key[:100])
    return key


def _measures(cells: list, spec: PartnerSpec, positions: dict[str, int]) -> list:
    """(maat, value or None when empty) for every measure of the row."""
    values = []
    for maat in spec.maten:
        raw = _cell(cells, positions[maat.kolom])
        if parse.is_missing(raw):
            values.append((maat.naam, None))
            continue
        try:
            number = parse.parse_number(raw)
        except ValueError as exc:
            raise _Reject(maat.kolom, str(exc), _text(raw)) from exc
        if number < 0:
            raise _Reject(maat.kolom, "negatief getal", _text(raw))
        values.append((maat.naam, number))
    return values


def validate(
    table: Table,
    spec: PartnerSpec,
    positions: dict[str, int],
    areas: dict[str, str],
    today: dt.date,
) -> Checked:
    """Every row is one record: the first problem rejects the whole row."""
    out = Checked()
    seen: set[tuple] = set()
    for row, cells in table.rows:
        try:
            raw_area = _cell(cells, positions[spec.gebied_kolom])
            try:
                area = parse.parse_area(raw_area, spec.niveau)
            except ValueError as exc:
                raise _Reject(spec.gebied_kolom, str(exc), _text(raw_area)) from exc
            if area not in areas:
                raise _Reject(spec.gebied_kolom, f"onbekende {spec.niveau}", _text(raw_area))
            raw_period = _cell(cells, positions[spec.periode_kolom])
            try:
                start = parse.parse_period(raw_period, spec.periode, today)
            except ValueError as exc:
                raise _Reject(spec.periode_kolom, str(exc), _text(raw_period)) from exc
            kenmerken = _kenmerken_key(cells, spec, positions)
            measures = _measures(cells, spec, positions)
            identity = (area, start, kenmerken)
            if identity in seen:
                raise _Reject(
                    spec.gebied_kolom, "dubbel in bestand (gebied, periode, kenmerken)", area
                )
            seen.add(identity)
        except _Reject as reject:
            out.rejections.append(Rejection(row, reject.field, reject.reason, reject.value))
            continue
        for maat, value in measures:
            if value is None:
                out.missing += 1
            else:
                out.figures.append(Figure(area, areas[area], start, maat, kenmerken, value))
    return out


# --- load -------------------------------------------------------------------------------------


def area_gemeenten(session: Session, niveau: str) -> dict[str, str]:
    """Area code -> gemeente code for every area of the level, any indeling."""
    rows = session.execute(
        select(DimArea.code, DimArea.gemeente_code).where(DimArea.niveau == niveau)
    ).all()
    return {code: gemeente or code for code, gemeente in rows}


def upsert_dataset(session: Session, spec: PartnerSpec) -> None:
    """dim_dataset follows the spec; a dataset cannot change its level or granularity, because
    its stored figures would then mean something else."""
    dataset = session.scalar(select(DimDataset).where(DimDataset.code == spec.code))
    if dataset is None:
        dataset = DimDataset(code=spec.code)
        session.add(dataset)
    else:
        for attribute in ("niveau", "periode"):
            old = getattr(dataset, attribute)
            if old and old != getattr(spec, attribute):
                raise RefusedFile(
                    f"spec {spec.bestand}: {attribute} {getattr(spec, attribute)!r} wijkt af van "
                    f"de eerder geladen dataset {spec.code!r} ({old}); kies een nieuwe code"
                )
    dataset.naam = spec.naam
    dataset.thema = spec.thema
    dataset.eigenaar = spec.eigenaar
    dataset.toegangsregel = spec.toegangsregel()
    dataset.onderdrukkingsdrempel = spec.onderdrukkingsdrempel
    dataset.niveau = spec.niveau
    dataset.periode = spec.periode
    dataset.gemeenten = ",".join(spec.gemeenten) or None
    dataset.spec_json = spec.to_json()
    session.flush()


def load(
    session: Session, spec: PartnerSpec, figures: list[Figure], run_id: int
) -> tuple[int, int, int]:
    """Upsert on (dataset, area, period, measure, attributes); (inserted, updated, unchanged)."""
    if not figures:
        return 0, 0, 0
    existing = {
        (area, start, maat, kenmerken): (row_id, waarde)
        for row_id, area, start, maat, kenmerken, waarde in session.execute(
            select(
                FactPartner.id,
                FactPartner.area_code,
                FactPartner.periode_start,
                FactPartner.maat,
                FactPartner.kenmerken,
                FactPartner.waarde,
            ).where(
                FactPartner.dataset_code == spec.code,
                FactPartner.periode_start.in_({f.periode_start for f in figures}),
            )
        )
    }
    inserts, updates, unchanged = [], [], 0
    for f in figures:
        found = existing.get((f.area_code, f.periode_start, f.maat, f.kenmerken))
        if found is None:
            inserts.append(
                {
                    "dataset_code": spec.code,
                    "area_code": f.area_code,
                    "niveau": spec.niveau,
                    "gemeente_code": f.gemeente_code,
                    "periode_start": f.periode_start,
                    "periode_soort": spec.periode,
                    "maat": f.maat,
                    "kenmerken": f.kenmerken,
                    "waarde": f.waarde,
                    "levering_id": run_id,
                }
            )
        elif math.isclose(found[1], f.waarde, rel_tol=1e-9, abs_tol=1e-9):
            unchanged += 1
        else:
            updates.append({"id": found[0], "waarde": f.waarde, "levering_id": run_id})
    if inserts:
        session.execute(insert(FactPartner), inserts)
    if updates:
        session.execute(update(FactPartner), updates)
    return len(inserts), len(updates), unchanged


def load_partner(
    factory: sessionmaker[Session],
    spec_path: Path,
    path: Path,
    *,
    max_reject_percent: float | None = None,
    today: dt.date | None = None,
) -> RunReport:
    """Load one partner delivery. Status 'geweigerd' means nothing was loaded."""
    path = Path(path)
    if max_reject_percent is None:
        max_reject_percent = DEFAULT_MAX_REJECT_PERCENT
    today = today or dt.date.today()
    report = RunReport("partner", path.name)
    try:
        spec = load_spec(Path(spec_path))
        report.source = spec.source
        table = read_table(path)
        positions, report.ignored_columns = resolve_columns(table, spec, path.name, today)
        rows = len(table.rows)
        report.read = rows * len(spec.maten)
        sha256 = file_sha256(path)
        with transaction(factory) as session:
            areas = area_gemeenten(session, spec.niveau)
            if not areas:
                raise RefusedFile(f"geen {spec.niveau}en geladen: laad eerst de CBS-gebieden")
            checked = validate(table, spec, positions, areas, today)
            report.rejections = checked.rejections
            report.message = _message(spec, rows, checked.missing)
            check_reject_share(report, max_reject_percent, path.name, considered=rows)
            if checked.figures:
                starts = [f.periode_start for f in checked.figures]
                report.period = (min(starts), _period_end(max(starts), spec.periode))
            upsert_dataset(session, spec)
            run = start_run(session, spec.source, path, sha256)
            report.inserted, report.updated, report.unchanged = load(
                session, spec, checked.figures, run.id
            )
            report.status = "geladen"
            finish_run(session, run, report)
    except RefusedFile as refusal:
        store_refusal(factory, report.source, path, report, refusal)
    return report


def _period_end(start: dt.date, granularity: str) -> dt.date:
    months = {"maand": 1, "kwartaal": 3, "jaar": 12}[granularity]
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _message(spec: PartnerSpec, rows: int, missing: int) -> str:
    parts = [
        f"dataset {spec.code} ({spec.naam}): {rows} rijen x {len(spec.maten)} maten "
        f"= {rows * len(spec.maten)} cijfers"
    ]
    if missing:
        parts.append(f"{missing} lege waarden niet opgeslagen")
    return "; ".join(parts)
