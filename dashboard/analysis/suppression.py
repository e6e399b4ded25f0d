"""Small-number suppression for buurt-level counts (pure functions, issue 4 "Small numbers").

Rules, for counts whose totals are published (a gemeente total, or row and column margins):

- Primary: every count 1..threshold-1 is hidden. A 0 is shown: it says nothing about a person, and
  a shown cell (0 or not) only tells an attacker what the published total already implies.
- Secondary, per line (the cells that add up to one published total): while the line has hidden
  cells and they are not yet protected, hide its smallest visible positive cell; zeros come last
  because they add nothing to the hidden sum. The hidden cells of a line are protected when
    * there are at least two of them (one hidden cell is the total minus the visible ones),
    * their sum is at least the threshold (else "these two add up to 3" leaks a small number),
    * they are not all 1 (an attacker who knows that shown zeros are never hidden while a positive
      cell is still visible knows every hidden cell is >= 1; a hidden sum equal to the number of
      hidden cells would pin each of them to 1, e.g. 1, 1, 1 with threshold 3),
  or when nothing is left to hide in the line.
- Tables iterate the rule over rows and columns to a fixed point, and then also hide a cell when
  the margins together still pin a hidden cell (see _break_bridge); repeat until neither applies.

Hidden cells are labelled f"<{threshold}" whether primary or secondary, so readers cannot tell
which is which. The rule always assumes the total is known (it can be read elsewhere on the page).

Limits: when every cell of a line is hidden, its total is all there is (a gemeente with one buurt,
a table with one column): `SuppressedSeries.protected` is False then and the caller should not
publish that total. The guarantee is against an attacker who combines the totals, the shown cells
and what the rule implies for bounds (hidden >= 1 while a positive cell is shown, hidden <= the
smallest shown positive); one who replays the exact rule, tie-breaks included, on every candidate
can still pin a cell now and then (e.g. 2, 2, 3 with threshold 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.formatting import nl_number

DEFAULT_THRESHOLD = 5


def label(threshold: int) -> str:
    return f"<{threshold}"


def safe_value(count: int, threshold: int = DEFAULT_THRESHOLD) -> str:
    """One figure on its own (a map tooltip): "<5" for 1..threshold-1, else the Dutch number."""
    _check_threshold(threshold)
    return label(threshold) if 0 < count < threshold else nl_number(count)


def _check_threshold(threshold: int) -> None:
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")


def _as_counts(values: np.ndarray, what: str) -> np.ndarray:
    """Non-negative whole numbers as int64; anything else is a caller error, not data to guess."""
    array = np.asarray(values, dtype=float)
    if np.isnan(array).any():
        raise ValueError(f"{what} contains missing values; fill them (usually with 0) first")
    if (array < 0).any() or (array != np.round(array)).any():
        raise ValueError(f"{what} must contain non-negative whole numbers")
    return array.astype(np.int64)


def _is_protected(hidden_values: Sequence[int], threshold: int) -> bool:
    return (
        len(hidden_values) >= 2
        and sum(hidden_values) >= threshold
        and any(value != 1 for value in hidden_values)
    )


def _next_to_hide(values: Sequence[int], hidden: Sequence[bool], threshold: int) -> int | None:
    """Position in one line of the next cell to hide, or None if the line needs nothing more."""
    hidden_values = [int(v) for v, h in zip(values, hidden, strict=True) if h]
    if not hidden_values or _is_protected(hidden_values, threshold):
        return None
    visible = [i for i, h in enumerate(hidden) if not h]
    if not visible:
        return None  # everything hidden: the published total is all that is left
    return min(visible, key=lambda i: (values[i] == 0, values[i], i))


def _protect_line(values: Sequence[int], hidden, threshold: int) -> bool:
    """Hides cells of one line (in place) until it is protected; True if anything changed."""
    changed = False
    while (position := _next_to_hide(values, hidden, threshold)) is not None:
        hidden[position] = True
        changed = True
    return changed


def _display(values: pd.Series | pd.DataFrame, hidden, threshold: int):
    return values.map(nl_number).mask(hidden, label(threshold))


def _side_of(hidden: np.ndarray, row: int, skip: tuple[int, int]) -> tuple[set[int], set[int]]:
    """Rows and columns connected to `row` through hidden cells other than `skip`."""
    rows, cols, frontier = {row}, set(), [(True, row)]
    while frontier:
        is_row, k = frontier.pop()
        line = hidden[k] if is_row else hidden[:, k]
        for other in map(int, np.flatnonzero(line)):
            cell = (k, other) if is_row else (other, k)
            seen = cols if is_row else rows
            if cell != skip and other not in seen:
                seen.add(other)
                frontier.append((not is_row, other))
    return rows, cols


def _break_bridge(counts: np.ndarray, hidden: np.ndarray) -> bool:
    """Hide one more cell if some hidden cell follows exactly from the margins.

    See hidden cells as edges between their row and column. A cell on a cycle can move up and down
    with the other cells of the cycle (+1, -1, ...) without changing any total; a cell on no cycle
    (a bridge) cannot, and the row totals minus the column totals of its side give it exactly. Any
    visible cell that joins the two sides puts it on a cycle: take the smallest."""
    for r, c in np.argwhere(hidden).tolist():
        rows, cols = _side_of(hidden, r, skip=(r, c))
        if c in cols:
            continue
        cross = [(i, j) for i, j in np.argwhere(~hidden).tolist() if (i in rows) != (j in cols)]
        if cross:
            i, j = min(cross, key=lambda cell: (counts[cell] == 0, counts[cell], cell))
            hidden[i, j] = True
            return True
    return False


@dataclass(frozen=True)
class SuppressedSeries:
    values: pd.Series  # the true counts, for internal use only
    hidden: pd.Series  # bool, same index
    threshold: int
    total: int  # the published total (true, never suppressed)

    @property
    def protected(self) -> bool:
        """False when the hidden cells can still be narrowed down from the total (e.g. a gemeente
        with a single buurt, or all buurten small): then the caller should not publish the total."""
        hidden_values = self.values[self.hidden].tolist()
        return not hidden_values or _is_protected(hidden_values, self.threshold)

    def display(self) -> pd.Series:
        return _display(self.values, self.hidden, self.threshold)


@dataclass(frozen=True)
class SuppressedTable:
    values: pd.DataFrame  # the true counts, for internal use only
    hidden: pd.DataFrame  # bool, same shape
    threshold: int

    @property
    def row_totals(self) -> pd.Series:
        return self.values.sum(axis=1)

    @property
    def column_totals(self) -> pd.Series:
        return self.values.sum(axis=0)

    def display(self) -> pd.DataFrame:
        return _display(self.values, self.hidden, self.threshold)


def suppress_counts(
    counts: pd.Series, threshold: int = DEFAULT_THRESHOLD, total: int | None = None
) -> SuppressedSeries:
    """Suppress one dimension (e.g. the buurten of one gemeente) whose total is published.

    `total` defaults to the sum. A larger total (records without a buurt) is published as given,
    but protection is still computed on the listed cells alone, since that remainder may be shown
    elsewhere ("onbekend")."""
    _check_threshold(threshold)
    values = pd.Series(_as_counts(counts.to_numpy(), "counts"), counts.index, name=counts.name)
    if total is None:
        total = int(values.sum())
    elif total < values.sum():
        raise ValueError(f"total {total} is smaller than the sum of the counts {values.sum()}")
    hidden = [0 < v < threshold for v in values.tolist()]
    _protect_line(values.tolist(), hidden, threshold)
    hidden = pd.Series(hidden, index=values.index, dtype=bool)
    return SuppressedSeries(values=values, hidden=hidden, threshold=threshold, total=int(total))


def suppress_table(
    table: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD, with_totals: bool = True
) -> SuppressedTable:
    """Suppress a two-way table (e.g. buurt x category) whose row and column totals are published.

    Without totals only primary suppression applies. With totals, each row and column is made safe
    by the line rule; hiding a cell for its row can break its column, so we repeat until nothing
    changes (it terminates: every step hides one more cell). Lines alone are not enough: the margins
    together can still pin a cell (see _break_bridge), so that is checked at each fixed point."""
    _check_threshold(threshold)
    values = pd.DataFrame(_as_counts(table.to_numpy(), "table"), table.index, table.columns)
    counts = values.to_numpy()
    hidden = (counts > 0) & (counts < threshold)
    while with_totals:
        changed = False
        for lines, line_hidden in ((counts, hidden), (counts.T, hidden.T)):  # rows, then columns
            for line, mask in zip(lines, line_hidden, strict=True):
                # `mask` is a view, so hiding a cell for its row is seen by its column
                changed |= _protect_line(line.tolist(), mask, threshold)
        if not changed and not _break_bridge(counts, hidden):
            break
    return SuppressedTable(
        values=values,
        hidden=pd.DataFrame(hidden, index=values.index, columns=values.columns),
        threshold=threshold,
    )
