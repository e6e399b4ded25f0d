"""Callbacks of the general dashboard: the URL state, resolved for the viewer (measures.selection),
to the page's figures (dashboard.measures) and from them to components. Each callback returns a
dict of named outputs (registered as a dict of Outputs), so a test reads result["kpis"]."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, no_update
from flask_login import current_user

from dashboard import figures, inputs, policy, usage
from dashboard.analysis.periods import describe, resolve_period
from dashboard.cache import app_cache
from dashboard.callbacks.components import annotations as duiding
from dashboard.csv_export import excel_csv
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.session import read_session, write_session
from dashboard.data.store import audit
from dashboard.formatting import nl_number, nl_percent_change, nl_signed
from dashboard.layouts import algemeen as layout
from dashboard.layouts import algemeen_parts as parts
from dashboard.layouts.algemeen import ALGEMEEN, HIDDEN_GRAPH
from dashboard.layouts.components import annotations as annotation_ids
from dashboard.layouts.components import choropleth, notice
from dashboard.layouts.components.choropleth import boundary_url, legend, state_swatches
from dashboard.layouts.components.frame import URL
from dashboard.layouts.components.notice import no_data
from dashboard.measures import areas, map_classes, selection
from dashboard.measures import extrapolation as extrapolation_measure
from dashboard.measures.annotations import general_marks
from dashboard.measures.areas import OUTSIDE_INDELING
from dashboard.measures.map_classes import MapClasses
from dashboard.measures.profile import profile
from dashboard.measures.selection import NoData
from dashboard.measures.trend import trend_series, weekday_hour
from dashboard.state import ViewState, parse, to_search


def _no_data() -> str:
    """What a card says before the first police delivery: whom to ask, or how to load it."""
    return no_data(policy.load_howto(policy.current_viewer(), "politie"))


def _date(value: str | None) -> dt.date | None:
    """A date picker's value; an unreadable date is no date, a non-string is InvalidInput."""
    value = inputs.text(value, "datum")
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def sync_url(
    periode, van, tot, vergelijking, gemeente, wijk, buurt, hc, codes, maat, trend, horizon=0
):
    """Write the filters to the URL (for reload and sharing) and to the view store that the data
    callbacks read. It also runs when the page mounts, which gives the first data update."""
    state = ViewState(
        periode=periode,
        van=_date(van),
        tot=_date(tot),
        vergelijking=vergelijking,
        hoofdcategorieen=tuple(inputs.text_list(hc, "hoofdcategorie")),
        codes=tuple(inputs.text_list(codes, "codes")),
        maat=maat,
        trend=trend,
        extrapolatie=horizon or 0,
    ).with_area(_area(buurt, wijk, gemeente))
    # Round-trip through the parser so the URL only ever holds validated values.
    search = to_search(parse(to_search(state)))
    usage.track_filters(search)
    return {"search": search, "view": search}


def _area(buurt, wijk, gemeente) -> str | None:
    """The most specific chosen area; each dropdown holds a code (text) or nothing."""
    named = ((buurt, "buurt"), (wijk, "wijk"), (gemeente, "gemeente"))
    codes = [inputs.text(value, name) for value, name in named]
    return next((code for code in codes if code), None)


def select_area(gemeente, wijk, buurt, clicked):
    """Cascading area choice; a map click selects the clicked area and its parents."""
    gemeente, wijk = inputs.text(gemeente, "gemeente"), inputs.text(wijk, "wijk")
    buurt, clicked = inputs.text(buurt, "buurt"), inputs.text(clicked, "kaartklik")
    # When the filters are first mounted every input counts as triggered: reset nothing then.
    trigger = ctx.triggered_id if len(ctx.triggered_prop_ids) == 1 else None
    if trigger == ALGEMEEN.map_click and clicked:
        state = ViewState().with_area(clicked)
        gemeente, wijk, buurt = state.gemeente, state.wijk, state.buurt
    elif trigger == ALGEMEEN.gemeente:
        wijk = buurt = None
    elif trigger == ALGEMEEN.wijk:
        buurt = None
    with read_session() as session:
        g = area_queries.area(session, gemeente) if gemeente else None
        w = area_queries.area(session, wijk) if (wijk and g) else None
        wijken = area_queries.areas(session, "wijk", g) if g else []
        buurten = area_queries.areas(session, "buurt", w) if w else []
    gemeente = g.code if g else None
    wijk = w.code if w else None
    buurt = buurt if buurt in {b.code for b in buurten} else None
    return {
        "gemeente": gemeente,
        "wijk_options": [{"label": a.naam, "value": a.code} for a in wijken],
        "wijk": wijk,
        "wijk_disabled": not g,
        "buurt_options": [{"label": a.naam, "value": a.code} for a in buurten],
        "buurt": buurt,
        "buurt_disabled": not w,
    }


