"""Component ids, shared by layouts, callbacks and browser tests."""

from dataclasses import dataclass

URL = "url"
PAGE = "page-content"
DATA_DATE = "data-date"
LOGOUT_BUTTON = "uitloggen"

DATA_PAGE_LOADED = "databronnen-geladen"
DATA_SOURCES = "databronnen-bronnen"
DATA_WEEKLY = "databronnen-per-week"
DATA_WEEKLY_NOTE = "databronnen-per-week-noot"
DATA_RUNS = "databronnen-leveringen"
DATA_REJECTIONS = "databronnen-afgekeurd"
DATA_REJECTIONS_DOWNLOAD = "databronnen-afgekeurd-download"

ADMIN_LOADED = "beheer-geladen"
ADMIN_USERS = "beheer-gebruikers"
ADMIN_LICENCES = "beheer-licenties"
ADMIN_AUDIT = "beheer-auditlog"
ADMIN_NEW_USERNAME = "beheer-nieuw-gebruikersnaam"
ADMIN_NEW_ROLE = "beheer-nieuw-rol"
ADMIN_NEW_GEMEENTE = "beheer-nieuw-gemeente"
ADMIN_NEW_PASSWORD = "beheer-nieuw-wachtwoord"
ADMIN_ADD = "beheer-toevoegen"
ADMIN_ADD_MESSAGE = "beheer-toevoegen-melding"
ADMIN_ADD_DONE = "beheer-toevoegen-klaar"
ADMIN_ACCOUNT_USER = "beheer-account-gebruiker"
ADMIN_ENABLE = "beheer-inschakelen"
ADMIN_DISABLE = "beheer-uitschakelen"
ADMIN_ACCOUNT_MESSAGE = "beheer-account-melding"
ADMIN_ACCOUNT_DONE = "beheer-account-klaar"
ADMIN_GRANT_USER = "beheer-thema-gebruiker"
ADMIN_GRANT_THEME = "beheer-thema"
ADMIN_GRANT = "beheer-thema-toekennen"
ADMIN_REVOKE = "beheer-thema-intrekken"
ADMIN_GRANT_MESSAGE = "beheer-thema-melding"
ADMIN_GRANT_DONE = "beheer-thema-klaar"
ADMIN_PROTOCOL_STATUS = "beheer-protocol-status"
ADMIN_PROTOCOL_TEXT = "beheer-protocol-tekst"
ADMIN_PROTOCOL_PUBLISH = "beheer-protocol-publiceren"
ADMIN_PROTOCOL_MESSAGE = "beheer-protocol-melding"
ADMIN_PROTOCOL_DONE = "beheer-protocol-klaar"
ADMIN_AUDIT_DOWNLOAD = "beheer-auditlog-download"
ADMIN_RESET_PASSWORD = "beheer-reset-wachtwoord"
ADMIN_RESET_REPEAT = "beheer-reset-herhaal"
ADMIN_RESET = "beheer-reset"
ADMIN_RESET_MESSAGE = "beheer-reset-melding"
ADMIN_ROLE_USER = "beheer-rol-gebruiker"
ADMIN_ROLE_ROLE = "beheer-rol-rol"
ADMIN_ROLE_GEMEENTE = "beheer-rol-gemeente"
ADMIN_ROLE_SAVE = "beheer-rol-opslaan"
ADMIN_ROLE_MESSAGE = "beheer-rol-melding"
ADMIN_LINK_PROVIDER = "beheer-koppel-provider"
ADMIN_LINK_SUBJECT = "beheer-koppel-accountcode"
ADMIN_LINK = "beheer-koppel"
ADMIN_LINK_MESSAGE = "beheer-koppel-melding"

