"""Small-number suppression: examples and properties (issue 4, "Small numbers")."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis.suppression import safe_value, suppress_counts, suppress_table

thresholds = st.integers(min_value=2, max_value=10)


def hidden_list(result) -> list[bool]:
    return result.hidden.tolist()


# --- examples ---------------------------------------------------------------------------------


def test_one_small_cell_gets_a_secondary_partner():
    result = suppress_counts(pd.Series([12, 3, 0, 7], index=list("abcd")), total=22)
    # 3 is primary; 7 (smallest positive visible) is secondary: 3 + 7 = 10 >= 5. The 0 stays shown.
    assert hidden_list(result) == [False, True, False, True]
    assert result.display().tolist() == ["12", "<5", "0", "x"]
    assert result.values.tolist() == [12, 3, 0, 7] and result.total == 22
    assert result.protected


def test_single_small_cell_cannot_be_protected_by_hiding_alone():
    result = suppress_counts(pd.Series([2]))
    assert hidden_list(result) == [True]
    assert result.display().tolist() == ["<5"]
    assert not result.protected  # the total 2 gives it away: the caller must not publish it


def test_all_small_cells_are_hidden():
    result = suppress_counts(pd.Series([1, 2, 4, 3]))
    assert all(hidden_list(result))
    assert result.protected  # four cells, hidden sum 10: no single cell follows from the total


def test_threshold_one_hides_nothing():
    result = suppress_counts(pd.Series([0, 1, 2, 7]), threshold=1)
    assert not any(hidden_list(result))
    assert result.display().tolist() == ["0", "1", "2", "7"]


def test_zeros_are_never_hidden():
    assert not any(hidden_list(suppress_counts(pd.Series([0, 0, 9]))))
    result = suppress_counts(pd.Series([0, 3, 0, 8]))
    assert hidden_list(result) == [False, True, False, True]
    # Nothing positive left to hide: the line stays unprotected and the caller is told so.
    alone = suppress_counts(pd.Series([3, 0]))
    assert hidden_list(alone) == [True, False] and not alone.protected


def test_a_small_and_a_secondary_that_only_add_up_one_way_pull_in_more():
    # "<5" is 1..4 and "x" is at least 5: 1 + 5 = 6 could only be 1 and 5, so 10 goes too.
    result = suppress_counts(pd.Series([1, 5, 10, 30]))
    assert hidden_list(result) == [True, True, True, False]
    assert result.display().tolist() == ["<5", "x", "x", "30"]


def test_small_hidden_sum_pulls_in_more_cells():
    # 1 + 2 = 3 < 5 would leak "these two add up to 3"; 6 joins.
    result = suppress_counts(pd.Series([1, 2, 6, 9, 20]))
    assert hidden_list(result) == [True, True, True, False, False]


def test_hidden_ones_only_are_not_enough():
    # Three hidden 1s (sum 3 >= threshold 3) would each be pinned to 1: every hidden cell is >= 1
    # while a positive cell is still shown.
    result = suppress_counts(pd.Series([1, 1, 1, 20, 30]), threshold=3)
    assert hidden_list(result) == [True, True, True, True, False]


def test_display_uses_dutch_thousands_and_truthful_labels():
    result = suppress_counts(pd.Series([1234, 4, 56789, 5, 7]), threshold=5)
    # "<5" only on a count below 5; the secondaries are "x" (afgeschermd), never "<5".
    assert result.display().tolist() == ["1.234", "<5", "56.789", "x", "7"]


def test_given_total_larger_than_the_sum_is_kept():
    result = suppress_counts(pd.Series([12, 3, 7]), total=30)  # 8 records without a buurt
    assert result.total == 30 and hidden_list(result) == [False, True, True]


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="smaller than the sum"):
        suppress_counts(pd.Series([5, 6]), total=3)
    with pytest.raises(ValueError, match="non-negative whole"):
        suppress_counts(pd.Series([-1, 6]))
    with pytest.raises(ValueError, match="missing"):
        suppress_counts(pd.Series([None, 6.0]))
    with pytest.raises(ValueError, match="threshold"):
        safe_value(3, 0)


def test_safe_value_for_a_single_figure():
    assert safe_value(0) == "0"
    assert safe_value(4) == "<5"
    assert safe_value(5) == "5"
    assert safe_value(1500) == "1.500"
    assert safe_value(9, threshold=10) == "<10"


def test_table_secondary_suppression_reaches_a_fixed_point():
    table = pd.DataFrame(
        [[1, 10, 20], [8, 9, 30], [0, 7, 6]], index=["b1", "b2", "b3"], columns=["x", "y", "z"]
    )
    result = suppress_table(table)
    assert_lines_protected(result.values, result.hidden, 5)
    assert result.row_totals.tolist() == [31, 47, 13]
    assert result.column_totals.tolist() == [9, 26, 56]
    assert result.display().at["b3", "x"] == "0"


def test_table_cell_fixed_by_the_margins_together_gets_a_cycle():
    # Row and column rules alone leave a hidden cell here that the margins pin down together
    # (row totals minus column totals of one side of the pattern).
    table = pd.DataFrame([[12, 9, 12, 15], [9, 3, 18, 20], [0, 3, 13, 2], [6, 3, 20, 0]])
    result = suppress_table(table, threshold=6)
    assert_lines_protected(result.values, result.hidden, 6)
    assert determined_cells(result.hidden.to_numpy()) == []


def test_table_without_totals_only_hides_small_cells():
    result = suppress_table(pd.DataFrame([[1, 10], [8, 9]]), with_totals=False)
    assert result.hidden.to_numpy().tolist() == [[True, False], [False, False]]


# --- property 1: one dimension ----------------------------------------------------------------


@settings(max_examples=300)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=20), thresholds)
def test_one_dimension_rules(counts, threshold):
    result = suppress_counts(pd.Series(counts), threshold=threshold)
    hidden = hidden_list(result)
    hidden_values = [v for v, h in zip(counts, hidden, strict=True) if h]
    # (c) every small count is hidden; (d) the rest is shown unchanged
    assert all(h for v, h in zip(counts, hidden, strict=True) if 0 < v < threshold)
    shown = result.display()
    for value, is_hidden, text in zip(counts, hidden, shown, strict=True):
        if is_hidden:
            assert text == (f"<{threshold}" if value < threshold else "x")
        else:
            assert int(text.replace(".", "")) == value
    assert 0 not in hidden_values  # a hidden zero protects nothing
    if all(h for v, h in zip(counts, hidden, strict=True) if v > 0) and not result.protected:
        return  # nothing left to hide; `protected` tells the caller whether the total may go out
    # (a) never a single hidden cell; (b) the hidden sum is 0 or at least the threshold
    assert len(hidden_values) != 1
    assert sum(hidden_values) == 0 or sum(hidden_values) >= threshold
    assert result.protected


def attacker_candidates(counts, hidden, threshold) -> list[set[int]]:
    """Every value each hidden cell can take for an attacker who knows the visible cells, the total,
    the labels and the rule, found by exhaustive search over the sums the other cells can reach.

    What he knows: a "<t" cell is 1..t-1; an "x" cell is at least t (smaller ones are primary) and
    at most the smallest positive cell still shown (secondaries are the smallest shown cells)."""
    shown_positive = [v for v, h in zip(counts, hidden, strict=True) if not h and v > 0]
    hidden_sum = sum(counts) - sum(v for v, h in zip(counts, hidden, strict=True) if not h)
    cap = min(shown_positive) if shown_positive else hidden_sum
    ranges = [
        range(1, threshold) if v < threshold else range(threshold, cap + 1)
        for v, h in zip(counts, hidden, strict=True)
        if h
    ]
    hidden_values = [v for v, h in zip(counts, hidden, strict=True) if h]
    for value, options in zip(hidden_values, ranges, strict=True):
        assert value in options  # the attacker's bounds must hold for the truth
    candidates = []
    for k, own in enumerate(ranges):
        reachable = {0}  # every sum that the other hidden cells can make together
        for j, other in enumerate(ranges):
            if j != k:
                reachable = {s + x for s in reachable for x in other if s + x <= hidden_sum}
        candidates.append({x for x in own if hidden_sum - x in reachable})
    return candidates


@settings(max_examples=400)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=6), thresholds)
def test_no_hidden_cell_can_be_recovered(counts, threshold):
    result = suppress_counts(pd.Series(counts), threshold=threshold)
    if not result.protected:
        # only when every positive cell is hidden already
        assert all(h for v, h in zip(counts, hidden_list(result), strict=True) if v > 0)
        return
    hidden = hidden_list(result)
    candidates = attacker_candidates(counts, hidden, threshold)
    hidden_values = [v for v, h in zip(counts, hidden, strict=True) if h]
    for value, values in zip(hidden_values, candidates, strict=True):
        assert value in values and len(values) >= 2


# --- property 2: two dimensions ---------------------------------------------------------------


def assert_lines_protected(values: pd.DataFrame, hidden: pd.DataFrame, threshold: int) -> None:
    counts, mask = values.to_numpy(), hidden.to_numpy()
    for lines, masks in ((counts, mask), (counts.T, mask.T)):
        for line, line_mask in zip(lines, masks, strict=True):
            hidden_values = line[line_mask].tolist()
            if not hidden_values or line_mask[line > 0].all():
                continue  # nothing positive left to hide: the caller is told (module doc)
            assert len(hidden_values) >= 2
            assert sum(hidden_values) >= threshold
            assert any(v != 1 for v in hidden_values)


def determined_cells(hidden: np.ndarray) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the row and column totals by linear algebra: x_i is
    fixed by A x = b exactly when the unit vector e_i lies in the row space of A."""
    cells = list(zip(*np.nonzero(hidden), strict=True))
    if not cells:
        return []
    rows, cols = hidden.shape
    a = np.array(
        [[int(r == i) for r, _ in cells] for i in range(rows)]
        + [[int(c == j) for _, c in cells] for j in range(cols)]
    )
    rank = np.linalg.matrix_rank(a)
    return [
        cell
        for k, cell in enumerate(cells)
        if np.linalg.matrix_rank(np.vstack([a, np.eye(len(cells))[k]])) == rank
    ]


