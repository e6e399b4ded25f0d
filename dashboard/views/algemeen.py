"""What the general dashboard shows for a view state: queries in, plain Python data out.

Callbacks call these functions and only wrap the results in components; tests call them directly.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.orm import Session

from dashboard import policy
from dashboard.analysis.comparison import classify, per_1000
from dashboard.analysis.periods import COMPARISONS, PRESETS
from dashboard.data import queries
from dashboard.data.categories import HOOFDCATEGORIEEN
from dashboard.data.demo import DEMO_FILE_PREFIX
from dashboard.data.queries import Area
from dashboard.figures import NO_DATA_COLOUR, SEQUENTIAL
from dashboard.formatting import nl_date, nl_number, nl_percent_change, nl_signed
from dashboard.measures import counts
from dashboard.measures.completeness import data_months

# The selection (a state resolved for a viewer) is a measure now; callbacks read it here too.
from dashboard.measures.selection import Context, NoData, resolve, shown_state  # noqa: F401

OUTSIDE_INDELING = "Buurt niet in de getoonde indeling"
LEVEL_LABEL = {"regio": "regio", "gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt"}


def code_choices(session: Session, viewer: policy.Viewer) -> list[tuple[str, str, str]]:
    """(code, description, hoofdcategorie) of every incident code the viewer may choose."""
    rows = queries.category_options(session).itertuples(index=False, name=None)
    return [row for row in rows if policy.may_see_code(viewer, row[0])]


def map_scope(session: Session, ctx: Context) -> tuple[Area, str]:
    """The area whose children the map and the areas table list, and their level. A selection
    with protected codes lists no wijken or buurten: the region's gemeenten instead."""
    if ctx.codes.protected:
        return ctx.region, "gemeente"
    return queries.map_scope(session, ctx.area)


def title(ctx: Context) -> str:
    """The view in words for a file (the CSV's first line): the note on the view and, as on the
    KPI cards, each period the data cover only in part."""
    notes = [ctx.note] if ctx.note else []
    notes += [f"{flag}." for flag in ctx.partial_flags]
    return ". ".join([headline(ctx), " ".join(notes)]) if notes else headline(ctx)


def headline(ctx: Context) -> str:
    where = ctx.area.naam if ctx.area.niveau != "regio" else f"{ctx.area.naam} (hele regio)"
    return (
        f"{where}: {PRESETS[ctx.state.periode].lower()} ({nl_date(ctx.period[0])} t/m "
        f"{nl_date(ctx.period[1])}), vergeleken met {COMPARISONS[ctx.state.vergelijking].lower()}"
    )


def map_areas(
    session: Session, scope: Area, child_level: str, cache=None
) -> tuple[list[Area], dict[str, float]]:
    """The areas on the map and their inhabitants. They do not change with the filters, only
    with a delivery, so with a cache they are kept per data version and indeling: nationally
    that saves two queries over 342 gemeenten (about 20 ms) on every filter change."""
    key = None
    if cache is not None:
        version = queries.data_version(session)
        indeling = queries.current_indeling(session)
        key = f"kaartgebieden:{version}:{indeling}:{scope.code}:{child_level}"
        cached = cache.get(key)
        if cached is not None:
            return cached
    children = queries.areas(session, child_level, scope if scope.niveau != "regio" else None)
    result = children, queries.population(session, [a.code for a in children])
    if cache is not None:
        cache.set(key, result)
    return result


def kpis_and_area_table(session: Session, ctx: Context, cache=None):
    """The main callback's KPI figures (measures.counts) and areas table. When the map shows
    the selection's own children (the region or a gemeente selected) both are sums of one
    count per child area and hoofdcategorie: one scan instead of two (a gemeente over 12 months
    against the year before: about 40 ms each on SQLite). A wijk or buurt selection maps its
    parent: two counts."""
    mapped = map_scope(session, ctx)
    scope, child_level = mapped
    if scope.code != ctx.area.code:
        return counts.kpi_figures(session, ctx), area_table(session, ctx, cache, mapped=mapped)
    detail = queries.counts(
        session, ctx.filter, ctx.periods, scope=scope, child_level=child_level, by_category=True
    )
    sums = ["periode", "vergelijking"]
    by_category = counts.category_sums(session, ctx, detail, child_level)
    per_area = detail.groupby("area_code", as_index=False)[sums].sum()
    return (
        counts.kpi_figures(session, ctx, by_category),
        area_table(session, ctx, cache, per_area, mapped),
    )


