"""The areas of a selection on Algemeen beeld: one row per area that the map shows (the children
of the map scope), with the KPI figure of each (measures.counts.per_area), zero counts included
and registrations outside the shown indeling kept in a row of their own. The map, the areas
table, its pages and its CSV all read this one table.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries.areas import Area
from dashboard.formatting import region_label
from dashboard.measures import counts
from dashboard.measures.counts import KpiFigure
from dashboard.measures.selection import Context

OUTSIDE_INDELING = "Buurt niet in de getoonde indeling"
LEVEL_LABEL = {"regio": "regio", "gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt"}

# The columns of the table as its pages and its CSV give them.
TABLE_COLUMNS = (
    "area_code",
    "naam",
    "periode",
    "vergelijking",
    "verschil",
    "verschil_pct",
    "inwoners",
    "per_1000",
)
# The same columns in the CSV download, named in Dutch for Excel (dashboard.csv_export).
CSV_COLUMNS = {
    "area_code": "Gebiedscode",
    "naam": "Gebied",
    "periode": "Aantal",
    "vergelijking": "Vergelijking",
    "verschil": "Verschil",
    "verschil_pct": "Verschil (%)",
    "inwoners": "Inwoners",
    "per_1000": "Per 1.000 inwoners",
}
# The table's order until the user sorts (AG Grid's sortModel): the largest count first.
DEFAULT_SORT = ({"colId": "periode", "sort": "desc"},)


def area_label(area: Area) -> str:
    """'Enschede (gemeente)': an area named with its level; the region as region_label."""
    if area.niveau == "regio":
        return region_label(area.naam)
    return f"{area.naam} ({LEVEL_LABEL[area.niveau]})"


@dataclass(frozen=True)
class AreaTable:
    """One row per area on the map (TABLE_COLUMNS): the children at `child_level` of `scope`."""

    frame: pd.DataFrame
    scope: Area
    child_level: str


@dataclass(frozen=True)
class KpisAndAreas:
    """What the main callback shows: the KPI cards' figures and the areas table."""

    kpis: tuple[KpiFigure, ...]
    areas: AreaTable


def map_scope(session: Session, ctx: Context) -> tuple[Area, str]:
    """The area whose children the map and the areas table list, and their level. A selection
    with protected codes lists no wijken or buurten: the region's gemeenten instead."""
    if ctx.codes.protected:
        return ctx.region, "gemeente"
    return area_queries.map_scope(session, ctx.area)


def map_areas(
    session: Session, scope: Area, child_level: str, cache=None
) -> tuple[list[Area], dict[str, float]]:
    """The areas on the map and their inhabitants. They do not change with the filters, only
    with a delivery, so with a cache they are kept per data version and indeling: nationally
    that saves two queries over 342 gemeenten (about 20 ms) on every filter change."""
    key = None
    if cache is not None:
        version = freshness_queries.data_version(session)
        indeling = area_queries.current_indeling(session)
        key = f"kaartgebieden:{version}:{indeling}:{scope.code}:{child_level}"
        cached = cache.get(key)
        if cached is not None:
            return cached
    children = area_queries.areas(session, child_level, scope if scope.niveau != "regio" else None)
    result = children, indicator_queries.population(session, [a.code for a in children])
    if cache is not None:
        cache.set(key, result)
    return result


def kpis_and_area_table(session: Session, ctx: Context, cache=None) -> KpisAndAreas:
    """The KPI figures (measures.counts) and the areas table. When the map shows the
    selection's own children (the region or a gemeente selected) both are sums of one count per
    child area and hoofdcategorie: one scan instead of two (a gemeente over 12 months against
    the year before: about 40 ms each on SQLite). A wijk or buurt selection maps its parent:
    two counts."""
    mapped = map_scope(session, ctx)
    scope, child_level = mapped
    if scope.code != ctx.area.code:
        return KpisAndAreas(
            counts.kpi_figures(session, ctx), area_table(session, ctx, cache, mapped=mapped)
        )
    detail = incident_queries.counts(
        session,
        ctx.filter,
        ctx.periods,
        scope=scope,
        child_level=child_level,
        by_category=True,
        apart=counts.counted_back(ctx, child_level),
    )
    sums = ["periode", "vergelijking"]
    by_category = counts.category_sums(detail)
    per_area = counts.without_apart(detail).groupby("area_code", as_index=False)[sums].sum()
    return KpisAndAreas(
        counts.kpi_figures(session, ctx, by_category),
        area_table(session, ctx, cache, per_area, mapped),
    )


