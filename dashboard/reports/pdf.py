"""render_pdf: a `Report` as an A4 PDF (reportlab platypus), byte-identical for the same report."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import partial
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    KeepTogether,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from dashboard.reports import fonts
from dashboard.reports.document import (
    INTERNAL_USE,
    Block,
    Chart,
    Heading,
    Note,
    PageBreak,
    Paragraph,
    Report,
    Table,
)
from dashboard.reports.pdf_colours import INK, MUTED
from dashboard.reports.pdf_page import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_SIZE,
    PagedCanvas,
    PageFurniture,
)
from dashboard.reports.pdf_table import TableFonts, build_table

_ACCENT: Color = HexColor("#0B4F7C")
_NOTE_BG: Color = HexColor("#FDF4E1")
_NOTE_BAR: Color = HexColor("#E69F00")
_FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
_FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM
_PRODUCER = "Dashboard Veiligheid"
# A heading asks for more room than a table start, so a table right after a heading never
# pushes itself to the next page and leaves the heading behind.
_HEADING_ROOM = 5 * cm
_TABLE_START_ROOM = 3.5 * cm


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta: ParagraphStyle
    notice: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    caption_title: ParagraphStyle
    caption: ParagraphStyle
    note: ParagraphStyle


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes: title block, blocks in order, footer on every page."""
    regular = fonts.register_fonts()
    styles = _styles(regular, fonts.BOLD, fonts.ITALIC)
    table_fonts = TableFonts(regular=regular, bold=fonts.BOLD)
    buffer = io.BytesIO()
    # A frame without padding, so that text, tables, charts and the page rules share one edge.
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        _FRAME_WIDTH,
        _FRAME_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        pageTemplates=[PageTemplate("page", frames=[frame])],
        title=report.title,
        subject=report.subtitle,
        author=report.author,
        creator=report.author,
        producer=_PRODUCER,
        keywords=[INTERNAL_USE],
        lang="nl-NL",
        invariant=1,  # fixed document id; the dates come from the report (see PagedCanvas)
        initialFontName=regular,
    )
    story = _title_block(report, styles)
    for block in report.blocks:
        story += _block(block, styles, table_fonts)
    furniture = PageFurniture(report.title, report.subtitle, regular, fonts.BOLD)
    doc.build(
        story, canvasmaker=partial(PagedCanvas, decorate=furniture, created=report.generated_at)
    )
    return buffer.getvalue()


