"""The figures of a thematic dashboard per area, with small numbers protected: the areas table
(map, table and CSV), one source's figure for the selection, and the comparison of the region's
gemeenten.

Small numbers: every count below gemeente level (a buurt, or a wijk for wijk-level partner data)
goes through `dashboard.analysis.suppression` against the gemeente total, which the page
publishes. The hidden pattern of a gemeente and period is computed once, from that gemeente's
whole list of areas, and every part of the page (map, table, KPI card, trend, breakdown, export)
reads it from there, so no two parts can disagree and reveal a hidden figure together. Wijk
totals of buurt data are never shown (they would be a second total over the same buurten).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis import theme_periods
from dashboard.analysis.comparison import rate_per_1000
from dashboard.analysis.suppression import suppress_counts
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries import partner as partner_queries
from dashboard.data.queries.areas import Area
from dashboard.formatting import nl_number, nl_percent_change, nl_signed
from dashboard.measures.theme_selection import (
    Source,
    ThemeContext,
    cell_code,
    map_level,
    target,
)

WINDOW_COLUMNS = tuple(f"p{k}" for k in range(theme_periods.WINDOWS))
REST_NAME = "Buurt onbekend of buiten de indeling"


# --- counts per source ---------------------------------------------------------------------------


def counts(
    session: Session, ctx: ThemeContext, source: Source, scope: Area, child_level: str | None
) -> pd.DataFrame:
    """Counts of a source per child area (or the scope itself) for the windows p0, p1, p2."""
    if ctx.cache is None:
        return _count(session, ctx, source, scope, child_level)
    windows = ",".join(f"{a}/{b}" for a, b in ctx.windows.values())
    # The police source is "politie" on every theme: its codes make it unique.
    what = source.key if source.partner else f"politie:{','.join(source.mk_codes)}"
    key = f"thema:{ctx.data_version}:{what}:{windows}:{scope.code}:{child_level}"
    frame = ctx.cache.get(key)
    if frame is None:
        frame = _count(session, ctx, source, scope, child_level)
        ctx.cache.set(key, frame)
    return frame.copy()


def _count(
    session: Session, ctx: ThemeContext, source: Source, scope: Area, child_level: str | None
) -> pd.DataFrame:
    if source.partner is not None:
        return partner_queries.counts(session, source.partner, ctx.windows, scope, child_level)
    # Theme periods are whole quarters, so the month aggregate gives the exact counts.
    return incident_queries.month_counts(session, source.mk_codes, ctx.windows, scope, child_level)


# --- the areas table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaTable:
    # area_code, naam, p0.. (true counts), h0.. (hidden), t0.. (as shown), inwoners, per_1000, ...
    frame: pd.DataFrame
    scope: Area
    child_level: str
    source: Source

    @property
    def suppressed(self) -> bool:
        return self.child_level in ("buurt", "wijk") and self.source.drempel > 0

    def row(self, code: str) -> pd.Series | None:
        match = self.frame[self.frame["area_code"] == code]
        return None if match.empty else match.iloc[0]


def area_table(session: Session, ctx: ThemeContext, source: Source | None = None) -> AreaTable:
    source = source or ctx.source
    scope, child_level = map_level(ctx, source)
    children = area_queries.areas(session, child_level, scope if scope.niveau != "regio" else None)
    frame = counts(session, ctx, source, scope, child_level)
    names = pd.DataFrame(
        {"area_code": [a.code for a in children], "naam": [a.naam for a in children]}
    )
    table = names.merge(frame, on="area_code", how="left").fillna(dict.fromkeys(WINDOW_COLUMNS, 0))
    rest = frame[~frame["area_code"].isin(set(names["area_code"]))]
    if not rest.empty and rest[list(WINDOW_COLUMNS)].to_numpy().sum():
        row = {"area_code": "onbekend", "naam": REST_NAME}
        row.update({c: int(rest[c].sum()) for c in WINDOW_COLUMNS})
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    table = table.astype(dict.fromkeys(WINDOW_COLUMNS, int)).reset_index(drop=True)
    result = AreaTable(table, scope, child_level, source)
    for k, column in enumerate(WINDOW_COLUMNS):
        if result.suppressed:
            # A list that cannot be protected (a gemeente total of 1, say) is hidden whole, so
            # that the gemeente total the page shows gives no buurt away.
            protected = suppress_counts(
                table[column], threshold=source.drempel, mask_all_when_unprotected=True
            )
            table[f"h{k}"] = protected.hidden.to_numpy()
            table[f"t{k}"] = protected.display().to_numpy()
        else:
            table[f"h{k}"] = False
            table[f"t{k}"] = table[column].map(nl_number)
    population = indicator_queries.population(session, [a.code for a in children])
    table["inwoners"] = table["area_code"].map(population).astype(float)
    # No rate beside a hidden count, nor over fewer than MIN_INHABITANTS inhabitants.
    table["per_1000"] = rate_per_1000(table["p0"], table["inwoners"]).where(~table["h0"])
    table["verschil"] = (table["p0"] - table["p1"]).where(~(table["h0"] | table["h1"]))
    table["verschil_pct"] = table["verschil"] / table["p1"].replace(0, np.nan) * 100
    return result


@dataclass(frozen=True)
class AreaRow:
    """One row of the areas table as the page and its CSV show it: hidden figures as "<5" or
    "x", and no change or rate beside a hidden figure."""

    area_code: str
    naam: str
    periode: str
    vergelijking: str
    verschil: str
    verschil_pct: str
    per_1000: str


EXPORT_COLUMNS = {
    "area_code": "Gebiedscode",
    "naam": "Gebied",
    "periode": "Aantal",
    "vergelijking": "Vergelijking",
    "verschil": "Verschil",
    "verschil_pct": "Verschil (%)",
    "per_1000": "Per 1.000 inwoners",
}


def table_rows(table: AreaTable) -> tuple[AreaRow, ...]:
    """The rows as shown, those with hidden figures after the others in name order (sorting
    them by their true value would tell their rank)."""
    frame = table.frame
    visible = frame[~frame["h0"]].sort_values(["p0", "naam"], ascending=[False, True])
    hidden = frame[frame["h0"]].sort_values("naam")
    return tuple(
        AreaRow(
            area_code=row.area_code,
            naam=row.naam,
            periode=row.t0,
            vergelijking=row.t1,
            verschil="" if pd.isna(row.verschil) else nl_signed(row.verschil),
            verschil_pct="" if pd.isna(row.verschil_pct) else nl_percent_change(row.verschil_pct),
            per_1000="" if pd.isna(row.per_1000) else nl_number(row.per_1000, 1),
        )
        for row in pd.concat([visible, hidden]).itertuples()
    )


def export_frame(table: AreaTable) -> pd.DataFrame:
    """The table as the CSV download has it: the same protected figures as the screen."""
    rows = [[getattr(r, c) for c in EXPORT_COLUMNS] for r in table_rows(table)]
    return pd.DataFrame(rows, columns=list(EXPORT_COLUMNS.values()))


def map_values(table: AreaTable, measure: str) -> pd.Series:
    """The value per row that the map colours by (NaN where hidden)."""
    column = "per_1000" if measure == "per1000" else "p0"
    return table.frame[column].where(~table.frame["h0"]).astype(float)


# --- one source's figure for the selection -------------------------------------------------------


@dataclass(frozen=True)
class SourceFigure:
    """A source's figure for the selection in each window (p0 = the period, p1 = comparison,
    p2), with its small-number state: the KPI card, the buurt trend and the breakdown read it."""

    values: tuple[int, ...]  # true counts per window: never shown where hidden
    hidden: tuple[bool, ...]
    texts: tuple[str, ...]  # as shown: "12", "<5" or "x"
    area_name: str  # the area the figure is about
    level: str  # its level: "regio", "gemeente", "wijk" or "buurt"

    @property
    def current(self) -> int:
        return self.values[0]

    @property
    def previous(self) -> int:
        return self.values[1]


def source_figure(session: Session, ctx: ThemeContext, source: Source) -> SourceFigure:
    """One source's figure for the selection. Below gemeente level it is the selection's own
    cell of the gemeente's protected list, so that it hides exactly what the table hides."""
    windows = range(theme_periods.WINDOWS)
    if ctx.sub_gemeente and source.niveau in ("buurt", "wijk"):
        table = area_table(session, ctx, source)
        row = table.row(cell_code(ctx, source))
        if row is None:
            return SourceFigure(
                values=(0,) * len(windows),
                hidden=(False,) * len(windows),
                texts=("0",) * len(windows),
                area_name=ctx.area.naam,
                level=source.niveau,
            )
        return SourceFigure(
            values=tuple(int(row[c]) for c in WINDOW_COLUMNS),
            hidden=tuple(bool(row[f"h{k}"]) for k in windows),
            texts=tuple(row[f"t{k}"] for k in windows),
            area_name=row["naam"],
            level=source.niveau,
        )
    area = target(ctx, source)
    frame = counts(session, ctx, source, area, None)
    values = tuple(int(frame[c].sum()) for c in WINDOW_COLUMNS)
    return SourceFigure(
        values=values,
        hidden=(False,) * len(windows),
        texts=tuple(nl_number(v) for v in values),
        area_name=area.naam,
        level=area.niveau,
    )


