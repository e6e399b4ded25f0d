"""Callbacks of the open-data page (every logged-in user)."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Dash, Input, Output, html, no_update

from dashboard import figures, ids, inputs, usage
from dashboard.data import crime_periods, queries
from dashboard.data.session import read_session
from dashboard.formatting import nl_number
from dashboard.layouts.components.choropleth import boundary_url, legend
from dashboard.views import open_data as view


def _nothing(message: str) -> tuple:
    return message, None, {}, None, no_update, [], "", [], figures.empty_figure("")


def update(period_value, soort, level, gemeente):
    period = view.parse_period(period_value)
    labels = view.type_labels()
    soort, level = inputs.text(soort, "soort"), inputs.text(level, "niveau")
    gemeente = inputs.text(gemeente, "gemeente")
    if period is None or soort not in labels or level not in ("gemeente", "wijk", "buurt"):
        return _nothing("Kies een periode en een soort misdrijf.")
    kind, start = period
    with read_session() as session:
        scope = queries.area(session, gemeente) if gemeente else queries.region(session)
        if period not in crime_periods.available_periods(session):
            # e.g. a shared link with a year outside the loaded tables (0001, 9999)
            return _nothing("Voor deze periode zijn geen open data geladen; kies een periode.")
        if gemeente and (scope is None or scope.niveau != "gemeente"):
            # e.g. a shared link from before a gemeente merger
            return _nothing("Deze gemeente bestaat niet (meer); kies een gemeente uit de lijst.")
        level, level_note = view.shown_level(session, level, gemeente)
        table = view.area_table(
            session, level, kind, start, soort, scope.code if gemeente else None
        )
        trend = crime_periods.series(session, kind, soort, scope.code if gemeente else None)
        indeling = queries.matching_indeling(session, start.year)
        shown = view.areas_shown(session, level, scope.code if gemeente else None, start.year)
        own_boundaries = view.boundary_gemeente(session, gemeente, indeling)
    where = scope.naam if scope else "regio"
    cijfers = "jaarcijfers" if kind == "jaar" else "maandcijfers"
    title = (
        f"{labels[soort]} in {where}, {view.period_label(kind, start)}: "
        f"{nl_number(int(table['aantal'].sum()))} geregistreerd "
        f"(open data, {cijfers}, geen tijdstip; kaart: indeling {indeling})"
    )
    viewport = (
        {"bounds": [list(p) for p in scope.bounds], "transition": "fitBounds"}
        if scope and scope.bounds
        else None
    )
    colours, edges = view.hideout(table, shown)
    records = table.round({"per_1000": 1}).astype(object).where(table.notna(), None)
    return (
        title,
        html.Div(level_note, className="alert alert-info small py-1 px-2 mb-2")
        if level_note
        else None,
        colours,
        boundary_url(level, own_boundaries, start.year),
        viewport or no_update,
        legend(edges, "Geregistreerde misdrijven", 0),
        view.unplaced_note(table),
        records.to_dict("records"),
        trend_figure(trend, kind),
    )


def sync_url(period_value, soort, level, gemeente):
    """Keep the view in the URL, so a reload or a shared link shows the same figures."""
    state = view.PageState(periode=period_value, soort=soort, niveau=level, gemeente=gemeente)
    search = view.to_search(view.parse_state(view.to_search(state)))
    usage.track_filters(search)
    return search


def trend_figure(trend, kind: str) -> go.Figure:
    if trend.empty:
        return figures.empty_figure("Geen reeks")
    labels = [view.period_label(kind, s) for s in trend["start"]]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=trend["aantal"],
            marker_color=figures.PERIOD_COLOUR,
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
        )
    )
    fig.update_layout(
        margin=dict(l=48, r=12, t=16, b=36),
        height=300,
        separators=",.",
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    fig.update_yaxes(title="geregistreerde misdrijven", gridcolor="#eee", rangemode="tozero")
    return fig


def register(app: Dash) -> None:
    # The general dashboard owns the first writer of url.search; this page only writes it when
    # a filter changes (the page itself is built from the URL).
    app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.OD_PERIOD, "value"),
        Input(ids.OD_TYPE, "value"),
        Input(ids.OD_LEVEL, "value"),
        Input(ids.OD_GEMEENTE, "value"),
        prevent_initial_call=True,
    )(sync_url)
    app.callback(
        Output(ids.OD_TITLE, "children"),
        Output(ids.OD_LEVEL_NOTE, "children"),
        Output(ids.OD_MAP_LAYER, "hideout"),
        Output(ids.OD_MAP_LAYER, "url"),
        Output(ids.OD_MAP, "viewport"),
        Output(ids.OD_LEGEND, "children"),
        Output(ids.OD_UNPLACED, "children"),
        Output(ids.OD_TABLE, "data"),
        Output(ids.OD_TREND, "figure"),
        Input(ids.OD_PERIOD, "value"),
        Input(ids.OD_TYPE, "value"),
        Input(ids.OD_LEVEL, "value"),
        Input(ids.OD_GEMEENTE, "value"),
    )(update)
