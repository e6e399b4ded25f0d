"""render_xlsx: a `Report` as a workbook: "Toelichting" first, then one typed sheet per table."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from types import MappingProxyType

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from dashboard.formatting import INTERNAL_USE
from dashboard.reports.document import Column, Report, Table
from dashboard.reports.formats import cell_text, excel_number_format, excel_value

INFO_SHEET = "Toelichting"
_MAX_SHEET_NAME = 31
# Excel forbids []:*?/\ in sheet names; replace them by what a person would have typed instead.
_SHEET_CHARS = MappingProxyType(
    str.maketrans({"[": "(", "]": ")", ":": " -", "*": "", "?": "", "/": "-", "\\": "-"})
)
_RESERVED = ("history",)  # Excel refuses a sheet of this name
_HEADER_FILL = PatternFill("solid", fgColor="DCE4EE")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="52606D"))
_TOTAL_BORDER = Border(top=Side(style="thin", color="52606D"))
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_INFO_WIDTH = 100


def render_xlsx(report: Report) -> bytes:
    """The report's tables as typed sheets; text, caveats and the notice on the first sheet."""
    workbook = Workbook()
    info = workbook.active
    info.title = INFO_SHEET
    tables = report.tables()
    names = sheet_names([table.title for table in tables], reserved=(INFO_SHEET,))
    _write_info(info, report, list(zip(names, tables, strict=True)))
    for name, table in zip(names, tables, strict=True):
        _write_table(workbook.create_sheet(name), table)
    _set_properties(workbook, report)
    buffer = io.BytesIO()
    # ExcelWriter rather than workbook.save(): save() stamps "modified" with the clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _fix_zip_times(buffer.getvalue(), report.generated_at)


def sheet_names(titles: Sequence[str], reserved: Sequence[str] = ()) -> list[str]:
    """Valid, unique (ignoring case, as Excel does) sheet names of at most 31 characters."""
    taken = {name.casefold() for name in (*reserved, *_RESERVED)}
    names: list[str] = []
    for number, title in enumerate(titles, start=1):
        base = " ".join(title.translate(_SHEET_CHARS).split()).strip("'").strip()
        base = base or f"Tabel {number}"
        name = base[:_MAX_SHEET_NAME].rstrip(" -")
        counter = 2
        while name.casefold() in taken:
            suffix = f" ({counter})"
            name = base[: _MAX_SHEET_NAME - len(suffix)].rstrip(" -") + suffix
            counter += 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _write_info(sheet: Worksheet, report: Report, tables: list[tuple[str, Table]]) -> None:
    lines: list[tuple[str, Font | None]] = [(report.title, Font(bold=True, size=14))]
    if report.subtitle:
        lines.append((report.subtitle, Font(size=12)))
    *meta, notice = report.title_lines()
    lines += [(text, None) for text in meta]
    lines += [(notice, Font(bold=True)), ("", None)]
    if tables:
        lines.append(("Tabbladen", Font(bold=True)))
        lines += [(_sheet_line(name, table.title), None) for name, table in tables]
        lines.append(("", None))
    notes = [f"{note.title}: {note.text}" if note.title else note.text for note in report.notes()]
    notes += [f"{table.title}: {table.note}" for _, table in tables if table.note]
    if notes:
        lines.append(("Toelichting", Font(bold=True)))
        lines += [(text, None) for text in notes]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, (text, font) in enumerate(lines, start=1):
        cell = _as_written(sheet.cell(row=row, column=1, value=text or None))
        cell.alignment = wrap
        if font is not None:
            cell.font = font
    sheet.column_dimensions["A"].width = _INFO_WIDTH
    _print_setup(sheet)


def _as_written(cell):
    """openpyxl stores a text that starts with "=" as a formula, which Excel then runs: an area
    name or label from a file such as `=HYPERLINK(...)` would become a live link. The report
    never writes formulas, so every text is stored as text."""
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _sheet_line(name: str, title: str) -> str:
    """The sheet name, plus the full title when the name had to shorten or change it."""
    return name if not title or title == name else f"{name}: {title}"


def _write_table(sheet: Worksheet, table: Table) -> None:
    columns = table.resolved_columns()
    rows = list(table.data[[c.name for c in columns]].itertuples(index=False, name=None))
    for index, column in enumerate(columns, start=1):
        cell = _as_written(sheet.cell(row=1, column=index, value=column.header))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        horizontal = "left" if column.kind == "text" else "right"
        cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal=horizontal)
    for row_number, row in enumerate(rows, start=2):
        bold = table.total_row and row_number == len(rows) + 1
        for index, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=index, value=excel_value(column, value))
            _as_written(cell)
            cell.number_format = excel_number_format(column)
            if bold:
                cell.font = Font(bold=True)
                cell.border = _TOTAL_BORDER
    for index, column in enumerate(columns, start=1):
        width = _column_width(column, [row[index - 1] for row in rows])
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    sheet.print_title_rows = "1:1"
    _print_setup(sheet)


def _column_width(column: Column, values: list) -> float:
    """Wide enough for the longest shown value; a long header wraps rather than widening."""
    longest_value = max((len(cell_text(column, value)) for value in values), default=0)
    longest_word = max((len(word) for word in column.header.split()), default=0)
    wanted = max(longest_value, longest_word, min(len(column.header), 18)) + 2
    return min(max(wanted, _MIN_WIDTH), _MAX_WIDTH)


def _print_setup(sheet: Worksheet) -> None:
    """A printed sheet says what a printed PDF page says."""
    sheet.oddFooter.left.text = INTERNAL_USE
    sheet.oddFooter.right.text = "Pagina &P van &N"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _set_properties(workbook: Workbook, report: Report) -> None:
    moment = _utc_naive(report.generated_at)
    properties = workbook.properties
    properties.title = report.title
    properties.subject = report.subtitle
    properties.creator = report.author
    properties.lastModifiedBy = report.author
    properties.keywords = INTERNAL_USE
    properties.created = moment
    properties.modified = moment


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    """openpyxl writes core-property times as UTC; a naive time is written as given."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _fix_zip_times(data: bytes, moment: dt.datetime) -> bytes:
    """Stamp every zip entry with `moment`: by default each entry carries the clock time."""
    stamp = max(moment.replace(tzinfo=None), dt.datetime(1980, 1, 1)).timetuple()[:6]
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()
