"""The compact DataTable style of the management pages (Beheer, Metingen)."""

from __future__ import annotations

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