# --- comparison with the region -------------------------------------------------------------------


@dataclass(frozen=True)
class RegionComparison:
    """Per gemeente of the region: the period's count (p0) and rate per 1,000 (per_1000), in
    rising order of the rate; gemeente level, so no small-number protection is needed."""

    frame: pd.DataFrame  # area_code, naam, p0, inwoners, per_1000
    region_per_1000: float | None  # the region as a whole (None: no inhabitants known)
    selected: str | None  # the selection's gemeente, highlighted


def region_comparison(session: Session, ctx: ThemeContext) -> RegionComparison:
    frame = counts(session, ctx, ctx.source, ctx.region, "gemeente")
    gemeenten = area_queries.areas(session, "gemeente")
    names = pd.DataFrame(
        {"area_code": [g.code for g in gemeenten], "naam": [g.naam for g in gemeenten]}
    )
    frame = names.merge(frame[["area_code", "p0"]], on="area_code", how="left").fillna({"p0": 0})
    if ctx.source.partner is not None and ctx.source.partner.gemeenten:
        frame = frame[frame["area_code"].isin(ctx.source.partner.gemeenten)]
    population = indicator_queries.population(session, [*frame["area_code"], ctx.region.code])
    frame["inwoners"] = frame["area_code"].map(population).astype(float)
    frame["per_1000"] = frame["p0"] / frame["inwoners"] * 1000
    total, inhabitants = frame["p0"].sum(), frame["inwoners"].sum()
    return RegionComparison(
        frame=frame.sort_values("per_1000", ascending=True).reset_index(drop=True),
        region_per_1000=total / inhabitants * 1000 if inhabitants else None,
        selected=ctx.gemeente.code if ctx.gemeente else None,
    )
