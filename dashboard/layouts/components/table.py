"""The compact DataTable style of the management pages (Beheer, Metingen), and numbers in
tables: grouped thousands and a decimal comma, as everywhere (dashboard.formatting)."""

from __future__ import annotations

from dash.dash_table.Format import Format, Group, Scheme

from dashboard.formatting import TABLE_LOCALE

TABLE_STYLE = {
    "style_cell": {
        "fontSize": 12,
        "padding": "2px 6px",
        "fontFamily": "inherit",
        "textAlign": "left",
        "whiteSpace": "normal",
        "height": "auto",
    },
    "style_header": {"fontWeight": "600", "backgroundColor": "#f1f3f5"},
}


def number_format(decimals: int = 0) -> Format:
    """A numeric column's format: "1.500", "12,5" with the table's locale_format=table_locale()."""
    return Format(precision=decimals, scheme=Scheme.fixed, group=Group.yes)


def number_column(name: str, column_id: str, decimals: int = 0) -> dict:
    """A DataTable column of numbers: sorted as numbers, shown the Dutch way."""
    return {"name": name, "id": column_id, "type": "numeric", "format": number_format(decimals)}


def table_locale() -> dict:
    """DataTable(locale_format=...): the Dutch separators for number_format."""
    return dict(TABLE_LOCALE)