def _title_block(report: Report, styles: _Styles) -> list[Flowable]:
    data_until, generated, notice = report.title_lines()
    meta = RLTable(
        [
            [
                RLParagraph(f"{_text(data_until)}<br/>{_text(generated)}", styles.meta),
                RLParagraph(_text(notice), styles.notice),
            ]
        ],
        colWidths=[_FRAME_WIDTH * 0.6, _FRAME_WIDTH * 0.4],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    flowables: list[Flowable] = [RLParagraph(_text(report.title), styles.title)]
    if report.subtitle:
        flowables.append(RLParagraph(_text(report.subtitle), styles.subtitle))
    flowables += [
        meta,
        HRFlowable(width="100%", thickness=1.2, color=_ACCENT, spaceBefore=4, spaceAfter=10),
    ]
    return flowables


def _block(block: Block, styles: _Styles, table_fonts: TableFonts) -> list[Flowable]:
    if isinstance(block, Heading):
        # Never leave a heading alone at the foot of a page.
        style = styles.h1 if block.level == 1 else styles.h2
        return [CondPageBreak(_HEADING_ROOM), RLParagraph(_text(block.text), style)]
    if isinstance(block, Paragraph):
        return [RLParagraph(_text(part), styles.body) for part in _paragraphs(block.text)]
    if isinstance(block, Table):
        return _table(block, styles, table_fonts)
    if isinstance(block, Chart):
        return [KeepTogether(_chart(block, styles))]
    if isinstance(block, Note):
        return [_note(block, styles)]
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    raise TypeError(f"Onbekend blok in rapport: {type(block).__name__}")


def _table(block: Table, styles: _Styles, table_fonts: TableFonts) -> list[Flowable]:
    # The caption cannot "keep with next" a table longer than a page (reportlab would move the
    # whole table on): ask for room for the caption, the header and a few rows instead.
    head: list[Flowable] = [CondPageBreak(_TABLE_START_ROOM)]
    if block.title:
        head.append(RLParagraph(_text(block.title), styles.caption_title))
    if block.data.empty:
        body: list[Flowable] = [RLParagraph("Geen gegevens voor deze selectie.", styles.body)]
    else:
        body = [build_table(block, table_fonts, _FRAME_WIDTH)]
    if block.note:
        body.append(RLParagraph(_text(block.note), styles.caption))
    body.append(Spacer(1, 6))
    return head + body


def _chart(block: Chart, styles: _Styles) -> list[Flowable]:
    with PILImage.open(io.BytesIO(block.png)) as image:
        pixels_wide, pixels_high = image.size
        dpi = float(image.info.get("dpi", (150, 150))[0]) or 150.0
    width = block.width_cm * cm if block.width_cm else pixels_wide / dpi * 72
    width = min(width, _FRAME_WIDTH)
    height = width * pixels_high / pixels_wide
    if height > _FRAME_HEIGHT * 0.85:  # leave room for its title and note on the same page
        width, height = width * _FRAME_HEIGHT * 0.85 / height, _FRAME_HEIGHT * 0.85
    flowables: list[Flowable] = []
    if block.title:
        flowables.append(RLParagraph(_text(block.title), styles.caption_title))
    image_flowable = Image(io.BytesIO(block.png), width=width, height=height)
    image_flowable.hAlign = "LEFT"
    flowables.append(image_flowable)
    if block.note:
        flowables.append(RLParagraph(_text(block.note), styles.caption))
    flowables.append(Spacer(1, 6))
    return flowables


def _note(block: Note, styles: _Styles) -> Flowable:
    label = f"<b>{_text(block.title)}:</b> " if block.title else ""
    paragraphs = list(_paragraphs(block.text)) or [""]
    cells = [[RLParagraph(label + _text(paragraphs[0]), styles.note)]]
    cells += [[RLParagraph(_text(part), styles.note)] for part in paragraphs[1:]]
    box = RLTable(
        cells,
        colWidths=[_FRAME_WIDTH],
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), _NOTE_BG),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, _NOTE_BAR),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        ),
        spaceBefore=4,
        spaceAfter=10,
    )
    return box


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; a single newline is a line break."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _text(text: str) -> str:
    """Caller text is plain text: escape it so "<" or "&" cannot break the paragraph markup."""
    return escape(text).replace("\n", "<br/>")


def _styles(regular: str, bold: str, italic: str) -> _Styles:
    def style(name: str, **kwargs) -> ParagraphStyle:
        defaults = {"fontName": regular, "fontSize": 9.5, "leading": 13.5, "textColor": INK}
        return ParagraphStyle(name, **(defaults | kwargs))

    return _Styles(
        title=style("title", fontName=bold, fontSize=20, leading=24, textColor=_ACCENT),
        subtitle=style("subtitle", fontSize=12, leading=16, textColor=MUTED, spaceBefore=2),
        meta=style("meta", fontSize=8.5, leading=11.5, textColor=MUTED, spaceBefore=8),
        notice=style("notice", fontName=bold, fontSize=9, leading=11.5, alignment=2),
        h1=style(
            "h1",
            fontName=bold,
            fontSize=14,
            leading=18,
            textColor=_ACCENT,
            spaceBefore=12,
            spaceAfter=4,
            keepWithNext=1,
        ),
        h2=style(
            "h2",
            fontName=bold,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=style("body", spaceAfter=6),
        caption_title=style(
            "caption_title", fontName=bold, fontSize=9.5, leading=12.5, spaceBefore=6, spaceAfter=4
        ),
        caption=style(
            "caption", fontName=italic, fontSize=7.5, leading=10, textColor=MUTED, spaceBefore=3
        ),
        note=style("note", fontSize=8.5, leading=12),
    )
