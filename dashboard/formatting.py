"""Dutch number and date formats for the UI and reports.

The one place of the Dutch separators (decimal comma, thousands dot: "1.500", "12,5"): texts made
in Python use nl_number; Plotly figures (layout.separators and the d3-formats of hover texts and
axes) take their separators from the constants below and the tables (AG Grid) format the same way
in the browser (nlNumber, assets/grid.js), so that a number reads the same in a card, a hover, a
table and a tooltip."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

# The marking on every page and every report: the figures are for the partners' own work.
INTERNAL_USE = "Alleen voor intern gebruik"
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

DECIMAL = ","
THOUSANDS = "."
# Plotly's layout.separators: the decimal character, then the thousands character.
PLOTLY_SEPARATORS = DECIMAL + THOUSANDS


def _missing(value) -> bool:
    """None, NaN of any float type (numpy's float32 is no Python float) and pandas' NA/NaT."""
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:  # pd.NA refuses a truth value and a float conversion
        return str(value) in ("<NA>", "NaT")


def nl_number(value: float | None, decimals: int = 0) -> str:
    """A number as Dutch readers write it: "1.500", "12,5", "-3"; "-" when there is none.
    A value that rounds to zero has no sign ("-0,0" reads as a decrease that is not there)."""
    if _missing(value):
        return "-"
    text = f"{float(value):,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]
    return text.replace(",", "_").replace(".", DECIMAL).replace("_", THOUSANDS)


def d3_number(decimals: int = 0) -> str:
    """The d3-format of nl_number for Plotly (hover, text, tick labels): grouped thousands,
    fixed decimals. The characters come from PLOTLY_SEPARATORS."""
    return f",.{decimals}f"


def hover_number(variable: str = "y", decimals: int = 0) -> str:
    """A number in a Plotly hovertemplate or texttemplate, e.g. %{y:,.0f}: "1.500"."""
    return "%{" + variable + ":" + d3_number(decimals) + "}"


def nl_signed(value: float | None, decimals: int = 0) -> str:
    if _missing(value):
        return "-"
    # The sign of what is shown: -0.04 with one decimal is "±0,0", not "−0,0".
    shown = round(float(value), decimals)
    sign = "+" if shown > 0 else ("−" if shown < 0 else "±")
    return sign + nl_number(abs(value), decimals)


def nl_percent_change(value: float | None) -> str:
    return "n.v.t." if _missing(value) else nl_signed(value, 1) + "%"


def nl_date(day: dt.date | None) -> str:
    return "-" if day is None else f"{day.day:02d}-{day.month:02d}-{day.year}"


def nl_month(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def region_label(name: str) -> str:
    """The one name of the whole region on every surface (area dropdowns, titles, KPI cards,
    reports, CSV files): 'Twente (hele regio)'."""
    return f"{name} (hele regio)"


def area_name(name: str, level: str) -> str:
    """An area as a title names it: a gemeente, wijk or buurt by its name, the region as
    region_label."""
    return region_label(name) if level == "regio" else name


# The zone every time a user reads is shown in. Moments are stored in UTC (naive); shown in UTC
# an admin reads a login at 09:12 as 08:12 in winter and 07:12 in summer.
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored moment (naive UTC, or aware) as a naive Dutch local time."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(LOCAL_ZONE).replace(tzinfo=None)


def nl_local_date(moment: dt.datetime | None) -> str:
    """The Dutch local date of a stored UTC moment ('-' for none): a delivery loaded at
    23:30 UTC on 5 December was loaded on 6 December in the Netherlands."""
    return "-" if moment is None else nl_date(local_time(moment).date())


def nl_datetime(moment: dt.datetime | None, seconds: bool = False) -> str:
    """'05-12-2026 18:23' in Dutch local time (winter and summer time) for a stored UTC
    moment; '-' for none. The one format of a time in Beheer, Databronnen, exports and reports."""
    if moment is None:
        return "-"
    local = local_time(moment)
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{nl_date(local.date())} {clock}"


def local_timestamp(moment: dt.datetime) -> str:
    """'2026-12-05 18:23:07+01:00': a stored UTC moment in Dutch local time with its offset, for
    files that are records (the audit log): sortable, and unambiguous in the hour that repeats
    when summer time ends."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(LOCAL_ZONE).replace(microsecond=0).isoformat(sep=" ")


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