def area_table(
    session: Session,
    ctx: Context,
    cache=None,
    frame: pd.DataFrame | None = None,
    mapped: tuple[Area, str] | None = None,
) -> tuple[pd.DataFrame, Area, str]:
    """One row per area shown on the map (children of the map scope), zero counts included;
    frame and mapped: the counts per child area and the map scope (queries.map_scope) when the
    caller has them already."""
    scope, child_level = mapped or map_scope(session, ctx)
    children, population = map_areas(session, scope, child_level, cache)
    if frame is None:
        frame = queries.counts(
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
    return counts.per_area(table, population), scope, child_level


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


def map_hideout(table: pd.DataFrame, measure: str, selected: str | None) -> tuple[dict, list, int]:
    """Colours and tooltips per area code (only the numbers travel on a filter change). The
    tooltip is plain text, one line per figure: the browser puts the area's name from the
    boundary document above it and escapes both (assets/dashboard.js), which keeps the
    national map's 342 tooltips small."""
    column = "per_1000" if measure == "per1000" else "periode"
    classes, edges = classify(table[column])
    decimals = 1 if measure == "per1000" else 0
    palette = SEQUENTIAL if len(edges) > 2 else SEQUENTIAL[-1:]
    areas = {}
    for row, klass in zip(table.itertuples(), classes, strict=True):
        if row.naam == OUTSIDE_INDELING:
            continue  # no shape on this map; the table names it
        colour = NO_DATA_COLOUR if pd.isna(klass) else palette[min(int(klass), len(palette) - 1)]
        lines = (
            f"Aantal: {nl_number(row.periode)} (vergelijking {nl_number(row.vergelijking)})",
            f"Per 1.000 inwoners: {nl_number(row.per_1000, 1)}",
            f"Verschil: {nl_signed(row.verschil)} ({nl_percent_change(row.verschil_pct)})",
        )
        areas[row.area_code] = {"c": colour, "d": "\n".join(lines)}
    return {"areas": areas, "selected": selected}, edges, decimals


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
DEFAULT_SORT = ({"column_id": "periode", "direction": "desc"},)


def table_records(table: pd.DataFrame) -> list[dict]:
    out = table[list(TABLE_COLUMNS)].copy()
    out["verschil_pct"] = out["verschil_pct"].round(1)
    out["per_1000"] = out["per_1000"].round(2)
    return out.astype(object).where(out.notna(), None).to_dict("records")


def table_page(table: pd.DataFrame, sort_by, page: int, page_size: int) -> tuple[list[dict], int]:
    """One page of the areas table in the user's sort order, and the number of pages. Sorted
    and cut on the server: at national scale the whole table (342 gemeenten) would be most of
    every filter change's payload. Ties go by comparison count and code, so a page is always
    the same rows; empty values sort last either way."""
    column, ascending = _sort_key(sort_by)
    order = {column: ascending}
    for key, key_ascending in (("periode", False), ("vergelijking", False), ("area_code", True)):
        order.setdefault(key, key_ascending)
    ordered = table.sort_values(list(order), ascending=list(order.values()), na_position="last")
    pages = max(1, -(-len(ordered) // page_size))
    start = min(max(page, 0), pages - 1) * page_size
    return table_records(ordered.iloc[start : start + page_size]), pages


def _sort_key(sort_by) -> tuple[str, bool]:
    """The column and direction of a DataTable sort_by (single sort); anything unexpected is the
    default order, the largest count first."""
    first = sort_by[0] if isinstance(sort_by, list) and sort_by else DEFAULT_SORT[0]
    column = first.get("column_id") if isinstance(first, dict) else None
    direction = first.get("direction") if isinstance(first, dict) else None
    if column not in TABLE_COLUMNS or direction not in ("asc", "desc"):
        column, direction = DEFAULT_SORT[0]["column_id"], DEFAULT_SORT[0]["direction"]
    return column, direction == "asc"


def trend_series(session: Session, ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    grain = ctx.state.trend
    return (
        queries.trend(session, ctx.filter, ctx.period, grain),
        queries.trend(session, ctx.filter, ctx.comparison, grain),
    )


def weekday_hour(session: Session, ctx: Context) -> pd.DataFrame:
    return queries.weekday_hour(session, ctx.filter, ctx.period)


def profile(session: Session, ctx: Context) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """Kerncijfers of the area beside its gemeente and the region, and the incident mix per
    1,000 inhabitants of each."""
    from dashboard.data.kwb import LABELS, PROFILE_INDICATORS

    chain: list[Area] = [ctx.area]
    if ctx.area.niveau in ("wijk", "buurt") and ctx.area.gemeente_code:
        gemeente = queries.area(session, ctx.area.gemeente_code)
        if gemeente:
            chain.append(gemeente)
    if ctx.area.niveau != "regio":
        chain.append(ctx.region)
    values = queries.indicators(session, [a.code for a in chain], PROFILE_INDICATORS)
    grid = values.pivot_table(
        index="indicator", columns="area_code", values="waarde", aggfunc="first"
    )
    table = pd.DataFrame(index=[LABELS[i] for i in PROFILE_INDICATORS])
    names = []
    for a in chain:
        name = f"{a.naam} ({LEVEL_LABEL[a.niveau]})"
        names.append(name)
        column = []
        for indicator in PROFILE_INDICATORS:
            value = (
                grid.at[indicator, a.code]
                if (indicator in grid.index and a.code in grid.columns)
                else None
            )
            decimals = 1 if indicator == "gemiddelde_huishoudsgrootte" else 0
            column.append(
                nl_number(None if value is None or pd.isna(value) else float(value), decimals)
            )
        table[name] = column
    mix_rows = []
    population = queries.population(session, [a.code for a in chain])
    for a, name in zip(chain, names, strict=True):
        flt = ctx.comparable_filter(a)
        counts = queries.counts(session, flt, {"periode": ctx.period})
        inwoners = population.get(a.code)
        by_cat = (
            dict(zip(counts["hoofdcategorie"], counts["periode"], strict=True))
            if not counts.empty
            else {}
        )
        for key in ctx.filter.hoofdcategorieen:
            mix_rows.append(
                {
                    "gebied": name,
                    "hoofdcategorie": HOOFDCATEGORIEEN[key],
                    "per_1000": per_1000(by_cat.get(key, 0), inwoners),
                }
            )
    return table, names, pd.DataFrame(mix_rows)


def freshness(session: Session) -> str:
    """Up to which date the police data runs and when it was delivered; says so plainly when
    the registrations are the demo generator's."""
    loaded, file_name = queries.latest_delivery(session)
    if loaded is None:
        return "Nog geen politiegegevens geladen"
    until = nl_date(queries.latest_data_date(session))
    if file_name and file_name.startswith(DEMO_FILE_PREFIX):
        return f"Demodata (synthetisch) t/m {until}"
    return f"Data t/m {until} · levering {nl_date(loaded.date())}"


def reference_date(session: Session) -> dt.date | None:
    return queries.latest_data_date(session)


EXTRAPOLATION_LABEL = "Extrapolatie van historische cijfers - geen voorspelling"


def extrapolation(session: Session, ctx: Context, horizon: int, cache=None) -> dict:
    """The monthly history of the selection (whole months up to the newest data) and its
    extrapolation `horizon` months on, with the back-test's measured error. Cached per data
    version: the fit does not change until a new delivery arrives."""
    from dashboard.analysis import extrapolation as model

    months = data_months(session)  # whole months only: the measure the periodic report uses
    key = None
    if cache is not None:
        flt = ctx.filter
        key = (
            f"extrapolatie:{queries.data_version(session)}:{flt.area.code}:"
            f"{','.join(flt.hoofdcategorieen)}:{','.join(flt.mk_codes)}:"
            f"{','.join(flt.excluded_at(flt.area.niveau))}:{horizon}"
        )
        cached = cache.get(key)
        if cached is not None:
            return cached
    if months is None:
        history = pd.DataFrame({"start": [], "aantal": []})
    else:
        history = queries.trend(session, ctx.filter, months, "maand")[["start", "aantal"]]
    out = {"history": history, "horizon": horizon, "result": None, "reason": ""}
    counts = history["aantal"].to_numpy(dtype=float)
    if len(counts) < 12:
        out["reason"] = "Te weinig maanden historie (minder dan een jaar) voor een extrapolatie."
    elif counts.mean() < model.SPARSE_MEAN:
        out["reason"] = (
            f"Te weinig registraties per maand (gemiddeld {nl_number(counts.mean(), 1)}) voor "
            "een extrapolatie: toevallige schommelingen overheersen. Kies een groter gebied of "
            "meer categorieën."
        )
    else:
        out["result"] = model.extrapolate(counts[None, :], horizon, phase=months[0].month - 1)
    if cache is not None:
        cache.set(key, out)
    return out
