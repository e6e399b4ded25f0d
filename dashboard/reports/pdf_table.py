"""A report table as a reportlab Table: Dutch cell texts, header repeated on every page, zebra rows
and light grid lines that survive greyscale printing, and column widths that fit the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from dashboard.reports.document import Column, Table
from dashboard.reports.formats import cell_text
from dashboard.reports.pdf_colours import INK

FONT_SIZE = 8.5
_LEADING = 10.5
_PAD_X = 4.0
_PAD_Y = 2.5
_HEADER_BG: Color = HexColor("#DCE4EE")
_ZEBRA: Color = HexColor("#F2F5F8")
_GRID: Color = HexColor("#C3CCD6")
_HEADER_RULE: Color = HexColor("#52606D")
_NUMBER_MIN = 1.4 * cm
_NUMBER_HEADER_MAX = 3.0 * cm  # wider numeric headers wrap instead of widening the column


@dataclass(frozen=True)
class TableFonts:
    regular: str
    bold: str


def build_table(table: Table, fonts: TableFonts, width: float) -> RLTable:
    """The table at exactly `width` points; text columns wrap, numbers never do."""
    columns = table.resolved_columns()
    texts = [[cell_text(c, v) for c, v in zip(columns, row, strict=True)] for row in _rows(table)]
    widths = _column_widths(columns, texts, fonts, width)
    last = len(texts)  # index of the last body row (the header is row 0)
    body_rows = [
        [
            _cell(text, column, fonts, bold=table.total_row and index == last)
            for column, text in zip(columns, row, strict=True)
        ]
        for index, row in enumerate(texts, start=1)
    ]
    header = [_header_cell(column, fonts) for column in columns]
    flowable = RLTable([header, *body_rows], colWidths=widths, repeatRows=1, hAlign="LEFT")
    flowable.setStyle(_style(columns, fonts, table.total_row, has_rows=bool(texts)))
    return flowable


def _rows(table: Table) -> list[tuple]:
    names = [c.name for c in table.resolved_columns()]
    return list(table.data[names].itertuples(index=False, name=None))


def _style(
    columns: Sequence[Column], fonts: TableFonts, total_row: bool, has_rows: bool
) -> TableStyle:
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, FONT_SIZE, _LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), _PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), _PAD_Y),
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_BG),
        ("INNERGRID", (0, 0), (-1, -1), 0.25, _GRID),
        ("BOX", (0, 0), (-1, -1), 0.5, _GRID),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, _HEADER_RULE),
    ]
    if has_rows:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, _ZEBRA]))
    for index, column in enumerate(columns):
        if column.numeric or column.kind == "date":
            commands.append(("ALIGN", (index, 1), (index, -1), "RIGHT"))
    if total_row and has_rows:
        commands += [
            ("FONT", (0, -1), (-1, -1), fonts.bold, FONT_SIZE, _LEADING),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, _HEADER_RULE),
        ]
    return TableStyle(commands)


def _cell(text: str, column: Column, fonts: TableFonts, bold: bool) -> str | RLParagraph:
    """Numbers and dates as plain strings (they must not wrap); text as a wrapping paragraph."""
    if column.kind != "text":
        return text
    font = fonts.bold if bold else fonts.regular
    return RLParagraph(escape(text), _paragraph_style(font, TA_LEFT))


def _header_cell(column: Column, fonts: TableFonts) -> RLParagraph:
    align = TA_RIGHT if column.numeric or column.kind == "date" else TA_LEFT
    return RLParagraph(escape(column.header), _paragraph_style(fonts.bold, align))


def _paragraph_style(font: str, align: int) -> ParagraphStyle:
    return ParagraphStyle(
        f"cell-{font}-{align}",
        fontName=font,
        fontSize=FONT_SIZE,
        leading=_LEADING,
        alignment=align,
        textColor=INK,
    )


def _column_widths(
    columns: Sequence[Column], texts: list[list[str]], fonts: TableFonts, width: float
) -> list[float]:
    """Numbers and dates get what their widest value needs; text columns share the rest."""

    def measure(text: str, font: str) -> float:
        return stringWidth(text, font, FONT_SIZE) + 2 * _PAD_X

    widths: list[float] = []
    for index, column in enumerate(columns):
        values = max((measure(row[index], fonts.bold) for row in texts), default=0.0)
        header = measure(column.header, fonts.bold)
        if column.kind == "text":
            widths.append(max(values, header))
        else:
            # A header may wrap between words, never inside one.
            word = max((measure(w, fonts.bold) for w in column.header.split()), default=0.0)
            widths.append(max(values, word, min(header, _NUMBER_HEADER_MAX), _NUMBER_MIN))
    text_indexes = [i for i, c in enumerate(columns) if c.kind == "text"]
    fixed = sum(w for i, w in enumerate(widths) if i not in text_indexes)
    wanted = sum(widths[i] for i in text_indexes)
    room = width - fixed
    if not text_indexes or room <= 2 * cm * len(text_indexes):
        # Only numbers, or too many of them: scale every column to the page width.
        total = sum(widths)
        return [w * width / total for w in widths]
    if wanted <= room:
        for i in text_indexes:
            widths[i] = room * widths[i] / wanted
        return widths
    # Too wide: short text columns keep their width, the long ones share what is left and wrap.
    pending = sorted(text_indexes, key=lambda i: widths[i])
    while pending:
        share = room / len(pending)
        if widths[pending[0]] > share:
            for i in pending:
                widths[i] = share
            break
        room -= widths[pending.pop(0)]
    return widths
