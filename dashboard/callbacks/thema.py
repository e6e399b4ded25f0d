"""Callbacks of the thematic dashboards: thin wrappers around the theme measures
(dashboard.measures.theme_*).

One set of callbacks serves all five themes; each one reads the theme from the page path and
checks the grant on the server before it touches data (a user who posts a callback for a theme
that is not his gets 403, whatever page he has open)."""

from __future__ import annotations

from dataclasses import asdict

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, no_update
from flask_login import current_user

from dashboard import figures, figures_thema, inputs, pages, policy, usage
from dashboard.cache import app_cache
from dashboard.callbacks.components import annotations as duiding
from dashboard.csv_export import excel_csv
from dashboard.data.models import LEVEL_PLURAL
from dashboard.data.queries import areas as area_queries
from dashboard.data.session import read_session, write_session
from dashboard.data.store import audit
from dashboard.figures import empty_figure, with_annotations
from dashboard.layouts import thema as layout
from dashboard.layouts.components import annotations as annotation_ids
from dashboard.layouts.components import choropleth, notice
from dashboard.layouts.components.choropleth import boundary_url
from dashboard.layouts.components.frame import URL
from dashboard.layouts.components.notice import NO_DATA
from dashboard.layouts.thema import THEMA
from dashboard.measures import map_classes
from dashboard.measures import theme_areas as areas
from dashboard.measures import theme_selection as selection
from dashboard.measures.annotations import theme_marks
from dashboard.measures.theme_breakdown import breakdown
from dashboard.measures.theme_kpis import theme_kpis
from dashboard.measures.theme_notes import indicators, source_notes
from dashboard.measures.theme_trend import SERIES, WINDOWS, trend


def in_theme(pathname: str | None, search: str | None, compute):
    """Check the grant, resolve the view and run compute(session, context) in one session."""
    theme = pages.checked_theme(pathname)
    with read_session() as session:
        context = selection.resolve(
            session, theme, selection.parse_state(search), policy.current_viewer(), app_cache()
        )
        return context, compute(session, context)


def sync_url(periode, gemeente, buurt, bron, maat, pathname):
    pages.checked_theme(pathname)
    state = selection.ThemeState(
        periode=periode or selection.ThemeState.periode,
        gebied=buurt or gemeente,
        bron=bron or selection.POLITIE,
        maat=maat or "aantal",
    )
    search = selection.to_search(selection.parse_state(selection.to_search(state)))
    usage.track_filters(search)
    return {"url": search, "view": search}


def select_area(gemeente, buurt, clicked, pathname):
    """Gemeente -> buurt cascade; a map click on a gemeente or buurt selects it."""
    pages.checked_theme(pathname)
    gemeente, buurt = inputs.text(gemeente, "gemeente"), inputs.text(buurt, "buurt")
    clicked = inputs.text(clicked, "kaartklik")
    trigger = ctx.triggered_id if len(ctx.triggered_prop_ids) == 1 else None
    if trigger == THEMA.map_click and clicked:
        if clicked.startswith("GM"):
            gemeente, buurt = clicked, None
        elif clicked.startswith("BU"):
            gemeente, buurt = f"GM{clicked[2:6]}", clicked
        else:
            return no_update  # a wijk: wijk totals of buurt data are not shown
    elif trigger == THEMA.gemeente:
        buurt = None
    with read_session() as session:
        g = area_queries.area(session, gemeente) if gemeente else None
        buurten = area_queries.areas(session, "buurt", g) if g and g.niveau == "gemeente" else []
    options = [{"label": a.naam, "value": a.code} for a in buurten]
    buurt = buurt if buurt in {b.code for b in buurten} else None
    return {
        "gemeente": g.code if g else None,
        "buurt_options": options,
        "buurt": buurt,
        "buurt_disabled": not buurten,
    }


def _tooltip(row, area: map_classes.ShadedArea) -> str:
    """Plain lines under the area's name, which the browser takes from the boundary document
    and escapes with them (assets/dashboard.js): 342 names less on a national region view."""
    lines = [f"Aantal: {row.t0} (vorig jaar {row.t1})"]
    rate = map_classes.rate_text(row.per_1000, row.inwoners)
    if rate is not None:  # no line for a rate the table leaves out (beside a hidden count)
        lines.append(f"Per 1.000 inwoners: {rate}")
    return "\n".join(lines)