def code_options(hoofdcategorieen, selected):
    with read_session() as session:
        choices = selection.code_choices(session, policy.current_viewer())
    options = layout.code_options(choices, inputs.text_list(hoofdcategorieen, "hoofdcategorie"))
    allowed = {o["value"] for o in options}
    return {
        "options": options,
        "codes": [c for c in inputs.text_list(selected, "codes") if c in allowed],
    }


def custom_dates(periode, start, end):
    """The date picker is for a custom period only; chosen without dates, it starts with the
    last 12 months of data."""
    if periode != "aangepast":
        return {"disabled": True, "start": no_update, "end": no_update}
    if start and end:
        return {"disabled": False, "start": no_update, "end": no_update}
    with read_session() as session:
        reference = freshness_queries.latest_data_date(session)
    if reference is None:
        return {"disabled": False, "start": no_update, "end": no_update}
    van, tot = resolve_period("12m", reference)
    return {"disabled": False, "start": van.isoformat(), "end": tot.isoformat()}


def in_context(search: str | None, compute):
    """The figures compute(session, context) of the URL state for the viewer of this request
    (measures.selection.evaluate); raises NoData when nothing is loaded yet."""
    return selection.evaluate(search, policy.current_viewer(), compute)


def map_hideout(
    table: pd.DataFrame,
    measure: str,
    selected: str | None,
    scope_level: str = "regio",
    child_level: str = "gemeente",
) -> tuple[dict, MapClasses]:
    """Colours and tooltips per area code (only the numbers travel on a filter change) and the
    classes (measures.map_classes) that the legend and the ranked bar show too. The tooltip is
    plain text, one line per figure: the browser puts the area's name from the boundary
    document above it and escapes both (assets/dashboard.js), which keeps the national map's
    342 tooltips small."""
    shown = table[table["naam"] != OUTSIDE_INDELING]  # no shape on this map; the table names it
    shaded = map_classes.map_classes(shown, measure, "periode", "Aantal registraties")
    rows = {row.area_code: row for row in shown.itertuples()}

    def tooltip(area: map_classes.ShadedArea) -> str:
        row = rows[area.code]
        rate = map_classes.rate_text(row.per_1000, row.inwoners)
        return "\n".join(
            (
                f"Aantal: {nl_number(row.periode)} (vergelijking {nl_number(row.vergelijking)})",
                f"Per 1.000 inwoners: {rate or nl_number(None, 1)}",
                f"Verschil: {nl_signed(row.verschil)} ({nl_percent_change(row.verschil_pct)})",
            )
        )

    hideout = choropleth.hideout(shaded, tooltip, selected, scope_level, child_level)
    return hideout, shaded


def _sort_model(request) -> list | None:
    """The order the grid asks for (AG Grid's sortModel in its getRowsRequest or in a request
    of ours); measures.areas reads it and falls back to its default order for anything else."""
    if request is None:
        return None
    if not isinstance(request, dict):
        raise inputs.InvalidInput("tabel: verwacht een verzoek om rijen")
    return request.get("sortModel")


def _first_row(request) -> int:
    """The first row the grid asks for; a block of the grid's cache is one page."""
    start = inputs.integer(request.get("startRow"), "eerste rij") or 0
    if start < 0:
        raise inputs.InvalidInput("eerste rij: verwacht een getal van 0 of meer")
    return start


def _rows(search, page: areas.TablePage, start: int = 0) -> dict:
    """Rows for the grid (getRowsResponse's rowData and rowCount) with what they answer: the
    view, the first row and the order, so that the browser gives the grid only an answer that
    still fits its newest request (assets/paged-grid.js). A page past the end (a stale request
    after a filter change) has no rows."""
    past_end = start >= page.rows and start > 0
    return {
        "view": search,
        "startRow": start,
        "sortModel": page.sort_model,
        "rowData": [] if past_end else page.records,
        "rowCount": page.rows,
    }


