"""Issue 21, item 7: the tables are AG Grids (dash-ag-grid) with Dutch texts and the Dutch
number format, never the deprecated dash_table.DataTable."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import dash_ag_grid as dag
import pytest
from dash import dash_table

import dashboard
from dashboard.layouts import algemeen, beheer, databronnen, gebruik, metingen, resultaten, thema
from dashboard.layouts.components.grid import LOCALE_TEXT, grid, number_column, text_column
from dashboard.state import ViewState
from tests.layout_tree import find_component, walk

# Pages and cards built without a database.
PAGES = {
    "algemeen": lambda: algemeen.build(
        ViewState(), algemeen.FilterOptions([], [], [], [], None, "Twente")
    ),
    "databronnen": databronnen.build,
    "resultaten": resultaten.build,
    "beheer gebruikers": beheer.users_card,
    "beheer auditlog": beheer.audit_card,
    "metingen": lambda: metingen.build({"nulmeting": "Nulmeting"}, "Nulmeting 2026", "", ""),
    "metingen gebruik": lambda: metingen.usage_table(
        [{"Maat": "Weergaven", "A.1": 3}], ["Maat", "A.1"]
    ),
    "gebruik": lambda: gebruik.build(
        dt.date(2026, 1, 1), dt.date(2026, 6, 30), ("x",), ["2026-H1"]
    ),
    "thema tabel": thema.area_table,
}


def test_the_grid_speaks_dutch():
    table = grid("t", [text_column("naam", "Naam")], page_size=10)
    texts = table.dashGridOptions["localeText"]
    assert texts is LOCALE_TEXT
    assert (texts["page"], texts["of"], texts["to"]) == ("Pagina", "van", "t/m")
    assert texts["noRowsToShow"] == "Geen rijen"
    assert texts["nextPage"] == "Volgende pagina" and texts["contains"] == "Bevat"
    assert (texts["thousandSeparator"], texts["decimalSeparator"]) == (".", ",")
    # No English default is left among the words a user reads in these grids.
    english = {"Page", "of", "to", "No Rows To Show", "Next Page", "Contains", "Equals"}
    assert not english & set(texts.values())


def test_a_number_column_is_right_aligned_in_the_dutch_format():
    column = number_column("aantal", "Aantal", 1)
    assert column["type"] == "rightAligned"
    assert column["valueFormatter"] == {"function": "nlNumber(params.value, 1)"}


def test_paging_is_in_the_grid_and_sorting_on():
    table = grid("t", [text_column("naam", "Naam")], page_size=15)
    options = table.dashGridOptions
    assert options["pagination"] and options["paginationPageSize"] == 15
    assert table.defaultColDef["sortable"]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_no_data_table_is_left_on_the_page(page):
    components = list(walk(PAGES[page]()))
    assert not [c for c in components if isinstance(c, dash_table.DataTable)]
    grids = [c for c in components if isinstance(c, dag.AgGrid)]
    assert grids and all(g.dashGridOptions["localeText"] is LOCALE_TEXT for g in grids)


def _dash_table_uses(source: str) -> list[int]:
    """Lines that import or name dash_table or DataTable (code, not prose)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
        elif isinstance(node, ast.Name):
            names = [node.id]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
        else:
            continue
        if any(part in ("dash_table", "DataTable") for n in names for part in n.split(".")):
            lines.append(node.lineno)
    return lines


def test_no_module_of_the_app_uses_dash_table():
    """dash_table leaves in Dash 5: no module of the package imports or names it."""
    package = Path(dashboard.__file__).parent
    found = [
        f"{path.relative_to(package)}:{line}"
        for path in sorted(package.rglob("*.py"))
        for line in _dash_table_uses(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    # The scan sees each way of using it.
    for code in (
        "from dash import dash_table",
        "import dash.dash_table",
        "from dash.dash_table.Format import Format",
        "from dash.dash_table import DataTable",
        "import dash\nt = dash.dash_table.DataTable()",
    ):
        assert _dash_table_uses(code), code
    assert not _dash_table_uses('"""dash_table.DataTable is deprecated."""')


def test_the_areas_table_pages_and_sorts_on_the_server():
    """Algemeen beeld's areas table asks for one page at a time (a national region has 342
    gemeenten), largest count first until the user sorts, one column at a time."""
    page = find_component(
        algemeen.build(ViewState(), algemeen.FilterOptions([], [], [], [], None, "Twente")),
        algemeen.ALGEMEEN.table,
    )
    options = page.dashGridOptions
    assert page.rowModelType == "infinite" and "rowData" not in page.to_plotly_json()["props"]
    size = algemeen.TABLE_PAGE_SIZE
    assert (options["paginationPageSize"], options["cacheBlockSize"]) == (size, size) == (25, 25)
    assert options["suppressMultiSort"]
    sorted_columns = [(c["field"], c.get("sort")) for c in page.columnDefs if c.get("sort")]
    assert sorted_columns == [("periode", "desc")]
    # Never unsorted: the rows would still come in the default order while no header said so.
    assert all(None not in c["sortingOrder"] for c in page.columnDefs)