def area_table(
    session: Session,
    ctx: Context,
    cache=None,
    frame: pd.DataFrame | None = None,
    mapped: tuple[Area, str] | None = None,
) -> AreaTable:
    """One row per area shown on the map (children of the map scope), zero counts included;
    frame and mapped: the counts per child area and the map scope (map_scope) when the caller
    has them already."""
    scope, child_level = mapped or map_scope(session, ctx)
    children, population = map_areas(session, scope, child_level, cache)
    if frame is None:
        frame = incident_queries.counts(
            session,
            ctx.filter,
            ctx.periods,
            scope=scope,
            child_level=child_level,
            by_category=False,
        )
    names = pd.DataFrame(
        {"area_code": [a.code for a in children], "naam": [a.naam for a in children]}
    )
    table = names.merge(frame, on="area_code", how="left").fillna({"periode": 0, "vergelijking": 0})
    table = pd.concat([table, _outside_indeling(frame, set(names["area_code"]), scope)])
    table = table.astype({"periode": int, "vergelijking": int}).reset_index(drop=True)
    return AreaTable(counts.per_area(table, population), scope, child_level)


def _outside_indeling(frame: pd.DataFrame, shown: set[str], scope: Area) -> pd.DataFrame:
    """Registrations whose buurt is not in the indeling the map shows (boundaries change over
    the years) get one row of their own: counted, named, never dropped."""
    rest = frame[~frame["area_code"].isin(shown)]
    if rest.empty or not (rest["periode"].sum() or rest["vergelijking"].sum()):
        return rest.iloc[0:0].assign(naam=[])
    return pd.DataFrame(
        [
            {
                "area_code": scope.code,
                "naam": OUTSIDE_INDELING,
                "periode": int(rest["periode"].sum()),
                "vergelijking": int(rest["vergelijking"].sum()),
            }
        ]
    )


# --- one page of the table ------------------------------------------------------------------


@dataclass(frozen=True)
class TablePage:
    records: list[dict]  # the rows of the page (TABLE_COLUMNS, rounded as shown)
    rows: int  # the number of rows of the whole table
    pages: int  # the number of pages in all
    sort_model: list[dict]  # the order of the rows, as AG Grid's sortModel [{colId, sort}]


def table_records(table: pd.DataFrame) -> list[dict]:
    out = table[list(TABLE_COLUMNS)].copy()
    out["verschil_pct"] = out["verschil_pct"].round(1)
    out["per_1000"] = out["per_1000"].round(2)
    return out.astype(object).where(out.notna(), None).to_dict("records")


def table_page(table: pd.DataFrame, sort_model, page: int, page_size: int) -> TablePage:
    """One page of the areas table in the user's sort order (AG Grid's sortModel), the number
    of rows and of pages. Sorted and cut on the server: at national scale the whole table (342
    gemeenten) would be most of every filter change's payload. Ties go by comparison count and
    code, so a page is always the same rows; empty values sort last either way. A page past
    the end (a stale page number after a filter change) is the last page."""
    column, ascending = _sort_key(sort_model)
    order = {column: ascending}
    for key, key_ascending in (("periode", False), ("vergelijking", False), ("area_code", True)):
        order.setdefault(key, key_ascending)
    ordered = table.sort_values(list(order), ascending=list(order.values()), na_position="last")
    pages = max(1, -(-len(ordered) // page_size))
    start = min(max(page, 0), pages - 1) * page_size
    used = [{"colId": column, "sort": "asc" if ascending else "desc"}]
    return TablePage(
        table_records(ordered.iloc[start : start + page_size]), len(ordered), pages, used
    )


def _sort_key(sort_model) -> tuple[str, bool]:
    """The column and direction of AG Grid's sortModel ([{"colId": ..., "sort": "asc"}], one
    column); anything unexpected is the default order, the largest count first."""
    first = sort_model[0] if isinstance(sort_model, list) and sort_model else DEFAULT_SORT[0]
    column = first.get("colId") if isinstance(first, dict) else None
    direction = first.get("sort") if isinstance(first, dict) else None
    if column not in TABLE_COLUMNS or direction not in ("asc", "desc"):
        column, direction = DEFAULT_SORT[0]["colId"], DEFAULT_SORT[0]["sort"]
    return column, direction == "asc"
