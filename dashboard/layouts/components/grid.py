"""Every table of the app: one dash-ag-grid setup with Dutch texts, Dutch number format and the
compact look of the pages. dash_table.DataTable is deprecated in Dash 4 and leaves in Dash 5;
AG Grid is maintained and its bundle ships inside the dash-ag-grid package (served by Dash
itself, no CDN).

Small-number suppression happens before a value gets here (dashboard.policy and the measures):
a grid shows "<5" or "x" as text and never receives the hidden number, also not in a field
without a column. The number formatter (assets/grid.js) leaves such a text as it is."""

from __future__ import annotations

import dash_ag_grid as dag

# AG Grid's own texts in Dutch (its localeText keys). The grids use sorting, paging, row
# selection and sometimes the column filter: all their words are here.
LOCALE_TEXT = {
    # paging
    "page": "Pagina",
    "of": "van",
    "to": "t/m",
    "more": "meer",
    "firstPage": "Eerste pagina",
    "previousPage": "Vorige pagina",
    "nextPage": "Volgende pagina",
    "lastPage": "Laatste pagina",
    "pageSizeSelectorLabel": "Rijen per pagina:",
    "pageLastRowUnknown": "?",
    "paginationPageSummaryAriaLabel": "Paginering",
    "paginationPanelAriaLabel": "Paginering",
    # states of the grid
    "loadingOoo": "Laden...",
    "loadingError": "Fout bij laden",
    "noRowsToShow": "Geen rijen",
    # filters
    "filterOoo": "Filteren...",
    "equals": "Is gelijk aan",
    "notEqual": "Is niet gelijk aan",
    "blank": "Leeg",
    "notBlank": "Niet leeg",
    "empty": "Kies er een",
    "lessThan": "Kleiner dan",
    "greaterThan": "Groter dan",
    "lessThanOrEqual": "Kleiner dan of gelijk aan",
    "greaterThanOrEqual": "Groter dan of gelijk aan",
    "inRange": "Tussen",
    "inRangeStart": "van",
    "inRangeEnd": "tot",
    "contains": "Bevat",
    "notContains": "Bevat niet",
    "startsWith": "Begint met",
    "endsWith": "Eindigt op",
    "andCondition": "EN",
    "orCondition": "OF",
    "applyFilter": "Toepassen",
    "resetFilter": "Herstellen",
    "clearFilter": "Wissen",
    "cancelFilter": "Annuleren",
    "searchOoo": "Zoeken...",
    "selectAll": "(Alles kiezen)",
    "selectAllSearchResults": "(Alle zoekresultaten kiezen)",
    "noMatches": "Geen resultaten",
    "filterSummaryInactive": "is (alles)",
    "ariaFilterValue": "Filterwaarde",
    "ariaFilterInput": "Filterinvoer",
    "ariaFilterList": "Filterlijst",
    "ariaFilteringOperator": "Filteroperator",
    "ariaColumnFilter": "Kolomfilter",
    "ariaFilterColumnsInput": "Filterinvoer kolommen",
    "ariaSearchFilterValues": "Filterwaarden zoeken",
    "ariaLabelColumnFilter": "Kolomfilter",
    # sorting, selection and the rest of what a screen reader hears
    "ariaRowSelect": "Druk op spatie om deze rij te kiezen",
    "ariaRowDeselect": "Druk op spatie om deze rij niet meer te kiezen",
    "ariaRowToggleSelection": "Druk op spatie om de keuze van de rij te wisselen",
    "ariaRowSelectAll": "Druk op spatie om alle rijen te kiezen",
    "ariaRowSelectionDisabled": "Rijkeuze staat uit voor deze rij",
    "ariaToggleVisibility": "Druk op spatie om zichtbaarheid te wisselen",
    "ariaChecked": "aangevinkt",
    "ariaUnchecked": "niet aangevinkt",
    "ariaIndeterminate": "onbepaald",
    "ariaVisible": "zichtbaar",
    "ariaHidden": "verborgen",
    "ariaSortableColumn": "Druk op Enter om te sorteren",
    "ariaMenuColumn": "Druk op Alt omlaag voor het kolommenu",
    "ariaFilterColumn": "Druk op Ctrl Enter om te filteren",
    "ariaColumnSelectAll": "Alle kolommen zichtbaar of verborgen",
    "ariaSearch": "Zoeken",
    "ariaPageSizeSelectorLabel": "Rijen per pagina",
    "ariaSkeletonCellLoading": "Rij wordt geladen",
    "ariaSkeletonCellLoadingFailed": "Rij kon niet worden geladen",
    "ariaLabelDialog": "Dialoog",
    "ariaLabelSelectField": "Keuzeveld",
    "ariaLabelTooltip": "Toelichting",
    "ariaLabelCellEditor": "Celeditor",
    "ariaLabelColumnMenu": "Kolommenu",
    "ariaLabelContextMenu": "Contextmenu",
    "ariaLabelRichSelectField": "Keuzeveld",
    "ariaColumn": "Kolom",
    "ariaInputEditor": "Invoerveld",
    "ariaDateFilterInput": "Datumfilter",
    "ariaFilterFromValue": "Filter vanaf",
    "ariaFilterToValue": "Filter tot",
    "ariaDropZoneColumnComponentDescription": "Druk op Delete om te verwijderen",
    "ariaDropZoneColumnComponentSortAscending": "oplopend gesorteerd",
    "ariaDropZoneColumnComponentSortDescending": "aflopend gesorteerd",
    "ariaSortAscending": "oplopend gesorteerd",
    "ariaSortDescending": "aflopend gesorteerd",
    "ariaSortNone": "niet gesorteerd",
    "ariaChartMenuClose": "Sluiten",
    "sortAscending": "Oplopend sorteren",
    "sortDescending": "Aflopend sorteren",
    "sortUnSort": "Sortering wissen",
    "columnMenu": "Kolommenu",
    "filterMenu": "Filter",
    "autosizeThisColumn": "Deze kolom passend maken",
    "autosizeAllColumns": "Alle kolommen passend maken",
    "resetColumns": "Kolommen herstellen",
    "pinColumn": "Kolom vastzetten",
    "noPin": "Niet vastzetten",
    "pinLeft": "Links vastzetten",
    "pinRight": "Rechts vastzetten",
    "copy": "Kopiëren",
    "copyWithHeaders": "Kopiëren met koppen",
    "export": "Exporteren",
    "csvExport": "Exporteren als CSV",
    "true": "Waar",
    "false": "Onwaar",
    "thousandSeparator": ".",
    "decimalSeparator": ",",
}

