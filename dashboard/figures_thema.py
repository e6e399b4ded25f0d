"""Pure figure builders of the thematic dashboards. Hidden (small) figures never reach a
figure as numbers: they arrive as None with their text ("<5") and are drawn as a label."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import (
    _LAYOUT,
    DATE_HOVER,
    HIDDEN_COLOUR,
    PERIOD_COLOUR,
    REGION_COLOUR,
    empty_figure,
    fast_figure,
)
from dashboard.formatting import chart_text, chart_texts, nl_month, nl_number

if TYPE_CHECKING:  # a figure reads the typed results; it needs no measure at run time
    from dashboard.measures.theme_areas import RegionComparison
    from dashboard.measures.theme_breakdown import Breakdown
    from dashboard.measures.theme_trend import ThemeTrend

SELECTED_COLOUR = "#D55E00"


def trend_figure(trend: ThemeTrend, unit: str) -> go.Figure:
    """Kind "reeks": start, gebied[, regio] per bucket; "vensters": label, aantal, tekst."""
    frame, kind, area_label = trend.frame, trend.kind, trend.area_name
    if frame.empty:
        return empty_figure("Geen gegevens in deze jaren")
    # Area names come from the CBS files, units from the partner specs.
    area_label, unit = chart_text(area_label), chart_text(unit)
    fig = go.Figure()
    if kind == "vensters":
        heights = frame["aantal"].fillna(0)
        fig.add_trace(
            go.Bar(
                x=chart_texts(frame["label"]),
                y=heights,
                text=chart_texts(frame["tekst"]),
                textposition="outside",
                marker_color=[
                    HIDDEN_COLOUR if v is None or pd.isna(v) else PERIOD_COLOUR
                    for v in frame["aantal"]
                ],
                name=area_label,
                hovertemplate="%{x}: %{text}<extra></extra>",
            )
        )
        fig.update_layout(**_LAYOUT, height=280, showlegend=False)
        fig.update_yaxes(title=unit, gridcolor="#eee", rangemode="tozero")
        return fig
    labels = [nl_month(d) for d in frame["start"]]
    fig.add_trace(
        go.Scatter(
            x=frame["start"],
            y=frame["gebied"],
            name=area_label,
            mode="lines+markers",
            line=dict(color=PERIOD_COLOUR, width=2.5),
            marker=dict(size=4),
            customdata=labels,
            hovertemplate="%{customdata}: %{y:,.1f}<extra>" + area_label + "</extra>",
        )
    )
    if "regio" in frame:
        fig.add_trace(
            go.Scatter(
                x=frame["start"],
                y=frame["regio"],
                name="regio",
                mode="lines",
                line=dict(color=REGION_COLOUR, width=2, dash="dot"),
                customdata=labels,
                hovertemplate="%{customdata}: %{y:,.1f}<extra>regio</extra>",
            )
        )
    fig.update_layout(**_LAYOUT, height=280, hovermode="x unified")
    fig.update_yaxes(title=unit, gridcolor="#eee", rangemode="tozero")
    fig.update_xaxes(gridcolor="#f3f3f3", hoverformat=DATE_HOVER["maand"])
    return fig


def comparison_figure(comparison: RegionComparison, unit: str) -> go.Figure:
    """Gemeenten per 1,000 inhabitants, the chosen one highlighted, the region as a line. Built
    from plain dicts (figures.fast_figure): with plotly's add_vline over 342 gemeenten the
    national chart took about 150 ms to build."""
    known = comparison.frame.dropna(subset=["per_1000"])
    if known.empty:
        return empty_figure("Geen inwonersaantal of geen gegevens")
    chosen = comparison.selected
    bars = {
        "type": "bar",
        "x": list(known["per_1000"]),
        "y": chart_texts(known["naam"]),
        "orientation": "h",
        "marker": {
            "color": [
                SELECTED_COLOUR if code == chosen else PERIOD_COLOUR for code in known["area_code"]
            ]
        },
        "customdata": [nl_number(v) for v in known["p0"]],
        "hovertemplate": (
            "%{y}: %{x:,.2f} per 1.000 (%{customdata} " + chart_text(unit) + ")<extra></extra>"
        ),
    }
    layout = {
        **_LAYOUT,
        "height": max(220, 22 * len(known) + 60),
        "showlegend": False,
        "xaxis": {
            "title": {"text": "per 1.000 inwoners"},
            "gridcolor": "#eee",
            "rangemode": "tozero",
        },
    }
    regional = comparison.region_per_1000
    if regional is not None:
        layout["shapes"] = [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": regional,
                "x1": regional,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#333", "dash": "dash", "width": 1.5},
            }
        ]
        layout["annotations"] = [
            {
                "text": f"regio {nl_number(regional, 2)}",
                "xref": "x",
                "yref": "paper",
                "x": regional,
                "y": 1,
                "yanchor": "bottom",
                "showarrow": False,
            }
        ]
    return fast_figure([bars], layout)


def breakdown_figure(breakdown: Breakdown) -> go.Figure:
    """groep, waarde, aantal (None = hidden), tekst: horizontal bars grouped by attribute."""
    frame = breakdown.frame
    if frame.empty:
        return empty_figure(breakdown.reason or "Geen verdeling beschikbaar voor deze selectie")
    # Attribute names and values come from the partners' files.
    labels = chart_texts(
        f"{g}: {w}" if g else w for g, w in zip(frame["groep"], frame["waarde"], strict=True)
    )
    fig = go.Figure(
        go.Bar(
            x=frame["aantal"].fillna(0),
            y=labels,
            orientation="h",
            text=chart_texts(frame["tekst"]),
            textposition="outside",
            cliponaxis=False,
            marker_color=[
                HIDDEN_COLOUR if v is None or pd.isna(v) else PERIOD_COLOUR for v in frame["aantal"]
            ],
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    height = max(200, 20 * len(frame) + 50)
    fig.update_layout(**_LAYOUT, height=height, showlegend=False)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(gridcolor="#eee", rangemode="tozero")
    return fig
