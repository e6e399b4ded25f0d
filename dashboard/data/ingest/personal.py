"""Recognising personal data by the values of a column, whatever its header says.

A delivery's columns that no field claims are looked at before anything is stored. The
detectors below each recognise one kind of personal data in a cell; a column is personal when
one of them fires as its rule says. Three strengths, chosen so that a harmless column (codes,
counts, flags, category labels, registration dates) does not trip them:

- *telling* (one cell is enough): an e-mail address anywhere in a cell; a name written with
  initials ("Jansen, P.", "J.P. de Vries"); a street address ("Wierdensestraat 12"); a phone
  number or a 6-position postcode written inside a text.
- *share* (at least 10% of the sampled cells, at least one): a bare phone number (10 digits,
  0 then not 0), a bare 6-position postcode ("7511 AB"), a Dutch licence plate of a sidecode
  (sidecodes 1-6 only with dashes, "AB-12-34": without them they look like ordinary codes;
  sidecodes 7-14 with or without), a birth date (a date at least 10 years before the row's
  incident date, or before today where the row has none; a registration or end date lies close
  to the incident, a birth date of an adult decades before it).
- *varied* (share, and more than half of the column's cells differ from each other): a house
  number with an addition ("12a", "14-II"; a bare number cannot be told from a count and is
  allowed), a name without initials ("Piet de Vries"), "word(s) + number" ("Markt 12"), and free
  text (three or more words). Category labels repeat ("Noord", "Diefstal fiets" on many rows);
  what people type about a person does not.
- BSN: 9 digits (dots allowed) passing the elfproef, in at least half of the 9-digit cells: a
  random 9-digit registration number passes the elfproef one time in eleven.

Descriptions from the code list (categories.csv) are labels, never free text. A column whose
every cell is empty, a number, a yes/no flag or one short token is harmless. Messages never
repeat a value: they name the column, the kind and one example row.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.data.ingest.columns import HARMLESS, normalise, personal_kind
from dashboard.data.ingest.fields import normalise_description, parse_date
from dashboard.data.ingest.report import RefusedFile
from dashboard.data.ingest.tabular import Table
from dashboard.data.reference.categories import load_categories

SHARE = 0.10
BIRTH_YEARS = 10

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_PHONE_IN_TEXT = re.compile(
    r"(?:\+31|0031|(?<![\d])0)[\s-]?(?:\(0\))?[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)"
)
_PHONE_BARE = re.compile(r"(?:\+31|0031)[1-9]\d{8}|0[1-9]\d{8}")
_PHONE_FORMATTED = re.compile(
    r"(?:\+31|0031)[\s-]?(?:\(0\))?[\s-]?[1-9](?:[\s-]?\d){8}|0\d{1,3}[\s-]\d(?:[\s-]?\d){4,7}"
)
_POSTCODE = re.compile(r"[1-9]\d{3}\s?[A-Za-z]{2}")
_POSTCODE_IN_TEXT = re.compile(r"(?<![\w])[1-9]\d{3}\s?[A-Z]{2}(?![\w])")
_BSN = re.compile(r"\d{4}\.?\d{2}\.?\d{3}|\d{9}")
# Dutch licence plates by sidecode (L letter, D digit). Sidecodes 1-6 only with their dashes.
_SIDECODES_DASHED = ("LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL")
_SIDECODES_FREE = ("DD-LLL-D", "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL",
                   "D-LL-DDD", "DDD-LL-D")  # fmt: skip


def _plate_pattern(shape: str, dashes_optional: bool) -> str:
    dash = "-?" if dashes_optional else "-"
    return dash.join(
        "".join("[A-Z]" if c == "L" else r"\d" for c in group) for group in shape.split("-")
    )


_PLATE = re.compile(
    "|".join(
        [_plate_pattern(s, False) for s in _SIDECODES_DASHED]
        + [_plate_pattern(s, True) for s in _SIDECODES_FREE]
    )
)
_STREET_SUFFIX = (
    "straat|weg|laan|plein|singel|gracht|kade|dijk|dreef|hof|park|pad|steeg|markt|baan|ring|"
    "plantsoen|boulevard|allee|erf|wal|veld|brink|kamp|horst|oord|hoek|zijde|poort|haven|dam|"
    "dal|berg|hoeve|werf|es|esch|wijk|donk|akker|hout|stede|burg|borg|veen|beek|bos|heide"
)
_ADDRESS = re.compile(
    rf"(?i)\b[a-zà-ÿ'.-]{{3,}}(?:{_STREET_SUFFIX})\.?\s+\d{{1,5}}(?:\s?[a-z]{{1,2}}\b|[-/]\w{{1,4}})?"
)
_WORDS_NUMBER = re.compile(
    r"[A-Za-zà-ÿ][A-Za-zà-ÿ .'-]{1,60}\s\d{1,5}(?:\s?[A-Za-z]{1,2}|[-/]\w{1,4})?"
)
_HOUSE_NUMBER = re.compile(r"(?i)\d{1,5}\s?-?\s?(?:[a-z]{1,2}|bis|hs|huis|i{1,3}|iv)")
_PREFIX = r"(?:van|de|der|den|ter|ten|te|het|in|op|'t|d'|la|le|du|da|von|el|al|bij|uit)"
_NAME_PART = r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?"
_NAME_COMMA = re.compile(
    rf"(?:^|[\s(;:])[A-Za-zÀ-ÿ'’-]{{2,}}(?:\s{_PREFIX})*,\s?(?:[A-Z]\.\s?){{1,4}}(?:\s{_PREFIX})*"
    rf"|^[A-Za-zÀ-ÿ'’-]{{2,}}(?:\s{_PREFIX})*,\s?(?:[A-Z]\.?){{1,4}}$"
)
_NAME_INITIALS = re.compile(rf"(?:^|[\s(;:])(?:[A-Z]\.\s?){{1,4}}\s?(?:{_PREFIX}\s)*{_NAME_PART}")
# "Piet de Vries", "de Vries, Piet": also how places are named ("Lasonder, Zeggelt"), so these
# count only in a varied column.
_NAME_FULL = re.compile(
    rf"{_NAME_PART}(?:\s{_PREFIX})*(?:\s{_NAME_PART}){{1,2}}"
    rf"|(?:{_PREFIX}\s)*{_NAME_PART}(?:\s{_PREFIX})*,\s?{_NAME_PART}(?:\s{_PREFIX})*"
)


@dataclass(frozen=True)
class Finding:
    kind: str  # what the values look like, in Dutch
    row: int | None  # an example row number in the file (never the value); None: no values


def passes_elfproef(digits: str) -> bool:
    """The BSN check: 9x1 + 8x2 + ... + 2x8 - 1x9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _is_formatted_phone(text: str) -> bool:
    """ "06-12345678", "053 481 2345", "+31 6 1234 5678": ten digits (nine after +31), so that
    a date such as 07-05-1941 is no phone number."""
    if not _PHONE_FORMATTED.fullmatch(text):
        return False
    digits = re.sub(r"\D", "", text)
    if text.startswith(("+31", "0031")):
        return len(digits.removeprefix("00").removeprefix("31")) in (9, 10)
    return len(digits) == 10


