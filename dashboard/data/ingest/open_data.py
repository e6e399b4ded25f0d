"""The public police tables (CBS/Politie 47018NED yearly and 47022NED monthly registered crimes
per crime type and area) as aggregated facts, so that a municipality without the BVH extract
still gets figures.

Two layouts are recognised: the CBS download (SoortMisdrijf; WijkenEnBuurten; Perioden;
GeregistreerdeMisdrijven_1, codes padded with spaces, periods like 2023JJ00 / 2023MM04) and a
tidy table (buurtcode/wijkcode/gemeentecode, jaar, soort_misdrijf_code, geregistreerde_misdrijven).
Area codes are kept as delivered, also when they belong to another indeling than the map's:
the query layer places those at gemeente level instead of dropping them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, sessionmaker

from dashboard.data.db import transaction
from dashboard.data.ingest import personal
from dashboard.data.ingest.columns import normalise
from dashboard.data.ingest.report import RefusedFile, Rejection, RunReport, check_reject_share
from dashboard.data.ingest.runs import file_sha256, finish_run, start_run, store_refusal
from dashboard.data.ingest.tabular import Table, read_table
from dashboard.data.models import PREFIX_LEVEL, DimArea, FactCrimePeriod
from dashboard.data.reference.categories import load_categories

SOURCE = "politie-open-data"
MAX_REJECT_PERCENT = 5.0
MISSING = {"", ".", "-", "x", "?"}
AREA_RE = re.compile(r"^(BU\d{8}|WK\d{6}|GM\d{4})$")
PERIOD_RE = re.compile(r"^(\d{4})(JJ00|MM(0[1-9]|1[0-2]))$")

RAW_COLUMNS = {
    "soort": ("soortmisdrijf",),
    "gebied": ("wijkenenbuurten", "regios"),
    "periode": ("perioden",),
}
TIDY_COLUMNS = {
    "soort": ("soortmisdrijfcode", "soortmisdrijf"),
    "jaar": ("jaar",),
    "buurt": ("buurtcode",),
    "wijk": ("wijkcode",),
    "gemeente": ("gemeentecode",),
}


@dataclass
class Layout:
    soort: int
    count: int
    area: list[int]  # most specific first
    periode: int | None = None  # raw layout
    jaar: int | None = None  # tidy layout


def crime_type_codes() -> set[str]:
    return {"0.0.0"} | {c.soort_code for c in load_categories() if c.is_misdrijf}


def detect_layout(table: Table, filename: str) -> Layout:
    keys = [normalise(h) for h in table.header]

    def find(names) -> int | None:
        return next((i for i, k in enumerate(keys) if k in names), None)

    count = next((i for i, k in enumerate(keys) if k.startswith("geregistreerdemisdrijven")), None)
    if count is None:
        raise RefusedFile(f"{filename}: kolom GeregistreerdeMisdrijven ontbreekt")
    raw = {name: find(options) for name, options in RAW_COLUMNS.items()}
    if all(v is not None for v in raw.values()):
        return Layout(raw["soort"], count, [raw["gebied"]], periode=raw["periode"])
    tidy = {name: find(options) for name, options in TIDY_COLUMNS.items()}
    areas = [tidy[n] for n in ("buurt", "wijk", "gemeente") if tidy[n] is not None]
    if tidy["soort"] is not None and tidy["jaar"] is not None and areas:
        return Layout(tidy["soort"], count, areas, jaar=tidy["jaar"])
    raise RefusedFile(
        f"{filename}: geen politietabel herkend: verwacht SoortMisdrijf, WijkenEnBuurten, Perioden "
        "en GeregistreerdeMisdrijven (CBS-download) of gemeentecode/buurtcode, jaar, "
        "soort_misdrijf_code en geregistreerde_misdrijven"
    )


def unused_columns(table: Table, layout: Layout) -> list[int]:
    used = {layout.soort, layout.count, layout.periode, layout.jaar, *layout.area}
    return [i for i, header in enumerate(table.header) if header and i not in used]


def _period(layout: Layout, cells: list) -> tuple[str, dt.date]:
    if layout.periode is not None:
        text = str(cells[layout.periode]).strip()
        match = PERIOD_RE.match(text)
        if not match:
            raise ValueError("onbekende periode (verwacht bijvoorbeeld 2023JJ00 of 2023MM04)")
        year = int(match.group(1))
        if match.group(2) == "JJ00":
            return "jaar", dt.date(year, 1, 1)
        return "maand", dt.date(year, int(match.group(3)), 1)
    text = str(cells[layout.jaar]).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError("onleesbaar jaar")
    return "jaar", dt.date(int(text), 1, 1)


def parse_rows(table: Table, layout: Layout, region_gemeenten: set[str], known_soorten: set[str]):
    """Rows in the region as records; rejections for malformed rows; counts of rows outside the
    region and of secret/missing values (neither is an error in a national table)."""
    records, rejections = [], []
    outside = secret = 0
    for row, cells in table.rows:
        cells = list(cells) + [""] * (len(table.header) - len(cells))
        area = next(
            (str(cells[i]).strip().upper() for i in layout.area if str(cells[i]).strip()), ""
        )
        if area.startswith("NL"):
            outside += 1  # the national total
            continue
        if not AREA_RE.match(area):
            rejections.append(Rejection(row, "gebied", "ongeldige gebiedscode", area))
            continue
        gemeente = "GM" + area[2:6]
        if gemeente not in region_gemeenten:
            outside += 1
            continue
        soort = str(cells[layout.soort]).strip()
        if soort not in known_soorten:
            rejections.append(Rejection(row, "soort_misdrijf", "onbekende soort misdrijf", soort))
            continue
        try:
            kind, start = _period(layout, cells)
        except ValueError as exc:
            rejections.append(
                Rejection(row, "periode", str(exc), str(cells[layout.periode or layout.jaar]))
            )
            continue
        raw_count = str(cells[layout.count]).strip()
        if raw_count in MISSING:
            secret += 1
            continue
        if not raw_count.isdigit():
            rejections.append(Rejection(row, "geregistreerde_misdrijven", "geen aantal", raw_count))
            continue
        records.append(
            {
                "area_code": area,
                "niveau": PREFIX_LEVEL[area[:2]],
                "gemeente_code": gemeente,
                "periode_soort": kind,
                "periode_start": start,
                "soort_code": soort,
                "aantal": int(raw_count),
                "_row": row,
            }
        )
    return records, rejections, outside, secret


def load_open_data(factory: sessionmaker[Session], path: Path) -> RunReport:
    path = Path(path)
    report = RunReport(SOURCE, path.name)
    try:
        table = read_table(path)
        report.read = len(table.rows)
        layout = detect_layout(table, path.name)
        personal.refuse_by_values(table, unused_columns(table, layout), path.name)
        with transaction(factory) as session:
            region = set(session.scalars(select(DimArea.code).where(DimArea.niveau == "gemeente")))
            if not region:
                raise RefusedFile("geen gemeenten geladen: laad eerst de CBS-gebieden")
            records, report.rejections, outside, secret = parse_rows(
                table, layout, region, crime_type_codes()
            )
            _drop_duplicates(records, report)
            considered = report.read - outside
            if considered == 0:
                raise RefusedFile(f"{path.name}: geen rijen voor gemeenten van deze regio")
            check_reject_share(report, MAX_REJECT_PERCENT, path.name, considered=considered)
            run = start_run(session, SOURCE, path, file_sha256(path))
            report.inserted, report.updated, report.unchanged = _upsert(session, records, run.id)
            if records:
                starts = [r["periode_start"] for r in records]
                report.period = (
                    min(starts),
                    _period_end(max(records, key=lambda r: r["periode_start"])),
                )
            report.message = (
                f"{outside} rijen buiten de regio overgeslagen; {secret} geheime of ontbrekende "
                "aantallen niet opgeslagen (geen 0)"
            )
            report.status = "geladen"
            finish_run(session, run, report)
    except RefusedFile as refusal:
        store_refusal(factory, SOURCE, path, report, refusal)
    return report


def _period_end(record: dict) -> dt.date:
    start = record["periode_start"]
    if record["periode_soort"] == "jaar":
        return dt.date(start.year, 12, 31)
    return (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()


def _drop_duplicates(records: list[dict], report: RunReport) -> None:
    seen: set[tuple] = set()
    kept = []
    for record in records:
        key = (
            record["area_code"],
            record["periode_soort"],
            record["periode_start"],
            record["soort_code"],
        )
        if key in seen:
            report.rejections.append(
                Rejection(record["_row"], "gebied", "dubbele rij in bestand", record["area_code"])
            )
            continue
        seen.add(key)
        kept.append(record)
    records[:] = kept


def _upsert(session: Session, records: list[dict], run_id: int) -> tuple[int, int, int]:
    """Replace the figures of the delivered (area, period, type) keys; count what changed."""
    if not records:
        return 0, 0, 0
    frame = pd.DataFrame(records).drop(columns="_row")
    existing = pd.DataFrame(
        session.execute(
            select(
                FactCrimePeriod.id,
                FactCrimePeriod.area_code,
                FactCrimePeriod.periode_soort,
                FactCrimePeriod.periode_start,
                FactCrimePeriod.soort_code,
                FactCrimePeriod.aantal,
            ).where(FactCrimePeriod.periode_start.in_(sorted(frame["periode_start"].unique())))
        ).all(),
        columns=["id", "area_code", "periode_soort", "periode_start", "soort_code", "aantal_oud"],
    )
    keys = ["area_code", "periode_soort", "periode_start", "soort_code"]
    merged = frame.merge(existing, on=keys, how="left")
    new = merged["id"].isna()
    same = ~new & (merged["aantal"] == merged["aantal_oud"])
    changed = merged[~new & ~same]
    if len(changed):
        session.execute(
            delete(FactCrimePeriod).where(
                FactCrimePeriod.id.in_(changed["id"].astype(int).tolist())
            )
        )
    to_insert = pd.concat([merged[new], changed])[list(frame.columns)].assign(levering_id=run_id)
    rows = to_insert.to_dict("records")
    for start in range(0, len(rows), 10_000):
        session.execute(insert(FactCrimePeriod), rows[start : start + 10_000])
    return int(new.sum()), len(changed), int(same.sum())
