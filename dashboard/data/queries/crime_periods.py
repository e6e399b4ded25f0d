"""Read side of the public police tables: counts per area of one level of the current
indeling, with every delivered count kept. A count whose buurt is not in the indeling the map
shows (boundaries change over the years), or that was delivered only for the gemeente, is
shown at gemeente level with a flag, never dropped."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.data.models import DimArea, FactCrimePeriod
from dashboard.data.queries.areas import matching_indeling

FINEST_FIRST = ("buurt", "wijk", "gemeente")
NOT_IN_INDELING = "gebied niet in de getoonde indeling"
NOT_PER_AREA = "niet per {level} geleverd"
UNKNOWN_AREA = "zonder bekende buurt"


def _delivered(session: Session, kind: str, start: dt.date, soort: str) -> pd.DataFrame:
    rows = session.execute(
        select(
            FactCrimePeriod.area_code,
            FactCrimePeriod.niveau,
            FactCrimePeriod.gemeente_code,
            FactCrimePeriod.aantal,
        ).where(
            FactCrimePeriod.periode_soort == kind,
            FactCrimePeriod.periode_start == start,
            FactCrimePeriod.soort_code == soort,
        )
    ).all()
    return pd.DataFrame(rows, columns=["area_code", "niveau", "gemeente_code", "aantal"])


def _indeling(session: Session, year: int) -> pd.DataFrame:
    rows = session.execute(
        select(DimArea.code, DimArea.niveau, DimArea.wijk_code).where(
            DimArea.indeling_jaar == matching_indeling(session, year)
        )
    ).all()
    return pd.DataFrame(rows, columns=["code", "niveau", "wijk_code"])


def counts_by_level(
    session: Session, level: str, kind: str, start: dt.date, soort: str = "0.0.0"
) -> pd.DataFrame:
    """Columns area_code, aantal, opmerking ('' or why the count sits at gemeente level).
    Areas are those of the indeling matching the period's year; the sum is the same on every
    level."""
    delivered = _delivered(session, kind, start, soort)
    if delivered.empty:
        return pd.DataFrame(columns=["area_code", "aantal", "opmerking"])
    indeling = _indeling(session, start.year)
    parts = [
        _gemeente(group, level, indeling, code)
        for code, group in delivered.groupby("gemeente_code")
    ]
    out = pd.concat(parts, ignore_index=True)
    return out.groupby(["area_code", "opmerking"], as_index=False)["aantal"].sum()[
        ["area_code", "aantal", "opmerking"]
    ]


def _gemeente(
    rows: pd.DataFrame, level: str, indeling: pd.DataFrame, gemeente: str
) -> pd.DataFrame:
    """One gemeente's delivered rows expressed on `level`."""
    total_row = rows[rows["niveau"] == "gemeente"]
    official_total = int(total_row["aantal"].sum()) if len(total_row) else None
    finest = next(lv for lv in FINEST_FIRST if (rows["niveau"] == lv).any())
    if level == "gemeente":
        total = (
            official_total
            if official_total is not None
            else int(rows.loc[rows["niveau"] == finest, "aantal"].sum())
        )
        return pd.DataFrame([{"area_code": gemeente, "aantal": total, "opmerking": ""}])
    if FINEST_FIRST.index(finest) > FINEST_FIRST.index(level):
        total = int(rows.loc[rows["niveau"] == finest, "aantal"].sum())
        return pd.DataFrame(
            [
                {
                    "area_code": gemeente,
                    "aantal": total,
                    "opmerking": NOT_PER_AREA.format(level=level),
                }
            ]
        )
    fine = rows[rows["niveau"] == finest].copy()
    fine["area_code"] = _place(fine["area_code"], level, indeling)
    placed = fine["area_code"].notna()
    out = fine.loc[placed, ["area_code", "aantal"]].assign(opmerking="")
    extra = []
    if (~placed).any():
        extra.append(
            {
                "area_code": gemeente,
                "aantal": int(fine.loc[~placed, "aantal"].sum()),
                "opmerking": NOT_IN_INDELING,
            }
        )
    if official_total is not None:
        # Crimes without a known buurt are in the gemeente total only: keep them visible.
        rest = official_total - int(fine["aantal"].sum())
        if rest > 0:
            extra.append({"area_code": gemeente, "aantal": rest, "opmerking": UNKNOWN_AREA})
    return pd.concat([out, pd.DataFrame(extra)], ignore_index=True) if extra else out


def _place(codes: pd.Series, level: str, indeling: pd.DataFrame) -> pd.Series:
    """The area of `level` in the current indeling for each delivered buurt/wijk code (NaN when
    it has none)."""
    known = set(indeling["code"])
    if level == "buurt" or codes.str.startswith("WK").all():
        return codes.where(codes.isin(known))
    wijk_of = dict(zip(indeling["code"], indeling["wijk_code"], strict=True))
    wijk = codes.map(wijk_of)
    derived = "WK" + codes.str[2:8]
    wijk = wijk.fillna(derived.where(derived.isin(known)))
    return wijk.where(wijk.isin(known))


def available_periods(session: Session) -> list[tuple[str, dt.date]]:
    """(kind, start) of every loaded period, newest first."""
    rows = session.execute(
        select(FactCrimePeriod.periode_soort, FactCrimePeriod.periode_start).distinct()
    ).all()
    return sorted(((k, s) for k, s in rows), key=lambda r: (r[1], r[0]), reverse=True)


def available_types(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(FactCrimePeriod.soort_code).distinct())))


def series(session: Session, kind: str, soort: str, gemeente: str | None) -> pd.DataFrame:
    """Total per period of one kind for the region or one gemeente (columns start, aantal)."""
    rows = []
    for period_kind, start in sorted(available_periods(session), key=lambda r: r[1]):
        if period_kind != kind:
            continue
        frame = counts_by_level(session, "gemeente", kind, start, soort)
        if gemeente:
            frame = frame[frame["area_code"] == gemeente]
        rows.append({"start": start, "aantal": int(frame["aantal"].sum())})
    return pd.DataFrame(rows, columns=["start", "aantal"])
