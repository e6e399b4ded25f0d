"""Layout of the data page ("Databronnen"): pure builders."""

from __future__ import annotations

from dataclasses import dataclass

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.formatting import nl_date, nl_number
from dashboard.layouts.components.graph import graph
from dashboard.layouts.components.grid import grid, number_column, text_column


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
    rejection_rows: str = "databronnen-afgekeurde-rijen"


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


# The deliveries fit their card at 1366 px: long texts wrap inside their cell and the
# columns share the width (flex); only a narrower screen scrolls, inside the grid.
_WRAP = {"wrapText": True, "autoHeight": True}


def runs_table() -> dag.AgGrid:
    def count(field: str, header: str) -> dict:
        # As wide as its longest header word ("Ongewijzigd"): a header breaks between words.
        return number_column(field, header, minWidth=108, flex=0.8)

    columns = [
        text_column("gestart", "Levering", minWidth=96, flex=1.2, **_WRAP),
        text_column("bron", "Bron", minWidth=110, flex=2, **_WRAP),
        text_column("bestandsnaam", "Bestand", minWidth=130, flex=2.5, **_WRAP),
        text_column("status", "Status", minWidth=90, flex=1),
        text_column("periode", "Periode", minWidth=100, flex=1.8, **_WRAP),
        count("gelezen", "Gelezen"),
        count("toegevoegd", "Toegevoegd"),
        count("bijgewerkt", "Bijgewerkt"),
        count("ongewijzigd", "Ongewijzigd"),
        count("geweigerd", "Afgekeurd"),
    ]
    return grid(
        DATABRONNEN.runs,
        columns,
        page_size=15,
        options={
            # One delivery at a time: a click (or space on a focused row) shows its rejections.
            "rowSelection": {"mode": "singleRow", "checkboxes": True, "enableClickSelection": True},
            "rowClassRules": {"text-danger": "params.data.status === 'geweigerd'"},
        },
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
            grid(
                DATABRONNEN.rejection_rows,
                [
                    number_column("rij", "Rij", minWidth=70, flex=0.5),
                    text_column("veld", "Veld", minWidth=100, flex=1, **_WRAP),
                    text_column("reden", "Reden", minWidth=140, flex=2, **_WRAP),
                    text_column("waarde", "Waarde", minWidth=120, flex=2, **_WRAP),
                ],
                frame.head(500).astype(object).where(frame.notna(), None).to_dict("records"),
                page_size=15,
            ),
        ]
    )
