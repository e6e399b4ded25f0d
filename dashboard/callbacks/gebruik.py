"""Callbacks of the Gebruik page: project roles only, checked in every callback."""

from __future__ import annotations

import datetime as dt

from dash import Dash, Input, Output, State, ctx, dcc, no_update
from flask_login import current_user

from auth.permissions import PROJECT_ROLES, require_roles
from dashboard import figures, inputs, pages, usage
from dashboard.analysis.periods import URL_FIRST_DAY, bounded_day, url_last_day
from dashboard.csv_export import excel_csv
from dashboard.data.session import primary_session, write_session
from dashboard.data.store import audit
from dashboard.formatting import nl_date
from dashboard.layouts import gebruik as layout
from dashboard.layouts.components import notice
from dashboard.layouts.gebruik import GEBRUIK
from dashboard.measures import usage as view

MAX_DAYS = 3 * 366  # a longer range is refused: the page is about recent use


def _day(value, name: str) -> dt.date | None:
    """A date picker's value; unreadable or outside the days a period may hold: None."""
    value = inputs.text(value, name)
    try:
        day = dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
    return day if day is not None and bounded_day(day) == day else None


def _period(start, end) -> tuple[dt.date, dt.date, str]:
    """The chosen period, or the default one and a note why the chosen one is not shown."""
    today = dt.date.today()
    lo, hi = _day(start, "begindatum"), _day(end, "einddatum")
    if lo is not None and hi is not None and lo <= hi and (hi - lo).days <= MAX_DAYS:
        return lo, hi, ""
    default = view.default_period(today)
    if not (start or end):
        return *default, ""
    return *default, (
        f"De gekozen periode is niet getoond: kies datums van {nl_date(URL_FIRST_DAY)} t/m "
        f"{nl_date(url_last_day(today))}, de begindatum vóór de einddatum en hoogstens drie jaar "
        "ertussen. Getoond is de standaardperiode."
    )


def page_titles() -> dict[str, str]:
    return {p.path: p.title for p in pages.PAGES}


def figures_for(start, end) -> view.UsageFigures:
    lo, hi, _ = _period(start, end)
    with primary_session() as session:
        return view.compute(session, lo, hi, page_titles())


@require_roles(PROJECT_ROLES)
def update(start, end):
    note = _period(start, end)[2]
    data = figures_for(start, end)
    title = f"Gebruik van de dashboards: {nl_date(data.start)} t/m {nl_date(data.end)}"
    return {
        "title": notice.title(title, note),
        "kpis": layout.kpi_cards(data.summary),
        "per_day": figures.usage_figure(data.per_day, "dag", "dag"),
        "per_month": figures.usage_figure(data.per_month, "maand", "maand"),
        "per_page": data.per_page.to_dict("records"),
        "per_gemeente": data.per_gemeente.to_dict("records"),
        "filters": [{"naam": name, "aantal": n} for name, n in data.filters],
        "areas": [{"naam": name, "aantal": n} for name, n in data.areas],
        "halves": layout.halves_card(data.halves),
    }


@require_roles(PROJECT_ROLES)
def download(n_clicks, start, end):
    if not n_clicks:
        return no_update
    data = figures_for(start, end)
    name = f"gebruik_{data.start}_{data.end}.csv"
    explanation = (
        f"Gebruik van de dashboards {data.start} t/m {data.end}. {' '.join(view.DEFINITIONS)}"
    )
    with write_session() as session:
        audit.record(session, current_user.username, "export", {"bestand": name})
    usage.track("download", "/gebruik", {"bestand": name})
    frame = view.export_frame(data)
    return dcc.send_string(excel_csv(frame, explanation, view.EXPORT_COLUMNS), name)


@require_roles(PROJECT_ROLES)
def dvo_report(_pdf, _xlsx, half):
    """The DVO progress report of the chosen half year, as PDF or Excel."""
    from dashboard.data.models import utcnow
    from dashboard.reports import dvo

    fmt = "xlsx" if ctx.triggered_id == GEBRUIK.dvo_xlsx else "pdf"
    try:
        with write_session() as session:
            content = dvo.render(session, half, fmt, page_titles(), utcnow().replace(microsecond=0))
            audit.record(
                session, current_user.username, "rapport", {"rapport": "dvo", "halfjaar": half}
            )
    except dvo.HalfYearError as exc:
        return {"download": no_update, "message": str(exc)}
    usage.track("rapport", "/gebruik", {"rapport": "dvo", "halfjaar": half, "formaat": fmt})
    return {"download": dcc.send_bytes(content, f"dvo_voortgang_{half}.{fmt}"), "message": ""}


def register(app: Dash) -> None:
    app.callback(
        Input(GEBRUIK.dates, "start_date"),
        Input(GEBRUIK.dates, "end_date"),
        output={
            "title": Output(GEBRUIK.title, "children"),
            "kpis": Output(GEBRUIK.kpis, "children"),
            "per_day": Output(GEBRUIK.day, "figure"),
            "per_month": Output(GEBRUIK.month, "figure"),
            "per_page": Output(GEBRUIK.pages, "rowData"),
            "per_gemeente": Output(GEBRUIK.gemeenten, "rowData"),
            "filters": Output(GEBRUIK.filters, "rowData"),
            "areas": Output(GEBRUIK.areas, "rowData"),
            "halves": Output(GEBRUIK.halves, "children"),
        },
    )(update)
    app.callback(
        Input(GEBRUIK.dvo_pdf, "n_clicks"),
        Input(GEBRUIK.dvo_xlsx, "n_clicks"),
        State(GEBRUIK.dvo_half, "value"),
        output={
            "download": Output(GEBRUIK.dvo_download, "data"),
            "message": Output(GEBRUIK.dvo_message, "children"),
        },
        prevent_initial_call=True,
    )(dvo_report)
    app.callback(
        Output(GEBRUIK.download, "data"),
        Input(GEBRUIK.download_button, "n_clicks"),
        State(GEBRUIK.dates, "start_date"),
        State(GEBRUIK.dates, "end_date"),
        prevent_initial_call=True,
    )(download)
