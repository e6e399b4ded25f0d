"""Colour classes of the map (issue 21, item 3): natural breaks instead of quantiles, no more
classes than distinct values, readable edges, and the states beside the classes (too few
inhabitants for a rate, hidden small numbers) as the map, its legend and the ranked bar share
them."""

from __future__ import annotations

import math

import mapclassify
import numpy as np
import pandas as pd
import pytest

from dashboard.analysis.classes import classify, fisher_jenks, readable_edge
from dashboard.measures import map_classes

# Registrations per Twente gemeente as the issue quotes them: Enschede far above the rest.
TWENTE = pd.Series(
    [20471, 5345, 4100, 3000, 2800, 1500, 1200, 900, 800, 700, 650, 600, 500, 400], dtype=float
)


def _class_of(classes: pd.Series, value: float, values: pd.Series = TWENTE) -> int:
    return int(classes[values == value].iloc[0])


def test_an_outlier_is_not_lumped_with_the_values_below_it():
    """Quantile classes put Enschede (20.471) in one class with 5.345."""
    classes, edges = classify(TWENTE)
    assert _class_of(classes, 20471) != _class_of(classes, 5345)
    # and Enschede's class holds Enschede alone
    assert (classes == _class_of(classes, 20471)).sum() == 1
    assert len(edges) == 6  # five classes


def test_no_more_classes_than_distinct_values():
    """Three areas showed five classes."""
    for values in ([5.0, 9.0, 120.0], [7.0, 7.0, 7.0, 30.0], [4.0]):
        classes, edges = classify(pd.Series(values))
        distinct = len(set(values))
        assert classes.nunique() == distinct
        assert max(len(edges) - 1, 1) == distinct
        # different values land in different classes when there are enough classes
        assert len({(v, c) for v, c in zip(values, classes, strict=True)}) == distinct


def test_missing_values_stay_unclassified():
    classes, _ = classify(pd.Series([1.0, None, 40.0]))
    assert math.isnan(classes.iloc[1])
    assert classify(pd.Series([None, None], dtype=float))[1] == []


def _readable(edge: float, decimals: int) -> bool:
    """One significant digit (1.000, 2.000, 30, 0,4) or two when the gap asks for it."""
    digits = f"{edge:.{decimals}f}".replace(".", "").strip("0")
    return len(digits) <= 2


def test_edges_are_readable_numbers_that_keep_every_area_in_its_class():
    classes, edges = classify(TWENTE)
    assert edges == sorted(edges)
    assert all(_readable(e, 0) for e in edges), edges
    assert edges[0] <= TWENTE.min() and edges[-1] >= TWENTE.max()
    inner = np.asarray(edges[1:-1])
    # the class of each area is the one its value falls in between the rounded edges
    assert list(classes) == list(np.searchsorted(inner, TWENTE, side="right"))
    # and the rounding moved no area: the same grouping as the exact optimum
    uppers = fisher_jenks(TWENTE.to_numpy(), 5)
    assert list(classes) == list(np.searchsorted(uppers[:-1], TWENTE, side="left"))


def test_no_class_as_narrow_as_26_to_27():
    """Rates 26,3 / 26,9 / 27,4 among others made a class "26-27": edges are readable at the
    legend's one decimal, and classes the legend cannot tell apart merge."""
    rates = pd.Series([26.31, 26.34, 26.39, 12.1, 80.2])
    classes, edges = classify(rates, decimals=1)
    assert classes.iloc[0] == classes.iloc[1] == classes.iloc[2]
    assert all(_readable(e, 1) for e in edges), edges
    assert len(set(edges)) == len(edges)


def test_readable_edge_lies_in_the_gap():
    assert readable_edge(900, 1200, 0) == 1000
    assert readable_edge(5345, 20471, 0) == 10000
    assert readable_edge(26.34, 26.39, 1) is None
    assert readable_edge(1.0, 2.0, 0) == 2.0


@pytest.mark.parametrize("seed", range(40))
def test_same_optimum_as_mapclassify_fisher_jenks(seed):
    """fisher_jenks is the exact algorithm of mapclassify.FisherJenks, vectorised: the same
    within-class spread for counts (with ties) and rates."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 60))
    values = np.round(rng.lognormal(3, 1.3, n), int(rng.integers(0, 2)))
    k = min(5, len(np.unique(values)))

    def spread(uppers):
        klass = np.searchsorted(uppers, values, side="left")
        return sum(
            ((values[klass == c] - values[klass == c].mean()) ** 2).sum() for c in set(klass)
        )

    ours = spread(fisher_jenks(values, k))
    theirs = spread(mapclassify.FisherJenks(values, k=k).bins)
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-9)


def _areas(counts, inhabitants):
    frame = pd.DataFrame(
        {
            "area_code": [f"BU{k:08d}" for k in range(len(counts))],
            "naam": [f"Buurt {k}" for k in range(len(counts))],
            "periode": counts,
            "inwoners": inhabitants,
        }
    )
    frame["per_1000"] = frame["periode"] / frame["inwoners"].where(frame["inwoners"] >= 100) * 1000
    return frame


def test_a_rate_over_fewer_than_100_inhabitants_is_grey_with_its_reason():
    """'t Weldink: 20 inwoners, 13 registrations, "650 per 1.000" in the darkest class."""
    frame = _areas([13, 40, 90, 300], [20.0, 2000.0, 3000.0, 4000.0])
    frame.loc[0, "per_1000"] = 650.0  # even if a rate came in, it is not coloured
    shaded = map_classes.map_classes(frame, "per1000", "periode", "Aantal")
    weldink = next(a for a in shaded.areas if a.code == "BU00000000")
    assert weldink.state == map_classes.TOO_FEW
    assert weldink.klass is None and weldink.value is None
    assert weldink.text == "te weinig inwoners"
    assert shaded.edges[-1] < 650  # the classes are made without it
    # the count itself is still coloured when the map shows counts
    counts = map_classes.map_classes(frame, "aantal", "periode", "Aantal")
    assert next(a for a in counts.areas if a.code == "BU00000000").state == map_classes.VALUE


def test_hidden_counts_never_leave_the_classes():
    frame = _areas([3, 40, 90, 2], [900.0, 2000.0, 3000.0, 4000.0])
    hidden = pd.Series([True, False, False, True])
    texts = pd.Series(["<5", "40", "90", "x"])
    shaded = map_classes.map_classes(frame, "aantal", "periode", "Aantal", hidden, texts)
    assert [a.state for a in shaded.areas][-2:] == [map_classes.HIDDEN] * 2
    for area in shaded.areas[-2:]:
        assert area.value is None and area.klass is None
        assert area.text in ("<5", "x")
    assert shaded.edges[0] >= 40 - 10  # the classes are made without the hidden values
