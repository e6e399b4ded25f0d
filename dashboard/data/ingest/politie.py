"""The weekly police extract (BVH): parse -> validate -> load, one transaction per file.

Rules: a personal-data column, recognised by its header or by its values (personal.py), stops
the load (unless the mapping file drops it under [verwijderen]); a code cell may hold the MK code
or exactly one description of the code list; rows with an unknown code, an impossible date, an
unknown buurt (the reason says whose buurt it is) or no location are rejected and kept with
their row number, field and reason; when more than the allowed share is rejected the whole file
is refused; a registration already loaded is updated by its number, never duplicated.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dashboard.data.db import transaction
from dashboard.data.ingest import fields as parse
from dashboard.data.ingest import personal
from dashboard.data.ingest.columns import field_for, normalise
from dashboard.data.ingest.locate import BuurtLocator
from dashboard.data.ingest.mapping import Mapping, load_mapping
from dashboard.data.ingest.report import RefusedFile, Rejection, RunReport, check_reject_share
from dashboard.data.ingest.runs import file_sha256, finish_run, start_run, store_refusal
from dashboard.data.ingest.tabular import Table, read_table
from dashboard.data.models import DimArea, DimCategory, FactIncident
from dashboard.data.ops import aggregate_refresh, loading
from dashboard.data.queries import areas as area_queries
from dashboard.data.reference.gemeenten import load_gemeenten

SOURCE = "politie"
REQUIRED = ("registratienummer", "mk_code", "datum")
COMPARED = ("pleegdatum", "uur", "buurt_code", "mk_code")
LOOKUP_CHUNK = 5_000
BAD_CODE = (
    "ongeldige incidentcode (verwacht: een MK-code zoals F550, eventueel gevolgd door de "
    "omschrijving)"
)


@dataclass
class Columns:
    index: dict[str, int]  # field -> column position
    dropped: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def resolve_columns(table: Table, mapping: Mapping, filename: str) -> Columns:
    """Which column holds which field; refuses personal data and missing fields."""
    explicit = {header: f for f, header in mapping.columns.items()}
    columns = Columns(index={})
    keys = [normalise(h) for h in table.header]
    unclaimed: list[int] = []
    # Columns named in the mapping file win over columns recognised by their header.
    for position, key in enumerate(keys):
        if key in explicit:
            columns.index[explicit[key]] = position
    for position, (header, key) in enumerate(zip(table.header, keys, strict=True)):
        if not key or key in explicit:
            continue
        if key in mapping.drop:
            columns.dropped.append(header)
            continue
        name = field_for(header)
        if name and name in mapping.columns:
            unclaimed.append(position)
            continue
        if name:
            if name in columns.index:
                raise RefusedFile(
                    f"{filename}: kolommen {table.header[columns.index[name]]!r} en {header!r} "
                    f"bevatten allebei het veld {name}; wijs er één aan in het mappingbestand"
                )
            columns.index[name] = position
            continue
        unclaimed.append(position)
    _refuse_personal(table, columns, unclaimed, mapping, filename)
    columns.ignored = [table.header[p] for p in unclaimed]
    missing_explicit = set(explicit) - set(keys)
    if missing_explicit:
        raise RefusedFile(
            f"{filename}: kolom {sorted(missing_explicit)[0]!r} uit het mappingbestand "
            "staat niet in het bestand"
        )
    missing = [f for f in REQUIRED if f not in columns.index]
    if "buurt" not in columns.index and not {"x", "y"} <= set(columns.index):
        missing.append("buurt (of x en y)")
    if missing:
        raise RefusedFile(
            f"{filename}: kolom ontbreekt: {', '.join(missing)} "
            f"(gevonden: {', '.join(h for h in table.header if h)})"
        )
    return columns


def _refuse_personal(
    table: Table, columns: Columns, positions: list[int], mapping: Mapping, filename: str
) -> None:
    """A column that no field claims is only ignored when it holds no personal data (by its
    header or its values); otherwise the whole file is refused before anything is stored."""
    if not positions:
        return
    dates = _incident_dates(table, columns, mapping)
    for position in positions:
        finding = personal.check_column(table, position, incident_dates=dates)
        if finding:
            header = table.header[position]
            raise personal.refusal(
                filename,
                header,
                finding,
                "Haal de kolom uit het bestand, of zet hem in het mappingbestand onder "
                f"[verwijderen] (kolommen = [{json.dumps(header, ensure_ascii=False)}]) zodat "
                "hij vóór opslag wordt weggelaten, en lever opnieuw.",
            )


def _incident_dates(table: Table, columns: Columns, mapping: Mapping) -> dict[int, dt.date]:
    """The incident date per row, so that a date column decades earlier reads as a birth date."""
    position = columns.index.get("datum")
    dates: dict[int, dt.date] = {}
    if position is None:
        return dates
    for row, cells in table.rows[: personal.SAMPLE_ROWS]:
        if position < len(cells):
            with suppress(ValueError):
                dates[row] = parse.parse_date(cells[position], mapping.date_format)
    return dates


@dataclass
class Reference:
    codes: set[str]
    buurt_gemeente: dict[str, str]
    locator_factory: object
    today: dt.date
    # normalised MK description -> the codes it describes (one, or several when ambiguous)
    descriptions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    region_name: str = "de regio"
    region_gemeenten: dict[str, str] = field(default_factory=dict)  # code -> name


def named_buurten(table: Table, columns: Columns) -> set[str]:
    """The buurt codes a delivery names (cells that are no buurt code are left to validate(),
    which rejects them with file, row and field)."""
    position = columns.index.get("buurt")
    found: set[str] = set()
    if position is None:
        return found
    for _, cells in table.rows:
        if position < len(cells):
            with suppress(ValueError):
                found.add(parse.parse_buurt(cells[position]))
    found.discard(None)
    return found


def has_buurten(session: Session) -> bool:
    query = select(DimArea.code).where(DimArea.niveau == "buurt").limit(1)
    return session.scalar(query) is not None


def reference_data(session: Session, today: dt.date, buurt_codes: set[str]) -> Reference:
    """The codes and the named buurten to check a delivery against: a weekly delivery reads its
    own few hundred buurten, not every buurt of the country."""
    categories = session.execute(select(DimCategory.mk_code, DimCategory.mk_omschrijving)).all()
    parents = loading.buurt_parents(session, sorted(buurt_codes))
    buurten = dict(zip(parents["buurt_code"], parents["gemeente_code"], strict=True))
    # Only for the buurten the indeling does not know: their gemeente, in the region or not,
    # and the region's name when one lies outside it (a weekly delivery usually needs neither).
    unknown = sorted({"GM" + code[2:6] for code in buurt_codes - set(buurten)})
    gemeenten = (
        session.execute(
            select(DimArea.code, DimArea.naam)
            .where(DimArea.niveau == "gemeente", DimArea.code.in_(unknown))
            .distinct()
        ).all()
        if unknown
        else []
    )
    outside = set(unknown) - {code for code, _ in gemeenten}
    region = area_queries.region(session) if outside & set(load_gemeenten()) else None
    return Reference(
        codes={code for code, _ in categories},
        buurt_gemeente=buurten,
        locator_factory=lambda: BuurtLocator.from_database(session),
        today=today,
        descriptions=describe_codes(categories),
        region_name=region.naam if region else "de regio",
        region_gemeenten=dict(gemeenten),
    )


def describe_codes(categories) -> dict[str, tuple[str, ...]]:
    """Normalised description -> codes, so that a column with only "Diefstal fiets" still
    finds A72; a description shared by several codes maps to all of them (and is refused)."""
    found: dict[str, list[str]] = {}
    for code, description in categories:
        found.setdefault(parse.normalise_description(description), []).append(code)
    return {key: tuple(sorted(codes)) for key, codes in found.items()}


def validate(
    table: Table, columns: Columns, mapping: Mapping, ref: Reference
) -> tuple[pd.DataFrame, list[Rejection]]:
    """Valid registrations as a frame, and a rejection for every other row."""
    idx = columns.index
    rejections: list[Rejection] = []
    records: list[dict] = []
    pending_xy: list[tuple[int, dict, float, float]] = []
    seen: set[str] = set()

    def cell(cells: list, name: str):
        position = idx.get(name)
        if position is None or position >= len(cells):
            return ""
        return cells[position]

    for row, cells in table.rows:
        try:
            number = str(cell(cells, "registratienummer")).strip()
            if not number:
                raise _Reject("registratienummer", "geen registratienummer", "")
            if len(number) > 64:
                raise _Reject("registratienummer", "registratienummer te lang", number[:64])
            if number in seen:
                raise _Reject("registratienummer", "dubbel registratienummer in bestand", number)
            raw_code = cell(cells, "mk_code")
            code = _code(raw_code, ref)
            raw_date = cell(cells, "datum")
            day = _parsed(lambda v: parse.parse_date(v, mapping.date_format), raw_date, "datum")
            _parsed(lambda d: parse.check_date_range(d, ref.today), day, "datum")
            hour = _parsed(parse.parse_hour, cell(cells, "tijd"), "tijd")
            record = {
                "registratienummer": number,
                "pleegdatum": day,
                "uur": hour,
                "mk_code": code,
                "buurt_code": None,
            }
            raw_buurt = cell(cells, "buurt")
            buurt = _parsed(parse.parse_buurt, raw_buurt, "buurt")
            gemeente = parse.parse_gemeente(cell(cells, "gemeente"))
            if buurt:
                if buurt not in ref.buurt_gemeente:
                    raise _Reject("buurt", unknown_buurt(buurt, ref), raw_buurt)
                if gemeente and ref.buurt_gemeente[buurt] != gemeente:
                    raise _Reject(
                        "gemeente", "gemeente past niet bij de buurt", cell(cells, "gemeente")
                    )
                record["buurt_code"] = buurt
            else:
                x = _parsed(parse.parse_coordinate, cell(cells, "x"), "x")
                y = _parsed(parse.parse_coordinate, cell(cells, "y"), "y")
                if x is None or y is None:
                    raise _Reject("buurt", "geen locatie (geen buurt en geen coördinaten)", "")
                pending_xy.append((row, record, x, y))
        except _Reject as reject:
            value = None if reject.field in ("x", "y") else _text(reject.value)
            rejections.append(Rejection(row, reject.field, reject.reason, value))
            continue
        seen.add(number)
        if record["buurt_code"]:
            records.append(record)

    if pending_xy:
        records += _locate(pending_xy, mapping, ref, rejections)
    frame = pd.DataFrame(
        records, columns=["registratienummer", "pleegdatum", "uur", "mk_code", "buurt_code"]
    )
    frame["uur"] = frame["uur"].astype("Int64")
    return frame, sorted(rejections, key=lambda r: r.row)


def _code(raw, ref: Reference) -> str:
    """The MK code of a cell: "F550", "F550 Eenvoudige mishandeling", or a description that
    names exactly one code of the list."""
    try:
        code = parse.parse_code(raw)
    except ValueError:
        codes = ref.descriptions.get(parse.normalise_description(raw), ())
        if len(codes) > 1:
            raise _Reject(
                "mk_code",
                f"omschrijving past bij meer dan één code ({', '.join(codes)}): geef de MK-code",
                raw,
            ) from None
        if not codes:
            raise _Reject("mk_code", BAD_CODE, raw) from None
        return codes[0]
    if code not in ref.codes:
        raise _Reject("mk_code", "onbekende incidentcode", raw)
    return code


def unknown_buurt(buurt: str, ref: Reference) -> str:
    """Why a buurt code is not in the region: the code holds its gemeente (BUggggwwbb), so the
    reason says whose buurt it is, naming the buurt so that the report's summary line can be
    acted on without opening the rejected rows."""
    code = "GM" + buurt[2:6]
    if code in ref.region_gemeenten:
        return f"onbekende buurt {buurt} in {ref.region_gemeenten[code]}"
    known = load_gemeenten()
    if code in known:
        where = known[code].describe(known)
        return f"buurt {buurt} hoort bij {where}, buiten regio {ref.region_name}"
    return f"onbekende buurt {buurt} (gemeente {code} bestaat niet)"


def _locate(pending, mapping: Mapping, ref: Reference, rejections: list[Rejection]) -> list[dict]:
    locator = ref.locator_factory()
    x = np.array([p[2] for p in pending])
    y = np.array([p[3] for p in pending])
    buurten = locator.locate(x, y, mapping.crs)
    located = []
    for (row, record, _, _), buurt in zip(pending, buurten, strict=True):
        if not buurt:
            # The coordinates themselves are not kept, not even in the rejection.
            rejections.append(Rejection(row, "x", "coördinaten buiten de buurten van de regio"))
            continue
        record["buurt_code"] = buurt
        located.append(record)
    return located


class _Reject(Exception):
    def __init__(self, field_name: str, reason: str, value):
        super().__init__(reason)
        self.field, self.reason, self.value = field_name, reason, value


def _parsed(parser, value, field_name: str, reason: str | None = None):
    try:
        return parser(value)
    except ValueError as exc:
        raise _Reject(field_name, reason or str(exc), value) from exc


def _text(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date | dt.time) else str(value)


# --- load -------------------------------------------------------------------------------------


def existing_registrations(session: Session, numbers: list[str]) -> pd.DataFrame:
    frames = []
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        chunk = numbers[start : start + LOOKUP_CHUNK]
        rows = session.execute(
            select(
                FactIncident.id,
                FactIncident.registratienummer,
                *[getattr(FactIncident, c) for c in COMPARED],
            ).where(FactIncident.registratienummer.in_(chunk))
        ).all()
        frames.append(pd.DataFrame(rows, columns=["id", "registratienummer", *COMPARED]))
    if not frames:
        return pd.DataFrame(columns=["id", "registratienummer", *COMPARED])
    return pd.concat(frames, ignore_index=True)


def load(session: Session, frame: pd.DataFrame, run_id: int) -> tuple[int, int, int]:
    """Insert new registrations, update changed ones; returns (inserted, updated, unchanged)."""
    if frame.empty:
        return 0, 0, 0
    existing = existing_registrations(session, frame["registratienummer"].tolist())
    merged = frame.merge(existing, on="registratienummer", how="left", suffixes=("", "_oud"))
    is_new = merged["id"].isna()
    same = pd.Series(True, index=merged.index)
    for column in COMPARED:
        new, old = merged[column], merged[f"{column}_oud"]
        same &= (new == old) | (new.isna() & old.isna())
    changed = ~is_new & ~same
    inserted = merged[is_new]
    updated = merged[changed]
    loading.ensure_dates(session, frame["pleegdatum"].min(), frame["pleegdatum"].max())
    loading.insert_incidents(session, inserted[list(frame.columns)], run_id)
    loading.update_incidents(session, updated[["id", *frame.columns]], run_id)
    months = set(pd.to_datetime(inserted["pleegdatum"]).dt.to_period("M"))
    months |= set(pd.to_datetime(updated["pleegdatum"]).dt.to_period("M"))
    months |= set(pd.to_datetime(updated["pleegdatum_oud"]).dt.to_period("M"))
    for month in sorted(months):
        aggregate_refresh.refresh_aggregates(
            session, month.start_time.date(), month.end_time.date()
        )
    return int(is_new.sum()), int(changed.sum()), int((~is_new & same).sum())


def run_politie(
    factory: sessionmaker[Session],
    path: Path,
    *,
    mapping_path: Path | None = None,
    max_reject_percent: float | None = None,
    today: dt.date | None = None,
) -> RunReport:
    """Load one delivery. Returns the report; status 'geweigerd' means nothing was loaded."""
    path = Path(path)
    report = RunReport(SOURCE, path.name)
    today = today or dt.date.today()
    try:
        mapping = load_mapping(mapping_path, max_reject_percent)
        table = read_table(path)
        report.read = len(table.rows)
        columns = resolve_columns(table, mapping, path.name)
        report.dropped_columns, report.ignored_columns = columns.dropped, columns.ignored
        sha256 = file_sha256(path)
        with transaction(factory) as session:
            # The category mapping ships with the package: bring the table up to date first,
            # so a new database (or an edited mapping) needs no separate step.
            loading.sync_categories(session)
            if not has_buurten(session):
                raise RefusedFile("geen buurten geladen: laad eerst de CBS-gebieden")
            ref = reference_data(session, today, named_buurten(table, columns))
            frame, report.rejections = validate(table, columns, mapping, ref)
            check_reject_share(report, mapping.max_reject_percent, path.name)
            if not frame.empty:
                report.period = (frame["pleegdatum"].min(), frame["pleegdatum"].max())
            run = start_run(session, SOURCE, path, sha256)
            report.inserted, report.updated, report.unchanged = load(session, frame, run.id)
            report.status = "geladen"
            finish_run(session, run, report)
    except RefusedFile as refusal:
        store_refusal(factory, SOURCE, path, report, refusal)
    return report
