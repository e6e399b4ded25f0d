"""Tests for the MK-code mapping in dashboard/data/reference/categories.csv."""

from __future__ import annotations

import csv
import re

import pytest

from dashboard.data.reference.categories import (
    COLUMNS,
    HOOFDCATEGORIEEN,
    Category,
    load_categories,
    parse_categories,
    parse_mk_code,
)

CODE_LIST = "politie/soort_misdrijf_codes_47018NED.csv"

# Deliberately independent of parse_mk_code, so a bug there cannot hide a missing code.
_CODE_LINE = re.compile(r"([A-Za-z]+[0-9]+)\s+\S")

# The agreed crime-type -> group table (2.6.x is handled by prefix below).
SPEC_GROUPS = {
    "vermogen": "1.1.1 1.1.2 1.2.1 1.2.2 1.2.3 1.2.4 1.2.5 1.5.2 1.6.2 2.5.1 2.5.2",
    "geweld": "1.4.1 1.4.2 1.4.3 1.4.4 1.4.5 1.4.6 1.4.7 3.2.1 3.2.2",
    "overlast": "1.6.1 2.1.1 2.2.1 2.4.1 2.4.2 2.7.3 3.6.4",
    "ondermijning": "1.6.3 2.7.2 3.1.1 3.1.2 3.1.3 3.7.4 3.9.1 3.9.2 3.9.3",
    "verkeer": "1.3.1 3.3.2 3.4.2 3.5.2 3.3.5 3.5.5",
    "overig": "3.7.1 3.7.2 3.7.3",
}
SPEC_BY_SOORT = {soort: group for group, codes in SPEC_GROUPS.items() for soort in codes.split()}

# Non-crime incidents the dashboard must be able to count, with their group and a word
# that must appear in the description.
NON_CRIME = [
    ("E38", "overlast", "jeugd"),
    ("E33", "overlast", "verward"),
    ("E37", "overlast", "buren"),
    ("E35", "overlast", "geluid"),
    ("E36", "overlast", "zwervers"),
    ("E34", "overlast", "alcohol"),
    ("D10", "verkeer", "materiële schade"),
    ("D60", "verkeer", "parkeeroverlast"),
]


@pytest.fixture(scope="module")
def by_code() -> dict[str, Category]:
    return {c.mk_code: c for c in load_categories()}


def _read_code_list(path) -> tuple[dict[str, str], dict[str, str]]:
    """Return (mk_code -> soort_code of its first row, soort_code -> name without number)."""
    first_soort: dict[str, str] = {}
    names: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            soort = row["code"].strip()
            names[soort] = row["omschrijving"].strip().removeprefix(soort).strip()
            for line in (row["toelichting"] or "").splitlines():
                match = _CODE_LINE.match(line.strip())
                if match:
                    first_soort.setdefault(match.group(1).upper(), soort)
    return first_soort, names


def test_every_listed_mk_code_maps_to_its_crime_type(shared_data_dir, by_code):
    first_soort, names = _read_code_list(shared_data_dir / CODE_LIST)
    assert len(first_soort) > 200  # guards against the extraction silently finding nothing

    for mk_code, soort in first_soort.items():
        assert mk_code in by_code, f"{mk_code} ({soort}) missing from categories.csv"
        cat = by_code[mk_code]
        assert cat.soort_code == soort, mk_code
        assert cat.soort_omschrijving == names[soort], mk_code
        assert cat.is_misdrijf, mk_code

    # And the other way round: no crime rows that the code list does not have.
    crime_codes = {c for c, cat in by_code.items() if cat.is_misdrijf}
    assert crime_codes == set(first_soort)


def test_crime_rows_follow_the_group_table(by_code):
    for cat in by_code.values():
        if not cat.is_misdrijf:
            continue
        expected = "overig" if cat.soort_code.startswith("2.6.") else SPEC_BY_SOORT[cat.soort_code]
        assert cat.hoofdcategorie == expected, f"{cat.mk_code} ({cat.soort_code})"


def test_total_row_is_not_mapped(by_code):
    assert all(cat.soort_code != "0.0.0" for cat in by_code.values())


