"""Layout of the Gebruik page (project lead and admin): how the dashboards are used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.formatting import nl_date, nl_number, nl_percent_change
from dashboard.layouts.components.card import card
from dashboard.layouts.components.filters import (
    date_range,
    dropdown,
    filter_column,
    filter_label,
)
from dashboard.layouts.components.graph import graph
from dashboard.layouts.components.grid import grid, number_column, text_column
from dashboard.measures.usage import ACTIVE_DAYS, UsageSummary


@dataclass(frozen=True)
class GebruikIds:
    """Component ids of the Gebruik page (with its DVO report)."""

    dates: str = "gebruik-periode"
    title: str = "gebruik-titel"
    kpis: str = "gebruik-kpis"
    day: str = "gebruik-per-dag"
    month: str = "gebruik-per-maand"
    pages: str = "gebruik-per-dashboard"
    gemeenten: str = "gebruik-per-gemeente"
    filters: str = "gebruik-filters"
    areas: str = "gebruik-gebieden"
    halves: str = "gebruik-helften"
    download_button: str = "gebruik-download-knop"
    download: str = "gebruik-download"
    dvo_half: str = "gebruik-dvo-halfjaar"
    dvo_pdf: str = "gebruik-dvo-pdf"
    dvo_xlsx: str = "gebruik-dvo-xlsx"
    dvo_download: str = "gebruik-dvo-download"
    dvo_message: str = "gebruik-dvo-melding"


GEBRUIK = GebruikIds()


def _table(table_id: str, columns: list[tuple[str, str]]) -> dag.AgGrid:
    """The first column is text, the others whole numbers with a thousands separator; the
    grid scrolls inside its card."""
    (key, name), *numbers = columns
    defs = [text_column(key, name, minWidth=120, flex=2, wrapText=True, autoHeight=True)]
    defs += [number_column(k, n, minWidth=80, flex=1) for k, n in numbers]
    return grid(table_id, defs, height=260)


def _half_label(half: str, running: bool) -> str:
    """'2026-H1' -> '1e halfjaar 2026'; the running half year (the first offered) says so."""
    year, number = half.split("-H")
    return f"{number}e halfjaar {year}" + (" (loopt nog, onvolledig)" if running else "")


def dvo_section(halves: list[str], default: str | None = None) -> html.Div:
    """default: the half year chosen at first (the last complete one); the running half year
    is offered too, labelled as running."""
    return html.Div(
        [
            html.H2("DVO-rapportage", className="h6 mt-4"),
            filter_label("Halfjaar", GEBRUIK.dvo_half),
            dropdown(
                id=GEBRUIK.dvo_half,
                options=[
                    {"label": _half_label(h, running=k == 0), "value": h}
                    for k, h in enumerate(halves)
                ],
                value=default if default in halves else halves[0],
                clearable=False,
                searchable=False,
            ),
            html.Div(
                [
                    html.Button("PDF", id=GEBRUIK.dvo_pdf, className="btn btn-sm btn-primary me-2"),
                    html.Button(
                        "Excel", id=GEBRUIK.dvo_xlsx, className="btn btn-sm btn-outline-primary"
                    ),
                ],
                className="mt-2",
            ),
            html.Div(id=GEBRUIK.dvo_message, className="small text-danger mt-1", role="status"),
            dcc.Download(id=GEBRUIK.dvo_download),
        ]
    )


def build(
    start: dt.date,
    end: dt.date,
    definitions: tuple[str, ...],
    halves: list[str],
    default_half: str | None = None,
) -> dbc.Row:
    sidebar = html.Div(
        [
            filter_label("Periode", GEBRUIK.dates),
            date_range(
                id=GEBRUIK.dates,
                start_date=start.isoformat(),
                end_date=end.isoformat(),
                display_format="DD-MM-YYYY",
                first_day_of_week=1,
                minimum_nights=0,
                clearable=False,
            ),
            html.Button(
                "Download CSV",
                id=GEBRUIK.download_button,
                className="btn btn-sm btn-outline-secondary mt-3 d-block",
            ),
            dcc.Download(id=GEBRUIK.download),
            dvo_section(halves, default_half),
            html.H2("Definities", className="h6 mt-4"),
            html.Ul([html.Li(text) for text in definitions], className="small text-muted ps-3"),
        ]
    )
    main = html.Div(
        [
            html.H1(id=GEBRUIK.title, className="h5 mb-2"),
            html.Div(id=GEBRUIK.kpis, className="kpi-row mb-2"),
            dbc.Row(
                [
                    dbc.Col(card("Per dag", graph(GEBRUIK.day)), lg=7),
                    dbc.Col(card("Per maand", graph(GEBRUIK.month)), lg=5),
                ],
                class_name="g-2 mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        card(
                            "Per dashboard",
                            _table(
                                GEBRUIK.pages,
                                [
                                    ("titel", "Dashboard"),
                                    ("weergaven", "Weergaven"),
                                    ("gebruikers", "Gebruikers"),
                                ],
                            ),
                        ),
                        lg=4,
                    ),
                    dbc.Col(
                        card(
                            "Per gemeente",
                            _table(
                                GEBRUIK.gemeenten,
                                [
                                    ("naam", "Gemeente"),
                                    ("weergaven", "Weergaven"),
                                    ("gebruikers", "Gebruikers"),
                                ],
                            ),
                        ),
                        lg=4,
                    ),
                    dbc.Col(card("Eerste en tweede helft", html.Div(id=GEBRUIK.halves)), lg=4),
                ],
                class_name="g-2 mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        card(
                            "Meest gebruikte filters",
                            _table(
                                GEBRUIK.filters, [("naam", "Filter"), ("aantal", "Wijzigingen")]
                            ),
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        card(
                            "Meest gekozen gebieden",
                            _table(GEBRUIK.areas, [("naam", "Gebied"), ("aantal", "Keer gekozen")]),
                        ),
                        lg=6,
                    ),
                ],
                class_name="g-2 mb-2",
            ),
        ]
    )
    return dbc.Row(
        [
            filter_column("gebruik", sidebar, "Periode en rapportage"),
            dbc.Col(main, width=12, md=9, xl=10),
        ],
        class_name="g-2",
    )


def kpi_cards(summary: UsageSummary) -> list:
    items = [
        ("Weergaven", nl_number(summary.weergaven), "pagina's geopend"),
        ("Unieke gebruikers", nl_number(summary.gebruikers), "accounts in de periode"),
        (
            "Actief / licenties",
            f"{nl_number(summary.actieve_gebruikers)} / {nl_number(summary.licenties)}",
            f"actief in de {ACTIVE_DAYS} dagen t/m {nl_date(summary.tot)}",
        ),
        ("Filterwijzigingen", nl_number(summary.filterwijzigingen), "op alle weergaven"),
        ("Downloads", nl_number(summary.downloads), "CSV en bestanden"),
        ("Rapporten", nl_number(summary.rapporten), "gemaakt in de app"),
        ("Logins", nl_number(summary.logins), ""),
    ]
    return [
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(label, className="small text-muted"),
                    html.Div(value, className="kpi-value"),
                    html.Div(note, className="small text-muted"),
                ],
                class_name="p-2",
            ),
            class_name="kpi-card shadow-sm",
            id={"type": "gebruik-kpi", "naam": label},
        )
        for label, value, note in items
    ]


def halves_card(halves: dict) -> html.Div:
    (a_start, a_end), (b_start, b_end) = halves["eerste"], halves["tweede"]
    views, users = halves["weergaven"], halves["gebruikers"]
    return html.Table(
        [
            html.Thead(
                html.Tr(
                    [
                        html.Th(""),
                        html.Th(f"{nl_date(a_start)} t/m {nl_date(a_end)}", className="small"),
                        html.Th(f"{nl_date(b_start)} t/m {nl_date(b_end)}", className="small"),
                    ]
                )
            ),
            html.Tbody(
                [
                    html.Tr([html.Td("Weergaven"), *(html.Td(nl_number(v)) for v in views)]),
                    html.Tr([html.Td("Gebruikers"), *(html.Td(nl_number(v)) for v in users)]),
                    html.Tr(
                        [
                            html.Td("Verschil weergaven"),
                            html.Td(""),
                            html.Td(nl_percent_change(halves["verschil_pct"])),
                        ]
                    ),
                ]
            ),
        ],
        className="table table-sm small mb-0",
    )
