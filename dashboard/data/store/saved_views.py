"""Saved views ("Mijn weergaven"): the only place that reads and writes saved_view.

Every function takes the account id of the logged-in user from the server (never an id the
client sends as the owner) and reads or changes only that account's views: a view id of another
account is answered as if it did not exist. Names and URL states are checked here, so no caller
can store what the form would refuse; which paths are pages of the application (and may be
opened by the user) is the web layer's check (dashboard/saved_views.py). Every change goes to
the audit log in the same transaction, as the other settings changes do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.data.models import SavedView
from dashboard.data.store import audit

MAX_NAME = 80
MAX_PATH = 200
MAX_SEARCH = 2000
MAX_FIELDS = 40
MAX_VIEWS = 50  # per account: a menu of more cannot be read anyway
PATH_RE = re.compile(r"^/(?![/\\])[A-Za-z0-9/_-]{0,199}$")
NOT_FOUND = "Deze weergave bestaat niet (meer)."
MAX_ID = 2**31 - 1  # an INTEGER id on PostgreSQL: a bigger number names no view


class ViewError(ValueError):
    """A refused saved-view command; the message is Dutch and shown to the user as it is."""


class ViewNotFound(ViewError):
    """No view of this account has this id (another account's view included)."""


@dataclass(frozen=True)
class View:
    id: int
    naam: str
    pad: str
    zoekopdracht: str  # "" or "?..."
    startweergave: bool

    @property
    def target(self) -> str:
        return self.pad + self.zoekopdracht


def _view(row: SavedView) -> View:
    return View(row.id, row.naam, row.pad, row.zoekopdracht, bool(row.startweergave))


def clean_name(naam) -> str:
    """The name with its white space tidied; refused when empty, too long or unprintable."""
    if not isinstance(naam, str):
        raise ViewError("Geef de weergave een naam.")
    text = " ".join(naam.split())
    if not text:
        raise ViewError("Geef de weergave een naam.")
    if len(text) > MAX_NAME:
        raise ViewError(f"De naam is te lang: hooguit {MAX_NAME} tekens.")
    if not text.isprintable():
        raise ViewError("De naam bevat tekens die niet kunnen worden getoond.")
    return text


def clean_target(pad, zoekopdracht) -> tuple[str, str]:
    """A path of this site (no other host, no scheme) and its query string, rebuilt from its
    fields so that it holds nothing but name=value pairs; refused when it is no such thing."""
    if not isinstance(pad, str) or not PATH_RE.match(pad):
        raise ViewError("Deze pagina kan niet als weergave worden bewaard.")
    if zoekopdracht is None:
        zoekopdracht = ""
    if not isinstance(zoekopdracht, str) or len(zoekopdracht) > MAX_SEARCH:
        raise ViewError("De filters van deze weergave zijn te lang om te bewaren.")
    try:
        fields = parse_qsl(zoekopdracht.lstrip("?"), max_num_fields=MAX_FIELDS)
    except ValueError as exc:
        raise ViewError("De filters van deze weergave zijn te lang om te bewaren.") from exc
    search = urlencode(fields, safe=",:")
    if len(search) + 1 > MAX_SEARCH:
        raise ViewError("De filters van deze weergave zijn te lang om te bewaren.")
    return pad, f"?{search}" if search else ""


def list_views(session: Session, user_id: int) -> list[View]:
    """The account's views by name (case-insensitive)."""
    rows = session.scalars(
        select(SavedView)
        .where(SavedView.user_id == user_id)
        .order_by(func.lower(SavedView.naam), SavedView.id)
    )
    return [_view(row) for row in rows]


def _row(session: Session, user_id: int, view_id) -> SavedView:
    if not isinstance(view_id, int) or isinstance(view_id, bool) or abs(view_id) > MAX_ID:
        raise ViewNotFound(NOT_FOUND)
    row = session.scalar(
        select(SavedView).where(SavedView.id == view_id, SavedView.user_id == user_id)
    )
    if row is None:
        raise ViewNotFound(NOT_FOUND)
    return row


def get_view(session: Session, user_id: int, view_id) -> View:
    return _view(_row(session, user_id, view_id))


def start_view(session: Session, user_id: int) -> View | None:
    """The account's start view, if it chose one (the newest, should two ever be marked)."""
    row = session.scalar(
        select(SavedView)
        .where(SavedView.user_id == user_id, SavedView.startweergave.is_(True))
        .order_by(SavedView.id.desc())
        .limit(1)
    )
    return _view(row) if row is not None else None


def add_view(
    session: Session,
    user_id: int,
    naam,
    pad,
    zoekopdracht,
    *,
    start: bool = False,
    by: str | None = None,
) -> View:
    """Save a view under a name that the account does not use yet (case-insensitive)."""
    naam = clean_name(naam)
    pad, zoekopdracht = clean_target(pad, zoekopdracht)
    existing = list_views(session, user_id)
    if any(v.naam.casefold() == naam.casefold() for v in existing):
        raise ViewError(f"U heeft al een weergave met de naam '{naam}'. Kies een andere naam.")
    if len(existing) >= MAX_VIEWS:
        raise ViewError(
            f"U kunt hooguit {MAX_VIEWS} weergaven bewaren. Verwijder eerst een weergave."
        )
    row = SavedView(user_id=user_id, naam=naam, pad=pad, zoekopdracht=zoekopdracht)
    try:
        with session.begin_nested():  # the same name saved twice at once: one of them wins
            session.add(row)
            session.flush()
    except IntegrityError as exc:
        raise ViewError(
            f"U heeft al een weergave met de naam '{naam}'. Kies een andere naam."
        ) from exc
    audit.record(session, by, "weergave_opgeslagen", {"naam": naam, "pagina": pad})
    if start:
        set_start(session, user_id, row.id, by=by)
        session.refresh(row)
    return _view(row)


def delete_view(session: Session, user_id: int, view_id, *, by: str | None = None) -> View:
    row = _row(session, user_id, view_id)
    view = _view(row)
    session.execute(delete(SavedView).where(SavedView.id == row.id))
    audit.record(session, by, "weergave_verwijderd", {"naam": view.naam, "pagina": view.pad})
    return view


def set_start(session: Session, user_id: int, view_id, *, by: str | None = None) -> View | None:
    """Make the view the account's start view (the others stop being one); None: no start view,
    "/" opens the default view again."""
    row = _row(session, user_id, view_id) if view_id is not None else None
    session.execute(
        update(SavedView)
        .where(SavedView.user_id == user_id, SavedView.startweergave.is_(True))
        .values(startweergave=False)
        .execution_options(synchronize_session=False)
    )
    if row is None:
        audit.record(session, by, "startweergave_gekozen", {"naam": None})
        return None
    session.execute(
        update(SavedView)
        .where(SavedView.id == row.id)
        .values(startweergave=True)
        .execution_options(synchronize_session=False)
    )
    audit.record(session, by, "startweergave_gekozen", {"naam": row.naam, "pagina": row.pad})
    session.refresh(row)
    return _view(row)
