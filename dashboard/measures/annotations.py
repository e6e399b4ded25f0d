"""The annotations (duiding) a trend chart draws: those of the view's area and the drawn period
that the logged-in user may read (dashboard.policy.annotation_themes decides the themes, the
annotation store applies them in its query). One definition for Algemeen beeld's trend and the
theme pages' trend, so that neither page reads the other's or the duiding card's callbacks."""

from __future__ import annotations

from flask_login import current_user

from dashboard import policy
from dashboard.data.queries.areas import Area
from dashboard.data.store import annotations as store


def current_actor() -> store.Actor:
    """The logged-in user as the annotation store knows him ('' outside a request)."""
    return store.Actor(
        getattr(current_user, "username", "") or "", getattr(current_user, "role", "") or ""
    )


def marks(session, theme: str | None, area: Area, period, categories=None) -> list[dict]:
    """The annotations a trend chart draws: van, tot, tekst (dashboard.figures.with_annotations)."""
    readable = policy.annotation_themes(session, current_actor())
    found = store.visible(session, theme, area, period, categories, readable=readable)
    return [{"van": a.van, "tot": a.tot, "tekst": a.tekst} for a in found]


def general_marks(session, context) -> list[dict]:
    """Algemeen beeld: the annotations of its view context (measures.selection.Context)."""
    return marks(session, None, context.area, context.period, context.state.hoofdcategorieen)


def theme_marks(session, context, span) -> list[dict]:
    """A theme page: the theme's annotations over the drawn span (a ThemeContext)."""
    return marks(session, context.theme.slug, context.area, span)
