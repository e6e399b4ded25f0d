import math

import pandas as pd

from dashboard.analysis.comparison import add_change_and_rate, change, per_1000


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


def test_no_rate_over_fewer_than_100_inhabitants():
    """'t Weldink, 20 inwoners and 13 registrations, showed "650 per 1.000"."""
    assert per_1000(13, 20) is None
    assert per_1000(13, 99) is None
    assert per_1000(13, 100) == 130.0
    frame = pd.DataFrame({"area_code": ["W", "E"], "periode": [13, 9024], "vergelijking": [1, 1]})
    out = add_change_and_rate(frame, {"W": 20.0, "E": 160000.0}).set_index("area_code")
    assert math.isnan(out.at["W", "per_1000"])
    assert out.at["E", "per_1000"] == 9024 / 160


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
