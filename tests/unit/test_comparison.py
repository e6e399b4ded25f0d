import math

import pandas as pd

from dashboard.analysis.comparison import add_change_and_rate, change, classify, per_1000


def test_change_without_base_has_no_percentage():
    assert change(5, 0) == (5, None)
    assert change(0, 0) == (0, None)
    assert change(15, 10) == (5, 50.0)
    assert change(5, 10) == (-5, -50.0)


def test_rate_needs_inhabitants():
    assert per_1000(10, 2000) == 5.0
    assert per_1000(10, 0) is None
    assert per_1000(10, None) is None
    assert per_1000(10, float("nan")) is None


def test_add_change_and_rate_edge_cases():
    frame = pd.DataFrame(
        {"area_code": ["A", "B", "C"], "periode": [10, 3, 0], "vergelijking": [5, 0, 0]}
    )
    out = add_change_and_rate(frame, {"A": 1000.0, "B": 0.0}).set_index("area_code")
    assert out.at["A", "verschil"] == 5 and out.at["A", "verschil_pct"] == 100.0
    assert math.isnan(out.at["B", "verschil_pct"])  # no base: no percentage
    assert out.at["A", "per_1000"] == 10.0
    assert math.isnan(out.at["B", "per_1000"])  # no residents: no rate
    assert math.isnan(out.at["C", "per_1000"])  # unknown population


def test_classify_uses_quantiles_and_keeps_missing():
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 100.0, None])
    classes, edges = classify(values)
    assert edges[0] == 1.0 and edges[-1] == 100.0
    assert classes.iloc[0] == 0 and classes.iloc[5] == 4
    assert math.isnan(classes.iloc[6])
    same, edges_same = classify(pd.Series([3.0, 3.0]))
    assert list(same) == [0, 0] and edges_same == [3.0]