def is_plate(text: str) -> bool:
    return bool(_PLATE.fullmatch(text.upper().replace(" ", "")))


@functools.cache
def known_labels() -> frozenset[str]:
    """Descriptions from the code list: a column that repeats them is a label, not free text."""
    labels = set()
    for category in load_categories():
        labels.add(normalise_description(category.mk_omschrijving))
        labels.add(normalise_description(category.soort_omschrijving))
    return frozenset(labels)


def _text(value) -> str:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return " ".join(str(value).split())


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text or len(text) > 30:
        return None
    try:
        day = parse_date(text)
    except ValueError:
        return None
    return day if day.year >= 1900 else None


def _years_before(earlier: dt.date, later: dt.date) -> int:
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


def column_finding(
    cells: Iterable[tuple[int, object]],
    *,
    incident_dates: dict[int, dt.date] | None = None,
    today: dt.date | None = None,
    expected_labels: bool = False,
) -> Finding | None:
    """What kind of personal data a column's cells look like, with an example row, or None.

    cells: (row number in the file, raw cell) of the sampled rows. incident_dates: the row's
    incident date, for telling a birth date from a registration date. expected_labels: the
    header says the column holds names of places or categories (e.g. "buurtnaam"), so only
    the telling and share detectors apply, not the varied ones."""
    today = today or dt.date.today()
    incident_dates = incident_dates or {}
    rows = [(row, value, _text(value)) for row, value in cells]
    rows = [(row, value, text) for row, value, text in rows if text]
    if not rows:
        return None
    needed = max(1, round(len(rows) * SHARE))
    varied = len({text.casefold() for _, _, text in rows}) * 2 > len(rows)
    labels = known_labels()
    telling: dict[str, int] = {}
    counts: dict[str, list[int]] = {}

    def hit(kind: str, row: int, strong: bool = False) -> None:
        if strong:
            telling.setdefault(kind, row)
        counts.setdefault(kind, []).append(row)

    bsn_candidates = 0
    for row, value, text in rows:
        has_letters = any(c.isalpha() for c in text)
        # The most telling kinds first: when one cell trips several, the message names these.
        if _NAME_COMMA.search(text) or _NAME_INITIALS.search(text):
            hit("naam", row, strong=True)
        if _ADDRESS.search(text):
            hit("adres", row, strong=True)
        if _EMAIL.search(text):
            hit("e-mailadres", row, strong=True)
        if _BSN.fullmatch(text):
            bsn_candidates += 1
            if passes_elfproef(text.replace(".", "")):
                hit("BSN", row)
        dialled = re.sub(r"[()]", "", text)  # "(053) 481 2345"
        if (has_letters and _PHONE_IN_TEXT.search(dialled)) or _is_formatted_phone(dialled):
            hit("telefoonnummer", row, strong=True)
        elif _PHONE_BARE.fullmatch(text):
            hit("telefoonnummer", row)
        if _POSTCODE.fullmatch(text):
            hit("postcode (6 posities)", row)
        elif len(text) > 7 and _POSTCODE_IN_TEXT.search(text):
            hit("postcode (6 posities)", row, strong=True)
        if is_plate(text):
            hit("kenteken", row)
        day = _as_date(value)
        if day is not None and _years_before(day, incident_dates.get(row, today)) >= BIRTH_YEARS:
            hit("geboortedatum", row)
        if expected_labels:
            continue
        if _HOUSE_NUMBER.fullmatch(text) and not text.isdigit():
            hit("huisnummer", row)
        if normalise_description(text) in labels:
            continue
        if _NAME_FULL.fullmatch(text):
            hit("naam (zonder voorletters)", row)
        elif _WORDS_NUMBER.fullmatch(text):
            hit("adres (naam en nummer)", row)
        elif len(re.findall(r"[A-Za-zÀ-ÿ]{2,}", text)) >= 3 or (len(text) > 40 and " " in text):
            hit("vrije tekst", row)

    if telling:
        kind = min(telling, key=telling.get)
        return Finding(kind, telling[kind])
    for kind in ("BSN",):
        found = counts.get(kind, [])
        if found and len(found) * 2 >= bsn_candidates:
            return Finding(kind, found[0])
    for kind in ("telefoonnummer", "postcode (6 posities)", "kenteken", "geboortedatum"):
        found = counts.get(kind, [])
        if len(found) >= needed:
            return Finding(kind, found[0])
    if varied:
        for kind in ("huisnummer", "naam (zonder voorletters)", "adres (naam en nummer)",
                     "vrije tekst"):  # fmt: skip
            found = counts.get(kind, [])
            if len(found) >= needed:
                return Finding(kind.split(" (")[0], found[0])
    return None


