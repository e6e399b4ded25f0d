"""Pure figure builders: DataFrames in, plotly figures out."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.formatting import (
    PLOTLY_SEPARATORS,
    chart_text,
    chart_texts,
    hover_number,
    nl_date,
    nl_month,
)
from dashboard.measures import map_classes

if TYPE_CHECKING:
    from dashboard.measures.map_classes import MapClasses, ShadedArea

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PERIOD_COLOUR = "#0072B2"
COMPARISON_COLOUR = "#E69F00"
REGION_COLOUR = "#999999"
# A suppressed figure ("<5" or "x"): the same colour on the map, in its legend and in a chart.
# Lavender grey, so it is not mistaken for NO_DATA_COLOUR (an area without figures).
HIDDEN_COLOUR = "#b9b9d6"
NO_DATA_COLOUR = "#d9d9d9"
# Viridis, light (few) to dark (many): ordered in lightness for every form of colour
# blindness and in greyscale, with no grey step that could be read as "no data" (#d9d9d9). The
# darkest step stops short of viridis' near-black so the black outline of a selection shows.
SEQUENTIAL = ("#fde725", "#7ad151", "#22a884", "#2a788e", "#414487")
WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
# The date on top of a unified hover, per bucket: Plotly's default joins day and year with a
# comma ("15 dec, 2025") and names the day of a month's bucket.
DATE_HOVER = {"week": "%-d %b %Y", "maand": "%b %Y"}

# Numbers in Dutch on every figure, whichever builder made it: decimal comma and thousands dot
# (separators), and the dot also in four-digit numbers on axes and colour bars ("1.500"; Plotly
# groups only from 10.000 unless told). Plotly's default template carries it, so a figure
# built elsewhere (a callback, a new card) has it too; the month and day names come from the
# Graph's locale (layouts/components/graph.py).
_GROUPED = {"separatethousands": True}
pio.templates["veiligheid"] = go.layout.Template(
    layout={"separators": PLOTLY_SEPARATORS, "xaxis": _GROUPED, "yaxis": _GROUPED},
    data={"heatmap": [{"colorbar": _GROUPED}]},
)
pio.templates.default = "plotly+veiligheid"

_LAYOUT = dict(
    margin=dict(l=48, r=12, t=28, b=36),
    font=dict(family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size=12),
    plot_bgcolor="white",
    paper_bgcolor="white",
    separators=PLOTLY_SEPARATORS,
    legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left"),
)


def fast_figure(data: list[dict], layout: dict) -> go.Figure:
    """A figure from plain trace and layout dicts without plotly's property validation, which
    costs about 10 ms per chart on every filter change (measured: trend 12 ms -> 2 ms). The
    builders here pass only literal, known properties; the unit and browser tests draw them."""
    return go.Figure(data=data, layout=layout, _validate=False)


def empty_figure(message: str) -> go.Figure:
    layout = {
        **_LAYOUT,
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "annotations": [
            {"text": chart_text(message), "showarrow": False, "font": {"size": 14, "color": "#555"}}
        ],
    }
    return fast_figure([], layout)


def _values(series: pd.Series) -> list:
    """Plain numbers with None for a missing one (a gap in the line)."""
    return [None if pd.isna(v) else float(v) for v in series]


def partial_parts(values: list, whole: list[bool]) -> tuple[list, list]:
    """(solid, dashed) of one series: solid holds the whole buckets, dashed each partial
    bucket and the whole neighbours it joins, so a partial bucket hangs on a dashed segment."""
    solid = [v if w else None for v, w in zip(values, whole, strict=True)]
    dashed = [v if not all(whole[max(k - 1, 0) : k + 2]) else None for k, v in enumerate(values)]
    return solid, dashed


def trend_figure(
    current: pd.DataFrame, comparison: pd.DataFrame, grain: str, labels: tuple[str, str]
) -> go.Figure:
    """The period's series with the comparison period drawn beside it on the same axis:
    bucket i of the comparison is placed at bucket i of the period.

    A week or month that the data or the period cover only in part (volledig False: the one
    partial-period rule, measures.completeness.observed, applied in measures.trend) is drawn,
    not left out, and never as if it were whole: an open marker on a dashed segment, its note
    ('t/m 22 nov, onvolledig') beside the point and its label in the hover. A bucket the data
    do not reach at all (no count) is a gap, not a drop to zero."""
    fmt = nl_month if grain == "maand" else (lambda d: "week van " + nl_date(d))
    if current.empty or current["aantal"].isna().all():
        return empty_figure("Te korte periode voor een trend per " + grain)
    x = list(current["start"])
    labels = (chart_text(labels[0]), chart_text(labels[1]))
    unit = "week" if grain == "week" else "maand"

    def flags(frame: pd.DataFrame) -> tuple[list[bool], list[str], list[str]]:
        whole = list(frame["volledig"]) if "volledig" in frame else [True] * len(frame)
        names = list(frame["label"]) if "label" in frame else [fmt(d) for d in frame["start"]]
        notes = list(frame["noot"]) if "noot" in frame else [""] * len(frame)
        return whole, chart_texts(names), chart_texts(notes)

    traces = []
    n = min(len(comparison), len(current))
    if n:
        c_whole, c_names, _ = flags(comparison.iloc[:n])
        c_values = _values(comparison["aantal"].iloc[:n])
        traces.append(
            {
                "type": "scatter",
                "x": x[:n],
                "y": c_values,
                "name": labels[1],
                "mode": "lines",
                "line": {"color": COMPARISON_COLOUR, "width": 2, "dash": "dot"},
                "customdata": c_names,
                "hovertemplate": "%{customdata}: %{y:,.0f}<extra>" + labels[1] + "</extra>",
            }
        )
        if not all(c_whole):
            traces.append(
                {
                    "type": "scatter",
                    "x": x[:n],
                    "y": [v if not w else None for v, w in zip(c_values, c_whole, strict=True)],
                    "name": f"{labels[1]}, onvolledige {unit}",
                    "showlegend": False,
                    "mode": "markers",
                    "marker": {"symbol": "circle-open", "size": 8, "color": COMPARISON_COLOUR},
                    "hoverinfo": "skip",
                }
            )
    whole, names, notes = flags(current)
    values = _values(current["aantal"])
    solid, dashed = partial_parts(values, whole)
    traces.append(
        {
            "type": "scatter",
            "x": x,
            "y": solid,
            "name": labels[0],
            "mode": "lines+markers",
            "line": {"color": PERIOD_COLOUR, "width": 2.5},
            "marker": {"size": 4},
            "customdata": names,
            "hovertemplate": "%{customdata}: %{y:,.0f}<extra>" + labels[0] + "</extra>",
        }
    )
    if not all(whole):
        # The solid line has no point at a partial bucket: hovered there, "x unified" would
        # take each trace's nearest point, a different week per trace, and leave the hover
        # without its date. One invisible trace carries the hover of every bucket instead.
        traces[-1]["hoverinfo"] = "skip"
        traces[-1].pop("hovertemplate")
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": values,
                "name": labels[0],
                "showlegend": False,
                "mode": "markers",
                "marker": {"size": 6, "color": PERIOD_COLOUR, "opacity": 0},
                "customdata": names,
                "hovertemplate": "%{customdata}: %{y:,.0f}<extra>" + labels[0] + "</extra>",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": dashed,
                "name": labels[0],
                "showlegend": False,
                "mode": "lines",
                "line": {"color": PERIOD_COLOUR, "width": 2, "dash": "dash"},
                "hoverinfo": "skip",
            }
        )
        partial = [v if not w else None for v, w in zip(values, whole, strict=True)]
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": partial,
                "name": f"onvolledige {unit}",
                "mode": "markers+text",
                "marker": {
                    "symbol": "circle-open",
                    "size": 9,
                    "color": PERIOD_COLOUR,
                    "line": {"width": 2},
                },
                "text": [note if not w else "" for note, w in zip(notes, whole, strict=True)],
                # The note of an edge bucket stays inside the plot area.
                "textposition": [
                    "top left" if k == len(x) - 1 else "top right" if k == 0 else "top center"
                    for k in range(len(x))
                ],
                "textfont": {"size": 10, "color": "#555"},
                "customdata": names,
                "hoverinfo": "skip",  # the invisible hover trace above says it
            }
        )
    layout = {
        **_LAYOUT,
        "hovermode": "x unified",
        "height": 300,
        "yaxis": {"rangemode": "tozero", "gridcolor": "#eee", "title": {"text": "registraties"}},
        "xaxis": {"gridcolor": "#f3f3f3", "hoverformat": DATE_HOVER.get(grain, DATE_HOVER["week"])},
    }
    return fast_figure(traces, layout)


def heatmap_figure(frame: pd.DataFrame) -> go.Figure:
    if frame.empty:
        return empty_figure("Geen gegevens in deze periode")
    grid = (
        frame.pivot_table(index="weekdag", columns="uur", values="aantal", aggfunc="sum")
        .reindex(index=range(7), columns=range(24))
        .fillna(0)
    )
    heatmap = {
        "type": "heatmap",
        "z": grid.to_numpy(),
        "x": [f"{h:02d}" for h in range(24)],
        "y": list(WEEKDAYS),
        "colorscale": [[i / 4, c] for i, c in enumerate(SEQUENTIAL)],
        "hovertemplate": "%{y} %{x}:00 uur: %{z:,.0f}<extra></extra>",
        "colorbar": {"title": {"text": "aantal"}, "thickness": 10},
    }
    layout = {
        **_LAYOUT,
        "height": 260,
        "yaxis": {"autorange": "reversed"},
        "xaxis": {"title": {"text": "uur van de dag"}, "dtick": 2},
    }
    return fast_figure([heatmap], layout)


def mix_figure(mix: pd.DataFrame) -> go.Figure:
    """Registrations per 1,000 inhabitants per hoofdcategorie for the area and its references.
    Expects columns hoofdcategorie (label), gebied (label) and per_1000."""
    if mix.empty or mix["per_1000"].isna().all():
        return empty_figure("Geen inwonersaantal bekend")
    colours = (PERIOD_COLOUR, COMPARISON_COLOUR, REGION_COLOUR)
    # Area names come from the CBS files and category labels from categories.csv.
    traces = [
        {
            "type": "bar",
            "x": chart_texts(rows["hoofdcategorie"]),
            "y": list(rows["per_1000"]),
            "name": chart_text(gebied),
            "marker": {"color": colour},
            "hovertemplate": "%{x}: %{y:,.1f} per 1.000<extra>" + chart_text(gebied) + "</extra>",
        }
        for colour, (gebied, rows) in zip(colours, mix.groupby("gebied", sort=False), strict=False)
    ]
    layout = {
        **_LAYOUT,
        "barmode": "group",
        "height": 260,
        "yaxis": {"title": {"text": "per 1.000 inwoners"}, "gridcolor": "#eee"},
    }
    return fast_figure(traces, layout)


def weekly_rows_figure(weekly: pd.DataFrame) -> go.Figure:
    """Registrations per week; weeks far below normal (a missing or half delivery) stand out."""
    if weekly.empty:
        return empty_figure("Nog geen politiegegevens geladen")
    colours = [
        {"laag": "#D55E00", "hoog": "#CC79A7"}.get(flag, PERIOD_COLOUR)
        for flag in weekly["afwijkend"]
    ]
    fig = go.Figure(
        go.Bar(
            x=weekly["week"],
            y=weekly["aantal"],
            marker_color=colours,
            customdata=[nl_date(w) for w in weekly["week"]],
            hovertemplate="week van %{customdata}: %{y:,.0f}<extra></extra>",
            name="registraties",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=weekly["week"],
            y=weekly["verwacht"],
            mode="lines",
            line=dict(color="#555", dash="dot", width=1.5),
            name="normale week (mediaan vorige 8)",
            hoverinfo="skip",
        )
    )
    fig.update_layout(**_LAYOUT, height=260, bargap=0.15)
    fig.update_yaxes(title="registraties per week", gridcolor="#eee", rangemode="tozero")
    return fig


def usage_figure(frame: pd.DataFrame, x: str, grain: str) -> go.Figure:
    """Views as bars and unique users as a line, per day or per month. A month or day with
    volledig False (the period covers it only in part, or it is still under way: the rule of
    measures.completeness.observed) is drawn light and hatched, its users
    as an open marker on a dashed segment, and named 'onvolledig' in its tick and hover, so
    that a month that has only begun does not look like a collapse."""
    if frame.empty or not frame["weergaven"].any():
        return empty_figure("Geen gebruik in deze periode")
    whole = list(frame["volledig"]) if "volledig" in frame else [True] * len(frame)
    if "label" in frame:
        labels = list(frame["label"])
    else:
        labels = [nl_month(d) if grain == "maand" else nl_date(d) for d in frame[x]]
    fig = go.Figure(
        go.Bar(
            x=frame[x],
            y=frame["weergaven"],
            name="weergaven",
            marker=dict(
                color=PERIOD_COLOUR,
                opacity=[1.0 if w else 0.45 for w in whole],
                pattern=dict(shape=["" if w else "/" for w in whole], solidity=0.3),
            ),
            customdata=labels,
            hovertemplate="%{customdata}: " + hover_number() + " weergaven<extra></extra>",
        )
    )
    users = frame["gebruikers"].astype(float)
    solid = users.where(whole)
    # The dashed segment runs from the neighbouring whole month into each partial one.
    dashed = users.where([not all(whole[max(k - 1, 0) : k + 2]) for k in range(len(whole))])
    fig.add_trace(
        go.Scatter(
            x=frame[x],
            y=solid,
            name="unieke gebruikers",
            mode="lines+markers" if grain == "maand" else "lines",
            line=dict(color=COMPARISON_COLOUR, width=2),
            customdata=labels,
            hovertemplate="%{customdata}: " + hover_number() + " gebruikers<extra></extra>",
            yaxis="y2",  # a few dozen users beside hundreds of views: each its own scale
        )
    )
    if not all(whole):
        fig.add_trace(
            go.Scatter(
                x=frame[x],
                y=dashed,
                name="onvolledige maand" if grain == "maand" else "vandaag (onvolledig)",
                mode="lines+markers",
                line=dict(color=COMPARISON_COLOUR, width=2, dash="dash"),
                marker=dict(symbol=["circle" if w else "circle-open" for w in whole], size=8),
                customdata=labels,
                hovertemplate="%{customdata}: " + hover_number() + " gebruikers<extra></extra>",
                yaxis="y2",
                connectgaps=False,
            )
        )
    fig.update_layout(
        **_LAYOUT,
        height=260,
        bargap=0.15,
        yaxis=dict(title="weergaven", gridcolor="#eee", rangemode="tozero"),
        yaxis2=dict(
            title="gebruikers",
            overlaying="y",
            side="right",
            rangemode="tozero",
            tickformat=",.0f",
            showgrid=False,
        ),
    )
    if grain == "maand" and not all(whole):
        fig.update_xaxes(
            tickvals=list(frame[x]),
            ticktext=[
                nl_month(d) if w else f"{nl_month(d)}<br>(onvolledig)"
                for d, w in zip(frame[x], whole, strict=True)
            ],
        )
    return fig


def extrapolation_figure(
    history: pd.DataFrame,
    future: list,
    centre: list[float] | None,
    lower: list[float] | None,
    upper: list[float] | None,
    label: str,
    band_label: str,
) -> go.Figure:
    """The monthly history as a solid line, and when given, a dashed continuation with its band
    (drawn first, so the line stays on top)."""
    if history.empty:
        return empty_figure("Geen gegevens")
    fig = go.Figure()
    label, band_label = chart_text(label), chart_text(band_label)
    months = [nl_month(d) for d in history["start"]]
    if lower is not None and upper is not None:
        fig.add_trace(
            go.Scatter(
                x=[*future, *reversed(future)],
                y=[*upper, *reversed(lower)],
                fill="toself",
                fillcolor="rgba(0,114,178,0.15)",
                # Without a mode Plotly adds markers to a trace of fewer than 20 points: a band
                # of 6 months was drawn as dots at its edges.
                mode="lines",
                line=dict(width=0),
                hoverinfo="skip",
                name=band_label,
            )
        )
    fig.add_trace(
        go.Scatter(
            x=history["start"],
            y=history["aantal"],
            name="registraties per maand",
            mode="lines",
            line=dict(color=PERIOD_COLOUR, width=2),
            customdata=months,
            hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>",
        )
    )
    if centre is not None:
        labels = [nl_month(d) for d in future]
        fig.add_trace(
            go.Scatter(
                x=[history["start"].iloc[-1], *future],
                y=[history["aantal"].iloc[-1], *centre],
                name=label,
                mode="lines+markers",
                line=dict(color=PERIOD_COLOUR, width=2, dash="dash"),
                marker=dict(size=4),
                customdata=[months[-1], *labels],
                hovertemplate="%{customdata}: %{y:,.0f}<extra>" + label + "</extra>",
            )
        )
    fig.update_layout(**_LAYOUT, height=280, hovermode="x unified")
    fig.update_xaxes(hoverformat=DATE_HOVER["maand"])
    fig.update_yaxes(rangemode="tozero", gridcolor="#eee", title="registraties")
    return fig


ANNOTATION_COLOUR = "#6A3D9A"  # purple: apart from the Okabe-Ito series colours


def with_annotations(fig: go.Figure, marks: list[dict]) -> go.Figure:
    """Annotations (duiding) on a time axis: a shaded period, or a vertical line for a single
    day, clipped to the drawn dates (a shape outside them would stretch the axis), and a marker
    at the top whose hover shows the text. marks: van, tot (dates), tekst."""
    if not marks:
        return fig
    try:
        xs = [
            pd.Timestamp(x) for trace in fig.data for x in (trace.x if trace.x is not None else ())
        ]
    except (TypeError, ValueError):
        # A period axis ("K4 2023 t/m K3 2024", a theme trend at buurt level) has no dates to
        # place a mark on; the list beside the map still shows the annotation.
        return fig
    if not xs:
        return fig
    lo, hi = min(xs), max(xs)
    points, texts = [], []
    for mark in marks:
        van, tot = pd.Timestamp(mark["van"]), pd.Timestamp(mark["tot"])
        if tot < lo or van > hi:
            continue
        start, end = max(van, lo), min(tot, hi)
        if van == tot:
            fig.add_vline(x=start, line=dict(color=ANNOTATION_COLOUR, width=1.5, dash="dot"))
        else:
            fig.add_vrect(
                x0=start,
                x1=end,
                fillcolor=ANNOTATION_COLOUR,
                opacity=0.12,
                line_width=0,
                layer="below",
            )
        points.append(start)
        span = nl_date(van.date()) + ("" if van == tot else " t/m " + nl_date(tot.date()))
        # The text is typed by a user: shown literally, never as a link or styled text.
        texts.append(f"{span}: {chart_text(mark['tekst'])}")
    if points:
        fig.add_trace(
            go.Scatter(
                x=points,
                y=[1] * len(points),
                yaxis="y9",
                mode="markers",
                marker=dict(symbol="diamond", size=10, color=ANNOTATION_COLOUR),
                name="Duiding",
                hovertext=texts,
                hovertemplate="%{hovertext}<extra>Duiding</extra>",
            )
        )
        # A hidden 0-1 axis keeps the markers at the top whatever the counts are.
        fig.update_layout(
            yaxis9=dict(overlaying="y", range=[0, 1.05], visible=False, fixedrange=True)
        )
    return fig


# --- the choropleth's colours and the ranked bar beside it -----------------------------------

ZERO_COLOUR = "#ffffff"  # theme pages: zero is a class of its own


def class_colours(n_classes: int) -> tuple[str, ...]:
    """The colours of n classes: spread over SEQUENTIAL from light to dark, so two classes
    differ as much as two can (not the two lightest steps); one class is the darkest."""
    if n_classes <= 1:
        return SEQUENTIAL[-1:]
    last = len(SEQUENTIAL) - 1
    return tuple(SEQUENTIAL[round(k * last / (n_classes - 1))] for k in range(n_classes))


def area_colour(area: ShadedArea, colours: tuple[str, ...]) -> str:
    """The fill of an area on the map and of its bar: its class, or the colour of its state
    (hidden, zero, too few inhabitants or unknown: grey)."""
    if area.state == map_classes.VALUE:
        return colours[min(area.klass, len(colours) - 1)]
    if area.state == map_classes.HIDDEN:
        return HIDDEN_COLOUR
    if area.state == map_classes.ZERO:
        return ZERO_COLOUR
    return NO_DATA_COLOUR


BAR_PX = 18  # height per area of the ranked bar
# At most this many bars: a national map of 342 gemeenten drew 342 bars (33 KB on every filter
# change, pushing a change over its 100 KB budget) that no one scrolls through; the highest are
# shown and the areas table has them all. A Twente gemeente's buurten (at most 71) all fit.
MAX_BARS = 100


def ranking_figure(shaded: MapClasses) -> PlainFigure:
    """The areas of the map as a ranked horizontal bar, in the map's colours. An area without a
    value to show (hidden, too few inhabitants, unknown) gets no bar, only its text ("<5",
    "x", "te weinig inwoners"): the figure carries no hidden number at all. A PlainFigure:
    plotly's Figure deep-copies its data, about 8 ms for the 342 gemeenten of a national map
    on every filter change."""
    areas = shaded.areas
    if not areas:
        return empty_figure("Geen gebieden")
    title = chart_text(shaded.label)
    if len(areas) > MAX_BARS:
        # Largest first (hidden and unknown last): the highest MAX_BARS.
        title += f" (de {MAX_BARS} hoogste van {len(areas)} gebieden; alle in de tabel)"
        areas = areas[:MAX_BARS]
    colours = class_colours(shaded.n_classes)
    codes = [a.code for a in areas]
    names = chart_texts(a.naam for a in areas)
    bars = {
        "type": "bar",
        "orientation": "h",
        "y": codes,
        "x": [a.value if a.value is not None else 0 for a in areas],
        "text": chart_texts(a.text for a in areas),
        "textposition": "outside",
        "cliponaxis": False,
        "textfont": {"size": 11},
        "marker": {
            "color": [area_colour(a, colours) for a in areas],
            "line": {"color": "#4d4d4d", "width": 0.5},
        },
        "customdata": names,  # the whole name; the value is the bar's text
        "hovertemplate": "%{customdata}: %{text}<extra></extra>",
    }
    # The name of a long buurt is cut on the axis; the hover gives it whole.
    ticks = [n if len(n) <= 24 else n[:23] + "…" for n in names]
    top = max((a.value or 0.0) for a in areas) or 1.0
    layout = {
        **_LAYOUT,
        "margin": {"l": 8, "r": 8, "t": 8, "b": 44},  # the axis title below the ticks
        "height": BAR_PX * len(areas) + 40,
        "showlegend": False,
        "bargap": 0.25,
        "yaxis": {
            "tickvals": codes,
            "ticktext": ticks,
            "autorange": "reversed",
            "automargin": True,
            "type": "category",
            "tickfont": {"size": 11},
        },
        "xaxis": {
            "title": {"text": title},
            "gridcolor": "#eee",
            # room for the text beside the longest bar
            "range": [0, top * 1.3],
            "tickformat": ",~f",  # 5.000, not 5k
            "fixedrange": True,
        },
    }
    layout["yaxis"]["fixedrange"] = True
    return PlainFigure({"data": [bars], "layout": layout})


class PlainFigure(dict):
    """A figure as the plain dict that dcc.Graph takes, without plotly's copy and validation;
    `.data` and `.layout` read it as a go.Figure would (attribute access to its traces)."""

    @property
    def data(self) -> list:
        return [_Attributes(trace) for trace in self["data"]]

    @property
    def layout(self):
        return _Attributes(self["layout"])


class _Attributes(dict):
    def __getattr__(self, name: str):
        try:
            value = self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc
        return _Attributes(value) if isinstance(value, dict) else value
