"""Annotations (duiding): professionals' notes on a period, area and category that show on the
trend charts and beside the map of everyone who may open that dashboard.

Who may read a theme's annotations decides dashboard.policy.annotation_themes (a project role,
or a user whose theme grant exists in the database at that moment, so a revoked grant hides the
theme's annotations at once, whatever the session still believes); every read and write here
takes those themes as `readable` and applies them inside the query. An annotation belongs to one
dashboard: the general one's never show on a theme page, a theme's only on that theme. Which
areas an actor may annotate decides dashboard.policy.annotation_scope (a gebruiker the areas of
the gemeente of their account, read from the database at the moment of writing; admin and
projectleider any area); create and update refuse an area outside that scope. Only the author or
an admin changes an annotation, and every change goes to the audit log in the same
transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from dashboard.data.ingest.columns import VALUE_PATTERNS
from dashboard.data.models import Annotation, User, utcnow
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries.areas import Area
from dashboard.data.reference.categories import HOOFDCATEGORIEEN
from dashboard.data.store import audit

MAX_TEXT = 280
MAX_SPAN_DAYS = 366 * 10
ADMIN = "admin"

# The ingest's value detectors match a whole cell; in free text they must match a word.
_UNANCHORED = {
    label: re.compile(r"(?<![\w@.-])" + pattern.pattern.strip("^$") + r"(?![\w@-])")
    for label, pattern in VALUE_PATTERNS.items()
}
# What free text adds to a cell: an address, a licence plate, a birth date.
_TEXT_PATTERNS = {
    **_UNANCHORED,
    "adres": re.compile(
        r"\b[A-Za-z][a-z]+(straat|laan|weg|plein|singel|gracht|kade|dijk|steeg|hof|dreef|pad)"
        r"\s+\d+[a-zA-Z]?\b",
        re.IGNORECASE,
    ),
    "kenteken": re.compile(
        r"\b([A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}"
        r"|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}"
        r"|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|\d-[A-Z]{2}-\d{3})\b"
    ),
    "geboortedatum": re.compile(r"\b(geboren|geb\.|geboortedatum)", re.IGNORECASE),
}


class AnnotationError(ValueError):
    """A refused annotation; the message is Dutch and shown to the user as it is."""


class NotAllowed(AnnotationError):
    """The user may not see or change this annotation."""


@dataclass(frozen=True)
class Actor:
    """Who reads or writes: the account name and role of the logged-in user."""

    username: str
    role: str


@dataclass(frozen=True)
class Draft:
    """What the form sends; validated by `validate` before anything is stored."""

    van: dt.date
    tot: dt.date
    area_code: str
    tekst: str
    hoofdcategorie: str | None = None


def personal_data_in(text: str) -> str | None:
    """The kind of personal data the text seems to hold, or None."""
    for label, pattern in _TEXT_PATTERNS.items():
        if pattern.search(text):
            return label
    return None


def validate(draft: Draft, theme: str | None) -> Draft:
    text = " ".join((draft.tekst or "").split())
    if not text:
        raise AnnotationError("Vul een korte tekst in.")
    if len(text) > MAX_TEXT:
        raise AnnotationError(f"De tekst is te lang: hooguit {MAX_TEXT} tekens.")
    kind = personal_data_in(text)
    if kind:
        raise AnnotationError(
            f"De tekst lijkt persoonsgegevens te bevatten ({kind}). Duiding gaat over perioden "
            "en gebieden, nooit over personen of adressen."
        )
    if draft.tot < draft.van:
        raise AnnotationError("De einddatum ligt voor de begindatum.")
    if (draft.tot - draft.van).days > MAX_SPAN_DAYS:
        raise AnnotationError("Een duiding beslaat hooguit tien jaar.")
    category = draft.hoofdcategorie or None
    if category is not None and (theme is not None or category not in HOOFDCATEGORIEEN):
        raise AnnotationError("Onbekende categorie.")
    return Draft(draft.van, draft.tot, draft.area_code, text, category)


class AreaScope(Protocol):
    """The areas an actor may annotate, as dashboard.policy.annotation_scope decides them."""

    def allows(self, area: Area) -> bool: ...

    def refusal(self) -> str: ...


def account(session: Session, actor: Actor) -> tuple[str, str | None] | None:
    """The role and gemeente of the actor's active account as the database holds them now
    (None: no such account): what the write scope is decided on."""
    row = session.execute(
        select(User.role, User.gemeente_code).where(
            User.username == (actor.username or ""), User.active
        )
    ).first()
    return None if row is None else (row[0], row[1])


def _checked_area(session: Session, scope: AreaScope, area_code) -> str:
    """The draft's area, refused when it is unknown or outside what the actor may annotate:
    checked here, so a forged request cannot pass what the form does not offer."""
    area = area_queries.area(session, area_code) if area_code else None
    if area is None:
        raise AnnotationError("Kies een gebied.")
    if not scope.allows(area):
        raise NotAllowed(scope.refusal())
    return area.code


def _theme_clause(theme: str | None, readable: Collection[str], general_categories):
    """Which annotations of the dashboard (theme None: the general one) the reader may see: the
    general dashboard's on the general dashboard, a theme's own on its page (when readable).
    A general annotation is about police registrations in general; on a theme page it would
    read as an interpretation of that theme's figures."""
    if theme is None:
        general = Annotation.theme.is_(None)
        if general_categories is None:
            return general
        return and_(
            general,
            or_(
                Annotation.hoofdcategorie.is_(None),
                Annotation.hoofdcategorie.in_(list(general_categories)),
            ),
        )
    return Annotation.theme == theme if theme in readable else false()


