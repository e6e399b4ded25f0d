"""Layout of the admin page ("Beheer"): users, licences, theme grants and the audit log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html

from dashboard import ids
from dashboard.layouts.components.card import form_card
from dashboard.layouts.components.table import TABLE_STYLE
from dashboard.measures.usage import ACTIVE_DEFINITION

NO_GEMEENTE = "regionaal"  # dbc.Select reserves "" for its placeholder
ROLE_LABELS = {"admin": "Admin", "projectleider": "Projectleider", "gebruiker": "Gebruiker"}


def build(
    roles: Iterable[str],
    themes: Mapping[str, str],
    gemeenten: list[tuple[str, str]],
    providers: list[tuple[str, str]] = (),
) -> html.Div:
    roles = tuple(roles)
    return html.Div(
        [
            dcc.Store(id=ids.ADMIN_LOADED, data=True),
            dcc.Store(id=ids.ADMIN_ADD_DONE),
            dcc.Store(id=ids.ADMIN_ACCOUNT_DONE),
            dcc.Store(id=ids.ADMIN_GRANT_DONE),
            dcc.Store(id=ids.ADMIN_PROTOCOL_DONE),
            html.H1("Beheer", className="h5 mb-1"),
            html.P(
                "Gebruikers, licenties en toegang per thema. Elke wijziging komt in het auditlog.",
                className="text-muted small mb-2",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [users_card(), audit_card(), protocol_card()],
                        lg=8,
                    ),
                    dbc.Col(
                        [
                            add_user_card(roles, gemeenten),
                            account_card(),
                            grant_card(themes),
                            role_card(roles, gemeenten, providers),
                        ],
                        lg=4,
                    ),
                ],
                class_name="g-2",
            ),
        ]
    )


def users_card() -> dbc.Card:
    columns = [
        ("Gebruikersnaam", "gebruikersnaam"),
        ("Rol", "rol"),
        ("Gemeente", "gemeente"),
        ("Actief", "actief"),
        ("Laatst ingelogd (UTC)", "laatst_ingelogd"),
        ("Geblokkeerd tot (UTC)", "geblokkeerd"),
        ("Thema's", "themas"),
        ("Aanmelden", "aanmelden"),
    ]
    table = dash_table.DataTable(
        id=ids.ADMIN_USERS,
        columns=[{"name": n, "id": i} for n, i in columns],
        data=[],
        sort_action="native",
        page_size=12,
        style_data_conditional=[
            {"if": {"filter_query": '{actief} = "nee"'}, "color": "#6c757d"},
        ],
        **TABLE_STYLE,
    )
    return form_card(
        "Gebruikers en licenties",
        [
            html.Div(id=ids.ADMIN_LICENCES, className="small fw-semibold mb-1"),
            html.Div(ACTIVE_DEFINITION, className="small text-muted mb-1"),
            table,
        ],
    )


def _label(text: str, target: str) -> dbc.Label:
    return dbc.Label(text, html_for=target, class_name="small mb-0")


def add_user_card(roles: Iterable[str], gemeenten: list[tuple[str, str]]) -> dbc.Card:
    body = [
        dbc.Row(
            [
                dbc.Col(
                    [
                        _label("Gebruikersnaam", ids.ADMIN_NEW_USERNAME),
                        dbc.Input(id=ids.ADMIN_NEW_USERNAME, size="sm", autocomplete="off"),
                    ]
                ),
                _select_col("Rol", ids.ADMIN_NEW_ROLE, _role_options(roles), "gebruiker"),
            ],
            class_name="g-2 mb-1",
        ),
        dbc.Row(
            [
                _select_col(
                    "Gemeente", ids.ADMIN_NEW_GEMEENTE, _gemeente_options(gemeenten), NO_GEMEENTE
                ),
                dbc.Col(
                    [
                        _label("Startwachtwoord (min. 8 tekens)", ids.ADMIN_NEW_PASSWORD),
                        dbc.Input(
                            id=ids.ADMIN_NEW_PASSWORD,
                            type="password",
                            size="sm",
                            autocomplete="new-password",
                        ),
                    ]
                ),
            ],
            class_name="g-2 mb-2",
        ),
        dbc.Button("Toevoegen", id=ids.ADMIN_ADD, size="sm", color="primary"),
        html.Div(id=ids.ADMIN_ADD_MESSAGE, className="mt-1"),
    ]
    return form_card("Gebruiker toevoegen", body)


def _select_col(label: str, component_id: str, options: list[dict], value) -> dbc.Col:
    return dbc.Col(
        [
            _label(label, component_id),
            dbc.Select(id=component_id, options=options, value=value, size="sm"),
        ]
    )


def _role_options(roles: Iterable[str]) -> list[dict]:
    return [{"label": ROLE_LABELS.get(r, r), "value": r} for r in roles]


def _gemeente_options(gemeenten: list[tuple[str, str]]) -> list[dict]:
    return [{"label": "(geen: regionaal)", "value": NO_GEMEENTE}] + [
        {"label": f"{naam} ({code})", "value": code} for code, naam in gemeenten
    ]


def role_card(
    roles: Iterable[str], gemeenten: list[tuple[str, str]], providers: list[tuple[str, str]]
) -> dbc.Card:
    """Role and gemeente of an existing account, and its link to a work account (SSO)."""
    body = [
        _user_dropdown(ids.ADMIN_ROLE_USER),
        dbc.Row(
            [
                _select_col("Rol", ids.ADMIN_ROLE_ROLE, _role_options(roles), "gebruiker"),
                _select_col(
                    "Gemeente", ids.ADMIN_ROLE_GEMEENTE, _gemeente_options(gemeenten), NO_GEMEENTE
                ),
            ],
            class_name="g-2 mb-1",
        ),
        dbc.Button("Rol en gemeente opslaan", id=ids.ADMIN_ROLE_SAVE, size="sm", color="primary"),
        html.Div(id=ids.ADMIN_ROLE_MESSAGE, className="mt-1"),
    ]
    # Without single sign-on the link fields stay in the page, hidden: their callback is
    # registered either way.
    body += [
        html.Div(
            [
                html.Hr(className="my-2"),
                dbc.Row(
                    [
                        _select_col(
                            "Werkaccount bij",
                            ids.ADMIN_LINK_PROVIDER,
                            [{"label": n, "value": n} for n, _ in providers],
                            providers[0][0] if providers else None,
                        ),
                        dbc.Col(
                            [
                                _label("Accountcode (oid)", ids.ADMIN_LINK_SUBJECT),
                                dbc.Input(id=ids.ADMIN_LINK_SUBJECT, size="sm", autocomplete="off"),
                            ]
                        ),
                    ],
                    class_name="g-2 mb-1",
                ),
                dbc.Button(
                    "Werkaccount koppelen", id=ids.ADMIN_LINK, size="sm", color="outline-primary"
                ),
                html.Div(
                    "De accountcode staat op de melding die de gebruiker bij de eerste "
                    "aanmelding krijgt, of in Entra ID bij het account (Object-ID).",
                    className="small text-muted mt-1",
                ),
                html.Div(id=ids.ADMIN_LINK_MESSAGE, className="mt-1"),
            ],
            hidden=not providers,
        )
    ]
    title = "Rol, gemeente en werkaccount" if providers else "Rol en gemeente"
    return form_card(title, body)


def _user_dropdown(component_id: str) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=component_id, options=[], placeholder="Kies een gebruiker", className="small mb-1"
    )


def account_card() -> dbc.Card:
    body = [
        _user_dropdown(ids.ADMIN_ACCOUNT_USER),
        dbc.Button(
            "Inschakelen", id=ids.ADMIN_ENABLE, size="sm", color="success", class_name="me-1"
        ),
        dbc.Button("Uitschakelen", id=ids.ADMIN_DISABLE, size="sm", color="outline-danger"),
        html.Div(id=ids.ADMIN_ACCOUNT_MESSAGE, className="mt-1"),
        html.Hr(className="my-2"),
        *reset_password_fields(),
    ]
    return form_card("Account: in- of uitschakelen (licentie), wachtwoord resetten", body)


def reset_password_fields() -> list:
    """A new password for the account chosen above; its open sessions end."""

    def field(label: str, component_id: str) -> dbc.Col:
        return dbc.Col(
            [
                _label(label, component_id),
                dbc.Input(id=component_id, type="password", size="sm", autocomplete="new-password"),
            ]
        )

    return [
        dbc.Row(
            [
                field("Nieuw wachtwoord (min. 8 tekens)", ids.ADMIN_RESET_PASSWORD),
                field("Herhaal", ids.ADMIN_RESET_REPEAT),
            ],
            class_name="g-2 mb-1",
        ),
        dbc.Button("Wachtwoord resetten", id=ids.ADMIN_RESET, size="sm", color="outline-primary"),
        html.Div(
            "De gebruiker wordt overal uitgelogd en een blokkade na mislukte pogingen vervalt.",
            className="small text-muted mt-1",
        ),
        html.Div(id=ids.ADMIN_RESET_MESSAGE, className="mt-1"),
    ]


def grant_card(themes: Mapping[str, str]) -> dbc.Card:
    body = [
        _user_dropdown(ids.ADMIN_GRANT_USER),
        dcc.Dropdown(
            id=ids.ADMIN_GRANT_THEME,
            options=[{"label": label, "value": slug} for slug, label in themes.items()],
            placeholder="Kies een thema",
            className="small mb-1",
        ),
        dbc.Button("Toekennen", id=ids.ADMIN_GRANT, size="sm", color="primary", class_name="me-1"),
        dbc.Button("Intrekken", id=ids.ADMIN_REVOKE, size="sm", color="outline-secondary"),
        html.Div(id=ids.ADMIN_GRANT_MESSAGE, className="mt-1"),
    ]
    return form_card("Toegang per thema", body)


def audit_table() -> dash_table.DataTable:
    columns = [
        ("Tijdstip (UTC)", "tijdstip"),
        ("Door", "door"),
        ("Actie", "actie"),
        ("Details", "details"),
    ]
    return dash_table.DataTable(
        id=ids.ADMIN_AUDIT,
        columns=[{"name": n, "id": i} for n, i in columns],
        data=[],
        page_size=10,
        **TABLE_STYLE,
    )


def audit_card() -> dbc.Card:
    # A plain link: the browser downloads the file from the role-checked Flask route.
    link = html.A(
        "Download auditlog (CSV)",
        id=ids.ADMIN_AUDIT_DOWNLOAD,
        href="/download/auditlog.csv",
        className="small d-inline-block mb-1",
    )
    return form_card("Auditlog (laatste 50 gebeurtenissen)", [link, audit_table()])


def protocol_card() -> dbc.Card:
    body = [
        html.Div(id=ids.ADMIN_PROTOCOL_STATUS, className="small fw-semibold mb-1"),
        _label(
            "Tekst van de nieuwe versie (kopjes met #, opsommingen met -)", ids.ADMIN_PROTOCOL_TEXT
        ),
        dbc.Textarea(id=ids.ADMIN_PROTOCOL_TEXT, rows=10, size="sm", class_name="mb-2"),
        dbc.Button(
            "Nieuwe versie publiceren", id=ids.ADMIN_PROTOCOL_PUBLISH, size="sm", color="primary"
        ),
        html.Div(
            "Na publiceren moet elke gebruiker de nieuwe versie accepteren voordat hij weer "
            "cijfers ziet.",
            className="small text-muted mt-1",
        ),
        html.Div(id=ids.ADMIN_PROTOCOL_MESSAGE, className="mt-1"),
    ]
    return form_card("Gebruikersprotocol", body)
