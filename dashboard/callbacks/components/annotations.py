"""Callbacks of the annotation (duiding) card: Algemeen beeld registers general_board and the
theme pages theme_board, each with its own view store (register_board), so that this widget
imports no page. What a trend chart draws of the annotations is a measure
(dashboard.measures.annotations).

Every callback checks access on the server before it touches data: the general dashboard's for
any logged-in user, a theme's through the grant of the page's theme (403 otherwise). Reading
and changing go through dashboard.data.store.annotations with the themes that
dashboard.policy.annotation_themes reads from the grants at that moment (applied in its queries),
and owner/admin on every change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update
from flask import abort
from flask_login import current_user

from dashboard import pages, policy
from dashboard.analysis.periods import URL_FIRST_DAY, bounded_day, url_last_day
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries.areas import Area
from dashboard.data.reference.categories import HOOFDCATEGORIEEN
from dashboard.data.session import primary_session, write_session
from dashboard.data.store import annotations as store
from dashboard.formatting import nl_date, region_label
from dashboard.inputs import integer, text
from dashboard.layouts.components import annotations as layout
from dashboard.layouts.components.annotations import AnnotationIds
from dashboard.layouts.components.frame import URL
from dashboard.measures.annotations import current_actor
from dashboard.measures.areas import area_label


@dataclass(frozen=True)
class ViewScope:
    """What the dashboard shows: the area (with the areas that contain it) and the period."""

    area: Area
    chain: list[Area]  # region first, the shown area last
    period: tuple[dt.date, dt.date]
    categories: tuple[str, ...] | None  # the general dashboard's selected hoofdcategorieen


def _chain(session, area: Area, region: Area) -> list[Area]:
    codes = [c for c in (area.gemeente_code, area.wijk_code) if c and c != area.code]
    parents = [a for a in (area_queries.area(session, c) for c in codes) if a is not None]
    return [region, *parents] + ([area] if area.code != region.code else [])


def general_scope(session, search) -> ViewScope | None:
    from dashboard.measures import selection
    from dashboard.state import parse

    try:
        context = selection.resolve(session, parse(search), policy.current_viewer())
    except selection.NoData:
        return None
    return ViewScope(
        context.area,
        _chain(session, context.area, context.region),
        context.period,
        context.state.hoofdcategorieen,
    )


def theme_scope(session, theme, search) -> ViewScope | None:
    from dashboard.cache import app_cache
    from dashboard.data.reference.themes import THEME_DEFINITIONS
    from dashboard.measures import theme_selection as selection

    viewer = policy.current_viewer()
    try:
        context = selection.resolve(
            session, THEME_DEFINITIONS[theme], selection.parse_state(search), viewer, app_cache()
        )
    except selection.NoData:
        return None
    return ViewScope(
        context.area, _chain(session, context.area, context.region), context.period, None
    )


# --- one dashboard's card -------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    """The general dashboard (theme_of returns None) or the thematic ones (the theme of the
    page path, after the grant check)."""

    ids: AnnotationIds
    view_store: str
    theme_of: Callable[[str | None], str | None]
    scope_of: Callable[[object, str | None, str | None], ViewScope | None]
    with_categories: bool


def _general_theme(_pathname) -> None:
    if not getattr(current_user, "is_authenticated", False):
        abort(403)  # the guard answers 401 first; this keeps the callback safe on its own
    return None


def _theme_of_page(pathname) -> str:
    return pages.checked_theme(text(pathname, "pagina")).slug


def general_board(view_store: str) -> Dashboard:
    """The duiding card of Algemeen beeld, which reads the page's view store (its URL state)."""
    return Dashboard(
        layout.GENERAL,
        view_store,
        _general_theme,
        lambda session, _theme, search: general_scope(session, search),
        True,
    )


def theme_board(view_store: str) -> Dashboard:
    """The duiding card of a theme page, for the theme of the page's path."""
    return Dashboard(layout.THEME, view_store, _theme_of_page, theme_scope, False)


def _area_names(session, codes) -> dict[str, str]:
    """Names by code; the region (and a duiding without an area) by its one label."""
    names = area_queries.area_names(session, sorted({c for c in codes if c}))
    region = area_queries.region(session)
    whole = region_label(region.naam) if region else "hele regio"
    if region is not None and region.code in names:
        names[region.code] = whole
    names[""] = whole
    return names


