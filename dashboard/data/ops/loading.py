"""Load-time writes shared by the demo generator and the deliveries: dimensions and incident
facts (the aggregate tables are refreshed from them by dashboard.data.ops.aggregate_refresh).

Large inserts go through PostgreSQL's COPY when the session is on PostgreSQL (an order of
magnitude faster than executemany) and through executemany on SQLite. COPY runs on the
session's own connection, so it stays inside the caller's transaction: a delivery is still
loaded all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd
from sqlalchemy import Table, delete, insert, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from dashboard.data.models import (
    AreaGeometry,
    DimArea,
    DimCategory,
    DimDate,
    FactAreaIndicator,
    FactIncident,
)
from dashboard.data.reference.categories import load_categories

INSERT_BATCH = 20_000
LOOKUP_BATCH = 5_000  # area codes per IN list
FACT_COLUMNS = [
    "registratienummer",
    "pleegdatum",
    "uur",
    "weekdag",
    "buurt_code",
    "wijk_code",
    "gemeente_code",
    "mk_code",
    "hoofdcategorie",
    "levering_id",
]


def _chunks(rows: list[dict], size: int = INSERT_BATCH) -> Iterable[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def uses_copy(session: Session) -> bool:
    """Whether bulk inserts of this session go through COPY (PostgreSQL) or executemany."""
    return session.connection().dialect.name == "postgresql"


def _plain(value):
    """numpy scalars as the Python values both drivers adapt (np.int64 is not an int)."""
    return value.item() if isinstance(value, np.generic) else value


def copy_rows(session: Session, table: Table, columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY rows (tuples in `columns` order; None is NULL) into a table on the session's own
    connection and transaction. psycopg escapes text, so tabs, newlines and backslashes in a
    value arrive unchanged."""
    session.flush()  # pending ORM rows first, so that COPY sees (and may refer to) them
    dbapi = session.connection().connection.driver_connection
    names = ", ".join(f'"{c}"' for c in columns)
    count = 0
    with dbapi.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def bulk_insert(
    session: Session, table: Table, rows: list[dict], *, copy: bool | None = None
) -> int:
    """Insert many rows that all have the same keys: COPY on PostgreSQL, executemany elsewhere
    (copy=True/False forces one path, for tests that compare them)."""
    if not rows:
        return 0
    if copy if copy is not None else uses_copy(session):
        columns = list(rows[0])
        return copy_rows(
            session, table, columns, (tuple(_plain(r[c]) for c in columns) for r in rows)
        )
    for chunk in _chunks(rows):
        session.execute(insert(table), chunk)
    return len(rows)


def sync_categories(session: Session) -> int:
    """Write the packaged category mapping into dim_category (insert or update)."""
    existing = {c.mk_code: c for c in session.scalars(select(DimCategory))}
    for cat in load_categories():
        row = existing.get(cat.mk_code) or DimCategory(mk_code=cat.mk_code)
        row.mk_omschrijving = cat.mk_omschrijving
        row.soort_code = cat.soort_code
        row.soort_omschrijving = cat.soort_omschrijving
        row.hoofdcategorie = cat.hoofdcategorie
        row.is_misdrijf = cat.is_misdrijf
        session.add(row)
    session.flush()
    return len(existing)


def ensure_dates(session: Session, start: dt.date, end: dt.date) -> None:
    """Make sure dim_date covers [start, end]."""
    have = set(
        session.scalars(select(DimDate.datum).where(DimDate.datum.between(start, end))).all()
    )
    rows = []
    day = start
    while day <= end:
        if day not in have:
            iso = day.isocalendar()
            rows.append(
                {
                    "datum": day,
                    "jaar": day.year,
                    "kwartaal": (day.month - 1) // 3 + 1,
                    "maand": day.month,
                    "iso_jaar": iso.year,
                    "iso_week": iso.week,
                    "weekdag": day.weekday(),
                    "week_start": day - dt.timedelta(days=day.weekday()),
                    "maand_start": day.replace(day=1),
                }
            )
        day += dt.timedelta(days=1)
    bulk_insert(session, DimDate.__table__, rows)


def replace_areas(
    session: Session,
    indeling_jaar: int,
    areas: list[dict],
    geometries: list[dict],
) -> None:
    """Store an area indeling (all levels) with its geometry, replacing the same year."""
    session.execute(delete(AreaGeometry).where(AreaGeometry.indeling_jaar == indeling_jaar))
    session.execute(delete(DimArea).where(DimArea.indeling_jaar == indeling_jaar))
    bulk_insert(session, DimArea.__table__, [{**a, "indeling_jaar": indeling_jaar} for a in areas])
    bulk_insert(
        session, AreaGeometry.__table__, [{**g, "indeling_jaar": indeling_jaar} for g in geometries]
    )


def replace_indicators(session: Session, rows: list[dict]) -> None:
    """Insert or replace area indicators keyed by (area_code, jaar, indicator)."""
    if not rows:
        return
    frame = pd.DataFrame(rows)
    for jaar, group in frame.groupby("jaar"):
        session.execute(
            delete(FactAreaIndicator).where(
                FactAreaIndicator.jaar == int(jaar),
                FactAreaIndicator.indicator.in_(group["indicator"].unique().tolist()),
                FactAreaIndicator.area_code.in_(group["area_code"].unique().tolist()),
            )
        )
    bulk_insert(session, FactAreaIndicator.__table__, rows)


