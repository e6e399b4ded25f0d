"""One table cell per output: Dutch text for the PDF, a typed value and number format for Excel."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from dashboard.formatting import nl_date, nl_number, nl_percent_change
from dashboard.reports.document import Column

# Excel stores the format in en-US notation and shows it with the reader's locale separators, so
# "#,##0" appears as "1.234" in a Dutch Excel or LibreOffice while the cell stays a number.
_EXCEL_DATE = "dd-mm-yyyy"
_EXCEL_PERCENT_CHANGE = '"+"0.0%;"−"0.0%;"±"0.0%'


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other non-scalars are never "missing"
        return False


def cell_text(column: Column, value: Any) -> str:
    """The Dutch text of one value, as printed in the PDF."""
    if column.kind == "percent_change":
        # A change from zero is infinite: there is no meaningful percentage to print.
        finite = not is_missing(value) and math.isfinite(float(value))
        return nl_percent_change(float(value) if finite else None)
    if is_missing(value):
        return "" if column.kind == "text" else "-"
    if column.kind == "integer":
        return nl_value(float(value), 0)
    if column.kind == "decimal":
        return nl_value(float(value), column.decimals)
    if column.kind == "date":
        return nl_date(_as_date(value))
    return str(value)


def excel_value(column: Column, value: Any) -> Any:
    """The typed cell value: numbers stay numbers, dates become dates, missing becomes empty."""
    if is_missing(value) or (column.numeric and not math.isfinite(float(value))):
        return None
    if column.kind == "integer":
        number = float(value)
        return int(number) if number.is_integer() else number
    if column.kind == "decimal":
        return float(value)
    if column.kind == "percent_change":
        # Excel's percent format multiplies by 100; round away the float noise of the division.
        return round(float(value) / 100, 12)
    if column.kind == "date":
        return _as_date(value)
    return str(value)


def excel_number_format(column: Column) -> str:
    if column.kind == "integer":
        return "#,##0"
    if column.kind == "decimal":
        return "#,##0" + ("." + "0" * column.decimals if column.decimals > 0 else "")
    if column.kind == "percent_change":
        return _EXCEL_PERCENT_CHANGE
    if column.kind == "date":
        return _EXCEL_DATE
    return "General"


def nl_value(value: float, decimals: int = 0) -> str:
    """nl_number with a true minus sign (U+2212), as nl_signed uses, and never "−0"."""
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = nl_number(abs(value), decimals)
    return "−" + text if value < 0 and round(value, decimals) != 0 else text


def _as_date(value: Any) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()