TH_VIEW = "thema-weergave"  # the validated query string the theme callbacks read
TH_PERIOD = "thema-periode"
TH_GEMEENTE = "thema-gemeente"
TH_BUURT = "thema-buurt"
TH_SOURCE = "thema-bron"
TH_MEASURE = "thema-maat"
TH_TITLE = "thema-titel"
TH_KPIS = "thema-kpis"
TH_MAP = "thema-kaart"
TH_MAP_LAYER = "thema-kaart-laag"
TH_MAP_LEGEND = "thema-kaart-legenda"
TH_MAP_CLICK = "thema-kaart-klik"
TH_MAP_NOTE = "thema-kaart-noot"
TH_TABLE = "thema-tabel"
TH_TABLE_DOWNLOAD_BUTTON = "thema-tabel-download-knop"
TH_TABLE_DOWNLOAD = "thema-tabel-download"
TH_TREND = "thema-trend"
TH_TREND_NOTE = "thema-trend-noot"
TH_COMPARISON = "thema-vergelijking"
TH_BREAKDOWN = "thema-verdeling"
TH_BREAKDOWN_NOTE = "thema-verdeling-noot"
TH_INDICATORS = "thema-kerncijfers"
TH_NOTES = "thema-toelichting"

GB_DATES = "gebruik-periode"
GB_TITLE = "gebruik-titel"
GB_KPIS = "gebruik-kpis"
GB_DAY = "gebruik-per-dag"
GB_MONTH = "gebruik-per-maand"
GB_PAGES = "gebruik-per-dashboard"
GB_GEMEENTEN = "gebruik-per-gemeente"
GB_FILTERS = "gebruik-filters"
GB_AREAS = "gebruik-gebieden"
GB_HALVES = "gebruik-helften"
GB_DOWNLOAD_BUTTON = "gebruik-download-knop"
GB_DOWNLOAD = "gebruik-download"

VL_ROUND = "vragenlijst-ronde"  # the id of the round the form was built for
VL_ANSWER = "vragenlijst-antwoord"  # pattern-matching type: {"type": VL_ANSWER, "vraag": id}
VL_FORM = "vragenlijst-formulier"
VL_SUBMIT = "vragenlijst-versturen"
VL_MESSAGE = "vragenlijst-melding"
VL_THANKS = "vragenlijst-bedankt"

MT_LOADED = "metingen-geladen"
MT_NAME = "metingen-naam"
MT_KIND = "metingen-soort"
MT_CREATE = "metingen-openen"
MT_CREATE_MESSAGE = "metingen-openen-melding"
MT_CREATED = "metingen-geopend"
MT_OPEN_STATUS = "metingen-open-status"
MT_CLOSE = "metingen-sluiten"
MT_CLOSE_CONFIRM = "metingen-sluiten-bevestigen"
MT_CLOSE_MESSAGE = "metingen-sluiten-melding"
MT_CLOSED = "metingen-gesloten"
MT_ROUNDS = "metingen-rondes"
MT_MEANS = "metingen-gemiddelden"
MT_QUESTION = "metingen-vraag"
MT_DISTRIBUTION = "metingen-verdeling"
MT_RESULTS = "metingen-resultaten"
MT_USAGE = "metingen-gebruik"
MT_OPEN_ANSWERS = "metingen-open-antwoorden"
MT_DOWNLOAD_BUTTON = "metingen-download-knop"
MT_DOWNLOAD = "metingen-download"

RS_LOADED = "resultaten-geladen"
RS_KPI = "resultaten-kpi"
RS_TABLE = "resultaten-tabel"
RS_SAVE = "resultaten-opslaan"
RS_MESSAGE = "resultaten-melding"

GB_DVO_HALF = "gebruik-dvo-halfjaar"
GB_DVO_PDF = "gebruik-dvo-pdf"
GB_DVO_XLSX = "gebruik-dvo-xlsx"
GB_DVO_DOWNLOAD = "gebruik-dvo-download"
GB_DVO_MESSAGE = "gebruik-dvo-melding"


# --- Algemeen beeld and the open-data page ------------------------------------------------------
# A page's ids are one frozen dataclass, as the duiding card's (layouts.components.annotations.
# AnnotationIds): its layout, callbacks and tests name a component by attribute; the id strings
# are the ones browser tests and saved links know.


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
