"""Component ids, shared by layouts, callbacks and browser tests."""

from dataclasses import dataclass

URL = "url"
PAGE = "page-content"
DATA_DATE = "data-date"
LOGOUT_BUTTON = "uitloggen"


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


@dataclass(frozen=True)
class ResultatenIds:
    """Component ids of the Projectresultaten page."""

    loaded: str = "resultaten-geladen"
    kpi: str = "resultaten-kpi"
    table: str = "resultaten-tabel"
    save: str = "resultaten-opslaan"
    message: str = "resultaten-melding"


RESULTATEN = ResultatenIds()


@dataclass(frozen=True)
class VragenlijstIds:
    """Component ids of the Vragenlijst page."""

    round: str = "vragenlijst-ronde"  # the id of the round the form was built for
    answer: str = "vragenlijst-antwoord"  # pattern-matching type: {"type": answer, "vraag": id}
    form: str = "vragenlijst-formulier"
    submit: str = "vragenlijst-versturen"
    message: str = "vragenlijst-melding"
    thanks: str = "vragenlijst-bedankt"


VRAGENLIJST = VragenlijstIds()


@dataclass(frozen=True)
class ThemaIds:
    """Component ids of the thematic dashboards (one layout serves every theme)."""

    view: str = "thema-weergave"  # the validated query string the theme callbacks read
    period: str = "thema-periode"
    gemeente: str = "thema-gemeente"
    buurt: str = "thema-buurt"
    source: str = "thema-bron"
    measure: str = "thema-maat"
    title: str = "thema-titel"
    kpis: str = "thema-kpis"
    kpi_card: str = "thema-kpi"  # pattern-matching type: {"type": kpi_card, "bron": source key}
    map: str = "thema-kaart"
    map_layer: str = "thema-kaart-laag"
    map_legend: str = "thema-kaart-legenda"
    map_click: str = "thema-kaart-klik"
    map_note: str = "thema-kaart-noot"
    table: str = "thema-tabel"
    table_download_button: str = "thema-tabel-download-knop"
    table_download: str = "thema-tabel-download"
    trend: str = "thema-trend"
    trend_note: str = "thema-trend-noot"
    comparison: str = "thema-vergelijking"
    breakdown: str = "thema-verdeling"
    breakdown_note: str = "thema-verdeling-noot"
    indicators: str = "thema-kerncijfers"
    notes: str = "thema-toelichting"


THEMA = ThemaIds()


@dataclass(frozen=True)
class AlgemeenIds:
    """Algemeen beeld: its filters, cards, the Veiligheidsmonitor card, the periodic report's
    buttons and the extrapolation card."""

    view: str = "algemeen-weergave"  # the validated query string the data callbacks read
    # filters
    period: str = "filter-periode"
    dates: str = "filter-datums"
    comparison: str = "filter-vergelijking"
    gemeente: str = "filter-gemeente"
    wijk: str = "filter-wijk"
    buurt: str = "filter-buurt"
    hoofdcategorie: str = "filter-hoofdcategorie"
    codes: str = "filter-codes"
    measure: str = "filter-maat"
    grain: str = "filter-trend"
    # the view
    title: str = "algemeen-titel"
    kpis: str = "algemeen-kpis"
    map: str = "algemeen-kaart"
    map_layer: str = "algemeen-kaart-laag"
    map_legend: str = "algemeen-kaart-legenda"
    map_click: str = "algemeen-kaart-klik"
    trend: str = "algemeen-trend"
    heatmap: str = "algemeen-heatmap"
    heatmap_note: str = "algemeen-heatmap-noot"
    table: str = "algemeen-tabel"
    table_download_button: str = "algemeen-tabel-download-knop"
    table_download: str = "algemeen-tabel-download"
    profile: str = "algemeen-profiel"
    survey: str = "algemeen-veiligheidsmonitor"
    # the periodic report of the chosen gemeente
    report_kind: str = "rapport-soort"
    report_pdf: str = "rapport-pdf"
    report_xlsx: str = "rapport-xlsx"
    report_download: str = "rapport-download"
    report_message: str = "rapport-melding"
    # the extrapolation card
    horizon: str = "extrapolatie-horizon"
    extrapolation: str = "extrapolatie-grafiek"
    extrapolation_note: str = "extrapolatie-noot"


ALGEMEEN = AlgemeenIds()


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