def update_main(search, rows_request=None):
    """Title, KPIs, map and the first page of the areas table, in the order the grid shows
    (its last getRowsRequest): the grid takes that page without asking the server again."""
    state = parse(search)
    try:
        context, shown = in_context(
            search, lambda s, c: areas.kpis_and_area_table(s, c, app_cache())
        )
    except NoData:
        return {
            "title": _no_data(),
            "kpis": [],
            "map_url": no_update,
            "hideout": no_update,
            "viewport": no_update,
            "legend": [],
            "ranking": figures.empty_figure(_no_data()),
            "table": _rows(search, _empty_page(rows_request)),
        }
    table = shown.areas
    hideout, shaded = map_hideout(
        table.frame, state.maat, state.buurt, table.scope.niveau, table.child_level
    )
    viewport = (
        {"bounds": [list(p) for p in table.scope.bounds], "transition": "fitBounds"}
        if table.scope.bounds
        else no_update
    )
    first = areas.table_page(table.frame, _sort_model(rows_request), 0, layout.TABLE_PAGE_SIZE)
    return {
        "title": notice.title(selection.headline(context), context.note),
        "kpis": parts.kpi_cards(shown.kpis),
        "map_url": boundary_url(table.child_level, table.scope.gemeente_code),
        "hideout": hideout,
        "viewport": viewport,
        "legend": legend(shaded.edges, shaded.label, shaded.decimals, state_swatches(shaded)),
        "ranking": figures.ranking_figure(shaded),
        "table": _rows(search, first),
    }


def _empty_page(rows_request) -> areas.TablePage:
    """No rows (nothing loaded yet), in the order asked."""
    empty = pd.DataFrame(columns=list(areas.TABLE_COLUMNS))
    return areas.table_page(empty, _sort_model(rows_request), 0, layout.TABLE_PAGE_SIZE)


def page_table(rows_request, search):
    """Another page or order of the areas table (the grid's request, passed on by the browser
    when page one of the view does not answer it)."""
    if rows_request is None:
        return {"answer": no_update}
    sort_model = _sort_model(rows_request)
    start = _first_row(rows_request)
    try:
        _, table = in_context(search, lambda s, c: areas.area_table(s, c, app_cache()))
    except NoData:
        return {"answer": _rows(search, _empty_page(rows_request), start)}
    page = areas.table_page(
        table.frame, sort_model, start // layout.TABLE_PAGE_SIZE, layout.TABLE_PAGE_SIZE
    )
    # The order as asked (the browser compares it with the grid's request), not as resolved.
    return {"answer": _rows(search, page, start) | {"sortModel": _asked_order(sort_model)}}


def _asked_order(sort_model) -> list[dict]:
    """A sortModel as the grid sends it, only its fields colId and sort."""
    if not isinstance(sort_model, list):
        return []
    return [
        {"colId": s.get("colId"), "sort": s.get("sort")} for s in sort_model if isinstance(s, dict)
    ]


def update_trend(search, _annotations_version=None):
    try:
        context, (series, marks) = in_context(
            search, lambda s, c: (trend_series(s, c), general_marks(s, c))
        )
    except NoData:
        return {"trend": figures.empty_figure(_no_data())}
    labels = (
        f"Periode ({describe(context.period)})",
        f"Vergelijking ({describe(context.comparison)})",
    )
    figure = figures.trend_figure(series.period, series.comparison, series.grain, labels)
    return {"trend": figures.with_annotations(figure, marks)}


