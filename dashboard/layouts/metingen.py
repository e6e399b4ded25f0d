"""Layout of the Metingen page (project lead and admin): nulmeting and evaluation rounds, their
results per question and the usage figures frozen with each round."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html

from dashboard.layouts.components.card import form_card
from dashboard.layouts.components.filters import dropdown
from dashboard.layouts.components.graph import graph
from dashboard.layouts.components.table import TABLE_STYLE


@dataclass(frozen=True)
class MetingenIds:
    """Component ids of the Metingen page."""

    loaded: str = "metingen-geladen"
    name: str = "metingen-naam"
    kind: str = "metingen-soort"
    create: str = "metingen-openen"
    create_message: str = "metingen-openen-melding"
    created: str = "metingen-geopend"
    open_status: str = "metingen-open-status"
    close: str = "metingen-sluiten"
    close_confirm: str = "metingen-sluiten-bevestigen"
    close_message: str = "metingen-sluiten-melding"
    closed: str = "metingen-gesloten"
    rounds: str = "metingen-rondes"
    means: str = "metingen-gemiddelden"
    question: str = "metingen-vraag"
    distribution: str = "metingen-verdeling"
    results: str = "metingen-resultaten"
    usage: str = "metingen-gebruik"
    open_answers: str = "metingen-open-antwoorden"
    download_button: str = "metingen-download-knop"
    download: str = "metingen-download"


METINGEN = MetingenIds()


def _label(text: str, target: str) -> dbc.Label:
    return dbc.Label(text, html_for=target, class_name="small mb-0")


def build(kinds: Mapping[str, str], suggested_name: str, likert_note: str, usage_note: str):
    return html.Div(
        [
            dcc.Store(id=METINGEN.loaded, data=True),
            dcc.Store(id=METINGEN.created),
            dcc.Store(id=METINGEN.closed),
            html.H1("Metingen: nulmeting en evaluatie", className="h5 mb-1"),
            html.P(
                [
                    "Een meting is een ronde van de ",
                    html.A("vragenlijst", href="/vragenlijst"),
                    " over de informatiepositie en de regierol. Elke gebruiker vult die één keer "
                    "per meting in; bij het sluiten worden de gebruikscijfers bevroren.",
                ],
                className="text-muted small mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            rounds_card(),
                            create_card(kinds, suggested_name),
                            close_card(),
                            usage_card(usage_note),
                        ],
                        lg=4,
                    ),
                    dbc.Col(
                        [
                            means_card(likert_note),
                            distribution_card(),
                            results_card(),
                            open_answers_card(),
                        ],
                        lg=8,
                    ),
                ],
                class_name="g-2",
            ),
        ]
    )


def rounds_card() -> dbc.Card:
    columns = [
        ("Meting", "naam"),
        ("Soort", "soort"),
        ("Geopend", "geopend"),
        ("Gesloten", "gesloten"),
        ("Reacties", "reacties"),
    ]
    table = dash_table.DataTable(
        id=METINGEN.rounds,
        columns=[{"name": n, "id": i} for n, i in columns],
        data=[],
        page_action="none",
        style_data_conditional=[
            {"if": {"filter_query": '{gesloten} = "nog open"'}, "fontWeight": "600"},
        ],
        **TABLE_STYLE,
    )
    return form_card("Metingen", table)


def create_card(kinds: Mapping[str, str], suggested_name: str) -> dbc.Card:
    body = [
        dbc.Row(
            [
                dbc.Col(
                    [
                        _label("Naam", METINGEN.name),
                        dbc.Input(
                            id=METINGEN.name,
                            size="sm",
                            autocomplete="off",
                            maxLength=100,
                            placeholder=suggested_name,
                        ),
                    ],
                    width=7,
                ),
                dbc.Col(
                    [
                        _label("Soort", METINGEN.kind),
                        dbc.Select(
                            id=METINGEN.kind,
                            options=[{"label": v, "value": k} for k, v in kinds.items()],
                            value="evaluatie",
                            size="sm",
                        ),
                    ],
                    width=5,
                ),
            ],
            class_name="g-2 mb-2",
        ),
        dbc.Button("Meting openen", id=METINGEN.create, size="sm", color="primary"),
        html.Div(id=METINGEN.create_message, className="mt-1"),
    ]
    return form_card("Nieuwe meting openen", body)


def close_card() -> dbc.Card:
    body = [
        html.Div(id=METINGEN.open_status, className="small mb-2"),
        dcc.ConfirmDialogProvider(
            dbc.Button(
                "Meting sluiten",
                id=METINGEN.close,
                size="sm",
                color="outline-danger",
                disabled=True,
            ),
            id=METINGEN.close_confirm,
            message=(
                "De open meting sluiten? Daarna kan niemand meer antwoorden en worden de "
                "gebruikscijfers bevroren. Dit kan niet ongedaan worden gemaakt."
            ),
        ),
        html.Div(id=METINGEN.close_message, className="mt-1"),
    ]
    return form_card("Open meting", body)


def open_status(naam: str | None, reacties: int, opened: str | None) -> list:
    if naam is None:
        return [html.Span("Er is geen open meting.", className="text-muted")]
    return [
        html.Span(naam, className="fw-semibold"),
        f" is open sinds {opened}: {reacties} "
        f"{'reactie' if reacties == 1 else 'reacties'} tot nu toe.",
    ]


def usage_card(note: str) -> dbc.Card:
    return form_card(
        "Gebruik voor en na",
        [
            html.Div(id=METINGEN.usage),
            html.P(note, className="small text-muted mb-0 mt-1"),
        ],
    )


def usage_table(records: list[dict], columns: list[str]) -> dash_table.DataTable:
    return dash_table.DataTable(
        columns=[{"name": c, "id": c} for c in columns],
        data=records,
        page_action="none",
        style_cell_conditional=[
            {"if": {"column_id": c}, "textAlign": "right"} for c in columns[1:]
        ],
        **TABLE_STYLE,
    )


def means_card(note: str) -> dbc.Card:
    return form_card(
        "Gemiddelde per vraag, met 95%-betrouwbaarheidsinterval",
        [
            graph(METINGEN.means),
            html.P(note, className="small text-muted mb-0"),
        ],
    )


def distribution_card() -> dbc.Card:
    return form_card(
        "Verdeling van de antwoorden per meting",
        [
            dropdown(
                id=METINGEN.question,
                options=[],
                clearable=False,
                placeholder="Kies een vraag",
                className="small mb-1",
            ),
            graph(METINGEN.distribution),
        ],
    )


def results_card() -> dbc.Card:
    columns = [
        ("Vraag", "vraag"),
        ("Meting", "ronde"),
        ("n", "n"),
        ("Gemiddelde", "gemiddelde"),
        ("95%-interval", "interval"),
        *((str(v), f"n_{v}") for v in (1, 2, 3, 4, 5)),
    ]
    table = dash_table.DataTable(
        id=METINGEN.results,
        columns=[{"name": n, "id": i} for n, i in columns],
        data=[],
        page_action="none",
        style_table={"maxHeight": "340px", "overflowY": "auto"},
        style_cell_conditional=[
            {"if": {"column_id": "vraag"}, "width": "40%"},
            *(
                {"if": {"column_id": c}, "textAlign": "right"}
                for _, c in columns[2:]
                if c != "interval"
            ),
        ],
        **TABLE_STYLE,
    )
    download = html.Div(
        [
            html.Button(
                "Download resultaten (CSV)",
                id=METINGEN.download_button,
                className="btn btn-sm btn-outline-secondary",
            ),
            dcc.Download(id=METINGEN.download),
        ],
        className="mt-2",
    )
    return form_card("Resultaten per vraag en meting", [table, download])


def open_answers_card() -> dbc.Card:
    return form_card("Open antwoorden", html.Div(id=METINGEN.open_answers, className="small"))


def open_answers(groups: list[tuple[str, list[tuple[str, list[str]]]]]) -> list:
    """(round, [(question, [answers])]) as a list per round and question."""
    if not groups:
        return [html.Span("Nog geen open antwoorden om te tonen.", className="text-muted")]
    out = []
    for ronde, per_question in groups:
        out.append(html.H2(ronde, className="h6 mt-2 mb-1"))
        for vraag, answers in per_question:
            out.append(html.Div(vraag, className="fw-semibold"))
            out.append(html.Ul([html.Li(a) for a in answers], className="mb-1 ps-3"))
    return out
