"""Usage tracking in the web layer: who opened which page, which filters they changed on it,
what they downloaded, which reports they made and when they logged in.

A view is opening a dashboard page (the page router); its id and its last filter state live in
the signed session cookie, so a filter change only adds to that one row: one small UPDATE, no
new row per click. Tracking never breaks a request: a failure is logged and the page goes on."""

from __future__ import annotations

import logging

from flask import session as cookie
from flask_login import current_user

from dashboard.data.session import write_session
from dashboard.data.store import usage as usage_store
from dashboard.inputs import InvalidInput, query_params

log = logging.getLogger(__name__)
VIEW_KEY = "usage_view"
STATE_KEY = "usage_state"
AREA_KEYS = ("gebied", "gemeente")


def _who() -> dict | None:
    if not getattr(current_user, "is_authenticated", False):
        return None
    return {
        "username": current_user.username,
        "gemeente_code": current_user.gemeente_code,
        "role": current_user.role,
    }


def _params(search: str | None) -> dict[str, str]:
    """The filters of a query string; one that cannot be read is tracked as no filters (the
    page itself refuses it or shows its default view), never a failed request."""
    try:
        parsed = query_params(search, "weergave")
    except InvalidInput as exc:
        log.warning("filters not tracked: %s", exc)
        return {}
    return {k[:40]: v[0][:100] for k, v in parsed.items()}


def track(soort: str, pagina: str | None = None, details: dict | None = None) -> None:
    """A download, a report or a login of the current user."""
    who = _who()
    if who is None:
        return
    try:
        with write_session() as session:
            usage_store.record(session, soort=soort, pagina=pagina, details=details, **who)
    except Exception:  # tracking must never cost the user his download
        log.exception("usage event %s not recorded", soort)


def track_view(pagina: str, search: str | None) -> None:
    """Opening a dashboard page: a new view, with the filters it opened with as its baseline."""
    who = _who()
    if who is None:
        return
    try:
        with write_session() as session:
            view_id = usage_store.record(session, soort="weergave", pagina=pagina, **who)
    except Exception:
        log.exception("page view of %s not recorded", pagina)
        return
    cookie[VIEW_KEY] = view_id
    cookie[STATE_KEY] = _params(search)


def track_filters(search: str | None) -> None:
    """A filter change on the current view: which filters changed, and any area chosen."""
    who = _who()
    view_id = cookie.get(VIEW_KEY)
    if who is None or view_id is None:
        return
    before, now = cookie.get(STATE_KEY) or {}, _params(search)
    changed = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
    if not changed:
        return
    areas = [now[k] for k in AREA_KEYS if k in changed and now.get(k)]
    try:
        with write_session() as session:
            usage_store.add_filter_changes(session, view_id, who["username"], changed, areas)
    except Exception:
        log.exception("filter change not recorded")
        return
    cookie[STATE_KEY] = now
