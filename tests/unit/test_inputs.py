"""dashboard.inputs: the helpers that turn a value no browser sends into InvalidInput (400),
and let every value a browser does send through unchanged."""

import pytest

from dashboard import inputs
from dashboard.inputs import InvalidInput, TooManyFields


def test_text_passes_text_and_nothing():
    assert inputs.text("GM0153", "gemeente") == "GM0153"
    assert inputs.text("", "gemeente") == ""
    assert inputs.text(None, "gemeente") is None


@pytest.mark.parametrize("value", [0, 7, 2**70, 1.5, True, ["GM0153"], {"a": 1}])
def test_text_refuses_anything_else_and_names_the_input(value):
    with pytest.raises(InvalidInput, match=r"^gemeente: verwacht tekst$"):
        inputs.text(value, "gemeente")


def test_text_list_is_a_multi_select_value():
    assert inputs.text_list(["geweld", "verkeer"], "hc") == ["geweld", "verkeer"]
    assert inputs.text_list([], "hc") == []
    assert inputs.text_list(None, "hc") == []
    assert inputs.text_list("geweld", "hc") == ["geweld"]


@pytest.mark.parametrize("value", [7, 1.5, True, {"a": "b"}, [1], ["a", None], [["a"]]])
def test_text_list_refuses_anything_else(value):
    with pytest.raises(InvalidInput, match=r"^hc: "):
        inputs.text_list(value, "hc")


def test_integer_fits_the_database():
    assert inputs.integer(3, "meting") == 3
    assert inputs.integer(None, "meting") is None
    assert inputs.integer(2**31 - 1, "meting") == 2**31 - 1  # INTEGER on PostgreSQL
    for value in (2**31, 2**63, -(2**63) - 1, True, 1.0, "3"):
        with pytest.raises(InvalidInput, match=r"^meting: "):
            inputs.integer(value, "meting")


def test_records_is_a_list_of_rows():
    rows = [{"code": "R1"}, {"code": "R2"}]
    assert inputs.records(rows, "tabel") is rows
    assert inputs.records([], "tabel") == []
    for value in (None, "R1", {"code": "R1"}, [{"code": "R1"}, "R2"]):
        with pytest.raises(InvalidInput, match=r"^tabel: "):
            inputs.records(value, "tabel")


def test_query_params_reads_a_query_string_with_or_without_its_question_mark():
    assert inputs.query_params("?a=1&b=2", "w") == {"a": ["1"], "b": ["2"]}
    assert inputs.query_params("a=1", "w") == {"a": ["1"]}
    assert inputs.query_params(None, "w") == {}


def test_query_params_refuses_more_fields_than_the_limit():
    at_limit = "&".join(f"f{i}=1" for i in range(inputs.MAX_QUERY_FIELDS))
    assert len(inputs.query_params(at_limit, "w")) == inputs.MAX_QUERY_FIELDS
    with pytest.raises(TooManyFields, match=f"meer dan {inputs.MAX_QUERY_FIELDS} velden"):
        inputs.query_params(at_limit + "&een=teveel", "w")
    with pytest.raises(InvalidInput, match="verwacht tekst"):
        inputs.query_params(["?a=1"], "w")
