"""Annotations on trend charts: placed on a date axis, left off a period-label axis."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from dashboard.figures import with_annotations

MARK = {"van": dt.date(2024, 3, 1), "tot": dt.date(2024, 3, 31), "tekst": "extra inzet"}


def test_a_period_on_a_date_axis_is_shaded_and_has_a_hover_marker():
    fig = go.Figure(go.Scatter(x=["2024-01-01", "2024-02-01", "2024-05-01"], y=[3, 4, 5]))
    out = with_annotations(fig, [MARK])
    assert len(out.layout.shapes) == 1
    assert [t.name for t in out.data] == [None, "Duiding"]
    assert "extra inzet" in out.data[1].hovertext[0]


def test_a_period_label_axis_keeps_its_chart_and_gets_no_marks():
    """A theme trend at buurt level has labels such as "K4 2023 t/m K3 2024": no dates."""
    fig = go.Figure(go.Bar(x=["K4 2023 t/m K3 2024", "K4 2024 t/m K3 2025"], y=[3, 4]))
    out = with_annotations(fig, [MARK])
    assert len(out.data) == 1 and not out.layout.shapes
