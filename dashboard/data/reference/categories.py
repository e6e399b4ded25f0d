"""Police incident codes (BVH "maatschappelijke klasse", MK) mapped to dashboard groups.

The mapping lives in ``reference/categories.csv`` so analysts can correct or extend it
without touching code; this module only loads and validates it.

Crime rows (``is_misdrijf`` = 1) come from the CBS/Politie crime-type list 47018NED.
Non-crime rows (``is_misdrijf`` = 0, pseudo ``soort_code`` ``N.overlast`` / ``N.verkeer``)
cover nuisance and traffic incidents that BVH registers but that are not crimes. Of those,
only E33 is confirmed from public sources; the other codes are placeholders that should be
checked against the official BVH MK list before relying on them for matching.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

# Read-only so no caller can change the group labels for everyone else at runtime.
# Insertion order is the display order in the dashboard.
HOOFDCATEGORIEEN = MappingProxyType(
    {
        "overlast": "Overlast en vernieling",
        "vermogen": "Vermogensdelicten",
        "geweld": "Gewelddelicten",
        "ondermijning": "Ondermijning",
        "verkeer": "Verkeer",
        "overig": "Overig",
    }
)

# The five hoofdcategorieën the dashboard and the reports total; "overig" is not one of them.
MAIN_CATEGORIES = tuple(k for k in HOOFDCATEGORIEEN if k != "overig")

COLUMNS = (
    "mk_code",
    "mk_omschrijving",
    "soort_code",
    "soort_omschrijving",
    "hoofdcategorie",
    "is_misdrijf",
)

_RESOURCE_PACKAGE = "dashboard.data.reference"
_RESOURCE_NAME = "categories.csv"

# MK codes are letters followed by digits (A20, F5295, M0111). Explicit ASCII classes,
# because \d would also accept non-ASCII digits.
_MK_CODE_RE = re.compile(r"[A-Z]+[0-9]+")


@dataclass(frozen=True)
class Category:
    mk_code: str
    mk_omschrijving: str
    soort_code: str
    soort_omschrijving: str
    hoofdcategorie: str
    is_misdrijf: bool


def parse_mk_code(text: str) -> str:
    """Return the MK code from ``"F550"`` or ``"F550 Eenvoudige mishandeling"``.

    Source files and user input mix both forms and casing; the code is always the
    first whitespace-separated token.
    """
    tokens = text.split()
    if tokens:
        code = tokens[0].upper()
        if _MK_CODE_RE.fullmatch(code):
            return code
    raise ValueError(f"not an MK code: {text!r}")


def _row_error(source: str, line: int, field: str, problem: str) -> ValueError:
    return ValueError(f"{source} line {line}, field {field!r}: {problem}")


def parse_categories(text: str, source: str = _RESOURCE_NAME) -> list[Category]:
    """Parse and validate CSV text in the ``categories.csv`` format.

    Separate from :func:`load_categories` so the validation can be exercised on
    hand-made data. Errors name the file line and the field, because the file is
    edited by hand.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [col for col in COLUMNS if col not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{source}: missing column(s) {', '.join(missing)}")

    categories: list[Category] = []
    first_line: dict[str, int] = {}
    for row in reader:
        line = reader.line_num  # physical line, so the message points at the right spot
        if None in row:
            # DictReader files surplus values under None; usually an unquoted comma.
            raise _row_error(
                source, line, COLUMNS[-1], f"extra values {row[None]!r}; quote commas in text"
            )
        values = {}
        for col in COLUMNS:
            value = (row.get(col) or "").strip()
            if not value:
                raise _row_error(source, line, col, "empty")
            values[col] = value

        mk_code = values["mk_code"]
        # Require the bare canonical code so lookups by parse_mk_code() always match.
        try:
            canonical = parse_mk_code(mk_code)
        except ValueError:
            raise _row_error(source, line, "mk_code", f"not an MK code: {mk_code!r}") from None
        if canonical != mk_code:
            raise _row_error(source, line, "mk_code", f"write {canonical!r} instead of {mk_code!r}")
        if mk_code in first_line:
            raise _row_error(
                source,
                line,
                "mk_code",
                f"duplicate {mk_code!r}, first on line {first_line[mk_code]}",
            )
        first_line[mk_code] = line

        if values["hoofdcategorie"] not in HOOFDCATEGORIEEN:
            known = ", ".join(HOOFDCATEGORIEEN)
            raise _row_error(
                source,
                line,
                "hoofdcategorie",
                f"unknown {values['hoofdcategorie']!r} (known: {known})",
            )
        if values["is_misdrijf"] not in ("0", "1"):
            raise _row_error(
                source, line, "is_misdrijf", f"expected 0 or 1, got {values['is_misdrijf']!r}"
            )

        categories.append(
            Category(
                mk_code=mk_code,
                mk_omschrijving=values["mk_omschrijving"],
                soort_code=values["soort_code"],
                soort_omschrijving=values["soort_omschrijving"],
                hoofdcategorie=values["hoofdcategorie"],
                is_misdrijf=values["is_misdrijf"] == "1",
            )
        )
    return categories


@functools.cache
def load_categories() -> tuple[Category, ...]:
    """Load the packaged mapping; works from a source tree and from an installed wheel. Read
    once per process: pages and callbacks ask for it on every request."""
    # utf-8-sig: a spreadsheet program may add a BOM when the file is edited by hand.
    resource = resources.files(_RESOURCE_PACKAGE).joinpath(_RESOURCE_NAME)
    text = resource.read_text(encoding="utf-8-sig")
    return tuple(parse_categories(text))
