"""Dutch number and date formats for the UI and reports."""

from __future__ import annotations

import datetime as dt
import math

# The marking on every page and every report: the figures are for the partners' own work.
INTERNAL_USE = "Alleen voor intern gebruik"
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def nl_number(value: float | None, decimals: int = 0) -> str:
    if _missing(value):
        return "-"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def nl_signed(value: float | None, decimals: int = 0) -> str:
    if _missing(value):
        return "-"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + nl_number(abs(value), decimals)


def nl_percent_change(value: float | None) -> str:
    return "n.v.t." if _missing(value) else nl_signed(value, 1) + "%"


def nl_date(day: dt.date | None) -> str:
    return "-" if day is None else f"{day.day:02d}-{day.month:02d}-{day.year}"


def nl_month(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def chart_text(value) -> str:
    """Text from a user or a file as a plotly figure shows it: literally, never as markup.

    Plotly draws a subset of HTML in every text it renders (hover, legend, tick labels,
    annotations, titles): `<a href>`, `<span style>`, `<b>`, `<br>`, ... So a typed
    `<a href="...">` would become a live link in everyone's chart. Plotly splits a text on its
    tags first and only then turns entities back into characters, so escaping `&`, `<` and `>`
    shows exactly what was typed. Quotes stay as they are: plotly knows no `&quot;`. A `%{`
    becomes `%&#123;` so that text placed inside a hovertemplate cannot pull in other data.
    The stored text is never changed: call this on the way into a figure only."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("%{", "%&#123;")


def chart_texts(values) -> list[str]:
    """chart_text of every value of a list or column."""
    return [chart_text(v) for v in values]