def update_extrapolation(search):
    """The selection's monthly history and, when switched on, its extrapolation: the method
    the back-test chose, named with its measured error, and a band only where one was measured."""
    state = parse(search)
    hidden = dict(HIDDEN_GRAPH)
    if not state.extrapolatie:
        return {
            "figure": no_update,
            "style": hidden,
            "note": (
                "Kies een horizon om de cijfers per maand door te trekken. Dit is een extrapolatie "
                "van het verleden met een gemeten foutmarge, geen voorspelling."
            ),
        }
    try:
        _, data = in_context(
            search,
            lambda s, c: extrapolation_measure.extrapolation(s, c, state.extrapolatie, app_cache()),
        )
    except NoData:
        return {"figure": figures.empty_figure(_no_data()), "style": {}, "note": ""}
    history, result = data.history, data.result
    if result is None:
        return {
            "figure": figures.extrapolation_figure(history, [], None, None, None, "", ""),
            "style": {},
            "note": data.reason,
        }
    last = history["start"].iloc[-1]
    future = [
        (pd.Timestamp(last) + pd.DateOffset(months=k)).date()
        for k in range(1, state.extrapolatie + 1)
    ]
    banded = bool(result.measured[0]) and bool(pd.notna(result.lower[0]).all())
    figure = figures.extrapolation_figure(
        history,
        future,
        list(result.forecast[0]),
        list(result.lower[0]) if banded else None,
        list(result.upper[0]) if banded else None,
        extrapolation_measure.LABEL,
        extrapolation_measure.BAND_LABEL,
    )
    return {"figure": figure, "style": {}, "note": data.note}


def update_heatmap(search):
    try:
        _, frame = in_context(search, weekday_hour)
    except NoData:
        return {"heatmap": figures.empty_figure(_no_data()), "note": ""}
    unknown = frame.attrs.get("onbekend", 0)
    note = (
        f"{nl_number(unknown)} registraties zonder bekend tijdstip zijn niet getoond."
        if unknown
        else ""
    )
    return {"heatmap": figures.heatmap_figure(frame), "note": note}


def update_profile(search):
    try:
        _, shown = in_context(search, profile)
    except NoData:
        return {"profile": _no_data()}
    return {"profile": parts.profile(shown.table, shown.names, figures.mix_figure(shown.mix))}


def download_table(n_clicks, search):
    if not n_clicks:
        return {"download": no_update}
    context, table = in_context(search, lambda s, c: areas.area_table(s, c, app_cache()))
    out = table.frame[list(areas.TABLE_COLUMNS)].round(2)
    name = f"gebieden_{context.area.code}_{context.period[0]}_{context.period[1]}.csv"
    with write_session() as session:
        actor = getattr(current_user, "username", None)  # None outside a request
        audit.record(session, actor, "export", {"bestand": name, "filter": search or ""})
    usage.track("download", "/", {"bestand": name})
    return {
        "download": dcc.send_string(
            excel_csv(out, selection.title(context), areas.CSV_COLUMNS), name
        )
    }


def download_report(_pdf, _xlsx, kind, search):
    """The periodic report of the selected gemeente for the newest complete period."""
    from dashboard.analysis import report_periods
    from dashboard.data.models import utcnow
    from dashboard.reports import periodic

    state = parse(search)
    kind = inputs.text(kind, "rapportsoort")
    if not state.gemeente:
        return {"download": no_update, "message": "Kies eerst een gemeente."}
    fmt = "xlsx" if ctx.triggered_id == ALGEMEEN.report_xlsx else "pdf"
    with read_session() as session:
        data_until = freshness_queries.latest_data_date(session)
    if data_until is None:
        return {"download": no_update, "message": _no_data()}
    period = report_periods.latest_complete(
        kind if kind in report_periods.KINDS else "kwartaal", data_until
    )
    try:
        with read_session() as session:
            content = periodic.render(
                session,
                state.gemeente,
                period.code,
                fmt,
                utcnow().replace(microsecond=0),
                policy.current_viewer(),
            )
    except periodic.ReportError as exc:
        return {"download": no_update, "message": str(exc)}
    name = f"rapportage_{state.gemeente}_{period.code}.{fmt}"
    with write_session() as session:
        actor = getattr(current_user, "username", None)
        audit.record(session, actor, "rapport", {"bestand": name})
    usage.track("rapport", "/", {"bestand": name})
    return {"download": dcc.send_bytes(content, name), "message": ""}


