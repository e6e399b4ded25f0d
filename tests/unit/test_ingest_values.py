"""The value rules of a delivery: personal data by value, MK descriptions, the gemeente list."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from dashboard.data.ingest.mapping import Mapping
from dashboard.data.ingest.personal import column_finding, is_plate, passes_elfproef
from dashboard.data.ingest.politie import Reference, resolve_columns, validate
from dashboard.data.ingest.tabular import Table
from dashboard.data.reference.gemeenten import load_gemeenten, parse_gemeenten
from tests.personal_columns import ROWS, harmless_columns, personal_columns

INCIDENT = dt.date(2026, 11, 20)
DATES = {row: INCIDENT for row in range(2, ROWS + 2)}


def finding(values):
    return column_finding(list(enumerate(values, start=2)), incident_dates=DATES, today=INCIDENT)


def test_every_generated_personal_column_is_recognised_as_its_kind():
    columns = personal_columns()
    assert len(columns) >= 30
    results = Counter()
    for header, kind, values in columns:
        found = finding(values)
        assert found is not None, (header, kind)
        assert found.kind == kind, (header, kind, found)
        assert values[found.row - 2]
        results[kind] += 1
    assert len(results) == 10  # names, addresses, house numbers, phone, e-mail, BSN, ...


@pytest.mark.parametrize(("header", "what", "values"), harmless_columns())
def test_codes_numbers_flags_and_labels_are_no_personal_data(header, what, values):
    assert finding(values) is None, what


def test_bsn_needs_the_elfproef_and_most_nine_digit_cells_to_pass_it():
    assert passes_elfproef("123456782") and not passes_elfproef("123456789")
    assert not passes_elfproef("000000000")
    assert finding(["123456782"] * 3).kind == "BSN"
    # Registration numbers of 9 digits: about one in eleven passes the elfproef by chance.
    numbers = [str(100_000_000 + i * 7_919) for i in range(ROWS)]
    assert 0 < sum(map(passes_elfproef, numbers)) < ROWS / 2
    assert finding(numbers) is None


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("AB-12-34", True),
        ("12-AB-34", True),
        ("AB-123-C", True),
        ("ab123c", True),
        ("1-ABC-23", True),
        ("AB1234", False),  # sidecode 1 without dashes reads as an ordinary code
        ("PL0500", False),
        ("A72", False),
    ],
)
def test_licence_plates_by_sidecode(text, plate):
    assert is_plate(text) is plate


def test_a_date_is_a_birth_date_only_long_before_its_rows_incident():
    assert finding(["14-02-1987"] * ROWS).kind == "geboortedatum"
    assert finding(["22-11-2026"] * ROWS) is None
    # An old registration loaded late: its own incident date is old too.
    old = {row: dt.date(2001, 5, 1) for row in DATES}
    cells = list(enumerate(["03-05-2001"] * ROWS, start=2))
    assert column_finding(cells, incident_dates=old, today=INCIDENT) is None


def test_place_names_are_labels_where_the_header_says_so():
    names = [f"{a} {b}" for a in ("Binnenstad", "Hof", "Oud") for b in ("Noord", "Zuid", "Oost")]
    assert finding(names).kind == "naam"
    cells = list(enumerate(names, start=2))
    assert column_finding(cells, incident_dates=DATES, expected_labels=True) is None


def _reference(descriptions):
    return Reference(
        codes={"A1", "A2", "F550"},
        buurt_gemeente={"BU01530101": "GM0153"},
        locator_factory=lambda: None,
        today=INCIDENT,
        descriptions=descriptions,
    )


def test_a_description_shared_by_two_codes_is_rejected_per_row_with_the_codes():
    table = Table(
        ["Registratienummer", "MK", "Begindatum", "Buurtcode"],
        [
            (2, ["R1", "Dubbele omschrijving", "20-11-2026", "BU01530101"]),
            (3, ["R2", "eenvoudige mishandeling", "20-11-2026", "BU01530101"]),
        ],
    )
    columns = resolve_columns(table, Mapping(), "t.csv")
    ref = _reference({"dubbele omschrijving": ("A1", "A2"), "eenvoudige mishandeling": ("F550",)})
    frame, rejections = validate(table, columns, Mapping(), ref)
    assert frame["mk_code"].tolist() == ["F550"]
    assert [(r.row, r.field, r.reason) for r in rejections] == [
        (2, "mk_code", "omschrijving past bij meer dan één code (A1, A2): geef de MK-code")
    ]


def test_the_gemeente_list_holds_every_current_gemeente_and_recent_mergers():
    gemeenten = load_gemeenten()
    current = [g for g in gemeenten.values() if not g.opgeheven]
    assert len(current) == 342  # CBS: 342 gemeenten on 1 January 2023
    assert gemeenten["GM0363"].naam == "Amsterdam"
    assert gemeenten["GM0153"].naam == "Enschede"
    assert gemeenten["GM0457"].describe(gemeenten) == (
        "Weesp (GM0457, sinds 2022-03-24 deel van Amsterdam)"
    )
    merged = [g for g in gemeenten.values() if g.opgeheven]
    assert all(not gemeenten[g.opgegaan_in].opgeheven for g in merged)


def test_a_bad_gemeente_line_is_named():
    with pytest.raises(ValueError, match="line 2, field 'gemeentecode'"):
        parse_gemeenten("gemeentecode,gemeentenaam,opgeheven,opgegaan_in\nGM12,X,,\n")
