"""The PDF font: DejaVu Sans from matplotlib's own data, so "−", "ë" and "≤" render on any server
without system fonts or downloads."""

from __future__ import annotations

from pathlib import Path

import matplotlib
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
_FACES = (
    (REGULAR, 0, 0),
    (BOLD, 1, 0),
    (ITALIC, 0, 1),
    (BOLD_ITALIC, 1, 1),
)


def register_fonts() -> str:
    """Register the DejaVu Sans family with reportlab (idempotent) and return the regular name.

    reportlab's registry is process-wide, so asking it (not a flag of our own) keeps this safe to
    call for every report.
    """
    font_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, bold, italic in _FACES:
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(font_dir / f"{name}.ttf")))
        # The mapping lets <b> and <i> in paragraphs pick the right face.
        addMapping(REGULAR, bold, italic, name)
    return REGULAR
