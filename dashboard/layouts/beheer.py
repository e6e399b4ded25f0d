"""Layout of the admin page ("Beheer"): users, licences, theme grants and the audit log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.layouts.components.card import form_card
from dashboard.layouts.components.filters import dropdown
from dashboard.layouts.components.grid import grid, text_column
from dashboard.measures.usage import ACTIVE_DEFINITION


@dataclass(frozen=True)
class BeheerIds:
    """Component ids of the Beheer page."""

    loaded: str = "beheer-geladen"
    users: str = "beheer-gebruikers"
    licences: str = "beheer-licenties"
    audit: str = "beheer-auditlog"
    new_username: str = "beheer-nieuw-gebruikersnaam"
    new_role: str = "beheer-nieuw-rol"
    new_gemeente: str = "beheer-nieuw-gemeente"
    new_password: str = "beheer-nieuw-wachtwoord"
    add: str = "beheer-toevoegen"
    add_message: str = "beheer-toevoegen-melding"
    add_done: str = "beheer-toevoegen-klaar"
    account_user: str = "beheer-account-gebruiker"
    enable: str = "beheer-inschakelen"
    disable: str = "beheer-uitschakelen"
    account_message: str = "beheer-account-melding"
    account_done: str = "beheer-account-klaar"
    grant_user: str = "beheer-thema-gebruiker"
    grant_theme: str = "beheer-thema"
    grant: str = "beheer-thema-toekennen"
    revoke: str = "beheer-thema-intrekken"
    grant_message: str = "beheer-thema-melding"
    grant_done: str = "beheer-thema-klaar"
    protocol_status: str = "beheer-protocol-status"
    protocol_text: str = "beheer-protocol-tekst"
    protocol_publish: str = "beheer-protocol-publiceren"
    protocol_message: str = "beheer-protocol-melding"
    protocol_done: str = "beheer-protocol-klaar"
    audit_download: str = "beheer-auditlog-download"
    reset_password: str = "beheer-reset-wachtwoord"
    reset_repeat: str = "beheer-reset-herhaal"
    reset: str = "beheer-reset"
    reset_message: str = "beheer-reset-melding"
    role_user: str = "beheer-rol-gebruiker"
    role_role: str = "beheer-rol-rol"
    role_gemeente: str = "beheer-rol-gemeente"
    role_save: str = "beheer-rol-opslaan"
    role_message: str = "beheer-rol-melding"
    link_provider: str = "beheer-koppel-provider"
    link_subject: str = "beheer-koppel-accountcode"
    link: str = "beheer-koppel"
    link_message: str = "beheer-koppel-melding"


BEHEER = BeheerIds()

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
            dcc.Store(id=BEHEER.loaded, data=True),
            dcc.Store(id=BEHEER.add_done),
            dcc.Store(id=BEHEER.account_done),
            dcc.Store(id=BEHEER.grant_done),
            dcc.Store(id=BEHEER.protocol_done),
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
    wrap = {"wrapText": True, "autoHeight": True}
    columns = [
        text_column("gebruikersnaam", "Gebruikersnaam", minWidth=110, flex=1.5, **wrap),
        text_column("rol", "Rol", minWidth=90, flex=1),
        text_column("gemeente", "Gemeente", minWidth=90, flex=1, **wrap),
        text_column("actief", "Actief", minWidth=64, flex=0.6),
        text_column("laatst_ingelogd", "Laatst ingelogd", minWidth=100, flex=1, **wrap),
        text_column("geblokkeerd", "Geblokkeerd tot", minWidth=100, flex=1, **wrap),
        text_column("themas", "Thema's", minWidth=100, flex=1.2, **wrap),
        text_column("aanmelden", "Aanmelden", minWidth=90, flex=1, **wrap),
    ]
    table = grid(
        BEHEER.users,
        columns,
        page_size=12,
        # An inactive account in grey, as before.
        options={"rowClassRules": {"text-muted": "params.data.actief === 'nee'"}},
    )
    return form_card(
        "Gebruikers en licenties",
        [
            html.Div(id=BEHEER.licences, className="small fw-semibold mb-1"),
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
                        _label("Gebruikersnaam", BEHEER.new_username),
                        dbc.Input(id=BEHEER.new_username, size="sm", autocomplete="off"),
                    ]
                ),
                _select_col("Rol", BEHEER.new_role, _role_options(roles), "gebruiker"),
            ],
            class_name="g-2 mb-1",
        ),
        dbc.Row(
            [
                _select_col(
                    "Gemeente", BEHEER.new_gemeente, _gemeente_options(gemeenten), NO_GEMEENTE
                ),
                dbc.Col(
                    [
                        _label("Startwachtwoord (min. 8 tekens)", BEHEER.new_password),
                        dbc.Input(
                            id=BEHEER.new_password,
                            type="password",
                            size="sm",
                            autocomplete="new-password",
                        ),
                    ]
                ),
            ],
            class_name="g-2 mb-2",
        ),
        dbc.Button("Toevoegen", id=BEHEER.add, size="sm", color="primary"),
        html.Div(id=BEHEER.add_message, className="mt-1"),
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
        _user_dropdown(BEHEER.role_user),
        dbc.Row(
            [
                _select_col("Rol", BEHEER.role_role, _role_options(roles), "gebruiker"),
                _select_col(
                    "Gemeente", BEHEER.role_gemeente, _gemeente_options(gemeenten), NO_GEMEENTE
                ),
            ],
            class_name="g-2 mb-1",
        ),
        dbc.Button("Rol en gemeente opslaan", id=BEHEER.role_save, size="sm", color="primary"),
        html.Div(id=BEHEER.role_message, className="mt-1"),
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
                            BEHEER.link_provider,
                            [{"label": n, "value": n} for n, _ in providers],
                            providers[0][0] if providers else None,
                        ),
                        dbc.Col(
                            [
                                _label("Accountcode (oid)", BEHEER.link_subject),
                                dbc.Input(id=BEHEER.link_subject, size="sm", autocomplete="off"),
                            ]
                        ),
                    ],
                    class_name="g-2 mb-1",
                ),
                dbc.Button(
                    "Werkaccount koppelen", id=BEHEER.link, size="sm", color="outline-primary"
                ),
                html.Div(
                    "De accountcode staat op de melding die de gebruiker bij de eerste "
                    "aanmelding krijgt, of in Entra ID bij het account (Object-ID).",
                    className="small text-muted mt-1",
                ),
                html.Div(id=BEHEER.link_message, className="mt-1"),
            ],
            hidden=not providers,
        )
    ]
    title = "Rol, gemeente en werkaccount" if providers else "Rol en gemeente"
    return form_card(title, body)


def _user_dropdown(component_id: str) -> dcc.Dropdown:
    return dropdown(
        id=component_id, options=[], placeholder="Kies een gebruiker", className="small mb-1"
    )


def account_card() -> dbc.Card:
    body = [
        _user_dropdown(BEHEER.account_user),
        dbc.Button("Inschakelen", id=BEHEER.enable, size="sm", color="success", class_name="me-1"),
        dbc.Button("Uitschakelen", id=BEHEER.disable, size="sm", color="outline-danger"),
        html.Div(id=BEHEER.account_message, className="mt-1"),
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
                field("Nieuw wachtwoord (min. 8 tekens)", BEHEER.reset_password),
                field("Herhaal", BEHEER.reset_repeat),
            ],
            class_name="g-2 mb-1",
        ),
        dbc.Button("Wachtwoord resetten", id=BEHEER.reset, size="sm", color="outline-primary"),
        html.Div(
            "De gebruiker wordt overal uitgelogd en een blokkade na mislukte pogingen vervalt.",
            className="small text-muted mt-1",
        ),
        html.Div(id=BEHEER.reset_message, className="mt-1"),
    ]


def grant_card(themes: Mapping[str, str]) -> dbc.Card:
    body = [
        _user_dropdown(BEHEER.grant_user),
        dropdown(
            id=BEHEER.grant_theme,
            options=[{"label": label, "value": slug} for slug, label in themes.items()],
            placeholder="Kies een thema",
            className="small mb-1",
        ),
        dbc.Button("Toekennen", id=BEHEER.grant, size="sm", color="primary", class_name="me-1"),
        dbc.Button("Intrekken", id=BEHEER.revoke, size="sm", color="outline-secondary"),
        html.Div(id=BEHEER.grant_message, className="mt-1"),
    ]
    return form_card("Toegang per thema", body)


def audit_table() -> dag.AgGrid:
    wrap = {"wrapText": True, "autoHeight": True}
    columns = [
        text_column("tijdstip", "Tijdstip", minWidth=110, flex=1, **wrap),
        text_column("door", "Door", minWidth=90, flex=1),
        text_column("actie", "Actie", minWidth=100, flex=1),
        text_column("details", "Details", minWidth=160, flex=3, **wrap),
    ]
    # The newest first, as the server sends them: no sorting that would hide that order.
    return grid(BEHEER.audit, columns, page_size=10, sortable=False)


def audit_card() -> dbc.Card:
    # A plain link: the browser downloads the file from the role-checked Flask route.
    link = html.A(
        "Download auditlog (CSV)",
        id=BEHEER.audit_download,
        href="/download/auditlog.csv",
        className="small d-inline-block mb-1",
    )
    return form_card("Auditlog (laatste 50 gebeurtenissen)", [link, audit_table()])


def protocol_card() -> dbc.Card:
    body = [
        html.Div(id=BEHEER.protocol_status, className="small fw-semibold mb-1"),
        _label(
            "Tekst van de nieuwe versie (kopjes met #, opsommingen met -)", BEHEER.protocol_text
        ),
        dbc.Textarea(id=BEHEER.protocol_text, rows=10, size="sm", class_name="mb-2"),
        dbc.Button(
            "Nieuwe versie publiceren", id=BEHEER.protocol_publish, size="sm", color="primary"
        ),
        html.Div(
            "Na publiceren moet elke gebruiker de nieuwe versie accepteren voordat hij weer "
            "cijfers ziet.",
            className="small text-muted mt-1",
        ),
        html.Div(id=BEHEER.protocol_message, className="mt-1"),
    ]
    return form_card("Gebruikersprotocol", body)