# The look of the old tables, set through AG Grid's theme parameters (CSS variables of the
# wrapper, assets/dashboard.css picks them up by the class).
GRID_CLASS = "dv-grid"


def text_column(field: str, header: str, **extra) -> dict:
    """A text column: left-aligned, sorted as text. A text longer than its column wraps (the
    row grows) rather than ending in "..." that no one can read on a phone."""
    return {"field": field, "headerName": header, "wrapText": True, "autoHeight": True, **extra}


def number_column(field: str, header: str, decimals: int = 0, **extra) -> dict:
    """A number column: right-aligned, shown in the Dutch format (1.234,5) by the browser's
    nlNumber (assets/grid.js). A text value ("<5", "x", "n.v.t.") is shown as it is."""
    return {
        "field": field,
        "headerName": header,
        "type": "rightAligned",
        "valueFormatter": {"function": f"nlNumber(params.value, {int(decimals)})"},
        # A text in a number column (a period "28-05-2025 t/m 21-12-2025" in a row of
        # Metingen's usage table) wraps like any text.
        "wrapText": True,
        "autoHeight": True,
        **extra,
    }


def grid(
    grid_id: str,
    columns: list[dict],
    rows: list[dict] | None = None,
    *,
    page_size: int | None = None,
    height: int | None = None,
    sortable: bool = True,
    options: dict | None = None,
    **props,
) -> dag.AgGrid:
    """An AG Grid with the app's Dutch texts and compact style. page_size: the grid pages in
    the browser (all rows travel; with rowModelType="infinite" a page at a time, asked through
    getRowsRequest); height: a fixed height in pixels with scrolling inside the grid, otherwise
    the grid is as tall as its rows (a page of them). options: more grid options (AG Grid's
    gridOptions), props: more AgGrid props (rowModelType, ...)."""
    grid_options = {
        "localeText": LOCALE_TEXT,
        # Cells stay focusable (arrow keys move through them, Enter on a header sorts) and
        # their text can be selected and copied.
        "enableCellTextSelection": True,
        "ensureDomOrder": True,
        "suppressDragLeaveHidesColumns": True,
        "suppressMovableColumns": True,
    }
    if page_size:
        grid_options |= {
            "pagination": True,
            "paginationPageSize": page_size,
            "paginationPageSizeSelector": False,
        }
    if height is None:
        grid_options["domLayout"] = "autoHeight"
    grid_options |= options or {}
    style = {"width": "100%"} | ({"height": f"{height}px"} if height is not None else {})
    if props.get("rowModelType", "clientSide") == "clientSide":
        # The other row models ask for their rows; AG Grid warns about rowData beside them.
        props["rowData"] = rows if rows is not None else []
    return dag.AgGrid(
        id=grid_id,
        columnDefs=columns,
        defaultColDef={
            "sortable": sortable,
            "resizable": True,
            "filter": False,
            "suppressHeaderMenuButton": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
            "minWidth": 56,
        },
        dashGridOptions=grid_options,
        className=GRID_CLASS,
        style=style,
        **props,
    )