def _with_dimensions(
    session: Session, incidents: pd.DataFrame, levering_id: int | np.ndarray | None
):
    """Adds wijk, gemeente, hoofdcategorie and weekday, looked up here so that the copies in
    the fact row always agree with the dimensions."""
    areas = buurt_parents(session, incidents["buurt_code"].dropna().unique().tolist())
    cats = pd.DataFrame(
        session.execute(select(DimCategory.mk_code, DimCategory.hoofdcategorie)).all(),
        columns=["mk_code", "hoofdcategorie"],
    )
    frame = incidents.merge(areas, on="buurt_code", how="left", validate="many_to_one")
    frame = frame.merge(cats, on="mk_code", how="left", validate="many_to_one")
    unknown_buurt = frame["gemeente_code"].isna()
    unknown_code = frame["hoofdcategorie"].isna()
    if unknown_buurt.any() or unknown_code.any():
        # Callers validate first; reaching this is a programming error, never a silent drop.
        raise ValueError(
            f"{int(unknown_buurt.sum())} incidents with unknown buurt, "
            f"{int(unknown_code.sum())} with unknown MK code"
        )
    dates = pd.to_datetime(frame["pleegdatum"])
    frame["weekdag"] = dates.dt.day_of_week
    frame["levering_id"] = levering_id
    frame["pleegdatum"] = dates.dt.date
    return frame


def buurt_parents(session: Session, codes: list[str]) -> pd.DataFrame:
    """Wijk and gemeente of the buurten a delivery names: a weekly delivery reads those, not
    every buurt of the country. The codes go in batches well under the bound-parameter limits
    of SQLite and PostgreSQL."""
    codes = sorted(codes)
    rows = []
    for start in range(0, len(codes), LOOKUP_BATCH):
        rows += session.execute(
            select(DimArea.code, DimArea.wijk_code, DimArea.gemeente_code).where(
                DimArea.niveau == "buurt", DimArea.code.in_(codes[start : start + LOOKUP_BATCH])
            )
        ).all()
    return pd.DataFrame(rows, columns=["buurt_code", "wijk_code", "gemeente_code"]).drop_duplicates(
        "buurt_code"
    )


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    return frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")


def update_incidents(session: Session, incidents: pd.DataFrame, levering_id: int | None) -> int:
    """Update registrations by id (a later delivery corrected code, date, time or buurt)."""
    if incidents.empty:
        return 0
    frame = _with_dimensions(session, incidents, levering_id)
    rows = _records(frame, ["id", *FACT_COLUMNS[1:]])
    for chunk in _chunks(rows):
        session.execute(update(FactIncident), chunk)
    return len(rows)


def insert_incidents(
    session: Session,
    incidents: pd.DataFrame,
    levering_id: int | np.ndarray | None,
    *,
    copy: bool | None = None,
) -> int:
    """Insert new registrations. Expects registratienummer, pleegdatum (date), uur (int or NA),
    buurt_code and mk_code; levering_id is one delivery's id or one per row (the demo loads many
    weekly deliveries at once). COPY on PostgreSQL, executemany elsewhere (copy forces a path)."""
    if incidents.empty:
        return 0
    frame = _with_dimensions(session, incidents, levering_id)
    if not (copy if copy is not None else uses_copy(session)):
        rows = _records(frame, FACT_COLUMNS)
        for chunk in _chunks(rows):
            session.execute(insert(FactIncident), chunk)
        return len(rows)
    # Column lists instead of dicts: astype(object) turns numpy scalars into Python values.
    values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in FACT_COLUMNS]
    return copy_rows(session, FactIncident.__table__, FACT_COLUMNS, zip(*values, strict=True))


# Secondary indexes of the fact table that a bulk load into an emptied table rebuilds at the
# end instead of maintaining row by row (the unique registratienummer stays: it guards input).
_BULK_INDEXES = (
    "ix_fact_incident_datum_cover",
    "ix_fact_incident_gemeente_cover",
    "ix_fact_incident_mk_datum",
    "ix_fact_incident_levering_id",
)


@contextmanager
def fact_bulk_load(session: Session) -> Iterator[None]:
    """Around millions of inserts into an emptied fact table on PostgreSQL (the demo): drops
    the covering indexes and foreign keys and builds them again afterwards, which is several
    times faster than maintaining them per row. DDL is transactional on PostgreSQL, so an error
    rolls the whole load back, indexes included. A no-op on SQLite."""
    if not uses_copy(session):
        yield
        return
    table = FactIncident.__table__
    indexes = [ix for ix in table.indexes if ix.name in _BULK_INDEXES]
    foreign_keys = list(table.foreign_key_constraints)
    for index in indexes:
        session.execute(DropIndex(index))
    for constraint in foreign_keys:
        session.execute(DropConstraint(constraint))
    yield
    session.flush()
    session.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
    for index in indexes:
        session.execute(CreateIndex(index))
    for constraint in foreign_keys:
        session.execute(AddConstraint(constraint))


def vacuum_analyze(engine) -> None:
    """After a bulk load on PostgreSQL: VACUUM sets the visibility map, without which the
    covering indexes cannot answer queries by themselves (index-only scans), and ANALYZE
    refreshes the planner's statistics. VACUUM cannot run in a transaction: autocommit."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM (ANALYZE)"))


def analyze(session: Session) -> None:
    """Refresh planner statistics after a large load (both engines understand ANALYZE)."""
    session.execute(text("ANALYZE"))
