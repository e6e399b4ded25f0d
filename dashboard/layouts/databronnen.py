"""Layout of the data page ("Databronnen"): pure builders."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dash_table, dcc, html

from dashboard.formatting import nl_date, nl_number
from dashboard.layouts.components.graph import graph
from dashboard.layouts.components.table import number_column, table_locale


@dataclass(frozen=True)
class DatabronnenIds:
    """Component ids of the Databronnen page."""

    loaded: str = "databronnen-geladen"
    sources: str = "databronnen-bronnen"
    weekly: str = "databronnen-per-week"
    weekly_note: str = "databronnen-per-week-noot"
    runs: str = "databronnen-leveringen"
    rejections: str = "databronnen-afgekeurd"
    rejections_download: str = "databronnen-afgekeurd-download"


DATABRONNEN = DatabronnenIds()


def build() -> html.Div:
    return html.Div(
        [
            dcc.Store(id=DATABRONNEN.loaded, data=True),
            html.H1("Databronnen", className="h5 mb-1"),
            html.P(
                "Per bron de nieuwste levering, de registraties per week (een ontbrekende of "
                "halve levering valt op) en de afgekeurde rijen van elke levering.",
                className="text-muted small mb-2",
            ),
            html.Div(id=DATABRONNEN.sources, className="source-row mb-2"),
            dbc.Card(
                [
                    dbc.CardHeader("Politieregistraties per week", class_name="py-1 fw-semibold"),
                    dbc.CardBody(
                        [
                            graph(DATABRONNEN.weekly),
                            html.Div(id=DATABRONNEN.weekly_note, className="small"),
                        ],
                        class_name="p-2",
                    ),
                ],
                class_name="shadow-sm mb-2",
            ),
            dbc.Card(
                [
                    dbc.CardHeader(
                        "Leveringen (klik op een rij voor de afgekeurde rijen)",
                        class_name="py-1 fw-semibold",
                    ),
                    dbc.CardBody(runs_table(), class_name="p-2"),
                ],
                class_name="shadow-sm mb-2",
            ),
            dbc.Card(
                [
                    dbc.CardHeader("Afgekeurde rijen", class_name="py-1 fw-semibold"),
                    dbc.CardBody(html.Div(id=DATABRONNEN.rejections), class_name="p-2"),
                ],
                class_name="shadow-sm",
            ),
        ]
    )


def runs_table() -> dash_table.DataTable:
    columns = [
        ("Levering", "gestart"),
        ("Bron", "bron"),
        ("Bestand", "bestandsnaam"),
        ("Status", "status"),
        ("Periode", "periode"),
    ]
    counts = [
        ("Gelezen", "gelezen"),
        ("Toegevoegd", "toegevoegd"),
        ("Bijgewerkt", "bijgewerkt"),
        ("Ongewijzigd", "ongewijzigd"),
        ("Afgekeurd", "geweigerd"),
    ]
    return dash_table.DataTable(
        id=DATABRONNEN.runs,
        columns=[{"name": n, "id": i} for n, i in columns]
        + [number_column(n, i) for n, i in counts],
        locale_format=table_locale(),
        data=[],
        sort_action="native",
        row_selectable="single",
        page_size=15,
        # The table scrolls inside its card: a wide file name must not widen the whole page.
        style_table={"overflowX": "auto"},
        style_cell={"fontSize": 12, "padding": "2px 6px", "fontFamily": "inherit"},
        style_cell_conditional=[
            {"if": {"column_id": c}, "textAlign": "left"}
            for c in ("gestart", "bron", "bestandsnaam", "status", "periode")
        ],
        style_header={"fontWeight": "600", "backgroundColor": "#f1f3f5"},
        style_data_conditional=[
            {"if": {"filter_query": '{status} = "geweigerd"'}, "color": "#b02a37"},
        ],
    )


def _card_order(source: str, labels: dict[str, str]) -> tuple:
    """The registered sources first, in the registry's order (police before the CBS and survey
    files), then the partner datasets by name: the same order on every visit."""
    registered = [key for key in labels if not key.startswith("partner:")]
    if source in registered:
        return (0, registered.index(source), "")
    return (1, 0, labels.get(source, source).lower())


def source_cards(latest: pd.DataFrame, labels: dict[str, str]) -> list:
    if latest.empty:
        return [html.Div("Nog geen leveringen geladen.", className="text-muted")]
    cards = []
    for row in sorted(latest.itertuples(), key=lambda r: _card_order(r.bron, labels)):
        period = (
            f"{nl_date(row.data_van)} t/m {nl_date(row.data_tot)}"
            if row.data_van is not None and not pd.isna(row.data_van)
            else "-"
        )
        refused = (
            html.Div(
                f"{nl_number(row.geweigerde_leveringen)} geweigerde levering(en)",
                className="text-danger",
            )
            if row.geweigerde_leveringen
            else None
        )
        loaded = row.voltooid.date() if row.voltooid is not None else None
        cards.append(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(labels.get(row.bron, row.bron), className="fw-semibold"),
                        html.Div(f"Nieuwste levering: {nl_date(loaded)}", className="small"),
                        html.Div(f"Periode: {period}", className="small"),
                        html.Div(
                            f"{nl_number(row.gelezen)} rijen, {nl_number(row.geweigerd)} afgekeurd",
                            className="small text-muted",
                        ),
                        refused,
                    ],
                    class_name="p-2",
                ),
                class_name="shadow-sm",
            )
        )
    return cards


def rejections_view(run_label: str, frame: pd.DataFrame, download_href: str) -> html.Div:
    if frame.empty:
        return html.Div(f"{run_label}: geen afgekeurde rijen.", className="text-muted small")
    by_reason = frame["reden"].value_counts()
    summary = ", ".join(f"{nl_number(n)}x {reason}" for reason, n in by_reason.items())
    return html.Div(
        [
            html.Div(
                f"{run_label}: {nl_number(len(frame))} afgekeurde rijen ({summary}).",
                className="small mb-1",
            ),
            html.A(
                "Download als CSV",
                href=download_href,
                className="btn btn-sm btn-outline-secondary mb-2",
                id=DATABRONNEN.rejections_download,
            ),
            dash_table.DataTable(
                columns=[
                    {"name": n.capitalize(), "id": n} for n in ("rij", "veld", "reden", "waarde")
                ],
                data=frame.head(500).astype(object).where(frame.notna(), None).to_dict("records"),
                page_size=15,
                sort_action="native",
                style_table={"overflowX": "auto"},
                style_cell={
                    "fontSize": 12,
                    "padding": "2px 6px",
                    "fontFamily": "inherit",
                    "textAlign": "left",
                },
                style_header={"fontWeight": "600", "backgroundColor": "#f1f3f5"},
            ),
        ]
    )
