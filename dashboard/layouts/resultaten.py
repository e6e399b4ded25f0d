"""Layout of the Projectresultaten page: the plan's deliverables as an editable checklist."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.data.store.deliverables import STATUSES
from dashboard.layouts.components.card import card
from dashboard.layouts.components.grid import grid, text_column


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
    wrap = {"wrapText": True, "autoHeight": True}
    edit = {"editable": True, "cellClass": "dv-editable"}
    columns = [
        text_column("code", "Code", minWidth=64, flex=0.5),
        text_column("titel", "Resultaat", minWidth=220, flex=3, **wrap),
        text_column(
            "status",
            "Status",
            minWidth=130,
            flex=1,
            cellEditor="agSelectCellEditor",
            cellEditorParams={"values": list(STATUSES)},
            **edit,
        ),
        text_column("eigenaar", "Eigenaar", minWidth=110, flex=1, **wrap, **edit),
        text_column("datum", "Datum (dd-mm-jjjj)", minWidth=110, flex=1, **edit),
        text_column("notitie", "Notitie", minWidth=180, flex=2, **wrap, **edit),
    ]
    # Edited in the grid (Enter or a double click opens a cell, Enter saves it, Escape
    # cancels); Opslaan sends the grid's rows as they now are (virtualRowData).
    table = grid(
        RESULTATEN.table,
        columns,
        sortable=False,
        options={
            "singleClickEdit": False,
            "stopEditingWhenCellsLoseFocus": True,
            "rowClassRules": {
                "dv-done": "params.data.status === 'gereed'",
                "text-muted": "params.data.status === 'vervallen'",
            },
        },
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
