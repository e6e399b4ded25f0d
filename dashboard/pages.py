"""The page table: path, title, required permission and the function that builds the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from flask import abort
from flask_login import current_user

from auth.permissions import ADMIN_ROLES, PROJECT_ROLES, has_role, has_theme
from dashboard import policy
from dashboard.config import app_config
from dashboard.data.models import ROLES
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.reference.themes import THEME_DEFINITIONS, THEMES, Theme
from dashboard.data.session import read_session
from dashboard.formatting import region_label
from dashboard.layouts import algemeen, beheer, databronnen, gebruik, handreiking, open_data, thema
from dashboard.state import chosen, parse


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    roles: frozenset[str] | None  # None: every logged-in user
    build: Callable[[str], object]
    theme: str | None = None  # a thematic page also needs the theme (has_theme)
    menu: str | None = None  # the navbar dropdown the link sits in; None: a link of its own
    # Whether a demo database's figures on this page are the generator's (the navbar then says
    # "Demodata (synthetisch)"); False for real public figures and pages without figures.
    synthetic_in_demo: bool = True


def own_gemeente(session) -> str | None:
    """The gemeente of the user's account when the areas hold it (None: a region-wide account,
    or a gemeente outside the loaded region): where a bare page address opens."""
    code = getattr(current_user, "gemeente_code", None)
    area = area_queries.area(session, code) if code else None
    return area.code if area is not None and area.niveau == "gemeente" else None


def build_algemeen(search: str):
    from dashboard.measures import selection

    viewer = policy.current_viewer()
    state = parse(search)
    config = app_config()
    with read_session() as session:
        if not chosen(search):
            state = state.with_area(own_gemeente(session))  # start where the user works
        # The filters hold what the view shows: a code the viewer may not see is neither offered
        # nor kept, a custom period is fitted to the data; the page says so once above the view.
        try:
            shown = selection.resolve(session, state, viewer)
        except selection.NoData:
            shown = None
        if shown is not None:
            state = selection.shown_state(shown)
        reg = area_queries.region(session)
        gemeente = area_queries.area(session, state.gemeente) if state.gemeente else None
        wijk = area_queries.area(session, state.wijk) if state.wijk else None
        options = algemeen.FilterOptions(
            gemeenten=[(a.code, a.naam) for a in area_queries.areas(session, "gemeente")],
            wijken=[(a.code, a.naam) for a in area_queries.areas(session, "wijk", gemeente)]
            if gemeente
            else [],
            buurten=[(a.code, a.naam) for a in area_queries.areas(session, "buurt", wijk)]
            if wijk
            else [],
            codes=selection.code_choices(session, viewer),
            link_note=" ".join(shown.adjustments) if shown else "",
            data_date=freshness_queries.latest_data_date(session),
            region_name=reg.naam if reg else "regio",
            tile_url=config.tile_url,
            tile_attribution=config.tile_attribution,
        )
    return algemeen.build(state, options)


def build_open_data(search: str):
    from dashboard.measures import open_data as measure

    with read_session() as session:
        choices = measure.choices(session)
        gemeenten = [
            {"label": a.naam, "value": a.code} for a in area_queries.areas(session, "gemeente")
        ]
        reg = area_queries.region(session)
    periods = [{"label": label, "value": value} for value, label in choices.periods]
    types = [{"label": label, "value": code} for code, label in choices.types]
    state = measure.parse_state(search)
    config = app_config()
    return open_data.build(
        periods,
        types,
        gemeenten,
        config.tile_url,
        state,
        config.tile_attribution,
        region=region_label(reg.naam) if reg else "Hele regio",
        load_command=policy.load_howto(policy.current_viewer(), "politie-open-data"),
    )


def build_thema(slug: str, search: str):
    from dashboard.analysis import theme_periods
    from dashboard.measures import theme_selection as selection

    theme = THEME_DEFINITIONS[slug]
    state = selection.parse_state(search)
    config = app_config()
    user = current_user
    with read_session() as session:
        if not chosen(search, selection.FIELDS):
            state = replace(state, gebied=own_gemeente(session))  # start where the user works
        reg = area_queries.region(session)
        viewer = policy.Viewer.of(user)
        sources = selection.sources(session, theme, viewer)
        dates = selection.reference_dates(session, sources, selection.coverage(session, sources))
        periods = theme_periods.options(*dates) if dates else {"4k": "Laatste 4 kwartalen"}
        gemeente = area_queries.area(session, state.gemeente) if state.gemeente else None
        options = thema.ThemeOptions(
            label=theme.label,
            periods=list(periods.items()),
            gemeenten=[(a.code, a.naam) for a in area_queries.areas(session, "gemeente")],
            buurten=[(a.code, a.naam) for a in area_queries.areas(session, "buurt", gemeente)]
            if gemeente
            else [],
            sources=[(s.key, _source_label(s)) for s in sources],
            region_name=reg.naam if reg else "regio",
            tile_url=config.tile_url,
            tile_attribution=config.tile_attribution,
        )
    if state.periode not in periods:
        state = selection.ThemeState(
            selection.ThemeState.periode, state.gebied, state.bron, state.maat
        )
    return thema.build(state, selection.to_search(state), options)


def _source_label(source) -> str:
    if source.partner is None:
        return f"{source.label} ({len(source.mk_codes)} codes)"
    return f"{source.label} ({source.partner.dataset_naam})"


def build_databronnen(_search: str):
    return databronnen.build()


def build_gebruik(_search: str):
    import datetime as dt

    from dashboard.measures import usage as view
    from dashboard.reports.dvo import default_half, halves_available

    today = dt.date.today()
    start, end = view.default_period(today)
    return gebruik.build(start, end, view.DEFINITIONS, halves_available(today), default_half(today))


def build_resultaten(_search: str):
    from dashboard.layouts import resultaten

    return resultaten.build()


def build_beheer(_search: str):
    with read_session() as session:
        gemeenten = [(a.code, a.naam) for a in area_queries.areas(session, "gemeente")]
    providers = [(p.name, p.label) for p in app_config().oidc_providers]
    return beheer.build(ROLES, THEMES, gemeenten, providers)


def build_vragenlijst(_search: str):
    from dashboard.data.store import measurement
    from dashboard.layouts import vragenlijst

    with read_session() as session:
        current = measurement.open_round(session)
        questions = measurement.questions(session, current.id) if current else []
        answered = bool(current) and measurement.has_answered(session, current.id, current_user.id)
    return vragenlijst.build(current, questions, answered)


def build_metingen(_search: str):
    import datetime as dt

    from dashboard.data.store import measurement
    from dashboard.layouts import metingen
    from dashboard.measures import measurement as measure

    suggestion = f"bijv. Evaluatie {dt.date.today().year}"
    return metingen.build(measurement.KINDS, suggestion, measure.LIKERT_NOTE, measure.USAGE_NOTE)


PAGES: tuple[Page, ...] = (
    Page("/", "Algemeen beeld", None, build_algemeen),
    *(
        Page(f"/thema/{slug}", label, None, partial(build_thema, slug), slug, "Thema's")
        for slug, label in THEMES.items()
    ),
    Page("/open-data", "Open data", None, build_open_data, synthetic_in_demo=False),
    Page("/databronnen", "Databronnen", PROJECT_ROLES, build_databronnen, menu="Project"),
    Page("/gebruik", "Gebruik", PROJECT_ROLES, build_gebruik, menu="Project"),
    Page("/resultaten", "Projectresultaten", PROJECT_ROLES, build_resultaten, menu="Project"),
    Page("/metingen", "Metingen", PROJECT_ROLES, build_metingen, menu="Project"),
    # The admin's page in the same menu, last: a link of its own no longer fit one row at
    # 1200-1366 px beside the notice, data date and user.
    Page("/beheer", "Beheer", ADMIN_ROLES, build_beheer, menu="Project"),
    # One "Meer" menu: with a link each the navbar wraps onto two lines at 1366 px for an admin.
    Page(
        "/handreiking", "Handreiking", None, handreiking.build, menu="Meer", synthetic_in_demo=False
    ),
    Page(
        "/vragenlijst", "Vragenlijst", None, build_vragenlijst, menu="Meer", synthetic_in_demo=False
    ),
)


def find(path: str) -> Page | None:
    return next((p for p in PAGES if p.path == path), None)


def refusal(page: Page, user) -> str | None:
    """Why user may not open page, as its 403 says (policy's text for the kind of refusal);
    None when he may."""
    if not has_role(user, page.roles):
        return policy.role_refusal(page.title, page.roles or frozenset())
    if page.theme is not None and not has_theme(user, page.theme):
        return policy.theme_refusal(page.title)
    return None


def allowed(page: Page, user) -> bool:
    return refusal(page, user) is None


def checked_theme(pathname: str | None) -> Theme:
    """The theme of the page path, or 403 when the user lacks its grant (or it is no theme):
    the check of every theme page callback, the duiding card's included."""
    page = find(pathname or "")
    if page is None or page.theme is None or not allowed(page, current_user):
        abort(403)
    return THEME_DEFINITIONS[page.theme]


def refuses(path: str, user) -> str | None:
    """The text of the guard's 403 when path is a page of the table that user may not open;
    None otherwise."""
    page = find(path)
    return refusal(page, user) if page is not None else None


def visible(user) -> list[tuple[str, str, str | None]]:
    """(path, title, menu) of the pages the user may open, in table order."""
    return [(p.path, p.title, p.menu) for p in PAGES if allowed(p, user)]