tables = st.integers(1, 6).flatmap(
    lambda rows: st.integers(1, 5).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(0, 20), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=300)
@given(tables, thresholds)
def test_two_dimension_rules(rows, threshold):
    table = pd.DataFrame(rows, index=[f"b{i}" for i in range(len(rows))])
    result = suppress_table(table, threshold=threshold)
    counts, mask = table.to_numpy(), result.hidden.to_numpy()
    assert mask[(counts > 0) & (counts < threshold)].all()
    assert_lines_protected(result.values, result.hidden, threshold)
    shown = result.display().to_numpy()
    for value, is_hidden, text in zip(counts.ravel(), mask.ravel(), shown.ravel(), strict=True):
        if is_hidden:
            assert text == (f"<{threshold}" if 0 < value < threshold else "x")
        else:
            number = int(text.replace(".", ""))
            assert number == value and (number == 0 or number >= threshold)
    assert result.row_totals.tolist() == table.sum(axis=1).tolist()
    assert result.column_totals.tolist() == table.sum(axis=0).tolist()
    assert (result.values.to_numpy() == counts).all()
    if min(counts.shape) >= 2:  # with one row or column every total is a cell (see module doc)
        assert determined_cells(mask) == []


def test_an_unprotectable_line_can_be_masked_whole():
    # A gemeente total of 1: "<5" on one buurt and 0 elsewhere would give the 1 away.
    plain = suppress_counts(pd.Series([0, 1, 0, 0]))
    assert not plain.protected
    masked = suppress_counts(pd.Series([0, 1, 0, 0]), mask_all_when_unprotected=True)
    assert masked.protected and all(hidden_list(masked))
    assert masked.display().tolist() == ["x", "x", "x", "x"]
    # A line that can be protected is left as the rule makes it.
    normal = suppress_counts(pd.Series([12, 3, 0, 7]), mask_all_when_unprotected=True)
    assert normal.display().tolist() == ["12", "<5", "0", "x"] and not normal.uniform