def map_hideout(table: areas.AreaTable, measure: str, selected: str | None):
    """Colours and tooltips per area and the classes (measures.map_classes) that the legend
    and the ranked bar show too: hidden figures stay hidden in all three."""
    frame = table.frame[table.frame["area_code"] != "onbekend"]  # no shape on the map
    # Zero is a class of its own: with sparse theme data it would otherwise share the
    # lightest class with the smallest counts.
    shaded = map_classes.map_classes(
        frame,
        measure,
        "p0",
        "Aantal",
        hidden=frame["h0"],
        hidden_text=frame["t0"],
        zero_apart=True,
    )
    rows = {row.area_code: row for row in frame.itertuples()}
    hideout = choropleth.hideout(
        shaded,
        lambda area: _tooltip(rows[area.code], area),
        selected,
        table.scope.niveau,
        table.child_level,
    )
    return hideout, shaded


def legend(shaded: map_classes.MapClasses, table: areas.AreaTable) -> list:
    hidden = f"afgeschermd (<{table.source.drempel} of x)"
    return choropleth.legend(
        shaded.edges,
        shaded.label,
        shaded.decimals,
        choropleth.state_swatches(shaded, hidden),
    )


def _selected_code(context: selection.ThemeContext, table: areas.AreaTable) -> str | None:
    if table.child_level == "gemeente":
        return context.gemeente.code if context.gemeente else None
    if table.child_level == "wijk":
        return context.area.wijk_code if context.area.niveau == "buurt" else None
    return context.area.code if context.area.niveau == "buurt" else None


def update_main(search, pathname):
    try:
        context, (kpis, table) = in_theme(
            pathname, search, lambda s, c: (theme_kpis(s, c), areas.area_table(s, c))
        )
    except selection.NoData:
        return {
            "title": NO_DATA,
            "kpis": [],
            "map_url": no_update,
            "hideout": no_update,
            "viewport": no_update,
            "legend": [],
            "ranking": empty_figure(NO_DATA),
            "map_note": "",
            "table": [],
        }
    hideout, shaded = map_hideout(table, context.state.maat, _selected_code(context, table))
    scope = table.scope
    viewport = (
        {"bounds": [list(p) for p in scope.bounds], "transition": "fitBounds"}
        if scope.bounds
        else no_update
    )
    note = f"{context.source.label}: {LEVEL_PLURAL[table.child_level]} van {scope.naam}."
    if context.source.niveau == "gemeente":
        note += " Deze bron heeft alleen cijfers per gemeente."
    if selection.outside_restriction(context, context.source):
        note += " Deze bron is niet geleverd voor deze gemeente."
    return {
        "title": notice.title(selection.headline(context), context.note),
        "kpis": layout.kpi_cards(kpis),
        "map_url": boundary_url(table.child_level, table.scope.gemeente_code),
        "hideout": hideout,
        "viewport": viewport,
        "legend": legend(shaded, table),
        "ranking": figures.ranking_figure(shaded),
        "map_note": note,
        "table": [asdict(row) for row in areas.table_rows(table)],
    }


def _trend_with_marks(session, context):
    found = trend(session, context)
    if found.kind != SERIES or found.frame.empty:  # period totals have no time axis to mark
        return found, []
    span = (found.frame["start"].min(), context.period[1])
    return found, theme_marks(session, context, span)


def update_trend(search, pathname, _annotations_version=None):
    try:
        context, (found, marks) = in_theme(pathname, search, _trend_with_marks)
    except selection.NoData:
        return {"figure": empty_figure(NO_DATA), "note": ""}
    source = context.source
    unit = "per 1.000 inwoners" if context.state.maat == "per1000" else source.eenheid
    if found.kind == WINDOWS:
        note = (
            "Voor een buurt staan hier periodetotalen (de gekozen periode en dezelfde periode "
            "in de twee jaren ervoor): maandcijfers van één buurt zijn bijna altijd kleine "
            "aantallen."
        )
        unit = source.eenheid
    else:
        note = "Per maand" if source.periode_soort == "maand" else f"Per {source.periode_soort}"
        note += "; ontbrekende leveringen zijn gaten in de lijn."
    figure = figures_thema.trend_figure(found, unit)
    return {"figure": with_annotations(figure, marks), "note": note}


def update_comparison(search, pathname):
    try:
        context, comparison = in_theme(pathname, search, areas.region_comparison)
    except selection.NoData:
        return empty_figure(NO_DATA)
    return figures_thema.comparison_figure(comparison, context.source.eenheid)