def list_items(board: Dashboard, search, pathname) -> list:
    theme = board.theme_of(pathname)
    search = text(search, "weergave")
    user = current_actor()
    with primary_session() as session:
        scope = board.scope_of(session, theme, search)
        if scope is None:
            return layout.item_list(board.ids, [])
        readable = policy.annotation_themes(session, user)
        found = store.visible(
            session, theme, scope.area, scope.period, scope.categories, readable=readable
        )
        names = _area_names(session, [a.area_code for a in found])
    items = [
        layout.Item(
            id=a.id,
            van=a.van,
            tot=a.tot,
            gebied=names.get(a.area_code or "", a.area_code),
            categorie=HOOFDCATEGORIEEN.get(a.hoofdcategorie) if a.hoofdcategorie else None,
            tekst=a.tekst,
            auteur=a.username,
            mag_wijzigen=store.may_change(user, a),
            gewijzigd_door=a.bijgewerkt_door,
        )
        for a in found
    ]
    return layout.item_list(board.ids, items)


def _clicked(action, kind: str) -> int | None:
    """The annotation id of a list button click of this kind (assets/duiding.js), or None."""
    if not isinstance(action, dict) or action.get("soort") != kind:
        return None
    return integer(action.get("id"), "duiding")


def _date(value, name: str) -> dt.date | None:
    value = text(value, name)
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _version(value) -> int:
    return (value if isinstance(value, int) and not isinstance(value, bool) else 0) + 1


def form_action(board: Dashboard, trigger, fields: dict, search, pathname):
    """Open the form (new or to change one), cancel it or save it. Returns a dict of the
    outputs that change; the caller fills the rest with no_update."""
    theme = board.theme_of(pathname)
    search = text(search, "weergave")
    user = current_actor()
    if trigger == board.ids.cancel:
        return {"open": False, "message": ""}
    if trigger == board.ids.add:
        with primary_session() as session:
            scope = board.scope_of(session, theme, search)
            allowed = policy.annotation_scope(session, user)
        if scope is None:
            return {"status": "Nog geen gegevens geladen."}
        # Only the areas of the view that the user may annotate (the store checks it again).
        choices = [a for a in scope.chain if allowed.allows(a)]
        if not choices:
            return {"status": allowed.refusal()}
        return {
            "open": True,
            "title": "Duiding toevoegen",
            "van": scope.period[0].isoformat(),
            "tot": scope.period[1].isoformat(),
            "area_options": [{"label": area_label(a), "value": a.code} for a in choices],
            "area": choices[-1].code,  # the shown area when allowed, else the nearest one
            "category": layout.ALL_CATEGORIES,
            "text": "",
            "editing": None,
            "message": "",
        }
    if trigger == board.ids.action:
        annotation_id = _clicked(fields.get("action"), "wijzig")
        if annotation_id is None:
            return {}
        try:
            with primary_session() as session:
                readable = policy.annotation_themes(session, user)
                annotation = store.get(session, user, theme, annotation_id, readable=readable)
                scope = board.scope_of(session, theme, search)
                chain = list(scope.chain) if scope else []
                if annotation.area_code not in {a.code for a in chain}:
                    own = area_queries.area(session, annotation.area_code or "")
                    chain += [own] if own else []
                allowed = policy.annotation_scope(session, user)
                chain = [a for a in chain if allowed.allows(a)]
        except store.AnnotationError as exc:
            return {"status": str(exc)}
        return {
            "open": True,
            "title": "Duiding wijzigen",
            "van": annotation.van.isoformat(),
            "tot": annotation.tot.isoformat(),
            "area_options": [{"label": area_label(a), "value": a.code} for a in chain],
            "area": annotation.area_code,
            "category": annotation.hoofdcategorie or layout.ALL_CATEGORIES,
            "text": annotation.tekst,
            "editing": annotation.id,
            "message": "",
        }
    if trigger == board.ids.save:
        return _save(board, theme, user, fields)
    return {}


def _save(board: Dashboard, theme, user, fields: dict) -> dict:
    van, tot = _date(fields["van"], "van"), _date(fields["tot"], "tot")
    if van is None or tot is None:
        return {"message": "Vul een begin- en einddatum in."}
    if bounded_day(van) != van or bounded_day(tot) != tot:
        return {
            "message": f"Kies datums van {nl_date(URL_FIRST_DAY)} t/m {nl_date(url_last_day())}."
        }
    area_code = text(fields["area"], "gebied")
    category = text(fields.get("category"), "categorie") if board.with_categories else None
    body = text(fields["text"], "tekst") or ""
    editing = integer(fields["editing"], "duiding")
    try:
        with write_session() as session:
            area = area_queries.area(session, area_code) if area_code else None
            if area is None:
                return {"message": "Kies een gebied."}
            if category == layout.ALL_CATEGORIES:
                category = None
            draft = store.Draft(van, tot, area.code, body, category or None)
            allowed = policy.annotation_scope(session, user)
            readable = policy.annotation_themes(session, user)
            if editing is None:
                store.create(session, user, theme, draft, allowed, readable=readable)
                done = "Duiding toegevoegd."
            else:
                store.update(session, user, theme, editing, draft, allowed, readable=readable)
                done = "Duiding gewijzigd."
    except store.AnnotationError as exc:
        return {"message": str(exc)}
    return {"open": False, "message": "", "saved": True, "status": done}


