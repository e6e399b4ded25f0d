"""Recognising the columns of a police extract, and refusing personal data.

Header matching is case-, accent- and punctuation-insensitive, so "X-coördinaat", "x coordinaat"
and "XCOORDINAAT" are the same column.
"""

from __future__ import annotations

import re
import unicodedata

FIELDS = ("registratienummer", "mk_code", "datum", "tijd", "buurt", "x", "y", "gemeente")

SYNONYMS = {
    "registratienummer": {
        "registratienummer",
        "regnr",
        "registratienr",
        "bvhnummer",
        "bvhregistratienummer",
        "nummer",
    },
    "mk_code": {
        "maatschappelijkeklasse",
        "mk",
        "mkcode",
        "incidentcode",
        "maatschappelijkeklassecode",
        "incident",
    },
    "datum": {
        "begindatum",
        "pleegdatum",
        "datum",
        "begindatumfeit",
        "pleegdatumbegin",
        "startdatum",
    },
    "tijd": {"begintijd", "pleegtijd", "tijd", "begintijdfeit", "tijdstip", "starttijd"},
    "buurt": {"buurtcode", "buurt", "cbsbuurtcode", "buurtcodecbs", "codebuurt"},
    "x": {"x", "xcoordinaat", "xcoord", "rdx", "lon", "lng", "lengtegraad", "longitude"},
    "y": {"y", "ycoordinaat", "ycoord", "rdy", "lat", "breedtegraad", "latitude"},
    "gemeente": {"gemeente", "gemeentecode", "codegemeente", "pleeggemeente"},
}

# Columns that may come along and are simply not used.
HARMLESS = {
    "buurtnaam",
    "wijknaam",
    "wijkcode",
    "gemeentenaam",
    "eenheid",
    "district",
    "basisteam",
    "week",
    "jaar",
    "maand",
    "einddatum",
    "eindtijd",
    "pc4",
    "postcode4",
    "soortmisdrijf",
    "omschrijvingmk",
    "mkomschrijving",
    "categorie",
    "plaats",
    "woonplaats",
    "plaatsnaam",
}

# Headers that hold personal data (matched on the normalised header, whole or as a part).
PERSONAL_EXACT = {
    "naam",
    "bsn",
    "burgerservicenummer",
    "geboortedatum",
    "gebdatum",
    "geboortedag",
    "huisnummer",
    "huisnr",
    "adres",
    "straat",
    "straatnaam",
    "kenteken",
    "telefoon",
    "telefoonnummer",
    "telnr",
    "tel",
    "mobiel",
    "email",
    "emailadres",
    "mail",
    "omschrijving",
    "toelichting",
    "vrijetekst",
    "memo",
    "opmerking",
    "opmerkingen",
    "verdachte",
    "slachtoffer",
    "aangever",
    "voornaam",
    "achternaam",
    "voorletters",
    "tussenvoegsel",
    "relatie",
    "postcode6",
    "pc6",
}
PERSONAL_PARTS = (
    "naam",
    "bsn",
    "geboort",
    "straat",
    "huisnummer",
    "adres",
    "kenteken",
    "telefoon",
    "mail",
    "omschrijving",
    "toelichting",
    "vrijetekst",
    "memo",
    "opmerking",
    "verdacht",
    "slachtoffer",
    "aangever",
)
PERSONAL_LABEL = {
    "naam": "naam",
    "bsn": "BSN",
    "geboort": "geboortedatum",
    "straat": "straat/adres",
    "huisnummer": "huisnummer",
    "adres": "adres",
    "kenteken": "kenteken",
    "telefoon": "telefoonnummer",
    "mail": "e-mailadres",
    "omschrijving": "vrije tekst",
    "toelichting": "vrije tekst",
    "vrijetekst": "vrije tekst",
    "memo": "vrije tekst",
    "opmerking": "vrije tekst",
    "verdacht": "persoon",
    "slachtoffer": "persoon",
    "aangever": "persoon",
}
# Values that are personal data whatever the header says (annotations check typed text with
# these; deliveries use the fuller rules of personal.py).
VALUE_PATTERNS = {
    "postcode met letters (6 posities)": re.compile(r"^\d{4}\s?[A-Za-z]{2}$"),
    "e-mailadres": re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"),
    "telefoonnummer": re.compile(r"^(\+31|0031|0)[1-9](?:[\s-]?\d){8}$"),
    "BSN": re.compile(r"^\d{9}$"),
}


def normalise(header: str) -> str:
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def field_for(header: str) -> str | None:
    key = normalise(header)
    return next((f for f, names in SYNONYMS.items() if key in names), None)


def personal_kind(header: str) -> str | None:
    """Why a header looks like personal data, or None."""
    key = normalise(header)
    if key in SYNONYMS["gemeente"] or key in HARMLESS:
        return None
    if key == "postcode":
        return None  # decided by its values: PC4 is fine, PC6 is not
    if key in PERSONAL_EXACT:
        return PERSONAL_LABEL.get(key, key)
    for part in PERSONAL_PARTS:
        if part in key:
            return PERSONAL_LABEL[part]
    return None