@pytest.mark.parametrize("group", ["overlast", "vermogen", "geweld", "ondermijning", "verkeer"])
def test_each_main_group_has_crime_codes(by_code, group):
    assert any(cat.is_misdrijf and cat.hoofdcategorie == group for cat in by_code.values())


@pytest.mark.parametrize(("mk_code", "group", "word"), NON_CRIME)
def test_non_crime_incidents_present(by_code, mk_code, group, word):
    cat = by_code[mk_code]
    assert not cat.is_misdrijf
    assert cat.hoofdcategorie == group
    assert word in cat.mk_omschrijving.lower()


def test_hoofdcategorieen_order_and_labels():
    assert list(HOOFDCATEGORIEEN.items()) == [
        ("overlast", "Overlast en vernieling"),
        ("vermogen", "Vermogensdelicten"),
        ("geweld", "Gewelddelicten"),
        ("ondermijning", "Ondermijning"),
        ("verkeer", "Verkeer"),
        ("overig", "Overig"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("F550", "F550"),
        ("F550 Eenvoudige mishandeling", "F550"),
        ("  f550\tEenvoudige mishandeling \n", "F550"),
        ("m0111 Afval drugslab", "M0111"),
        ("F5295", "F5295"),
    ],
)
def test_parse_mk_code_accepts_both_forms(text, expected):
    assert parse_mk_code(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "550",
        "F",
        "F550x",
        "F-550",
        "Eenvoudige mishandeling",
        "(uitgebreide beschrijving op https://www.politie.nl/)",
        "1.4.5 Mishandeling",
    ],
)
def test_parse_mk_code_rejects_garbage(text):
    with pytest.raises(ValueError):
        parse_mk_code(text)


# --- validation of hand-edited files -------------------------------------------------

HEADER = ",".join(COLUMNS)
GOOD_ROW = "F550,Eenvoudige mishandeling,1.4.5,Mishandeling,geweld,1"


def test_parse_categories_reads_a_valid_row():
    [cat] = parse_categories(f"{HEADER}\n{GOOD_ROW}\n")
    assert cat == Category(
        mk_code="F550",
        mk_omschrijving="Eenvoudige mishandeling",
        soort_code="1.4.5",
        soort_omschrijving="Mishandeling",
        hoofdcategorie="geweld",
        is_misdrijf=True,
    )


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("F550,Eenvoudige mishandeling,1.4.5,Mishandeling,geweld,1", "mk_code"),  # duplicate
        ("F551,Zware mishandeling,1.4.5,Mishandeling,misc,1", "hoofdcategorie"),
        ("F551,,1.4.5,Mishandeling,geweld,1", "mk_omschrijving"),
        ("F551,Zware mishandeling,1.4.5,Mishandeling,geweld,ja", "is_misdrijf"),
        ("F551 Zware,Zware mishandeling,1.4.5,Mishandeling,geweld,1", "mk_code"),
        ("551,Zware mishandeling,1.4.5,Mishandeling,geweld,1", "mk_code"),
        ("F551,Zware, mishandeling,1.4.5,Mishandeling,geweld,1", "is_misdrijf"),  # extra value
    ],
)
def test_parse_categories_names_line_and_field(row, field):
    with pytest.raises(ValueError, match=rf"line 3, field '{field}'"):
        parse_categories(f"{HEADER}\n{GOOD_ROW}\n{row}\n")


def test_parse_categories_requires_all_columns():
    with pytest.raises(ValueError, match="hoofdcategorie"):
        parse_categories("mk_code,mk_omschrijving,soort_code,soort_omschrijving,is_misdrijf\n")


def test_the_main_categories_are_defined_once():
    from dashboard import state
    from dashboard.data.reference import categories
    from dashboard.data.reference.categories import MAIN_CATEGORIES

    assert categories.MAIN_CATEGORIES == (
        "overlast",
        "vermogen",
        "geweld",
        "ondermijning",
        "verkeer",
    )
    assert state.MAIN_CATEGORIES is categories.MAIN_CATEGORIES
    assert MAIN_CATEGORIES is categories.MAIN_CATEGORIES
