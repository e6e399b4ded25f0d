"""Small-number suppression for buurt-level counts (pure functions, issue 4 "Small numbers").

Rules, for counts whose totals are published (a gemeente total, or row and column margins):

- Primary: every count 1..threshold-1 is hidden and shown as "<5" (for threshold 5). A 0 is
  shown: it says nothing about a person.
- Secondary, per line (the cells that add up to one published total): while the line is not
  protected, hide its smallest visible positive cell, shown as "x" ("afgeschermd"). Zeros are
  never hidden for a line: a hidden 0 would add nothing to the protection.
- A line is protected when its hidden sum is at least the threshold (else "these buurten add up
  to 3" leaks a small number) and no hidden cell can be pinned to one value by an attacker who
  knows the total, the shown cells and what the labels and the rule imply:
    * a "<5" cell is 1..threshold-1;
    * an "x" cell is at least the threshold (all smaller cells are primary) and at most the
      smallest positive cell still shown in the line (secondaries are the smallest shown cells).
  With integer intervals and one known sum, a cell's feasible values form the interval
  [max(lo, H - sum of the others' hi), min(hi, H - sum of the others' lo)]; it must hold two
  values at least. Example: [1, 5, 10] hides 1 and 5 and then also 10, since with "<5" and "x"
  the pair 1 + 5 = 6 could only be 1 and 5.
- Tables iterate the rule over rows and columns to a fixed point, and then also hide a cell when
  the margins together still pin a hidden cell (see _break_bridge); repeat until neither applies.

Labels are truthful: "<5" is only ever on a count below 5, "x" never on one (in a table, a
bridge may hide a 0 as "x"; the table guarantee is the linear-algebra one of _break_bridge).
The rule always assumes the total is known (it can be read elsewhere on the page).

Limits: when every positive cell of a line is hidden and it is still not protected (a gemeente
with one buurt, a line of only small cells that add up to less than the threshold),
`SuppressedSeries.protected` is False and the caller should not publish that total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.formatting import nl_number

# The small-number threshold unless a theme or a partner spec sets its own (the protocol says "<5").
DEFAULT_THRESHOLD = 5


SECONDARY_LABEL = "x"


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


def _is_protected(values: Sequence[int], hidden: Sequence[bool], threshold: int) -> bool:
    """No hidden cell of the line can be pinned, and the hidden sum is at least the threshold."""
    hidden_values = [int(v) for v, h in zip(values, hidden, strict=True) if h]
    if not hidden_values:
        return True
    total = sum(hidden_values)
    if total < threshold:
        return False
    shown_positive = [int(v) for v, h in zip(values, hidden, strict=True) if not h and v > 0]
    cap = min(shown_positive) if shown_positive else total
    bounds = [
        (1, threshold - 1) if v < threshold else (threshold, cap if v <= cap else total)
        for v in hidden_values
    ]
    sum_lo = sum(lo for lo, _ in bounds)
    sum_hi = sum(hi for _, hi in bounds)
    for lo, hi in bounds:
        low = max(lo, total - (sum_hi - hi))
        high = min(hi, total - (sum_lo - lo))
        if high <= low:
            return False
    return True


def _next_to_hide(values: Sequence[int], hidden: Sequence[bool], threshold: int) -> int | None:
    """Position in one line of the next cell to hide, or None if the line needs nothing more
    (or has no visible positive cell left to hide)."""
    if _is_protected(values, hidden, threshold):
        return None
    visible = [i for i, h in enumerate(hidden) if not h and values[i] > 0]
    if not visible:
        return None
    return min(visible, key=lambda i: (values[i], i))


def _protect_line(values: Sequence[int], hidden, threshold: int) -> bool:
    """Hides cells of one line (in place) until it is protected; True if anything changed."""
    changed = False
    while (position := _next_to_hide(values, hidden, threshold)) is not None:
        hidden[position] = True
        changed = True
    return changed


def _display(values: pd.Series | pd.DataFrame, hidden, threshold: int):
    small = (values > 0) & (values < threshold)
    return (
        values.map(nl_number)
        .mask(hidden & ~small, SECONDARY_LABEL)
        .mask(hidden & small, label(threshold))
    )


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
    uniform: bool = False  # the whole line is hidden under one label (see suppress_counts)

    @property
    def protected(self) -> bool:
        """False when the hidden cells can still be narrowed down from the total (e.g. a gemeente
        with a single buurt, or all buurten small): then the caller should not publish the total."""
        if self.uniform:
            return len(self.values) >= 2
        return _is_protected(self.values.tolist(), self.hidden.tolist(), self.threshold)

    def display(self) -> pd.Series:
        if self.uniform:
            return pd.Series(SECONDARY_LABEL, index=self.values.index)
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
    counts: pd.Series,
    threshold: int = DEFAULT_THRESHOLD,
    total: int | None = None,
    *,
    mask_all_when_unprotected: bool = False,
) -> SuppressedSeries:
    """Suppress one dimension (e.g. the buurten of one gemeente) whose total is published.

    `total` defaults to the sum. A larger total (records without a buurt) is published as given,
    but protection is still computed on the listed cells alone, since that remainder may be shown
    elsewhere ("onbekend").

    With mask_all_when_unprotected, a line that cannot be protected (e.g. a gemeente total of 1
    and every other buurt 0) is hidden whole: every cell, zeros included, reads "x", so the total
    can be published and says nothing about any one cell (given at least two cells)."""
    _check_threshold(threshold)
    values = pd.Series(_as_counts(counts.to_numpy(), "counts"), counts.index, name=counts.name)
    if total is None:
        total = int(values.sum())
    elif total < values.sum():
        raise ValueError(f"total {total} is smaller than the sum of the counts {values.sum()}")
    hidden = [0 < v < threshold for v in values.tolist()]
    _protect_line(values.tolist(), hidden, threshold)
    uniform = mask_all_when_unprotected and not _is_protected(values.tolist(), hidden, threshold)
    if uniform:
        hidden = [True] * len(hidden)
    hidden = pd.Series(hidden, index=values.index, dtype=bool)
    return SuppressedSeries(
        values=values, hidden=hidden, threshold=threshold, total=int(total), uniform=uniform
    )


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
