"""Issue 21, item 7: the tables are AG Grids (dash-ag-grid) with Dutch texts and the Dutch
number format, never the deprecated dash_table.DataTable."""

from __future__ import annotations

import datetime as dt

import dash_ag_grid as dag
import pytest
from dash import dash_table

from dashboard.layouts import beheer, databronnen, gebruik, metingen, resultaten, thema
from dashboard.layouts.components.grid import LOCALE_TEXT, grid, number_column, text_column
from tests.layout_tree import walk

# Pages and cards built without a database.
PAGES = {
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