# --- a delivered table's columns ------------------------------------------------------------

SAMPLE_ROWS = 10_000  # far above a weekly delivery; bounds the time on a very large file
# Headers of statistical files that name areas or crime types: names, but of places.
AREA_LABELS = HARMLESS | {
    "naam",
    "gebiedsnaam",
    "regionaam",
    "regio",
    "soortmisdrijfomschrijving",
    "title",
    "titel",
}


def check_column(
    table: Table,
    position: int,
    *,
    incident_dates: dict[int, dt.date] | None = None,
    today: dt.date | None = None,
) -> Finding | None:
    """Personal data in one column of a delivered table, by its header or by its values."""
    header = table.header[position]
    sample = table.rows[:SAMPLE_ROWS]
    cells = [(row, values[position]) for row, values in sample if position < len(values)]
    kind = personal_kind(header)
    if kind:
        example = next((row for row, value in cells if _text(value)), None)
        return Finding(kind, example)
    return column_finding(
        cells,
        incident_dates=incident_dates,
        today=today,
        expected_labels=normalise(header) in HARMLESS,
    )


def refusal(filename: str, header: str, finding: Finding, remedy: str) -> RefusedFile:
    """The message names the column, the kind and an example row; never the value."""
    where = f", bijvoorbeeld rij {finding.row}" if finding.row else ""
    return RefusedFile(
        f"{filename}: kolom {header!r} bevat persoonsgegevens ({finding.kind}{where}); de "
        f"levering is gestopt en er is niets geladen. {remedy}"
    )


def refuse_by_values(
    table: Table,
    positions: Iterable[int],
    filename: str,
    *,
    label_headers: frozenset[str] = frozenset(),
    today: dt.date | None = None,
) -> None:
    """For the statistical files (CBS, Veiligheidsmonitor), whose headers ("naam",
    "omgevingsadressendichtheid") would trip the header rules: refuse a column that no field
    claims when its values are personal data. label_headers: more normalised headers that hold
    names of areas or categories (besides AREA_LABELS)."""
    label_headers = label_headers | AREA_LABELS
    for position in positions:
        sample = table.rows[:SAMPLE_ROWS]
        cells = [(row, values[position]) for row, values in sample if position < len(values)]
        header = table.header[position]
        finding = column_finding(
            cells, today=today, expected_labels=normalise(header) in label_headers
        )
        if finding:
            remedy = "Haal de kolom uit het bestand en lever opnieuw."
            raise refusal(filename, header, finding, remedy)
