"""Layout of the Metingen page (project lead and admin): nulmeting and evaluation rounds, their
results per question and the usage figures frozen with each round."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.layouts.components.card import form_card
from dashboard.layouts.components.filters import dropdown
from dashboard.layouts.components.graph import graph
from dashboard.layouts.components.grid import grid, number_column, text_column


@dataclass(frozen=True)
class MetingenIds:
    """Component ids of the Metingen page."""

    loaded: str = "metingen-geladen"
    usage: str = "metingen-gebruik-tabel"
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
        text_column("naam", "Meting", minWidth=120, flex=2, wrapText=True, autoHeight=True),
        text_column("soort", "Soort", minWidth=90, flex=1),
        text_column("geopend", "Geopend", minWidth=90, flex=1),
        text_column("gesloten", "Gesloten", minWidth=90, flex=1),
        number_column("reacties", "Reacties", minWidth=80, flex=0.8),
    ]
    # In the order of the rounds (oldest first), the open round in bold.
    table = grid(
        METINGEN.rounds,
        columns,
        sortable=False,
        options={"rowClassRules": {"fw-semibold": "params.data.gesloten === 'nog open'"}},
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


def usage_table(records: list[dict], columns: list[str]) -> dag.AgGrid:
    """The usage per round: the first column names the figure, one column per round. The
    column names are the rounds' names, so each field is addressed by position (a name may
    hold a dot, which AG Grid would read as a path)."""
    fields = [f"c{i}" for i in range(len(columns))]
    wrap = {"wrapText": True, "autoHeight": True}
    defs = [text_column(fields[0], columns[0], minWidth=140, flex=2, **wrap)]
    pairs = list(zip(fields, columns, strict=True))
    defs += [number_column(f, c, minWidth=90, flex=1) for f, c in pairs[1:]]
    rows = [{f: r.get(c) for f, c in pairs} for r in records]
    return grid(METINGEN.usage, defs, rows, sortable=False)


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
    defs = [
        text_column("vraag", "Vraag", minWidth=180, flex=4, wrapText=True, autoHeight=True),
        text_column("ronde", "Meting", minWidth=100, flex=1.5, wrapText=True, autoHeight=True),
    ]
    for header, field in columns[2:]:
        if field == "interval":
            defs.append(text_column(field, header, minWidth=100, flex=1.4))
        else:
            defs.append(number_column(field, header, minWidth=56, flex=0.7))
    # Per question its rounds one below the other (the server's order): not sortable, and
    # scrolled inside the card.
    table = grid(METINGEN.results, defs, height=340, sortable=False)
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
