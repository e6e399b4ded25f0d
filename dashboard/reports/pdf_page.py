"""Page furniture of the PDF: running header, the internal-use footer with "Pagina X van Y", and the
fixed metadata date that keeps the file byte-identical between renders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from dashboard.formatting import INTERNAL_USE
from dashboard.reports.pdf_colours import MUTED

PAGE_SIZE = A4
MARGIN_X = 2.0 * cm
MARGIN_TOP = 2.0 * cm
MARGIN_BOTTOM = 2.0 * cm
_FURNITURE_SIZE = 7.5
_FOOTER_Y = 1.1 * cm
_HEADER_Y = PAGE_SIZE[1] - 1.2 * cm
_RULE: Color = HexColor("#9AA5B1")

Decorate = Callable[[Canvas, int, int], None]


@dataclass(frozen=True)
class PageFurniture:
    """What every page carries; page 1 has the title block instead of the running header."""

    title: str
    subtitle: str
    font: str
    bold_font: str

    def __call__(self, canvas: Canvas, page: int, total: int) -> None:
        width = PAGE_SIZE[0]
        half = (width - 2 * MARGIN_X) / 2 - 0.3 * cm
        canvas.saveState()
        canvas.setStrokeColor(_RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, _FOOTER_Y + 10, width - MARGIN_X, _FOOTER_Y + 10)
        canvas.setFillColor(MUTED)
        canvas.setFont(self.bold_font, _FURNITURE_SIZE)
        canvas.drawString(MARGIN_X, _FOOTER_Y, INTERNAL_USE)
        canvas.setFont(self.font, _FURNITURE_SIZE)
        canvas.drawRightString(width - MARGIN_X, _FOOTER_Y, f"Pagina {page} van {total}")
        if page > 1:
            canvas.drawString(MARGIN_X, _HEADER_Y, self._fit(self.title, half))
            canvas.drawRightString(width - MARGIN_X, _HEADER_Y, self._fit(self.subtitle, half))
            canvas.line(MARGIN_X, _HEADER_Y - 4, width - MARGIN_X, _HEADER_Y - 4)
        canvas.restoreState()

    def _fit(self, text: str, max_width: float) -> str:
        """Shorten with an ellipsis rather than let header texts run into each other."""
        if stringWidth(text, self.font, _FURNITURE_SIZE) <= max_width:
            return text
        while text and stringWidth(text + "…", self.font, _FURNITURE_SIZE) > max_width:
            text = text[:-1]
        return text.rstrip() + "…"


class PagedCanvas(Canvas):
    """Holds every page back until the total is known, then lets `decorate` stamp each one."""

    def __init__(self, *args, decorate: Decorate, created: dt.datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._held_pages: list[dict] = []
        pdf_date = pdf_date_string(created)
        self.setDateFormatter(lambda *_: pdf_date)

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._decorate(self, self._pageNumber, total)
            super().showPage()
        super().save()


def pdf_date_string(moment: dt.datetime) -> str:
    """A PDF date ("D:YYYYMMDDHHmmSS", with the UTC offset when `moment` knows it)."""
    text = f"D:{moment:%Y%m%d%H%M%S}"
    offset = moment.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
