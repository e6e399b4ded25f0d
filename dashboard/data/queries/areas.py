"""Read side of the areas: the current indeling's regio, gemeenten, wijken and buurten, and
which indeling fits data of a year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.data.models import DimArea
from dashboard.inputs import InvalidInput

Period = tuple[dt.date, dt.date]


MAX_AREA_CODE = 20  # CBS codes have 6 (GMgggg) to 10 (BUggggwwbb) characters


CHILD_LEVEL = {"regio": "gemeente", "gemeente": "buurt", "wijk": "buurt", "buurt": "buurt"}


SUB_GEMEENTE = frozenset({"wijk", "buurt"})  # the levels below the published ones


@dataclass(frozen=True)
class Area:
    niveau: str
    code: str
    naam: str
    wijk_code: str | None
    gemeente_code: str | None
    regio_code: str
    bounds: tuple[tuple[float, float], tuple[float, float]] | None


def current_indeling(session: Session) -> int | None:
    return session.scalar(select(func.max(DimArea.indeling_jaar)))


def _area(row: DimArea) -> Area:
    bounds = None
    if row.min_lat is not None:
        bounds = ((row.min_lat, row.min_lon), (row.max_lat, row.max_lon))
    return Area(
        row.niveau, row.code, row.naam, row.wijk_code, row.gemeente_code, row.regio_code, bounds
    )


def region(session: Session) -> Area | None:
    jaar = current_indeling(session)
    row = session.scalar(
        select(DimArea).where(DimArea.indeling_jaar == jaar, DimArea.niveau == "regio").limit(1)
    )
    return _area(row) if row else None


def area(session: Session, code: str) -> Area | None:
    # The code often comes straight from a request: a non-string is refused (400) before it
    # reaches the driver, an absurdly long one is no area.
    if not isinstance(code, str):
        raise InvalidInput("gebied: verwacht een gebiedscode")
    if len(code) > MAX_AREA_CODE:
        return None
    jaar = current_indeling(session)
    row = session.scalar(select(DimArea).where(DimArea.indeling_jaar == jaar, DimArea.code == code))
    return _area(row) if row else None


def area_names(session: Session, codes: list[str]) -> dict[str, str]:
    """Names of many areas in one query (current indeling)."""
    jaar = current_indeling(session)
    rows = session.execute(
        select(DimArea.code, DimArea.naam).where(
            DimArea.indeling_jaar == jaar, DimArea.code.in_(codes)
        )
    ).all()
    return dict(rows)


def areas(session: Session, niveau: str, parent: Area | None = None) -> list[Area]:
    """Areas of one level, optionally within a parent area, ordered by name."""
    jaar = current_indeling(session)
    query = select(DimArea).where(DimArea.indeling_jaar == jaar, DimArea.niveau == niveau)
    if parent is not None and parent.niveau in ("gemeente", "wijk"):
        column = DimArea.gemeente_code if parent.niveau == "gemeente" else DimArea.wijk_code
        query = query.where(column == parent.code)
    return [_area(r) for r in session.scalars(query.order_by(DimArea.naam))]


def area_count(session: Session, niveau: str) -> int:
    """How many areas of one level the current indeling has."""
    jaar = current_indeling(session)
    query = select(func.count()).where(DimArea.indeling_jaar == jaar, DimArea.niveau == niveau)
    return session.scalar(query) or 0


def map_scope(session: Session, selected: Area) -> tuple[Area, str]:
    """The area whose children the map shows for a selection, and the children's level."""
    if selected.niveau == "buurt":
        parent = area(session, selected.wijk_code) if selected.wijk_code else None
        return (parent or selected), "buurt"
    return selected, CHILD_LEVEL[selected.niveau]


def matching_indeling(session: Session, year: int | None) -> int | None:
    """The indeling that fits data of `year`: that year's if loaded, else the newest older one,
    else the oldest loaded (boundaries are delivered per indeling year)."""
    years = sorted(set(session.scalars(select(DimArea.indeling_jaar).distinct())))
    if not years:
        return None
    if year is None:
        return years[-1]
    older = [y for y in years if y <= year]
    return older[-1] if older else years[0]


def has_gemeente(session: Session, code: str, jaar: int | None) -> bool:
    """Whether the indeling of `jaar` has this gemeente."""
    found = session.scalar(
        select(DimArea.id).where(
            DimArea.indeling_jaar == jaar, DimArea.niveau == "gemeente", DimArea.code == code
        )
    )
    return found is not None
