"""The Veiligheidsmonitor (CBS survey of perceived safety): parse -> validate -> load, one
transaction per file.

Two layouts are accepted. Long: one figure per row (gebiedscode, jaar, indicator, waarde, n).
Wide: one row per area and year with one column per indicator (no indicator/waarde columns).
Rules: an unknown area, an impossible year or sample size, a percentage outside 0-100 for an
indicator named "... (%)" and a second figure for the same (area, jaar, indicator) are rejected
with their row number; empty and CBS secret values are not stored (they are counted in the
report); above the allowed reject share the whole file is refused. Figures are upserted on
(area_code, jaar, indicator), so loading a file twice changes nothing.

``read`` in the report counts figures (in the wide layout: rows x indicator columns), so that
read = inserted + updated + unchanged + rejected + missing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from dashboard.analysis.survey import is_percentage
from dashboard.data.db import transaction
from dashboard.data.ingest import personal
from dashboard.data.ingest.columns import normalise
from dashboard.data.ingest.fields import parse_decimal
from dashboard.data.ingest.mapping import DEFAULT_MAX_REJECT_PERCENT
from dashboard.data.ingest.report import RefusedFile, Rejection, RunReport, check_reject_share
from dashboard.data.ingest.runs import file_sha256, finish_run, start_run, store_refusal
from dashboard.data.ingest.tabular import Table, read_table
from dashboard.data.models import DimArea, FactSurvey

SOURCE = "veiligheidsmonitor"
EARLIEST_YEAR = 1990
INDICATOR_MAX = 200  # the column width of fact_survey.indicator
SURVEY_LEVELS = ("regio", "gemeente", "wijk")

# Area code columns, most specific first: with both a wijkcode and a gemeentecode column, a row
# that fills the wijkcode is a wijk figure and a row that leaves it empty a gemeente figure.
CODE_COLUMNS = {
    "gebied": {"gebiedscode", "gebied", "code", "areacode", "regios", "wijkenenbuurten"},
    "wijk": {"wijkcode", "codewijk"},
    "gemeente": {"gemeentecode", "codegemeente"},
    "regio": {"regiocode", "coderegio"},
}
FIELD_COLUMNS = {
    "jaar": {"jaar", "perioden", "periode", "meetjaar", "peiljaar"},
    "n": {"n", "aantalrespondenten", "respondenten", "steekproefomvang", "aantalwaarnemingen"},
    "indicator": {"indicator", "onderwerp", "indicatornaam"},
    "waarde": {"waarde", "value"},
}
# Names that come along with the codes; never indicator columns in the wide layout.
NAME_COLUMNS = {
    "naam",
    "gebiedsnaam",
    "gemeentenaam",
    "wijknaam",
    "regionaam",
    "soortregio",
    "niveau",
    "gebiedsniveau",
    "gemeente",
    "wijk",
    "regio",
}
# Empty, CBS "." (unknown/secret), "x" (secret), the KWB secret numbers, and "-".
MISSING = {"", ".", "x", "-", "?", "geheim", "-99999999", "-99999997"}
_YEAR = re.compile(r"^(\d{4})(?:JJ00)?(?:\.0+)?$")
_BARE_DIGITS = {"gemeente": ("GM", 4), "wijk": ("WK", 6)}


@dataclass
class Layout:
    codes: list[tuple[str, int]]  # (code kind, column position), most specific first
    jaar: int
    n: int | None
    long: bool
    indicator: int | None = None
    waarde: int | None = None
    indicators: list[tuple[int, str]] = field(default_factory=list)  # wide: (position, name)
    ignored: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        """Figures per row."""
        return 1 if self.long else len(self.indicators)


@dataclass(frozen=True)
class Figure:
    row: int
    area_code: str
    jaar: int
    indicator: str
    waarde: float
    n: int | None


# --- parse ------------------------------------------------------------------------------------


def _kind(key: str) -> str | None:
    for kind, names in CODE_COLUMNS.items():
        if key in names:
            return f"code:{kind}"
    return next((name for name, names in FIELD_COLUMNS.items() if key in names), None)


def resolve_layout(table: Table, filename: str) -> Layout:
    """Which column holds what, and whether the file is long or wide; refuses what cannot load."""
    found: dict[str, int] = {}
    others: list[tuple[int, str]] = []
    for position, header in enumerate(table.header):
        key = normalise(header)
        if not key:
            continue
        kind = _kind(key)
        if kind is None:
            others.append((position, header))
            continue
        if kind in found:
            raise RefusedFile(
                f"{filename}: kolommen {table.header[found[kind]]!r} en {header!r} "
                f"betekenen hetzelfde ({kind.removeprefix('code:')}); laat er één staan"
            )
        found[kind] = position
    codes = [(k, found[f"code:{k}"]) for k in CODE_COLUMNS if f"code:{k}" in found]
    missing = [] if codes else ["gebiedscode"]
    if "jaar" not in found:
        missing.append("jaar")
    long = "indicator" in found or "waarde" in found
    if long:
        missing += [f for f in ("indicator", "waarde") if f not in found]
    if missing:
        raise RefusedFile(
            f"{filename}: kolom ontbreekt: {', '.join(missing)} "
            f"(gevonden: {', '.join(h for h in table.header if h)})"
        )
    # Wide files turn unknown columns into indicators, whose rejected cells would be kept with
    # their value: personal data is refused before any of that.
    personal.refuse_by_values(
        table, [p for p, _ in others], filename, label_headers=frozenset(NAME_COLUMNS)
    )
    layout = Layout(codes, found["jaar"], found.get("n"), long)
    if long:
        layout.indicator, layout.waarde = found["indicator"], found["waarde"]
        layout.ignored = [h for _, h in others]
        return layout
    return _wide_columns(layout, others, filename)


def _wide_columns(layout: Layout, others: list[tuple[int, str]], filename: str) -> Layout:
    seen: set[str] = set()
    for position, header in others:
        if normalise(header) in NAME_COLUMNS:
            layout.ignored.append(header)
            continue
        name = indicator_name(header)
        if name.casefold() in seen:
            raise RefusedFile(f"{filename}: indicator {name!r} staat twee keer als kolom")
        seen.add(name.casefold())
        layout.indicators.append((position, name))
    if not layout.indicators:
        raise RefusedFile(
            f"{filename}: geen indicatoren gevonden: verwacht de kolommen indicator en waarde, "
            "of één kolom per indicator"
        )
    return layout


def indicator_name(text) -> str:
    return " ".join(str(text).split())


def is_missing(value) -> bool:
    return str(value).strip().casefold() in MISSING


def parse_code(value, kind: str) -> str | None:
    text = str(value).strip().upper().replace(" ", "")
    if not text:
        return None
    if kind in _BARE_DIGITS and text.isdigit():
        prefix, width = _BARE_DIGITS[kind]
        if len(text) <= width:
            return prefix + text.zfill(width)
    return text


def parse_year(value, today: dt.date) -> int:
    match = _YEAR.match(str(value).strip().upper())
    if not match:
        raise ValueError("ongeldig jaar")
    year = int(match.group(1))
    if not EARLIEST_YEAR <= year <= today.year:
        raise ValueError("jaar buiten bereik")
    return year


def parse_value(value) -> float:
    """A number with a decimal comma or point; a trailing % sign is allowed."""
    return parse_decimal(str(value).strip().removesuffix("%"))


def parse_n(value) -> int | None:
    if is_missing(value):
        return None
    text = str(value).strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # Dutch thousands separator
    try:
        number = float(text.replace(",", "."))
    except ValueError as exc:
        raise ValueError("ongeldige steekproefomvang (n)") from exc
    if not number.is_integer() or number < 1:
        raise ValueError("ongeldige steekproefomvang (n)")
    return int(number)


# --- validate ---------------------------------------------------------------------------------


class _Reject(Exception):
    def __init__(self, field_name: str, reason: str, value):
        super().__init__(reason)
        self.field, self.reason, self.value = field_name, reason, value


@dataclass
class Checked:
    figures: list[Figure] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    missing: int = 0


def _cell(cells: list, position: int | None):
    if position is None or position >= len(cells):
        return ""
    value = cells[position]
    return value.isoformat() if isinstance(value, dt.date | dt.time) else value


def _row_key(cells: list, layout: Layout, codes: set[str], today: dt.date) -> tuple:
    """Area, year and sample size of a row, or _Reject for the row as a whole."""
    raw_code, area = "", None
    for kind, position in layout.codes:
        raw_code = _cell(cells, position)
        area = parse_code(raw_code, kind)
        if area:
            break
    if not area:
        raise _Reject("gebiedscode", "geen gebiedscode", "")
    if area not in codes:
        raise _Reject("gebiedscode", "onbekend gebied (verwacht gemeente, wijk of regio)", raw_code)
    raw_year = _cell(cells, layout.jaar)
    try:
        year = parse_year(raw_year, today)
    except ValueError as exc:
        raise _Reject("jaar", str(exc), raw_year) from exc
    raw_n = _cell(cells, layout.n)
    try:
        n = parse_n(raw_n)
    except ValueError as exc:
        raise _Reject("n", str(exc), raw_n) from exc
    return area, year, n


def _pairs(cells: list, layout: Layout) -> list[tuple[str, str, object]]:
    """(indicator, field name for messages, raw value) of every figure in a row."""
    if layout.long:
        indicator = indicator_name(_cell(cells, layout.indicator))
        return [(indicator, "waarde", _cell(cells, layout.waarde))]
    return [(name, name, _cell(cells, position)) for position, name in layout.indicators]


def _check_indicator(indicator: str) -> None:
    if not indicator:
        raise _Reject("indicator", "geen indicator", "")
    if len(indicator) > INDICATOR_MAX:
        raise _Reject("indicator", f"indicatornaam langer dan {INDICATOR_MAX} tekens", indicator)


def _figure(row: int, key: tuple, indicator: str, field_name: str, raw) -> Figure:
    area, year, n = key
    try:
        value = parse_value(raw)
    except ValueError as exc:
        raise _Reject(field_name, str(exc), raw) from exc
    if is_percentage(indicator) and not 0 <= value <= 100:
        raise _Reject(field_name, "percentage buiten 0-100", raw)
    return Figure(row, area, year, indicator, value, n)


def _rejection(row: int, reject: _Reject) -> Rejection:
    return Rejection(row, reject.field, reject.reason, str(reject.value))


def validate(table: Table, layout: Layout, codes: set[str], today: dt.date) -> Checked:
    out = Checked()
    seen: set[tuple[str, int, str]] = set()
    for row, cells in table.rows:
        pairs = _pairs(cells, layout)
        try:
            key = _row_key(cells, layout, codes, today)
        except _Reject as reject:
            # Every figure of the row is lost, so every one counts against the reject share.
            out.rejections += [_rejection(row, reject)] * len(pairs)
            continue
        for indicator, field_name, raw in pairs:
            identity = (key[0], key[1], indicator.casefold())
            try:
                _check_indicator(indicator)
                if identity in seen:
                    raise _Reject("indicator", "dubbel in bestand (gebied, jaar)", indicator)
                seen.add(identity)
                if is_missing(raw):
                    out.missing += 1
                    continue
                out.figures.append(_figure(row, key, indicator, field_name, raw))
            except _Reject as reject:
                out.rejections.append(_rejection(row, reject))
    return out


# --- load -------------------------------------------------------------------------------------


def survey_codes(session: Session) -> set[str]:
    """Codes a survey figure may belong to: every region, gemeente and wijk of any indeling."""
    return set(session.scalars(select(DimArea.code).where(DimArea.niveau.in_(SURVEY_LEVELS))))


def _same(figure: Figure, waarde: float | None, n: int | None) -> bool:
    if waarde is None or not math.isclose(figure.waarde, waarde, rel_tol=1e-9, abs_tol=1e-9):
        return False
    return figure.n == n


def load(session: Session, figures: list[Figure]) -> tuple[int, int, int]:
    """Upsert on (area_code, jaar, indicator); returns (inserted, updated, unchanged)."""
    if not figures:
        return 0, 0, 0
    existing = {
        (area, jaar, indicator): (row_id, waarde, n)
        for row_id, area, jaar, indicator, waarde, n in session.execute(
            select(
                FactSurvey.id,
                FactSurvey.area_code,
                FactSurvey.jaar,
                FactSurvey.indicator,
                FactSurvey.waarde,
                FactSurvey.n,
            ).where(
                FactSurvey.area_code.in_({f.area_code for f in figures}),
                FactSurvey.jaar.in_({f.jaar for f in figures}),
            )
        )
    }
    inserts, updates, unchanged = [], [], 0
    for f in figures:
        found = existing.get((f.area_code, f.jaar, f.indicator))
        if found is None:
            inserts.append(
                {
                    "area_code": f.area_code,
                    "jaar": f.jaar,
                    "indicator": f.indicator,
                    "waarde": f.waarde,
                    "n": f.n,
                }
            )
        elif _same(f, found[1], found[2]):
            unchanged += 1
        else:
            updates.append({"id": found[0], "waarde": f.waarde, "n": f.n})
    if inserts:
        session.execute(insert(FactSurvey), inserts)
    if updates:
        session.execute(update(FactSurvey), updates)
    return len(inserts), len(updates), unchanged


def load_veiligheidsmonitor(
    factory: sessionmaker[Session],
    path: Path,
    *,
    max_reject_percent: float | None = None,
    today: dt.date | None = None,
) -> RunReport:
    """Load one Veiligheidsmonitor file. Status 'geweigerd' means nothing was loaded."""
    path = Path(path)
    if max_reject_percent is None:
        max_reject_percent = DEFAULT_MAX_REJECT_PERCENT
    report = RunReport(SOURCE, path.name)
    today = today or dt.date.today()
    try:
        table = read_table(path)
        layout = resolve_layout(table, path.name)
        report.read = len(table.rows) * layout.width
        report.ignored_columns = layout.ignored
        sha256 = file_sha256(path)
        with transaction(factory) as session:
            codes = survey_codes(session)
            if not codes:
                raise RefusedFile("geen gebieden geladen: laad eerst de CBS-gebieden")
            checked = validate(table, layout, codes, today)
            report.rejections = checked.rejections
            report.message = _message(layout, len(table.rows), checked.missing)
            check_reject_share(report, max_reject_percent, path.name, unit="cijfers")
            if checked.figures:
                years = [f.jaar for f in checked.figures]
                report.period = (dt.date(min(years), 1, 1), dt.date(max(years), 12, 31))
            run = start_run(session, SOURCE, path, sha256)
            report.inserted, report.updated, report.unchanged = load(session, checked.figures)
            report.status = "geladen"
            finish_run(session, run, report)
    except RefusedFile as refusal:
        store_refusal(factory, SOURCE, path, report, refusal)
    return report


def _message(layout: Layout, rows: int, missing: int) -> str:
    parts = []
    if not layout.long:
        parts.append(
            f"breed formaat: {rows} rijen x {len(layout.indicators)} indicatoren "
            f"= {rows * len(layout.indicators)} cijfers"
        )
    if missing:
        parts.append(f"{missing} lege of geheime waarden (leeg, '.', 'x') niet opgeslagen")
    if layout.n is None:
        parts.append("geen kolom n: zonder steekproefomvang wordt geen marge getoond")
    return "; ".join(parts)
