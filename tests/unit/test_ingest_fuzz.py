"""Fuzzing the police-extract parsers: any input ends in a parsed file or a clear refusal, and
every data row is either loaded or rejected with a reason - never lost, never a crash."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.data.ingest import fields
from dashboard.data.ingest.mapping import Mapping
from dashboard.data.ingest.politie import Reference, resolve_columns, validate
from dashboard.data.ingest.report import RefusedFile
from dashboard.data.ingest.tabular import read_table

REFERENCE = Reference(
    codes={"F550", "A72", "E33"},
    buurt_gemeente={"BU01530101": "GM0153", "BU01530102": "GM0153"},
    locator_factory=lambda: None,  # no coordinate columns in these files
    today=dt.date(2026, 11, 28),
)
HEADERS = ["Registratienummer", "MK", "Begindatum", "Begintijd", "Buurtcode"]
cell_text = st.text(alphabet=string.printable + 'éöü€;,"', max_size=24)
known_values = st.sampled_from(
    [
        "F550",
        "A72 Diefstal fiets",
        "E33",
        "BU01530101",
        "01530102",
        "2026-11-20",
        "20-11-2026",
        "31-02-2026",
        "12:30",
        "25:00",
        "",
        "Z999",
    ]
)


@given(st.text(max_size=40))
def test_field_parsers_return_a_value_or_a_reason(text):
    for parser in (
        fields.parse_date,
        fields.parse_hour,
        fields.parse_buurt,
        fields.parse_coordinate,
        fields.parse_code,
    ):
        try:
            parser(text)
        except ValueError as exc:
            assert str(exc)  # a reason a person can read


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_are_parsed_or_refused(tmp_path, data):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    try:
        table = read_table(path)
        columns = resolve_columns(table, Mapping(), path.name)
    except RefusedFile as refusal:
        assert "fuzz.csv" in str(refusal)
        return
    frame, rejections = validate(table, columns, Mapping(), REFERENCE)
    assert len(frame) + len(rejections) == len(table.rows)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.one_of(known_values, cell_text), min_size=0, max_size=7), max_size=15))
def test_every_row_is_loaded_or_rejected_with_a_reason(tmp_path, rows):
    import csv

    path = tmp_path / "rows.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(rows)
    try:
        table = read_table(path)
        columns = resolve_columns(table, Mapping(), path.name)
    except RefusedFile:
        return
    frame, rejections = validate(table, columns, Mapping(), REFERENCE)
    assert len(frame) + len(rejections) == len(table.rows)
    assert all(r.reason and r.field and r.row >= 2 for r in rejections)
    assert frame["registratienummer"].is_unique
    assert set(frame["buurt_code"]) <= set(REFERENCE.buurt_gemeente)
    assert set(frame["mk_code"]) <= REFERENCE.codes
