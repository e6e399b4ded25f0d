"""Pure figure builders of the Metingen page: results of the questionnaire per round."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.likert import LABELS, SCALE
from dashboard.figures import _LAYOUT, empty_figure
from dashboard.formatting import chart_text, hover_number, nl_number

# Okabe-Ito, one colour per round in order (the nulmeting first).
ROUND_COLOURS = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
# ColorBrewer RdBu with a grey middle: disagreement red, agreement blue.
LIKERT_COLOURS = {1: "#ca0020", 2: "#f4a582", 3: "#d9d9d9", 4: "#92c5de", 5: "#0571b0"}
NO_RESULTS = "Nog geen resultaten (te weinig reacties)"


def _wrap(text: str, width: int = 30) -> str:
    """Question text (from the questionnaire's file) on lines of plotly markup: each line is
    escaped, the breaks between them are the only tags. Short lines: the labels leave the
    markers room on a phone too (46 characters ran out of the chart at 390 px)."""
    return "<br>".join(chart_text(line) for line in textwrap.wrap(text, width))


def means_figure(results: pd.DataFrame) -> go.Figure:
    """Mean per question with its 95% interval, a marker per round side by side."""
    if results.empty:
        return empty_figure(NO_RESULTS)
    questions = results.drop_duplicates("code").sort_values("positie")
    labels = {q.code: _wrap(f"{q.positie}. {q.vraag}") for q in questions.itertuples()}
    order = [labels[c] for c in questions["code"]]
    rounds = list(dict.fromkeys(results["ronde"]))
    fig = go.Figure()
    # Added last round first: plotly stacks a group from the bottom, and the nulmeting belongs
    # on top within each question (the legend is reversed back to match).
    for i, ronde in reversed(list(enumerate(rounds))):
        part = results[results["ronde"] == ronde]
        mean = part["gemiddelde"].astype(float)
        upper = (part["ci_hoog"].astype(float) - mean).fillna(0)
        lower = (mean - part["ci_laag"].astype(float)).fillna(0)
        hover = [
            f"{chart_text(ronde)}<br>gemiddelde {nl_number(m, 2)}"
            + (f" (95%-BI {nl_number(lo, 2)} – {nl_number(hi, 2)})" if pd.notna(lo) else "")
            + f"<br>n = {nl_number(n)}"
            for m, lo, hi, n in zip(mean, part["ci_laag"], part["ci_hoog"], part["n"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=mean,
                y=[labels[c] for c in part["code"]],
                name=chart_text(ronde),
                mode="markers",
                orientation="h",  # rounds side by side within a question (scattermode group)
                marker=dict(size=10, color=ROUND_COLOURS[i % len(ROUND_COLOURS)]),
                error_x=dict(
                    type="data", symmetric=False, array=upper, arrayminus=lower, thickness=1.5
                ),
                hovertext=hover,
                hoverinfo="text",
                offsetgroup=str(i),
            )
        )
    fig.update_layout(
        **{
            **_LAYOUT,
            "margin": dict(l=8, r=48, t=28, b=36),
            "legend": {**_LAYOUT["legend"], "traceorder": "reversed"},
        },
        height=max(260, sum(max(46, 16 * (label.count("<br>") + 1) + 20) for label in order) + 90),
        scattermode="group",
        scattergap=0.4,
    )
    fig.update_xaxes(
        range=[0.8, 5.2],
        tickvals=list(SCALE),
        ticktext=[f"{v}<br>{LABELS[v]}" for v in SCALE],
        gridcolor="#eee",
        zeroline=False,
        automargin=True,  # on a phone the labels turn upright and need the room below
    )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=order[::-1],
        automargin=True,
        tickfont=dict(size=11),
    )
    return fig


def distribution_figure(results: pd.DataFrame, code: str | None) -> go.Figure:
    """The answers to one question per round as 100% stacked bars (counts in the hover)."""
    part = results[results["code"] == code] if code else results.iloc[0:0]
    if part.empty:
        return empty_figure(NO_RESULTS)
    # Round names are typed by an admin.
    rounds = [
        chart_text(f"{r} (n = {nl_number(n)})")
        for r, n in zip(part["ronde"], part["n"], strict=True)
    ]
    totals = part["n"].where(part["n"] > 0, 1).astype(float)
    fig = go.Figure()
    for v in SCALE:
        counts = part[f"n_{v}"].astype(int)
        share = counts / totals * 100
        fig.add_trace(
            go.Bar(
                y=rounds,
                x=share,
                orientation="h",
                name=f"{v} {LABELS[v]}",
                marker_color=LIKERT_COLOURS[v],
                text=[f"{nl_number(s)}%" if s >= 8 else "" for s in share],
                textposition="inside",
                insidetextanchor="middle",
                customdata=counts,
                hovertemplate=(
                    f"{v} {LABELS[v]}: {hover_number('customdata')} ({hover_number('x')}%)"
                    "<extra>%{y}</extra>"
                ),
            )
        )
    fig.update_layout(
        **{**_LAYOUT, "legend": {**_LAYOUT["legend"], "traceorder": "normal"}},
        barmode="stack",
        height=max(180, 52 * len(rounds) + 90),
        bargap=0.3,
    )
    fig.update_xaxes(range=[0, 100], ticksuffix="%", gridcolor="#eee")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig
