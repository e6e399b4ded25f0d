"""The general dashboard's areas table is sorted and paged on the server (a national region
has 342 gemeenten): one page in the user's sort order (AG Grid's sortModel), stable under ties,
empty values last, with the number of rows the grid's pager shows."""

from __future__ import annotations

import pandas as pd

from dashboard.measures.areas import table_page


def _table(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": [f"GM{8000 + i:04d}" for i in range(n)],
            "naam": [f"Gemeente {n - i:03d}" for i in range(n)],
            "periode": [i % 7 for i in range(n)],
            "vergelijking": [i % 5 for i in range(n)],
            "verschil": [i % 7 - i % 5 for i in range(n)],
            "verschil_pct": [None if i % 5 == 0 else 1.0 for i in range(n)],
            "inwoners": [1000.0 + i for i in range(n)],
            "per_1000": [None if i % 11 == 0 else (i % 7) / (1 + i / 1000) for i in range(n)],
        }
    )


def test_first_page_holds_the_largest_counts_with_ties_by_comparison_and_code():
    table = _table(342)
    page = table_page(table, None, 0, 25)
    rows, pages = page.records, page.pages
    assert pages == 14 and len(rows) == 25 and page.rows == 342
    assert page.sort_model == [{"colId": "periode", "sort": "desc"}]  # the order it used
    keys = [(-r["periode"], -r["vergelijking"], r["area_code"]) for r in rows]
    expected = sorted(
        (-p, -v, c)
        for p, v, c in zip(table["periode"], table["vergelijking"], table["area_code"], strict=True)
    )
    assert keys == expected[:25]


def test_pages_cover_every_row_once_and_the_last_page_is_short():
    table = _table(342)
    seen = []
    for page in range(14):
        rows = table_page(table, None, page, 25).records
        seen += [r["area_code"] for r in rows]
    assert len(rows) == 342 - 13 * 25
    assert sorted(seen) == sorted(table["area_code"]) and len(set(seen)) == 342
    # A page past the end (a stale page number after a filter change) is the last page.
    assert table_page(table, None, 99, 25).records == rows


def test_sort_by_a_column_either_way_with_empty_values_last():
    table = _table(60)
    by_name = table_page(table, [{"colId": "naam", "sort": "asc"}], 0, 25)
    assert [r["naam"] for r in by_name.records] == sorted(table["naam"])[:25]
    assert by_name.sort_model == [{"colId": "naam", "sort": "asc"}] and by_name.rows == 60
    for direction in ("asc", "desc"):
        rows = []
        for page in range(3):
            rows += table_page(table, [{"colId": "per_1000", "sort": direction}], page, 25).records
        values = [r["per_1000"] for r in rows]
        present = [v for v in values if v is not None]
        assert present == sorted(present, reverse=direction == "desc")
        assert values[len(present) :] == [None] * (len(values) - len(present))


def test_a_crafted_sort_falls_back_to_the_default_order():
    table = _table(40)
    default = table_page(table, None, 0, 25).records
    for crafted in (
        [{"colId": "wachtwoord", "sort": "asc"}],
        [{"colId": "periode", "sort": "sideways"}],
        [{"colId": ["periode"], "sort": "asc"}],
        [{"column_id": "naam", "direction": "asc"}],  # the old DataTable's form
        [None],
        ["periode"],
        "periode",
        [],
    ):
        assert table_page(table, crafted, 0, 25).records == default
