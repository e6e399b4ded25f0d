"""Dutch number and date formats for the UI and reports."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

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
