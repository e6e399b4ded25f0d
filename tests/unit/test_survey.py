"""Margin of error of a survey percentage (normal approximation)."""

from __future__ import annotations

import math

import pytest

from dashboard.analysis.survey import is_percentage, margin_of_error


def test_margin_matches_hand_computed_values():
    # 1.96 * sqrt(0.5 * 0.5 / 100) = 1.96 * 0.05 = 0.098 -> 9.8 percentage points
    assert margin_of_error(50, 100) == pytest.approx(9.8)
    # 1.96 * sqrt(0.2 * 0.8 / 400) = 1.96 * 0.02 = 0.0392 -> 3.92 percentage points
    assert margin_of_error(20, 400) == pytest.approx(3.92)


def test_margin_uses_z_and_shrinks_with_sample_size():
    assert margin_of_error(50, 100, z=1.0) == pytest.approx(5.0)
    assert margin_of_error(30, 2000) < margin_of_error(30, 200)
    assert margin_of_error(0, 500) == 0.0
    assert margin_of_error(100, 500) == 0.0


@pytest.mark.parametrize(
    ("p", "n"),
    [
        (50, None),
        (None, 500),
        (50, 29),
        (50, 0),
        (-0.1, 500),
        (100.1, 500),
        (math.nan, 500),
        (50, math.nan),
    ],
)
def test_margin_is_none_when_it_cannot_be_given(p, n):
    assert margin_of_error(p, n) is None


def test_margin_from_30_respondents():
    assert margin_of_error(50, 30) == pytest.approx(1.96 * math.sqrt(0.25 / 30) * 100)


def test_percentage_indicators_are_named_with_percent_sign():
    assert is_percentage("Voelt zich weleens onveilig in eigen buurt (%)")
    assert is_percentage("Slachtofferschap (%) ")
    assert not is_percentage("Rapportcijfer veiligheid buurt")
