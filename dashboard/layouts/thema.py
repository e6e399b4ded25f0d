"""Layout of a thematic dashboard: a pure function of the theme, the view state and the filter
options. One layout serves every theme; the callbacks read the theme from the page path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.formatting import nl_number, region_label
from dashboard.layouts.components import annotations
from dashboard.layouts.components.a11y import radio_group, table_link
from dashboard.layouts.components.card import card as shared_card
from dashboard.layouts.components.choropleth import choropleth, ranking
from dashboard.layouts.components.filters import (
    Option,
    dropdown,
    dropdown_options,
    filter_column,
    filter_label,
)
from dashboard.layouts.components.graph import graph
from dashboard.layouts.components.grid import grid, number_column, text_column
from dashboard.layouts.components.help import help_button
from dashboard.layouts.components.kpi_card import change_line, flag_lines, significance_hint

if TYPE_CHECKING:  # a layout reads the typed results; it needs no measure at run time
    from dashboard.measures.theme_kpis import ThemeKpi
    from dashboard.measures.theme_notes import IndicatorTable, SourceNote


@dataclass(frozen=True)
class ThemaIds:
    """Component ids of the thematic dashboards (one layout serves every theme)."""

    view: str = "thema-weergave"  # the validated query string the theme callbacks read
    period: str = "thema-periode"
    gemeente: str = "thema-gemeente"
    buurt: str = "thema-buurt"
    source: str = "thema-bron"
    measure: str = "thema-maat"
    title: str = "thema-titel"
    kpis: str = "thema-kpis"
    kpi_card: str = "thema-kpi"  # pattern-matching type: {"type": kpi_card, "bron": source key}
    map: str = "thema-kaart"
    map_layer: str = "thema-kaart-laag"
    map_legend: str = "thema-kaart-legenda"
    map_click: str = "thema-kaart-klik"
    map_note: str = "thema-kaart-noot"
    map_ranking: str = "thema-kaart-rangorde"
    table: str = "thema-tabel"
    table_download_button: str = "thema-tabel-download-knop"
    table_download: str = "thema-tabel-download"
    trend: str = "thema-trend"
    trend_note: str = "thema-trend-noot"
    comparison: str = "thema-vergelijking"
    breakdown: str = "thema-verdeling"
    breakdown_note: str = "thema-verdeling-noot"
    indicators: str = "thema-kerncijfers"
    notes: str = "thema-toelichting"


THEMA = ThemaIds()

_card = partial(shared_card, help_page="thema")  # the theme pages' own help texts


@dataclass(frozen=True)
class ThemeOptions:
    label: str
    periods: list[Option]
    gemeenten: list[Option]
    buurten: list[Option]
    sources: list[Option]
    region_name: str
    tile_url: str = ""
    tile_attribution: str = ""


def filters(state, options: ThemeOptions) -> html.Div:
    return html.Div(
        [
            filter_label("Periode", THEMA.period),
            dropdown(
                id=THEMA.period,
                options=dropdown_options(options.periods),
                value=state.periode,
                clearable=False,
                searchable=False,
            ),
            filter_label("Gemeente", THEMA.gemeente),
            dropdown(
                id=THEMA.gemeente,
                options=dropdown_options(options.gemeenten),
                value=state.gemeente,
                placeholder=region_label(options.region_name),
            ),
            filter_label("Buurt", THEMA.buurt),
            dropdown(
                id=THEMA.buurt,
                options=dropdown_options(options.buurten),
                value=state.buurt,
                placeholder="Alle buurten",
                disabled=not state.gemeente,
            ),
            *radio_group(
                "Bron op kaart en in trend",
                THEMA.source,
                dcc.RadioItems(
                    id=THEMA.source,
                    options=dropdown_options(options.sources),
                    value=state.bron,
                    className="small",
                    inputClassName="me-1",
                    labelClassName="d-block",
                ),
            ),
            *radio_group(
                "Maat",
                THEMA.measure,
                dcc.RadioItems(
                    id=THEMA.measure,
                    options=[
                        {"label": "Aantal", "value": "aantal"},
                        {"label": "Per 1.000 inwoners", "value": "per1000"},
                    ],
                    value=state.maat,
                    className="small",
                    inputClassName="me-1",
                    labelClassName="d-block",
                ),
            ),
            html.P(
                "Kleine aantallen per buurt of wijk (onder de drempel van de bron) staan als "
                "'<5'. Een 'x' is afgeschermd om zo'n klein aantal te beschermen: anders zou het "
                "uit het totaal terug te rekenen zijn.",
                className="text-muted small mt-3",
            ),
        ]
    )


def area_map(options: ThemeOptions) -> html.Div:
    map_ = choropleth(THEMA.map, THEMA.map_layer, options.tile_url, options.tile_attribution, 340)
    return html.Div(
        [
            map_,
            html.Div(id=THEMA.map_legend, className="map-legend small mt-1"),
            html.Div(id=THEMA.map_note, className="text-muted small"),
            ranking(THEMA.map_ranking),
            dcc.Store(id=THEMA.map_click),
        ]
    )


def area_table() -> html.Div:
    # The figures arrive as the policy shows them ("12", "<5", "x"): text, never the hidden
    # number; nlNumber leaves them as they are. In the server's order (hidden rows after the
    # others by name): sorting by a hidden figure would tell its rank.
    columns = [
        text_column("naam", "Gebied", minWidth=110, flex=2, wrapText=True, autoHeight=True),
        number_column("periode", "Aantal", minWidth=64, flex=1),
        number_column("vergelijking", "Vorig jaar", minWidth=64, flex=1),
        number_column("verschil", "Verschil", minWidth=64, flex=1),
        number_column("verschil_pct", "%", minWidth=72, flex=1.1),
        number_column("per_1000", "Per 1.000", minWidth=64, flex=1),
    ]
    return html.Div(
        [
            grid(
                THEMA.table,
                columns,
                height=300,
                sortable=False,
                # At most a gemeente's buurten: every row in the page (screen readers, find).
                options={"suppressRowVirtualisation": True},
            ),
            html.Button(
                "Download CSV",
                id=THEMA.table_download_button,
                className="btn btn-sm btn-outline-secondary mt-1",
            ),
            dcc.Download(id=THEMA.table_download),
        ]
    )


def build(state, search: str, options: ThemeOptions) -> html.Div:
    main = html.Div(
        [
            html.H1(id=THEMA.title, className="h5 mb-2"),
            html.Div(id=THEMA.kpis, className="kpi-row mb-2"),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            "Kaart",
                            [area_map(options), table_link(THEMA.table)],
                            help_text="klik op een gebied",
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        [
                            _card("Gebieden", area_table(), help_text="gekozen bron, periode"),
                            annotations.card(
                                annotations.THEME,
                                None,
                                help_button("thema", "Duiding bij deze weergave"),
                            ),
                        ],
                        lg=6,
                    ),
                ],
                class_name="g-2 mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            "Trend",
                            [
                                graph(THEMA.trend),
                                html.Div(id=THEMA.trend_note, className="text-muted small"),
                            ],
                            help_text="gekozen bron",
                        ),
                        lg=7,
                    ),
                    dbc.Col(
                        _card(
                            "Vergelijking met de regio",
                            graph(THEMA.comparison),
                            help_text="per 1.000 inwoners, per gemeente",
                        ),
                        lg=5,
                    ),
                ],
                class_name="g-2 mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            "Verdeling",
                            [
                                graph(THEMA.breakdown),
                                html.Div(id=THEMA.breakdown_note, className="text-muted small"),
                            ],
                            help_text="naar incidentcode of kenmerk",
                        ),
                        lg=7,
                    ),
                    dbc.Col(
                        _card("Kerncijfers", html.Div(id=THEMA.indicators), help_text="CBS"),
                        lg=5,
                    ),
                ],
                class_name="g-2 mb-2",
            ),
            _card("Wat telt elke bron", html.Div(id=THEMA.notes)),
        ]
    )
    return dbc.Row(
        [
            dcc.Store(id=THEMA.view, data=search),
            filter_column("thema", filters(state, options)),
            dbc.Col(main, width=12, md=9, xl=10),
        ],
        class_name="g-2",
    )


def kpi_cards(kpis: Sequence[ThemeKpi]) -> list:
    """One card per source (dashboard.measures.theme_kpis), worded as Algemeen beeld's cards:
    a partial period and a hidden figure give no change, and the card says why."""
    out = []
    for kpi in kpis:
        body = [
            # Wrapped, not cut: "Opgelegde huisverboden" must read whole on a narrow card.
            html.Div(kpi.source.label, className="small fw-semibold kpi-title"),
            html.Div(kpi.source.eigenaar, className="small text-muted kpi-title"),
            html.Div(kpi.value, className="kpi-value"),
        ]
        if kpi.figure is None:  # not delivered for this gemeente: nothing to compare
            body.append(html.Div(html.Span("-", className="fw-semibold"), className="small"))
        else:
            body.append(change_line(kpi.figure, kpi.comparison, kpi.withheld))
        if kpi.per_1000 is not None:
            body.append(
                html.Div(f"{nl_number(kpi.per_1000, 1)} per 1.000 inwoners", className="small")
            )
        body.append(significance_hint(kpi.hint))
        body += flag_lines(kpi.notes)
        out.append(
            dbc.Card(
                dbc.CardBody(body, class_name="p-2"),
                class_name="kpi-card shadow-sm" + (" border-primary" if kpi.selected else ""),
                id={"type": THEMA.kpi_card, "bron": kpi.source.key},
            )
        )
    return out


def indicator_table(table: IndicatorTable) -> html.Table:
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(h, className="small") for h in table.header])),
            html.Tbody(
                [
                    html.Tr(
                        [html.Td(row[0], className="small")]
                        + [html.Td(v, className="small text-end") for v in row[1:]]
                    )
                    for row in table.rows
                ]
            ),
        ],
        className="table table-sm mb-0",
    )


def source_notes(notes: Sequence[SourceNote]) -> html.Div:
    items = []
    for note in notes:
        items.append(
            html.Div(
                [
                    html.Div(
                        [
                            html.Span(note.naam, className="fw-semibold"),
                            html.Span(f" · {note.eigenaar}", className="text-muted"),
                        ]
                    ),
                    html.Div(note.toelichting, className="small"),
                    html.Div(
                        f"{note.detail}. Geleverd: {note.periode or 'nog niets'}.",
                        className="small text-muted",
                    ),
                ],
                className="mb-2",
            )
        )
    return html.Div(items)
