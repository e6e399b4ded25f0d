"""What a reader can work out from a page of protected counts: shared by the view and browser
tests of the thematic dashboards."""

from __future__ import annotations


def number(text: str) -> int:
    return int(text.replace(".", ""))


def pinned_cells(total: int, cells: list[str], threshold: int) -> dict[int, int]:
    """Hidden cells whose value follows from the total and the shown cells: {row: value}.

    What a reader knows: "<5" is 1..threshold-1, "x" is at least the threshold and at most the
    smallest positive count still shown, and all cells add up to the total. A hidden cell can
    then take the values [max(lo, rest - others' hi), min(hi, rest - others' lo)]. A list that
    reads "x" everywhere was masked whole: then every cell is 0..total."""
    small = f"<{threshold}"
    shown = [number(c) for c in cells if c not in (small, "x")]
    rest = total - sum(shown)
    cap = min((v for v in shown if v > 0), default=rest)
    masked_whole = all(c == "x" for c in cells)
    bounds = {
        i: (0, rest) if masked_whole else (1, threshold - 1) if c == small else (threshold, cap)
        for i, c in enumerate(cells)
        if c in (small, "x")
    }
    pinned = {}
    for i, (lo, hi) in bounds.items():
        others_lo = sum(b[0] for j, b in bounds.items() if j != i)
        others_hi = sum(b[1] for j, b in bounds.items() if j != i)
        low, high = max(lo, rest - others_hi), min(hi, rest - others_lo)
        if low == high:
            pinned[i] = low
    return pinned