def update_breakdown(search, pathname):
    try:
        context, found = in_theme(pathname, search, breakdown)
    except selection.NoData:
        return {"figure": empty_figure(NO_DATA), "note": ""}
    note = ""
    if context.source.partner is not None and not context.source.partner.kenmerken:
        note = "Deze bron levert geen kenmerken."
    return {"figure": figures_thema.breakdown_figure(found), "note": note}


def update_context(search, pathname):
    try:
        _, (table, notes) = in_theme(
            pathname, search, lambda s, c: (indicators(s, c), source_notes(c))
        )
    except selection.NoData:
        return {"indicators": NO_DATA, "notes": ""}
    return {"indicators": layout.indicator_table(table), "notes": layout.source_notes(notes)}


def download_table(n_clicks, search, pathname):
    if not n_clicks:
        return no_update
    context, table = in_theme(pathname, search, areas.area_table)
    frame = areas.export_frame(table)
    period = context.period
    name = f"{context.theme.slug}_{table.scope.code}_{period[0]}_{period[1]}.csv"
    explanation = (
        f"{selection.title(context)}. Bron: {context.source.label} "
        f"({context.source.eigenaar}). Kleine aantallen staan als '<n'; 'x' is afgeschermd om "
        "een klein aantal te beschermen."
    )
    with write_session() as session:
        audit.record(
            session,
            current_user.username,
            "export",
            {"bestand": name, "thema": context.theme.slug, "filter": search or ""},
        )
    usage.track("download", pathname, {"bestand": name})
    return dcc.send_string(excel_csv(frame, explanation), name)


def register(app: Dash) -> None:
    duiding.register_board(app, duiding.theme_board(THEMA.view))
    page = State(URL, "pathname")
    app.callback(
        Input(THEMA.period, "value"),
        Input(THEMA.gemeente, "value"),
        Input(THEMA.buurt, "value"),
        Input(THEMA.source, "value"),
        Input(THEMA.measure, "value"),
        page,
        output={
            "url": Output(URL, "search", allow_duplicate=True),
            "view": Output(THEMA.view, "data"),
        },
        prevent_initial_call=True,
    )(sync_url)
    app.callback(
        Input(THEMA.gemeente, "value"),
        Input(THEMA.buurt, "value"),
        Input(THEMA.map_click, "data"),
        page,
        output={
            "gemeente": Output(THEMA.gemeente, "value"),
            "buurt_options": Output(THEMA.buurt, "options"),
            "buurt": Output(THEMA.buurt, "value"),
            "buurt_disabled": Output(THEMA.buurt, "disabled"),
        },
        prevent_initial_call=True,
    )(select_area)
    app.callback(
        Input(THEMA.view, "data"),
        page,
        output={
            "title": Output(THEMA.title, "children"),
            "kpis": Output(THEMA.kpis, "children"),
            "map_url": Output(THEMA.map_layer, "url"),
            "hideout": Output(THEMA.map_layer, "hideout"),
            "viewport": Output(THEMA.map, "viewport"),
            "legend": Output(THEMA.map_legend, "children"),
            "ranking": Output(THEMA.map_ranking, "figure"),
            "map_note": Output(THEMA.map_note, "children"),
            "table": Output(THEMA.table, "rowData"),
        },
    )(update_main)
    app.callback(
        Input(THEMA.view, "data"),
        page,
        Input(annotation_ids.THEME.version, "data"),  # an annotation added or changed
        output={
            "figure": Output(THEMA.trend, "figure"),
            "note": Output(THEMA.trend_note, "children"),
        },
    )(update_trend)
    app.callback(Output(THEMA.comparison, "figure"), Input(THEMA.view, "data"), page)(
        update_comparison
    )
    app.callback(
        Input(THEMA.view, "data"),
        page,
        output={
            "figure": Output(THEMA.breakdown, "figure"),
            "note": Output(THEMA.breakdown_note, "children"),
        },
    )(update_breakdown)
    app.callback(
        Input(THEMA.view, "data"),
        page,
        output={
            "indicators": Output(THEMA.indicators, "children"),
            "notes": Output(THEMA.notes, "children"),
        },
    )(update_context)
    app.callback(
        Output(THEMA.table_download, "data"),
        Input(THEMA.table_download_button, "n_clicks"),
        State(THEMA.view, "data"),
        page,
        prevent_initial_call=True,
    )(download_table)
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard_map", function_name="clickedCode"),
        Output(THEMA.map_click, "data"),
        Input(THEMA.map_layer, "clickData"),
        prevent_initial_call=True,
    )