def _area_clause(area: Area):
    """The annotations whose area is the shown area, contains it or lies within it."""
    if area.niveau == "regio":
        return None
    own = {area.regio_code, area.gemeente_code, area.wijk_code, area.code} - {None}
    clause = Annotation.area_code.in_(sorted(own))
    digits = area.code[2:]
    if area.niveau == "gemeente":
        return or_(
            clause,
            Annotation.area_code.like(f"WK{digits}%"),
            Annotation.area_code.like(f"BU{digits}%"),
        )
    if area.niveau == "wijk":
        return or_(clause, Annotation.area_code.like(f"BU{digits}%"))
    return clause


def visible(
    session: Session,
    theme: str | None,
    area: Area,
    period: tuple[dt.date, dt.date],
    categories=None,
    *,
    readable: Collection[str],
) -> list[Annotation]:
    """Annotations of the dashboard that overlap the period and concern the area.
    categories: the general dashboard's selected hoofdcategorieen (None: all). readable: the
    themes whose annotations the reader may see (dashboard.policy.annotation_themes)."""
    query = select(Annotation).where(
        _theme_clause(theme, readable, categories),
        Annotation.van <= period[1],
        Annotation.tot >= period[0],
    )
    area_clause = _area_clause(area)
    if area_clause is not None:
        query = query.where(area_clause)
    return list(session.scalars(query.order_by(Annotation.van, Annotation.id)))


def may_change(actor: Actor, annotation: Annotation) -> bool:
    return actor.role == ADMIN or (bool(actor.username) and annotation.username == actor.username)


def get(
    session: Session,
    actor: Actor,
    theme: str | None,
    annotation_id: int,
    *,
    readable: Collection[str],
) -> Annotation:
    """One annotation of this dashboard that the actor may change."""
    query = select(Annotation).where(
        Annotation.id == annotation_id, _theme_clause(theme, readable, None)
    )
    annotation = session.scalar(query)
    if annotation is None:
        raise NotAllowed("Deze duiding bestaat niet (meer).")
    if not may_change(actor, annotation):
        raise NotAllowed("U kunt alleen uw eigen duiding wijzigen of verwijderen.")
    return annotation


def _details(annotation: Annotation) -> dict:
    return {
        "id": annotation.id,
        "thema": annotation.theme,
        "gebied": annotation.area_code,
        "van": annotation.van.isoformat(),
        "tot": annotation.tot.isoformat(),
        "categorie": annotation.hoofdcategorie,
        "tekst": annotation.tekst,
        "auteur": annotation.username,
    }


def create(
    session: Session,
    actor: Actor,
    theme: str | None,
    draft: Draft,
    scope: AreaScope,
    *,
    readable: Collection[str],
) -> Annotation:
    """Add an annotation to the caller's transaction. The caller has checked that the actor
    may open the dashboard; a theme is checked again here against `readable` (the grants as
    dashboard.policy.annotation_themes read them in this session). scope: the areas the actor
    may annotate (dashboard.policy.annotation_scope, read in this session)."""
    if theme is not None and theme not in readable:
        raise NotAllowed("U heeft geen toegang tot dit thema.")
    draft = validate(draft, theme)
    area_code = _checked_area(session, scope, draft.area_code)
    annotation = Annotation(
        username=actor.username,
        aangemaakt=utcnow(),
        van=draft.van,
        tot=draft.tot,
        area_code=area_code,
        hoofdcategorie=draft.hoofdcategorie,
        tekst=draft.tekst,
        theme=theme,
    )
    session.add(annotation)
    session.flush()
    audit.record(session, actor.username, "duiding toegevoegd", _details(annotation))
    return annotation


def update(
    session: Session,
    actor: Actor,
    theme: str | None,
    annotation_id: int,
    draft: Draft,
    scope: AreaScope,
    *,
    readable: Collection[str],
) -> Annotation:
    annotation = get(session, actor, theme, annotation_id, readable=readable)
    draft = validate(draft, theme)
    area_code = _checked_area(session, scope, draft.area_code)
    before = _details(annotation)
    annotation.van, annotation.tot = draft.van, draft.tot
    annotation.area_code = area_code
    annotation.hoofdcategorie = draft.hoofdcategorie
    annotation.tekst = draft.tekst
    annotation.bijgewerkt, annotation.bijgewerkt_door = utcnow(), actor.username
    session.flush()
    audit.record(
        session, actor.username, "duiding gewijzigd", {**_details(annotation), "was": before}
    )
    return annotation


def delete(
    session: Session,
    actor: Actor,
    theme: str | None,
    annotation_id: int,
    *,
    readable: Collection[str],
) -> None:
    annotation = get(session, actor, theme, annotation_id, readable=readable)
    audit.record(session, actor.username, "duiding verwijderd", _details(annotation))
    session.delete(annotation)
    session.flush()
