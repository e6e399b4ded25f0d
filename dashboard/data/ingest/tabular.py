"""Reading a delivered table (CSV or XLSX) into a header and rows of text, keeping the file's
own row numbers so that every message can point at the row a person sees in Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dashboard.data.ingest.report import RefusedFile

ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = (";", ",", "\t")


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list]]  # (row number in the file, cells)
    encoding: str | None = None
    delimiter: str | None = None


def read_table(path: Path) -> Table:
    path = Path(path)
    if not path.is_file():
        raise RefusedFile(f"{path}: bestand niet gevonden")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt", ""):
        return _read_csv(path)
    raise RefusedFile(f"{path.name}: onbekend bestandstype {suffix!r} (verwacht .csv of .xlsx)")


def _decode(path: Path) -> tuple[str, str]:
    raw = path.read_bytes()
    if raw.startswith(b"PK\x03\x04"):
        raise RefusedFile(f"{path.name}: dit is een Excel-bestand; geef het de extensie .xlsx")
    if b"\x00" in raw[:4096]:
        raise RefusedFile(f"{path.name}: binair bestand of UTF-16; sla het op als CSV (UTF-8)")
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise RefusedFile(f"{path.name}: tekencodering niet herkend (verwacht UTF-8 of Windows-1252)")


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(path: Path) -> Table:
    text, encoding = _decode(path)
    first_line = text.split("\n", 1)[0]
    delimiter = _sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise RefusedFile(f"{path.name}: leeg bestand of geen kopregel")
        rows = []
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise RefusedFile(f"{path.name}: rij {reader.line_num}: onleesbare CSV ({exc})") from exc
    return Table([h.strip() for h in header], rows, encoding, delimiter)


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise RefusedFile(
            f"{path.name}: geen leesbaar Excel-bestand ({exc.__class__.__name__})"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows_iter: Iterator = sheet.iter_rows(values_only=True)
        header = next(rows_iter, None)
        if not header or not any(h not in (None, "") for h in header):
            raise RefusedFile(f"{path.name}: leeg werkblad of geen kopregel")
        rows = []
        for number, cells in enumerate(rows_iter, start=2):
            if any(c not in (None, "") for c in cells):
                rows.append((number, [_cell(c) for c in cells]))
    finally:
        workbook.close()
    return Table([str(h).strip() if h is not None else "" for h in header], rows)


def _cell(value):
    """Excel cells keep their type where it matters (dates and times); the rest becomes text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