def delete_action(board: Dashboard, trigger, action, deleting, pathname):
    """A list's "Verwijderen" asks to confirm; the confirmation deletes."""
    theme = board.theme_of(pathname)
    user = current_actor()
    if trigger == board.ids.confirm_cancel:
        return {"open": False}
    if trigger == board.ids.confirm_delete:
        annotation_id = integer(deleting, "duiding")
        if annotation_id is None:
            return {"open": False}
        try:
            with write_session() as session:
                readable = policy.annotation_themes(session, user)
                store.delete(session, user, theme, annotation_id, readable=readable)
        except store.AnnotationError as exc:
            return {"open": False, "status": str(exc)}
        return {"open": False, "deleted": True, "status": "Duiding verwijderd.", "target": None}
    annotation_id = _clicked(action, "verwijder") if trigger == board.ids.action else None
    if annotation_id is None:
        return {}
    try:
        with primary_session() as session:
            readable = policy.annotation_themes(session, user)
            annotation = store.get(session, user, theme, annotation_id, readable=readable)
    except store.AnnotationError as exc:
        return {"status": str(exc)}
    return {
        "open": True,
        "target": annotation.id,
        "text": f"“{annotation.tekst}” ({layout.period_text(annotation.van, annotation.tot)})",
    }


def register_board(app: Dash, board: Dashboard) -> None:
    b = board.ids
    page = State(URL, "pathname")

    def refresh(_version, search, pathname):
        return list_items(board, search, pathname)

    app.callback(
        Output(b.items, "children"),
        Input(b.version, "data"),
        Input(board.view_store, "data"),
        page,
    )(refresh)

    form_outputs = [
        ("open", Output(b.modal, "is_open")),
        ("title", Output(b.modal_title, "children")),
        ("van", Output(b.van, "value")),
        ("tot", Output(b.tot, "value")),
        ("area_options", Output(b.area, "options")),
        ("area", Output(b.area, "value")),
        ("text", Output(b.text, "value")),
        ("editing", Output(b.editing, "data")),
        ("message", Output(b.message, "children")),
        ("status", Output(b.status, "children")),
    ]
    if board.with_categories:
        form_outputs.append(("category", Output(b.category, "value")))
    states = [
        State(b.van, "value"),
        State(b.tot, "value"),
        State(b.area, "value"),
        State(b.text, "value"),
        State(b.editing, "data"),
        State(b.version, "data"),
        State(board.view_store, "data"),
        page,
    ]
    if board.with_categories:
        states.insert(3, State(b.category, "value"))

    def form(_add, action, _cancel, _save, *values):
        names = ["van", "tot", "area"] + (["category"] if board.with_categories else [])
        names += ["text", "editing", "version", "search", "pathname"]
        given = {**dict(zip(names, values, strict=True)), "action": action}
        result = form_action(board, ctx.triggered_id, given, given["search"], given["pathname"])
        out = [result.get(key, no_update) for key, _ in form_outputs]
        version = _version(given["version"]) if result.get("saved") else no_update
        return [*out, version]

    app.callback(
        *[o for _, o in form_outputs],
        Output(b.version, "data"),
        Input(b.add, "n_clicks"),
        Input(b.action, "data"),
        Input(b.cancel, "n_clicks"),
        Input(b.save, "n_clicks"),
        *states,
        prevent_initial_call=True,
    )(form)

    def delete(action, _confirm, _cancel, deleting, version, pathname):
        result = delete_action(board, ctx.triggered_id, action, deleting, pathname)
        return (
            result.get("open", no_update),
            result.get("text", no_update),
            result.get("target", no_update),
            result.get("status", no_update),
            _version(version) if result.get("deleted") else no_update,
        )

    app.callback(
        Output(b.confirm, "is_open"),
        Output(b.confirm_text, "children"),
        Output(b.deleting, "data"),
        Output(b.status, "children", allow_duplicate=True),
        Output(b.version, "data", allow_duplicate=True),
        Input(b.action, "data"),
        Input(b.confirm_delete, "n_clicks"),
        Input(b.confirm_cancel, "n_clicks"),
        State(b.deleting, "data"),
        State(b.version, "data"),
        page,
        prevent_initial_call=True,
    )(delete)
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard_duiding", function_name="action"),
        Output(b.action, "data"),
        Input({"type": b.edit_type, "id": ALL}, "n_clicks"),
        Input({"type": b.delete_type, "id": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
