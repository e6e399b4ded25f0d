"""Layout of the Projectresultaten page: the plan's deliverables as an editable checklist."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html

from dashboard.data.store.deliverables import STATUSES
from dashboard.layouts.components.card import card


@dataclass(frozen=True)
class ResultatenIds:
    """Component ids of the Projectresultaten page."""

    loaded: str = "resultaten-geladen"
    kpi: str = "resultaten-kpi"
    table: str = "resultaten-tabel"
    save: str = "resultaten-opslaan"
    message: str = "resultaten-melding"


RESULTATEN = ResultatenIds()


def build() -> html.Div:
    table = dash_table.DataTable(
        id=RESULTATEN.table,
        columns=[
            {"name": "Code", "id": "code", "editable": False},
            {"name": "Resultaat", "id": "titel", "editable": False},
            {"name": "Status", "id": "status", "presentation": "dropdown"},
            {"name": "Eigenaar", "id": "eigenaar"},
            {"name": "Datum (dd-mm-jjjj)", "id": "datum"},
            {"name": "Notitie", "id": "notitie"},
        ],
        data=[],
        editable=True,
        dropdown={"status": {"options": [{"label": s, "value": s} for s in STATUSES]}},
        page_action="none",
        style_cell={
            "fontSize": 12,
            "padding": "3px 6px",
            "fontFamily": "inherit",
            "textAlign": "left",
            "whiteSpace": "normal",
            "height": "auto",
        },
        style_cell_conditional=[
            {"if": {"column_id": "code"}, "width": "50px"},
            {"if": {"column_id": "titel"}, "minWidth": "280px", "maxWidth": "420px"},
            {"if": {"column_id": "status"}, "minWidth": "130px"},
            {"if": {"column_id": "notitie"}, "minWidth": "200px"},
        ],
        style_data_conditional=[
            {"if": {"filter_query": '{status} = "gereed"'}, "backgroundColor": "#e8f5e9"},
            {"if": {"filter_query": '{status} = "vervallen"'}, "color": "#888"},
        ],
        style_header={"fontWeight": "600", "backgroundColor": "#f1f3f5"},
        css=[{"selector": ".Select-menu-outer", "rule": "display: block !important"}],
    )
    return html.Div(
        [
            dcc.Store(id=RESULTATEN.loaded, data=True),
            html.H1("Projectresultaten", className="h5 mb-2"),
            html.P(
                "De resultaten uit het projectplan: algemeen dashboard (a t/m i) en thematische "
                "dashboards (a t/m h). Pas status, eigenaar, datum of notitie aan in de tabel en "
                "klik op Opslaan; elke wijziging komt in het auditlog.",
                className="small text-muted",
            ),
            html.Div(id=RESULTATEN.kpi, className="kpi-row mb-2"),
            card(
                "Checklist",
                [
                    table,
                    html.Button(
                        "Opslaan", id=RESULTATEN.save, className="btn btn-primary btn-sm mt-2"
                    ),
                    html.Div(id=RESULTATEN.message, className="small mt-2", role="status"),
                ],
            ),
        ]
    )


def kpi_cards(ready: int, planned: int, progress: list[dict]) -> list:
    cards = [
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div("Integraal ontwikkelde dashboards", className="small text-muted"),
                    html.Div(f"{ready} van {planned}", className="kpi-value"),
                    html.Div("status gereed", className="small text-muted"),
                ],
                class_name="p-2",
            ),
            class_name="kpi-card shadow-sm",
            id="resultaten-kpi-dashboards",
        )
    ]
    for row in progress:
        total = sum(row[s] for s in STATUSES)
        cards.append(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(row["label"], className="small text-muted"),
                        html.Div(f"{row['gereed']} van {total} gereed", className="kpi-value"),
                        html.Div(
                            f"{row['in uitvoering']} in uitvoering, {row['gepland']} gepland",
                            className="small text-muted",
                        ),
                    ],
                    class_name="p-2",
                ),
                class_name="kpi-card shadow-sm",
            )
        )
    return cards
