"""The PDF's text colours, shared by the body, the page furniture and the tables."""

from __future__ import annotations

from reportlab.lib.colors import Color, HexColor

INK: Color = HexColor("#1F2933")  # body text
MUTED: Color = HexColor("#52606D")  # subtitles, captions, header and footer
