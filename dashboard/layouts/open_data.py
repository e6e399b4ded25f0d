"""Layout of the open-data page: police figures from the public CBS/Politie tables."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import html

from dashboard.data.models import CBS_LEVELS, LEVEL_PLURAL
from dashboard.layouts.components.choropleth import choropleth
from dashboard.layouts.components.filters import dropdown, filter_column, filter_label
from dashboard.layouts.components.graph import graph
from dashboard.layouts.components.grid import grid, number_column, text_column
from dashboard.layouts.components.notice import not_loaded


@dataclass(frozen=True)
class OpenDataIds:
    """The open-data page (police figures from the public CBS/Politie tables)."""

    period: str = "opendata-periode"
    soort: str = "opendata-soort"
    level: str = "opendata-niveau"
    gemeente: str = "opendata-gemeente"
    title: str = "opendata-titel"
    level_note: str = "opendata-niveau-melding"
    map: str = "opendata-kaart"
    map_layer: str = "opendata-kaart-laag"
    legend: str = "opendata-legenda"
    unplaced: str = "opendata-niet-op-kaart"
    table: str = "opendata-tabel"
    trend: str = "opendata-trend"


OPEN_DATA = OpenDataIds()


def _chosen(options: list[dict], wanted: str | None) -> str | None:
    values = [o["value"] for o in options]
    return wanted if wanted in values else (values[0] if values else None)


def build(
    periods: list[dict],
    types: list[dict],
    gemeenten: list[dict],
    tile_url: str,
    state,
    tile_attribution: str = "",
    region: str = "Hele regio",
    load_command: str | None = None,
) -> html.Div:
    """region: the region's one label (formatting.region_label); load_command: the how-to for
    a viewer who loads deliveries, None for a reader (who is told to ask the beheerder)."""
    if not periods:
        howto = (
            [
                html.P(
                    "Een tabel van CBS/Politie: 47018NED (per jaar) of 47022NED (per maand).",
                    className="small text-muted mb-0",
                )
            ]
            if load_command
            else []
        )
        return html.Div(
            [
                html.H1("Politiecijfers (open data)", className="h5"),
                not_loaded("Open data van de politie", load_command, class_name="text-muted"),
                *howto,
            ]
        )
    filters = html.Div(
        [
            filter_label("Periode", OPEN_DATA.period),
            dropdown(
                id=OPEN_DATA.period, options=periods, value=periods[0]["value"], clearable=False
            ),
            filter_label("Soort misdrijf", OPEN_DATA.soort),
            dropdown(
                id=OPEN_DATA.soort,
                options=types,
                value=_chosen(types, state.soort),
                clearable=False,
            ),
            filter_label("Gemeente", OPEN_DATA.gemeente),
            dropdown(
                id=OPEN_DATA.gemeente,
                options=gemeenten,
                value=state.gemeente if state.gemeente in {g["value"] for g in gemeenten} else None,
                placeholder=region,
            ),
            filter_label("Kaart per", OPEN_DATA.level),
            dbc.RadioItems(
                id=OPEN_DATA.level,
                options=[
                    {"label": LEVEL_PLURAL[level].capitalize(), "value": level}
                    for level in CBS_LEVELS
                ],
                value=state.niveau,
                class_name="small",
            ),
            html.P(
                "Bron: CBS/Politie, geregistreerde misdrijven. Dit zijn jaar- of maandcijfers "
                "zonder tijdstip en zonder losse registraties.",
                className="small text-muted mt-3",
            ),
        ],
        className="filters",
    )
    main = html.Div(
        [
            html.H1(id=OPEN_DATA.title, className="h5 mb-2"),
            html.Div(id=OPEN_DATA.level_note, role="status"),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [
                                    choropleth(
                                        OPEN_DATA.map,
                                        OPEN_DATA.map_layer,
                                        tile_url,
                                        tile_attribution,
                                        380,
                                    ),
                                    html.Div(
                                        id=OPEN_DATA.legend, className="map-legend small mt-1"
                                    ),
                                    html.Div(
                                        id=OPEN_DATA.unplaced, className="small text-muted mt-1"
                                    ),
                                ],
                                class_name="p-2",
                            ),
                            class_name="shadow-sm",
                        ),
                        lg=7,
                    ),
                    dbc.Col(
                        dbc.Card(
                            [
                                dbc.CardHeader("Verloop", class_name="py-1 fw-semibold"),
                                dbc.CardBody(
                                    graph(OPEN_DATA.trend),
                                    class_name="p-2",
                                ),
                            ],
                            class_name="shadow-sm",
                        ),
                        lg=5,
                    ),
                ],
                class_name="g-2 mb-2",
            ),
            dbc.Card(
                dbc.CardBody(
                    grid(
                        OPEN_DATA.table,
                        [
                            text_column(
                                "naam",
                                "Gebied",
                                minWidth=140,
                                flex=2,
                                wrapText=True,
                                autoHeight=True,
                            ),
                            number_column("aantal", "Geregistreerd", minWidth=100, flex=1),
                            number_column("inwoners", "Inwoners", minWidth=90, flex=1),
                            number_column("per_1000", "Per 1.000", 1, minWidth=90, flex=1),
                            text_column(
                                "opmerking",
                                "Opmerking",
                                minWidth=140,
                                flex=2,
                                wrapText=True,
                                autoHeight=True,
                            ),
                        ],
                        page_size=20,
                    ),
                    class_name="p-2",
                ),
                class_name="shadow-sm",
            ),
        ]
    )
    return dbc.Row(
        [
            filter_column("open-data", filters),
            dbc.Col(main, width=12, md=9, xl=10),
        ],
        class_name="g-2",
    )
