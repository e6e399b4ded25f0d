"""Callbacks of the open-data page (every logged-in user): the filters to the figures
(measures.open_data) to the map, table and trend, returned as a dict of named outputs."""

from __future__ import annotations

import html as html_text

import pandas as pd
import plotly.graph_objects as go
from dash import Dash, Input, Output, html, no_update

from dashboard import figures, inputs, usage
from dashboard.analysis.classes import classify
from dashboard.analysis.comparison import TOO_FEW_INHABITANTS
from dashboard.data.session import read_session
from dashboard.formatting import nl_number
from dashboard.layouts.components.choropleth import boundary_url, legend
from dashboard.layouts.components.frame import URL
from dashboard.layouts.open_data import OPEN_DATA
from dashboard.measures import open_data as measure


def _nothing(message: str) -> dict:
    return {
        "title": message,
        "level_note": None,
        "hideout": {},
        "map_url": None,
        "viewport": no_update,
        "legend": [],
        "unplaced": "",
        "table": [],
        "trend": figures.empty_figure(""),
    }


def _rate_text(row) -> str:
    """The rate as shown, or why there is none (the measure's te_weinig_inwoners)."""
    return TOO_FEW_INHABITANTS if row.te_weinig_inwoners else nl_number(row.per_1000, 1)


def hideout(shown: measure.OpenDataFigures) -> tuple[dict, list[float]]:
    """Colours and tooltips per area, and the class edges for the legend."""
    placed = shown.placed
    classes, edges = classify(placed["aantal"].astype(float))
    palette = figures.class_colours(max(len(edges) - 1, 1))
    areas = {}
    for row, klass in zip(placed.itertuples(), classes, strict=True):
        colour = figures.NO_DATA_COLOUR if pd.isna(klass) else palette[int(klass)]
        areas[row.area_code] = {
            "c": colour,
            "t": f"<b>{html_text.escape(row.naam)}</b><br>Geregistreerd: {nl_number(row.aantal)}"
            f"<br>Per 1.000 inwoners: {_rate_text(row)}",
        }
    for code in shown.shown:
        areas.setdefault(code, {"c": figures.NO_DATA_COLOUR, "t": "Geen cijfers voor dit gebied"})
    return {"areas": areas, "selected": None}, edges


def update(period_value, soort, level, gemeente):
    period = measure.parse_period(period_value)
    soort, level = inputs.text(soort, "soort"), inputs.text(level, "niveau")
    gemeente = inputs.text(gemeente, "gemeente")
    if period is None:
        return _nothing("Kies een periode en een soort misdrijf.")
    try:
        with read_session() as session:
            shown = measure.open_data_figures(session, period, soort, level, gemeente)
    except measure.NoFigures as refusal:
        return _nothing(str(refusal))
    cijfers = "jaarcijfers" if shown.kind == "jaar" else "maandcijfers"
    title = (
        f"{shown.soort} in {shown.where}, {shown.period}: "
        f"{nl_number(shown.total)} geregistreerd "
        f"(open data, {cijfers}, geen tijdstip; kaart: indeling {shown.indeling})"
    )
    bounds = shown.scope.bounds if shown.scope else None
    viewport = {"bounds": [list(p) for p in bounds], "transition": "fitBounds"} if bounds else None
    colours, edges = hideout(shown)
    table = shown.table
    shown_columns = table.drop(columns="te_weinig_inwoners")
    records = shown_columns.round({"per_1000": 1}).astype(object)
    records = records.where(shown_columns.notna(), None)
    # The grid shows a text as it is: the reason instead of an empty rate.
    records.loc[table["te_weinig_inwoners"], "per_1000"] = TOO_FEW_INHABITANTS
    level_note = shown.level.note
    return {
        "title": title,
        "level_note": html.Div(level_note, className="alert alert-info small py-1 px-2 mb-2")
        if level_note
        else None,
        "hideout": colours,
        "map_url": boundary_url(shown.level.level, shown.boundary_gemeente, shown.start.year),
        "viewport": viewport or no_update,
        "legend": legend(edges, "Geregistreerde misdrijven", 0),
        "unplaced": shown.unplaced_note,
        "table": records.to_dict("records"),
        "trend": trend_figure(shown.trend, shown.kind),
    }


def sync_url(period_value, soort, level, gemeente):
    """Keep the view in the URL, so a reload or a shared link shows the same figures."""
    state = measure.PageState(periode=period_value, soort=soort, niveau=level, gemeente=gemeente)
    search = measure.to_search(measure.parse_state(measure.to_search(state)))
    usage.track_filters(search)
    return {"search": search}


def trend_figure(trend, kind: str) -> go.Figure:
    if trend.empty:
        return figures.empty_figure("Geen reeks")
    labels = [measure.period_label(kind, s) for s in trend["start"]]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=trend["aantal"],
            marker_color=figures.PERIOD_COLOUR,
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
        )
    )
    fig.update_layout(**{**figures._LAYOUT, "margin": dict(l=48, r=12, t=16, b=36)}, height=300)
    fig.update_yaxes(title="geregistreerde misdrijven", gridcolor="#eee", rangemode="tozero")
    return fig


def register(app: Dash) -> None:
    i = OPEN_DATA
    filters = [
        Input(i.period, "value"),
        Input(i.soort, "value"),
        Input(i.level, "value"),
        Input(i.gemeente, "value"),
    ]
    # The general dashboard owns the first writer of url.search; this page only writes it when
    # a filter changes (the page itself is built from the URL).
    app.callback(
        output={"search": Output(URL, "search", allow_duplicate=True)},
        inputs=filters,
        prevent_initial_call=True,
    )(sync_url)
    app.callback(
        output={
            "title": Output(i.title, "children"),
            "level_note": Output(i.level_note, "children"),
            "hideout": Output(i.map_layer, "hideout"),
            "map_url": Output(i.map_layer, "url"),
            "viewport": Output(i.map, "viewport"),
            "legend": Output(i.legend, "children"),
            "unplaced": Output(i.unplaced, "children"),
            "table": Output(i.table, "rowData"),
            "trend": Output(i.trend, "figure"),
        },
        inputs=filters,
    )(update)
