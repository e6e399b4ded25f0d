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
    partial_parts,
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
    region = chart_text(trend.region_name)
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
    labels = (
        chart_texts(frame["label"]) if "label" in frame else [nl_month(d) for d in frame["start"]]
    )
    # A month the police data cover only in part (volledig False, measures.completeness) hangs
    # on a dashed segment as an open marker with its note; it is never drawn as a whole month.
    whole = list(frame["volledig"]) if "volledig" in frame else [True] * len(frame)
    values = [None if pd.isna(v) else float(v) for v in frame["gebied"]]
    solid, dashed = partial_parts(values, whole)
    fig.add_trace(
        go.Scatter(
            x=frame["start"],
            y=solid,
            name=area_label,
            mode="lines+markers",
            line=dict(color=PERIOD_COLOUR, width=2.5),
            marker=dict(size=4),
            customdata=labels,
            hovertemplate="%{customdata}: %{y:,.1f}<extra>" + area_label + "</extra>",
        )
    )
    if not all(whole):
        fig.add_trace(
            go.Scatter(
                x=frame["start"],
                y=dashed,
                name=area_label,
                showlegend=False,
                mode="lines",
                line=dict(color=PERIOD_COLOUR, width=2, dash="dash"),
                hoverinfo="skip",
            )
        )
        notes = chart_texts(frame["noot"])
        fig.add_trace(
            go.Scatter(
                x=frame["start"],
                y=[v if not w else None for v, w in zip(values, whole, strict=True)],
                name="onvolledige maand",
                mode="markers+text",
                marker=dict(symbol="circle-open", size=9, color=PERIOD_COLOUR, line=dict(width=2)),
                text=[n if not w else "" for n, w in zip(notes, whole, strict=True)],
                textposition="top left",
                textfont=dict(size=10, color="#555"),
                customdata=labels,
                hovertemplate="%{customdata}: %{y:,.1f}<extra>" + area_label + "</extra>",
            )
        )
    if "regio" in frame:
        fig.add_trace(
            go.Scatter(
                x=frame["start"],
                y=frame["regio"],
                name=region,
                mode="lines",
                line=dict(color=REGION_COLOUR, width=2, dash="dot"),
                customdata=labels,
                hovertemplate="%{customdata}: %{y:,.1f}<extra>" + region + "</extra>",
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


LABEL_WIDTH = 26  # characters per line of a bar label: room for the bars on a phone too
LABEL_LINES = 3


def wrap_label(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """An (escaped) axis label over at most `lines` lines, broken between words only; a longer
    label ends in "…" (the hover shows it whole). Only a space becomes a <br>, so the label
    still reads as the text when plotly draws it."""
    out: list[str] = []
    for word in text.split(" "):
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return "<br>".join(out)


def breakdown_figure(breakdown: Breakdown) -> go.Figure:
    """groep, waarde, aantal (None = hidden), tekst: horizontal bars grouped by attribute."""
    frame = breakdown.frame
    if frame.empty:
        return empty_figure(breakdown.reason or "Geen verdeling beschikbaar voor deze selectie")
    # Attribute names and values come from the partners' files.
    labels = chart_texts(
        f"{g}: {w}" if g else w for g, w in zip(frame["groep"], frame["waarde"], strict=True)
    )
    shown = [wrap_label(label) for label in labels]
    texts = chart_texts(frame["tekst"])
    fig = go.Figure(
        go.Bar(
            x=frame["aantal"].fillna(0),
            y=shown,
            customdata=labels,
            orientation="h",
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker_color=[
                HIDDEN_COLOUR if v is None or pd.isna(v) else PERIOD_COLOUR for v in frame["aantal"]
            ],
            hovertemplate="%{customdata}: %{text}<extra></extra>",
        )
    )
    rows = sum(max(22, 15 * label.count("<br>") + 22) for label in shown)
    height = max(200, rows + 50)
    layout = dict(_LAYOUT)
    # The count stands right of its bar: the right margin holds the longest one ("3.039" was
    # cut off at the card's edge); automargin gives the labels on the left their width.
    longest = max((len(t) for t in texts), default=0)
    layout["margin"] = {**_LAYOUT["margin"], "r": 12 + 7 * longest}
    fig.update_layout(**layout, height=height, showlegend=False)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(gridcolor="#eee", rangemode="tozero")
    return fig