def register(app: Dash) -> None:
    i = ALGEMEEN
    duiding.register_board(app, duiding.general_board(i.view))
    app.callback(
        output={"search": Output(URL, "search"), "view": Output(i.view, "data")},
        inputs=[
            Input(i.period, "value"),
            Input(i.dates, "start_date"),
            Input(i.dates, "end_date"),
            Input(i.comparison, "value"),
            Input(i.gemeente, "value"),
            Input(i.wijk, "value"),
            Input(i.buurt, "value"),
            Input(i.hoofdcategorie, "value"),
            Input(i.codes, "value"),
            Input(i.measure, "value"),
            Input(i.grain, "value"),
            Input(i.horizon, "value"),
        ],
    )(sync_url)
    app.callback(
        output={
            "gemeente": Output(i.gemeente, "value"),
            "wijk_options": Output(i.wijk, "options"),
            "wijk": Output(i.wijk, "value"),
            "wijk_disabled": Output(i.wijk, "disabled"),
            "buurt_options": Output(i.buurt, "options"),
            "buurt": Output(i.buurt, "value"),
            "buurt_disabled": Output(i.buurt, "disabled"),
        },
        inputs=[
            Input(i.gemeente, "value"),
            Input(i.wijk, "value"),
            Input(i.buurt, "value"),
            Input(i.map_click, "data"),
        ],
        prevent_initial_call=True,
    )(select_area)
    app.callback(
        output={"options": Output(i.codes, "options"), "codes": Output(i.codes, "value")},
        inputs=[Input(i.hoofdcategorie, "value")],
        state=[State(i.codes, "value")],
        prevent_initial_call=True,
    )(code_options)
    app.callback(
        output={
            "disabled": Output(i.dates, "disabled"),
            "start": Output(i.dates, "start_date"),
            "end": Output(i.dates, "end_date"),
        },
        inputs=[Input(i.period, "value")],
        state=[State(i.dates, "start_date"), State(i.dates, "end_date")],
        prevent_initial_call=True,
    )(custom_dates)
    app.callback(
        output={
            "title": Output(i.title, "children"),
            "kpis": Output(i.kpis, "children"),
            "map_url": Output(i.map_layer, "url"),
            "hideout": Output(i.map_layer, "hideout"),
            "viewport": Output(i.map, "viewport"),
            "legend": Output(i.map_legend, "children"),
            "ranking": Output(i.map_ranking, "figure"),
            "table": Output(i.table_first, "data"),
        },
        inputs=[Input(i.view, "data")],
        state=[State(i.table, "getRowsRequest")],
    )(update_main)
    app.callback(
        output={"answer": Output(i.table_answer, "data")},
        inputs=[Input(i.table_request, "data")],
        state=[State(i.view, "data")],
        prevent_initial_call=True,
    )(page_table)
    # The grid's requests: page one of a view from table_first, the rest through the server.
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard_grid", function_name="rows"),
        Output(i.table, "getRowsResponse"),
        Output(i.table_request, "data"),
        Input(i.table, "getRowsRequest"),
        Input(i.table_first, "data"),
        State(i.view, "data"),
        State(i.table, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard_grid", function_name="answer"),
        Output(i.table, "getRowsResponse", allow_duplicate=True),
        Input(i.table_answer, "data"),
        State(i.view, "data"),
        State(i.table, "id"),
        prevent_initial_call=True,
    )
    app.callback(
        output={"trend": Output(i.trend, "figure")},
        inputs=[
            Input(i.view, "data"),
            Input(annotation_ids.GENERAL.version, "data"),  # an annotation added or changed
        ],
    )(update_trend)
    app.callback(
        output={
            "figure": Output(i.extrapolation, "figure"),
            "style": Output(i.extrapolation, "style"),
            "note": Output(i.extrapolation_note, "children"),
        },
        inputs=[Input(i.view, "data")],
    )(update_extrapolation)
    app.callback(
        output={
            "heatmap": Output(i.heatmap, "figure"),
            "note": Output(i.heatmap_note, "children"),
        },
        inputs=[Input(i.view, "data")],
    )(update_heatmap)
    app.callback(
        output={"profile": Output(i.profile, "children")},
        inputs=[Input(i.view, "data")],
    )(update_profile)
    app.callback(
        output={"download": Output(i.table_download, "data")},
        inputs=[Input(i.table_download_button, "n_clicks")],
        state=[State(i.view, "data")],
        prevent_initial_call=True,
    )(download_table)
    app.callback(
        output={
            "download": Output(i.report_download, "data"),
            "message": Output(i.report_message, "children"),
        },
        inputs=[Input(i.report_pdf, "n_clicks"), Input(i.report_xlsx, "n_clicks")],
        state=[State(i.report_kind, "value"), State(i.view, "data")],
        prevent_initial_call=True,
    )(download_report)
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard_map", function_name="clickedCode"),
        Output(i.map_click, "data"),
        Input(i.map_layer, "clickData"),
        prevent_initial_call=True,
    )
