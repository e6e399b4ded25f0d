"""Layout of the general dashboard ("Algemeen beeld"): a pure function of the view state and
the filter options."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from types import MappingProxyType

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.analysis.periods import COMPARISONS, PRESETS
from dashboard.data.reference.categories import HOOFDCATEGORIEEN, MAIN_CATEGORIES
from dashboard.formatting import region_label
from dashboard.layouts.components import annotations
from dashboard.layouts.components.a11y import table_link
from dashboard.layouts.components.card import card
from dashboard.layouts.components.choropleth import choropleth, ranking
from dashboard.layouts.components.filters import (
    Option,
    date_range,
    dropdown,
    dropdown_options,
    filter_column,
    filter_label,
)
from dashboard.layouts.components.graph import graph
from dashboard.layouts.components.grid import grid, number_column, text_column
from dashboard.layouts.components.help import help_button
from dashboard.layouts.components.notice import NOTICE_CLASS
from dashboard.state import ViewState, to_search


@dataclass(frozen=True)
class AlgemeenIds:
    """Algemeen beeld: its filters, cards, the Veiligheidsmonitor card, the periodic report's
    buttons and the extrapolation card."""

    view: str = "algemeen-weergave"  # the validated query string the data callbacks read
    # filters
    period: str = "filter-periode"
    dates: str = "filter-datums"
    comparison: str = "filter-vergelijking"
    gemeente: str = "filter-gemeente"
    wijk: str = "filter-wijk"
    buurt: str = "filter-buurt"
    hoofdcategorie: str = "filter-hoofdcategorie"
    codes: str = "filter-codes"
    measure: str = "filter-maat"
    grain: str = "filter-trend"
    # the view
    title: str = "algemeen-titel"
    kpis: str = "algemeen-kpis"
    map: str = "algemeen-kaart"
    map_layer: str = "algemeen-kaart-laag"
    map_legend: str = "algemeen-kaart-legenda"
    map_ranking: str = "algemeen-kaart-rangorde"
    map_click: str = "algemeen-kaart-klik"
    trend: str = "algemeen-trend"
    heatmap: str = "algemeen-heatmap"
    heatmap_note: str = "algemeen-heatmap-noot"
    table: str = "algemeen-tabel"
    # The areas table's page one of a view (with update_main's figures), a request for another
    # page or order and the server's answer: assets/paged-grid.js finds them by these names.
    table_first: str = "algemeen-tabel-eerste"
    table_request: str = "algemeen-tabel-vraag"
    table_answer: str = "algemeen-tabel-antwoord"
    table_download_button: str = "algemeen-tabel-download-knop"
    table_download: str = "algemeen-tabel-download"
    profile: str = "algemeen-profiel"
    survey: str = "algemeen-veiligheidsmonitor"
    # the periodic report of the chosen gemeente
    report_kind: str = "rapport-soort"
    report_pdf: str = "rapport-pdf"
    report_xlsx: str = "rapport-xlsx"
    report_download: str = "rapport-download"
    report_message: str = "rapport-melding"
    # the extrapolation card
    horizon: str = "extrapolatie-horizon"
    extrapolation: str = "extrapolatie-grafiek"
    extrapolation_note: str = "extrapolatie-noot"


ALGEMEEN = AlgemeenIds()

# A chart switched off: out of sight but with its width, so that Plotly lays it out for the
# width it is shown at. Hidden with display: none it was drawn for no width, and when switched
# on its legend lay over the top of the plot until the window was resized.
HIDDEN_GRAPH = MappingProxyType({"visibility": "hidden", "height": "0px", "overflow": "hidden"})

_card = partial(card, help_page="algemeen")  # the general dashboard's help texts


@dataclass(frozen=True)
class FilterOptions:
    gemeenten: list[Option]
    wijken: list[Option]
    buurten: list[Option]
    codes: list[tuple[str, str, str]]  # (mk_code, omschrijving, hoofdcategorie)
    data_date: dt.date | None
    region_name: str
    tile_url: str = ""
    tile_attribution: str = ""
    # What of the opened link the view changed (codes the viewer may not see, a period outside
    # the data), said once above the view: the filters and the URL hold what is shown.
    link_note: str = ""


def code_options(codes: list[tuple[str, str, str]], hoofdcategorieen) -> list[dict]:
    wanted = set(hoofdcategorieen)
    return [{"label": f"{code} {text}", "value": code} for code, text, hc in codes if hc in wanted]


def filters(state: ViewState, options: FilterOptions) -> html.Div:
    return html.Div(
        [
            filter_label("Periode", ALGEMEEN.period),
            dropdown(
                id=ALGEMEEN.period,
                options=[{"label": v, "value": k} for k, v in PRESETS.items()],
                value=state.periode,
                clearable=False,
                searchable=False,
            ),
            date_range(
                id=ALGEMEEN.dates,
                start_date=state.van,
                end_date=state.tot,
                max_date_allowed=options.data_date,
                disabled=state.periode != "aangepast",
                start_date_placeholder_text="begin",
                end_date_placeholder_text="einde",
                className="mt-1",
            ),
            filter_label("Vergelijken met", ALGEMEEN.comparison),
            dbc.RadioItems(
                id=ALGEMEEN.comparison,
                options=[{"label": v, "value": k} for k, v in COMPARISONS.items()],
                value=state.vergelijking,
                class_name="small",
            ),
            filter_label("Gemeente", ALGEMEEN.gemeente),
            dropdown(
                id=ALGEMEEN.gemeente,
                options=dropdown_options(options.gemeenten),
                value=state.gemeente,
                placeholder=region_label(options.region_name),
            ),
            filter_label("Wijk", ALGEMEEN.wijk),
            dropdown(
                id=ALGEMEEN.wijk,
                options=dropdown_options(options.wijken),
                value=state.wijk,
                placeholder="Alle wijken",
                disabled=not state.gemeente,
            ),
            filter_label("Buurt", ALGEMEEN.buurt),
            dropdown(
                id=ALGEMEEN.buurt,
                options=dropdown_options(options.buurten),
                value=state.buurt,
                placeholder="Alle buurten",
                disabled=not state.wijk,
            ),
            filter_label("Hoofdcategorie", ALGEMEEN.hoofdcategorie),
            dbc.Checklist(
                id=ALGEMEEN.hoofdcategorie,
                options=[{"label": HOOFDCATEGORIEEN[k], "value": k} for k in MAIN_CATEGORIES],
                value=list(state.hoofdcategorieen),
                class_name="small",
            ),
            filter_label("Incidentcodes", ALGEMEEN.codes),
            dropdown(
                id=ALGEMEEN.codes,
                options=code_options(options.codes, state.hoofdcategorieen),
                value=list(state.codes),
                multi=True,
                placeholder="Alle codes van de gekozen categorieën",
                optionHeight=40,
            ),
            filter_label("Kaart en tabel", ALGEMEEN.measure),
            dbc.RadioItems(
                id=ALGEMEEN.measure,
                options=[
                    {"label": "Aantal", "value": "aantal"},
                    {"label": "Per 1.000 inwoners", "value": "per1000"},
                ],
                value=state.maat,
                inline=True,
                class_name="small",
            ),
            filter_label("Trend per", ALGEMEEN.grain),
            dbc.RadioItems(
                id=ALGEMEEN.grain,
                options=[{"label": "Week", "value": "week"}, {"label": "Maand", "value": "maand"}],
                value=state.trend,
                inline=True,
                class_name="small",
            ),
            report_section(),
        ],
        className="filters",
    )


def report_section() -> html.Div:
    """The periodic report of the selected gemeente: the newest complete month, quarter, half
    year or year."""
    return html.Div(
        [
            html.H2("Rapportage gemeente", className="h6 mt-4 mb-1"),
            dropdown(
                id=ALGEMEEN.report_kind,
                options=[
                    {"label": "Laatste volledige maand", "value": "maand"},
                    {"label": "Laatste volledige kwartaal", "value": "kwartaal"},
                    {"label": "Laatste volledige halfjaar", "value": "halfjaar"},
                    {"label": "Laatste volledige jaar", "value": "jaar"},
                ],
                value="kwartaal",
                clearable=False,
                searchable=False,
            ),
            html.Div(
                [
                    html.Button(
                        "PDF", id=ALGEMEEN.report_pdf, className="btn btn-sm btn-primary me-2"
                    ),
                    html.Button(
                        "Excel",
                        id=ALGEMEEN.report_xlsx,
                        className="btn btn-sm btn-outline-primary",
                    ),
                ],
                className="mt-2",
            ),
            html.Div(id=ALGEMEEN.report_message, className="small text-danger mt-1", role="status"),
            dcc.Download(id=ALGEMEEN.report_download),
        ]
    )


def _categories() -> list[Option]:
    return [(k, HOOFDCATEGORIEEN[k]) for k in MAIN_CATEGORIES]


def area_map(options: FilterOptions) -> html.Div:
    return html.Div(
        [
            choropleth(
                ALGEMEEN.map,
                ALGEMEEN.map_layer,
                options.tile_url,
                options.tile_attribution,
                360,
            ),
            html.Div(id=ALGEMEEN.map_legend, className="map-legend small mt-1"),
            ranking(ALGEMEEN.map_ranking),
            dcc.Store(id=ALGEMEEN.map_click),
        ]
    )


TABLE_PAGE_SIZE = 25  # rows of the areas table per page
# Numbers sort the largest first on the first click, names from A; never unsorted (the rows
# would still come in the default order while no header said so).
_NUMBER_ORDER = {"sortingOrder": ["desc", "asc"], "flex": 1}


def ranking_table() -> html.Div:
    """The areas of the map, a page at a time: sorted and cut on the server (a national region
    has 342 gemeenten), with AG Grid's infinite row model. Page one of a view comes with the
    KPI figures (update_main, into table_first); another page or order is one request of
    table_request (callbacks/algemeen.py, assets/paged-grid.js)."""
    # Each number column is as wide as its header and sort arrow (a header breaks between
    # words, never inside "Vergelijking"); a narrower card scrolls the grid sideways.
    columns = [
        text_column(
            "naam",
            "Gebied",
            minWidth=110,
            flex=2.2,
            sortingOrder=["asc", "desc"],
            tooltipField="naam",  # a long name is cut with "...": the whole name on hover
            # Rows of the server-paged (infinite) row model have one fixed height.
            wrapText=False,
            autoHeight=False,
        ),
        number_column("periode", "Aantal", sort="desc", minWidth=92, **_NUMBER_ORDER),
        number_column("vergelijking", "Vergelijking", minWidth=100, **_NUMBER_ORDER),
        number_column("verschil", "Verschil", minWidth=76, **_NUMBER_ORDER),
        number_column("verschil_pct", "%", 1, minWidth=60, **_NUMBER_ORDER),
        number_column("inwoners", "Inwoners", minWidth=84, **_NUMBER_ORDER),
        number_column("per_1000", "Per 1.000", 1, minWidth=72, **_NUMBER_ORDER),
    ]
    return html.Div(
        [
            grid(
                ALGEMEEN.table,
                columns,
                page_size=TABLE_PAGE_SIZE,
                height=380,
                rowModelType="infinite",
                options={
                    # One block of the cache is one page: a page is one request.
                    "cacheBlockSize": TABLE_PAGE_SIZE,
                    "infiniteInitialRowCount": TABLE_PAGE_SIZE,
                    "maxConcurrentDatasourceRequests": 1,
                    "enableBrowserTooltips": True,
                    "suppressMultiSort": True,  # the server sorts by one column
                    # A page is 25 rows: all of them in the page (screen readers, find).
                    "suppressRowVirtualisation": True,
                },
            ),
            dcc.Store(id=ALGEMEEN.table_first),
            dcc.Store(id=ALGEMEEN.table_request),
            dcc.Store(id=ALGEMEEN.table_answer),
            html.Div(
                f"Per pagina {TABLE_PAGE_SIZE} gebieden; klik op een kolomkop om te sorteren. "
                "De download bevat alle gebieden.",
                className="small text-muted mt-1",
            ),
            html.Div(
                [
                    html.Button(
                        "Download CSV",
                        id=ALGEMEEN.table_download_button,
                        className="btn btn-sm btn-outline-secondary mt-1",
                    ),
                    dcc.Download(id=ALGEMEEN.table_download),
                ]
            ),
        ]
    )


def build(state: ViewState, options: FilterOptions) -> html.Div:
    main = html.Div(
        [
            html.H1(id=ALGEMEEN.title, className="h5 mb-2"),
            html.Div(options.link_note, className=NOTICE_CLASS + " mb-2", role="status")
            if options.link_note
            else None,
            html.Div(id=ALGEMEEN.kpis, className="kpi-row mb-2"),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            "Kaart",
                            [area_map(options), table_link(ALGEMEEN.table)],
                            help_text="klik op een gebied om het te kiezen",
                        ),
                        lg=7,
                    ),
                    dbc.Col(
                        [
                            _card(
                                "Trend",
                                graph(ALGEMEEN.trend),
                                help_text="periode naast vergelijkingsperiode",
                            ),
                            annotations.card(
                                annotations.GENERAL,
                                _categories(),
                                help_button("algemeen", "Duiding bij deze weergave"),
                            ),
                        ],
                        lg=5,
                    ),
                ],
                class_name="g-2 mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            "Gebieden",
                            ranking_table(),
                            help_text="klik op een kolomkop om te sorteren",
                        ),
                        lg=7,
                    ),
                    dbc.Col(
                        _card(
                            "Dag en uur",
                            [
                                graph(ALGEMEEN.heatmap),
                                html.Div(id=ALGEMEEN.heatmap_note, className="text-muted small"),
                            ],
                            help_text="pleegmoment",
                        ),
                        lg=5,
                    ),
                ],
                class_name="g-2 mb-2",
            ),
            _card(
                "Extrapolatie",
                [
                    html.Div(
                        [
                            html.Label(
                                "Extrapolatie van historische cijfers (geen voorspelling):",
                                htmlFor=ALGEMEEN.horizon,
                                className="small me-2",
                            ),
                            dbc.RadioItems(
                                id=ALGEMEEN.horizon,
                                options=[
                                    {"label": "uit", "value": 0},
                                    {"label": "3 maanden", "value": 3},
                                    {"label": "6 maanden", "value": 6},
                                    {"label": "12 maanden", "value": 12},
                                ],
                                value=state.extrapolatie,
                                inline=True,
                                class_name="small d-inline-block",
                            ),
                        ],
                        className="d-flex flex-wrap align-items-center",
                    ),
                    graph(ALGEMEEN.extrapolation, style=dict(HIDDEN_GRAPH)),
                    html.Div(id=ALGEMEEN.extrapolation_note, className="small text-muted"),
                ],
                help_text="per maand, de selectie van filters",
                class_name="mb-2",
            ),
            _card("Gebiedsprofiel", html.Div(id=ALGEMEEN.profile)),
            _card("Veiligheidsmonitor", html.Div(id=ALGEMEEN.survey), class_name="mt-2"),
        ]
    )
    return dbc.Row(
        [
            # Mounted with the page, so the data callbacks run once the page is there.
            dcc.Store(id=ALGEMEEN.view, data=to_search(state)),
            filter_column("algemeen", filters(state, options)),
            dbc.Col(main, width=12, md=9, xl=10),
        ],
        class_name="g-2",
    )
