import datetime as dt

import pytest

from dashboard.data.reference.categories import MAIN_CATEGORIES
from dashboard.inputs import MAX_QUERY_FIELDS, InvalidInput, TooManyFields
from dashboard.state import ViewState, parse, to_search


def test_round_trip_keeps_every_field():
    state = ViewState(
        periode="aangepast",
        van=dt.date(2025, 1, 1),
        tot=dt.date(2025, 6, 30),
        vergelijking="vorige",
        hoofdcategorieen=("geweld", "verkeer"),
        codes=("F550", "D10"),
        maat="per1000",
        trend="maand",
    ).with_area("BU01530101")
    assert parse(to_search(state)) == state
    assert state.gemeente == "GM0153" and state.wijk == "WK015301"


def test_defaults_for_empty_query():
    state = parse("")
    assert state == ViewState()
    assert state.area_code is None
    assert state.hoofdcategorieen == MAIN_CATEGORIES


def test_crafted_values_fall_back_to_defaults():
    state = parse(
        "?periode=DROP TABLE&vergelijking=x&gebied=GM0153' OR 1=1--&hc=geweld,evil"
        "&codes=F550,<script>,F551&maat=z&trend=dag"
    )
    assert state.periode == "12m"
    assert state.vergelijking == "vorig_jaar"
    assert state.area_code is None
    assert state.hoofdcategorieen == ("geweld",)
    assert state.codes == ("F550", "F551")
    assert (state.maat, state.trend) == ("aantal", "week")


def test_custom_period_without_valid_dates_is_not_custom():
    assert parse("?periode=aangepast&van=2025-05-01&tot=2025-01-01").periode == "12m"
    assert parse("?periode=aangepast&van=nonsense").periode == "12m"


def test_custom_dates_are_held_between_2000_and_next_year():
    """A shared link with 0001-01-02 or 9999-12-31 keeps a period the page can compute; the
    page then says how it differs from the data (dashboard.measures.selection.resolve)."""
    last = dt.date(dt.date.today().year + 1, 12, 31)
    state = parse("?periode=aangepast&van=1900-01-01&tot=9999-12-31")
    assert (state.periode, state.van, state.tot) == ("aangepast", dt.date(2000, 1, 1), last)
    state = parse("?periode=aangepast&van=0001-01-02&tot=0001-12-31")
    assert (state.van, state.tot) == (dt.date(2000, 1, 1), dt.date(2000, 1, 1))
    assert parse(to_search(state)) == state
    assert parse("?periode=aangepast&van=2023-02-30&tot=2024-01-01").periode == "12m"


def test_area_selection_levels():
    assert ViewState().with_area("GM0141").area_code == "GM0141"
    wijk = ViewState().with_area("WK014110")
    assert (wijk.gemeente, wijk.wijk, wijk.buurt) == ("GM0141", "WK014110", None)
    assert ViewState().with_area("BU01411000").with_area(None).area_code is None


def test_a_search_that_is_not_a_string_is_invalid_input():
    for value in (7, ["?gebied=GM0153"], {"gebied": "GM0153"}, True):
        with pytest.raises(InvalidInput, match="weergave: verwacht tekst"):
            parse(value)


def test_more_fields_than_any_view_has_is_too_many():
    fields = "&".join(f"veld{i}=1" for i in range(MAX_QUERY_FIELDS - 1))
    assert parse(f"?{fields}&gebied=GM0153").gemeente == "GM0153"
    with pytest.raises(TooManyFields):
        parse(f"?{fields}&gebied=GM0153&veld=1")


def test_an_area_code_that_is_not_a_string_is_invalid_input():
    for value in (153, ["GM0153"], {"code": "GM0153"}):
        with pytest.raises(InvalidInput, match="gebied"):
            ViewState().with_area(value)
