"""What a thematic dashboard shows for a view state: the theme's police codes and its partner
measures side by side, per area and period, with small numbers protected.

Small numbers: every count below gemeente level (a buurt, or a wijk for wijk-level partner data)
goes through `dashboard.analysis.suppression` against the gemeente total, which the page
publishes. The hidden pattern of a gemeente and period is computed once, from that gemeente's
whole list of areas, and every part of the page (map, table, KPI card, trend, breakdown, export)
reads it from there, so no two parts can disagree and reveal a hidden figure together. Wijk
totals of buurt data are never shown (they would be a second total over the same buurten).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis import theme_periods
from dashboard.analysis.periods import shift_months
from dashboard.analysis.suppression import suppress_counts
from dashboard.data import kwb, partner_queries, queries
from dashboard.data.categories import load_categories
from dashboard.data.partner_queries import PartnerMeasure
from dashboard.data.queries import Area
from dashboard.data.themes import Theme
from dashboard.formatting import nl_month, nl_number, nl_percent_change, nl_signed
from dashboard.inputs import query_params
from dashboard.policy import Viewer, partner_measures
from dashboard.state import MEASURES

POLITIE = "politie"
AREA_RE = re.compile(r"^(GM\d{4}|BU\d{8})$")
SOURCE_RE = re.compile(r"^(politie|[a-z0-9][a-z0-9-]{1,54}:[a-z][a-z0-9_]{0,63})$")
PERIOD_RE = re.compile(r"^(4k|\d{4})$")
WINDOW_COLUMNS = tuple(f"p{k}" for k in range(theme_periods.WINDOWS))
REST_NAME = "Buurt onbekend of buiten de indeling"
LEVEL_NAME = {"buurt": "buurt", "wijk": "wijk", "gemeente": "gemeente"}


class NoData(Exception):
    """Nothing has been loaded yet."""


# --- view state (the URL query string) ---------------------------------------------------------


@dataclass(frozen=True)
class ThemeState:
    periode: str = theme_periods.LAST_FOUR_QUARTERS
    gebied: str | None = None  # a gemeente or buurt code; None = the region
    bron: str = POLITIE
    maat: str = "aantal"

    @property
    def gemeente(self) -> str | None:
        return f"GM{self.gebied[2:6]}" if self.gebied else None

    @property
    def buurt(self) -> str | None:
        return self.gebied if self.gebied and self.gebied.startswith("BU") else None


def parse_state(search: str | None) -> ThemeState:
    """Never trusts the input: anything malformed falls back to the default; a search that is
    not a string or has too many fields raises InvalidInput (dashboard.inputs)."""
    params = query_params(search, "weergave")

    def one(name: str, pattern: re.Pattern) -> str | None:
        values = params.get(name)
        value = values[0][:130] if values else None
        return value if value and pattern.match(value) else None

    default = ThemeState()
    maat = (params.get("maat") or [None])[0]
    return ThemeState(
        periode=one("periode", PERIOD_RE) or default.periode,
        gebied=one("gebied", AREA_RE),
        bron=one("bron", SOURCE_RE) or default.bron,
        maat=maat if maat in MEASURES else default.maat,
    )


def to_search(state: ThemeState) -> str:
    params = {"periode": state.periode}
    if state.gebied:
        params["gebied"] = state.gebied
    params["bron"] = state.bron
    params["maat"] = state.maat
    return "?" + urlencode(params, safe=":")


# --- sources -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One series on the page: the theme's police codes, or one measure of a partner dataset."""

    key: str
    label: str
    eigenaar: str
    niveau: str
    periode_soort: str
    drempel: int
    toelichting: str
    eenheid: str
    partner: PartnerMeasure | None = None
    mk_codes: tuple[str, ...] = ()

    @property
    def is_police(self) -> bool:
        return self.partner is None


def police_source(theme: Theme) -> Source:
    return Source(
        key=POLITIE,
        label="Politieregistraties",
        eigenaar="Politie (BVH, wekelijkse extractie)",
        niveau="buurt",
        periode_soort="maand",
        drempel=theme.onderdrukkingsdrempel,
        toelichting=theme.toelichting,
        eenheid="registraties",
        mk_codes=theme.politie_codes,
    )


def partner_source(measure: PartnerMeasure) -> Source:
    return Source(
        key=measure.key,
        label=measure.label,
        eigenaar=measure.eigenaar,
        niveau=measure.niveau,
        periode_soort=measure.periode_soort,
        drempel=measure.drempel,
        toelichting=measure.toelichting,
        eenheid=measure.eenheid,
        partner=measure,
    )


def sources(session: Session, theme: Theme, viewer: Viewer) -> list[Source]:
    measures = partner_measures(session, viewer, theme.slug)
    return [police_source(theme), *(partner_source(m) for m in measures)]


# --- context -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeContext:
    theme: Theme
    state: ThemeState
    area: Area  # the selection: region, gemeente or buurt
    region: Area
    gemeente: Area | None  # the selection's gemeente
    period: theme_periods.Period
    windows: dict[str, theme_periods.Period]  # p0 = period, p1 = comparison, p2
    sources: tuple[Source, ...]
    source: Source  # the one on the map, table and trend
    reference: dt.date
    first: dt.date
    delivered: dict[str, tuple]  # partner dataset -> (first, last) delivered period start
    # Optional shared cache (flask-caching in the app; None in tests) and the data version that
    # keys it, so that the parts of a page that need the same gemeente list count it once.
    cache: object | None = None
    data_version: int = 0
    note: str = ""  # why the period shown is not the one asked for ("" when it is)

    @property
    def sub_gemeente(self) -> bool:
        return self.area.niveau == "buurt"


def coverage(
    session: Session, all_sources: list[Source], cache: object | None = None, version: int = 0
) -> dict[str, tuple]:
    """First and last delivered period of every partner dataset among the sources. Every
    callback of a theme page needs it and it changes only with a delivery: with a cache it is
    kept per data version (nationally the scan took about 19 ms per callback on PostgreSQL)."""
    codes = sorted({s.partner.dataset_code for s in all_sources if s.partner is not None})
    if not codes:
        return {}
    if cache is None:
        return partner_queries.coverage(session, codes)
    key = f"partnerbereik:{version}:{','.join(codes)}"
    found = cache.get(key)
    if found is None:
        found = partner_queries.coverage(session, codes)
        cache.set(key, found)
    return found


def reference_dates(
    session: Session, all_sources: list[Source], delivered: dict[str, tuple]
) -> tuple[dt.date, dt.date] | None:
    """Newest and oldest data date: police first, else the partner deliveries."""
    newest = queries.latest_data_date(session)
    oldest = queries.earliest_data_date(session) or newest
    for source in all_sources:
        if source.partner is None:
            continue
        first, last = delivered[source.partner.dataset_code]
        if last is not None:
            end = _bucket_end(last, source.periode_soort)
            newest = end if newest is None else max(newest, end)
            oldest = first if oldest is None else min(oldest, first)
    if newest is None:
        return None
    return newest, oldest or newest


def _bucket_end(start: dt.date, granularity: str) -> dt.date:
    months = {"maand": 1, "kwartaal": 3, "jaar": 12}[granularity]
    return shift_months(start, months) - dt.timedelta(days=1)


def resolve(
    session: Session, theme: Theme, state: ThemeState, viewer: Viewer, cache: object | None = None
) -> ThemeContext:
    region = queries.region(session)
    all_sources = sources(session, theme, viewer)
    version = queries.data_version(session) if cache is not None else 0
    delivered = coverage(session, all_sources, cache, version)
    dates = reference_dates(session, all_sources, delivered)
    if region is None or dates is None:
        raise NoData
    reference, first = dates
    area = queries.area(session, state.gebied) if state.gebied else None
    if area is None or area.niveau not in ("gemeente", "buurt"):
        area = region
    gemeente = (
        area if area.niveau == "gemeente" else queries.area(session, area.gemeente_code or "")
    )
    source = next((s for s in all_sources if s.key == state.bron), all_sources[0])
    period = theme_periods.resolve(state.periode, reference, first)
    state = replace(state, bron=source.key, gebied=area.code if area is not region else None)
    return ThemeContext(
        theme=theme,
        state=state,
        area=area,
        region=region,
        gemeente=gemeente,
        period=period,
        windows=theme_periods.windows(period),
        sources=tuple(all_sources),
        source=source,
        reference=reference,
        first=first,
        delivered=delivered,
        cache=cache,
        data_version=version,
        note=theme_periods.fallback_note(state.periode, period),
    )


def title(ctx: ThemeContext) -> str:
    """The view in words, with the note on a period that was not available (for files)."""
    return f"{headline(ctx)}. {ctx.note}" if ctx.note else headline(ctx)


def headline(ctx: ThemeContext) -> str:
    where = ctx.area.naam if ctx.area.niveau != "regio" else f"{ctx.area.naam} (hele regio)"
    return (
        f"{ctx.theme.label} - {where}: {theme_periods.label(ctx.period)}, vergeleken met "
        f"{theme_periods.label(ctx.windows['p1'])}"
    )


# --- counts per source ---------------------------------------------------------------------------


def _counts(
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
    return queries.month_counts(session, source.mk_codes, ctx.windows, scope, child_level)


def map_level(ctx: ThemeContext, source: Source) -> tuple[Area, str]:
    """The area whose children the map and table list for a source, and their level. Below the
    region the list is always the whole gemeente, so its hidden pattern is the same whichever
    of its buurten is selected."""
    if ctx.area.niveau == "regio" or source.niveau == "gemeente" or ctx.gemeente is None:
        return ctx.region, "gemeente"
    return ctx.gemeente, source.niveau


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
    children = queries.areas(session, child_level, scope if scope.niveau != "regio" else None)
    frame = _counts(session, ctx, source, scope, child_level)
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
    population = queries.population(session, [a.code for a in children])
    table["inwoners"] = table["area_code"].map(population).astype(float)
    table["per_1000"] = (table["p0"] / table["inwoners"].where(table["inwoners"] > 0) * 1000).where(
        ~table["h0"]
    )
    table["verschil"] = (table["p0"] - table["p1"]).where(~(table["h0"] | table["h1"]))
    table["verschil_pct"] = table["verschil"] / table["p1"].replace(0, np.nan) * 100
    return result


# --- KPI cards -----------------------------------------------------------------------------------


def _target(ctx: ThemeContext, source: Source) -> Area:
    """The area a source's single figure is about: the selection, or its gemeente when the
    source has no figures that fine."""
    if ctx.area.niveau == "buurt" and source.niveau == "gemeente" and ctx.gemeente is not None:
        return ctx.gemeente
    return ctx.area


def _cell_code(ctx: ThemeContext, source: Source) -> str:
    """The code of the selection's own cell in the gemeente list of a sub-gemeente source."""
    if source.niveau == "wijk":
        return ctx.area.wijk_code or ""
    return ctx.area.code


def figure_for(session: Session, ctx: ThemeContext, source: Source) -> dict:
    """One source's figure for the selection: p0, p1, hidden flags, the area it is about."""
    if ctx.sub_gemeente and source.niveau in ("buurt", "wijk"):
        table = area_table(session, ctx, source)
        row = table.row(_cell_code(ctx, source))
        windows = range(theme_periods.WINDOWS)
        if row is None:
            values = dict.fromkeys(WINDOW_COLUMNS, 0)
            hidden = dict.fromkeys(windows, False)
            texts = dict.fromkeys(windows, "0")
            area_name = ctx.area.naam
        else:
            values = {c: int(row[c]) for c in WINDOW_COLUMNS}
            hidden = {k: bool(row[f"h{k}"]) for k in windows}
            texts = {k: row[f"t{k}"] for k in windows}
            area_name = row["naam"]
        return {
            "values": values,
            "hidden": hidden,
            "texts": texts,
            "area": area_name,
            "level": source.niveau,
        }
    target = _target(ctx, source)
    frame = _counts(session, ctx, source, target, None)
    values = {c: int(frame[c].sum()) for c in WINDOW_COLUMNS}
    return {
        "values": values,
        "hidden": dict.fromkeys(range(theme_periods.WINDOWS), False),
        "texts": {k: nl_number(values[f"p{k}"]) for k in range(theme_periods.WINDOWS)},
        "area": target.naam,
        "level": target.niveau,
    }


@dataclass(frozen=True)
class Completeness:
    note: str  # "" when the period and its comparison are both delivered in full
    comparable: bool  # False: the comparison period is not delivered in full


def completeness(ctx: ThemeContext, source: Source) -> Completeness:
    if source.partner is None:
        return Completeness("", True)
    first, last = ctx.delivered[source.partner.dataset_code]
    if last is None:
        return Completeness("Nog geen levering", False)
    needed = theme_periods.last_start(source.periode_soort, ctx.period[1])
    if last < needed:
        return Completeness(f"Onvolledig: geleverd t/m {nl_month(last)}", False)
    if first is not None and first > ctx.windows["p1"][0]:
        return Completeness(f"Vergelijking onvolledig: geleverd vanaf {nl_month(first)}", False)
    return Completeness("", True)


def outside_restriction(ctx: ThemeContext, source: Source) -> bool:
    """A dataset its owner delivers for named gemeenten only, viewed for another gemeente."""
    if source.partner is None or not source.partner.gemeenten or ctx.gemeente is None:
        return False
    return ctx.gemeente.code not in source.partner.gemeenten


def kpis(session: Session, ctx: ThemeContext) -> list[dict]:
    cards = []
    population = queries.population(
        session, list({_target(ctx, s).code for s in ctx.sources} | {ctx.area.code})
    )
    names = queries.area_names(
        session, sorted({g for s in ctx.sources if s.partner for g in s.partner.gemeenten})
    )
    for source in ctx.sources:
        card = {"key": source.key, "label": source.label, "eigenaar": source.eigenaar}
        card["gekozen"] = source.key == ctx.source.key
        if outside_restriction(ctx, source):
            only = ", ".join(names.get(g, g) for g in source.partner.gemeenten)
            cards.append(
                card
                | {
                    "waarde": "n.v.t.",
                    "vergelijking": "-",
                    "vergelijkbaar": False,
                    "verschil": "",
                    "verschil_reden": "",
                    "per_1000": None,
                    "noot": f"Alleen geleverd voor {only}",
                }
            )
            continue
        fig = figure_for(session, ctx, source)
        current, previous = fig["values"]["p0"], fig["values"]["p1"]
        hidden_now, hidden_before = fig["hidden"][0], fig["hidden"][1]
        delivered = completeness(ctx, source)
        change_text, reason = "", ""
        if hidden_now or hidden_before:
            reason = "verschil afgeschermd"
        elif not delivered.comparable:
            reason = "geen vergelijking"
        else:
            delta = current - previous
            pct = delta / previous * 100 if previous else None
            change_text = f"{nl_signed(delta)} ({nl_percent_change(pct)})"
        inwoners = population.get(_target(ctx, source).code) if fig["level"] != "wijk" else None
        rate = None if hidden_now or not inwoners else current / inwoners * 1000
        where = ""
        if fig["level"] != ctx.area.niveau:
            where = f"Cijfer voor {LEVEL_NAME.get(fig['level'], fig['level'])} {fig['area']}"
        cards.append(
            card
            | {
                "waarde": fig["texts"][0],
                "vergelijking": fig["texts"][1],
                # Without a full comparison period the card names no comparison figure: "geen
                # vergelijking t.o.v. 250" would say both things at once.
                "vergelijkbaar": delivered.comparable,
                "verschil": change_text,
                "verschil_reden": reason,
                "per_1000": None if rate is None else nl_number(rate, 1),
                "noot": " · ".join(n for n in (where, delivered.note) if n),
            }
        )
    return cards


# --- map and table -------------------------------------------------------------------------------


def table_records(table: AreaTable) -> list[dict]:
    """Display rows: hidden figures as "<5", rows with hidden figures after the others in name
    order (sorting them by their true value would tell their rank)."""
    frame = table.frame.copy()
    frame["_hidden"] = frame["h0"]
    visible = frame[~frame["_hidden"]].sort_values(["p0", "naam"], ascending=[False, True])
    hidden = frame[frame["_hidden"]].sort_values("naam")
    records = []
    for row in pd.concat([visible, hidden]).itertuples():
        records.append(
            {
                "area_code": row.area_code,
                "naam": row.naam,
                "periode": row.t0,
                "vergelijking": row.t1,
                "verschil": "" if pd.isna(row.verschil) else nl_signed(row.verschil),
                "verschil_pct": ""
                if pd.isna(row.verschil_pct)
                else nl_percent_change(row.verschil_pct),
                "per_1000": "" if pd.isna(row.per_1000) else nl_number(row.per_1000, 1),
            }
        )
    return records


def export_frame(table: AreaTable) -> pd.DataFrame:
    """The table as the CSV download has it: the same protected figures as the screen."""
    records = table_records(table)
    frame = pd.DataFrame(
        records,
        columns=[
            "area_code",
            "naam",
            "periode",
            "vergelijking",
            "verschil",
            "verschil_pct",
            "per_1000",
        ],
    )
    return frame.rename(columns={"area_code": "gebiedscode", "naam": "gebied"})


def map_values(table: AreaTable, measure: str) -> pd.Series:
    column = "per_1000" if measure == "per1000" else "p0"
    return table.frame[column].where(~table.frame["h0"]).astype(float)


# --- trend ---------------------------------------------------------------------------------------


def trend(session: Session, ctx: ThemeContext) -> tuple[pd.DataFrame, str]:
    """The selected source over time for the selection.

    - For a buurt (or its wijk), figures per period span (the period and the same span one and
      two years earlier), each with the hidden flag of its gemeente list: a month of one buurt
      would be a small number almost always, and months add up to the period's figure.
    - Otherwise per month (or the dataset's quarter/year) for three years up to the period end,
      with the region beside it when the measure is per 1,000 inhabitants.
    Returns the frame and its kind ("vensters" or "reeks")."""
    source = ctx.source
    if ctx.sub_gemeente and source.niveau in ("buurt", "wijk"):
        fig = figure_for(session, ctx, source)
        rows = []
        for k in reversed(range(theme_periods.WINDOWS)):
            value = fig["values"][f"p{k}"]
            rows.append(
                {
                    "label": theme_periods.label(ctx.windows[f"p{k}"]),
                    "aantal": None if fig["hidden"][k] else value,
                    "tekst": fig["texts"][k],
                }
            )
        return pd.DataFrame(rows), "vensters"
    target = _target(ctx, source)
    span = (ctx.windows[f"p{theme_periods.WINDOWS - 1}"][0], ctx.period[1])
    frame = _series(session, source, target, span).rename(columns={"aantal": "gebied"})
    if ctx.state.maat == "per1000":
        population = queries.population(session, [target.code, ctx.region.code])
        frame["gebied"] = _rate(frame["gebied"], population.get(target.code))
        if target.niveau != "regio":
            region = _series(session, source, ctx.region, span)
            frame = frame.merge(
                region.rename(columns={"aantal": "regio"}), on="start", how="outer"
            ).sort_values("start")
            frame["regio"] = _rate(frame["regio"], population.get(ctx.region.code))
    return frame.reset_index(drop=True), "reeks"


def _rate(values: pd.Series, inhabitants: float | None) -> pd.Series:
    if not inhabitants:
        return values * np.nan
    return values / inhabitants * 1000


def _series(session: Session, source: Source, target: Area, span) -> pd.DataFrame:
    """start, aantal per bucket; buckets without a partner delivery stay missing (a gap in the
    line), police months without registrations are 0 (theme spans are whole quarters)."""
    if source.partner is not None:
        return partner_queries.series(session, source.partner, target, span)
    return queries.month_series(session, source.mk_codes, target, span)


# --- comparison with the region -------------------------------------------------------------------


def region_comparison(session: Session, ctx: ThemeContext) -> pd.DataFrame:
    """Per gemeente of the region: the period's count and rate per 1,000 (gemeente level, no
    small-number protection needed), plus the region as a whole."""
    frame = _counts(session, ctx, ctx.source, ctx.region, "gemeente")
    gemeenten = queries.areas(session, "gemeente")
    names = pd.DataFrame(
        {"area_code": [g.code for g in gemeenten], "naam": [g.naam for g in gemeenten]}
    )
    frame = names.merge(frame[["area_code", "p0"]], on="area_code", how="left").fillna({"p0": 0})
    if ctx.source.partner is not None and ctx.source.partner.gemeenten:
        frame = frame[frame["area_code"].isin(ctx.source.partner.gemeenten)]
    population = queries.population(session, [*frame["area_code"], ctx.region.code])
    frame["inwoners"] = frame["area_code"].map(population).astype(float)
    frame["per_1000"] = frame["p0"] / frame["inwoners"] * 1000
    total, inhabitants = frame["p0"].sum(), frame["inwoners"].sum()
    frame.attrs["regio_per_1000"] = total / inhabitants * 1000 if inhabitants else None
    frame.attrs["gekozen"] = ctx.gemeente.code if ctx.gemeente else None
    return frame.sort_values("per_1000", ascending=True).reset_index(drop=True)


# --- breakdown -----------------------------------------------------------------------------------


def breakdown(session: Session, ctx: ThemeContext) -> pd.DataFrame:
    """The selected source by incident code (police) or by attribute value (partner) in the
    period: groep, waarde, aantal (None when hidden), tekst. Below gemeente level each group is
    protected against the selection's own figure, which the page shows."""
    source = ctx.source
    target = _target(ctx, source)
    if ctx.sub_gemeente and source.niveau == "wijk":
        return _no_breakdown("Deze bron heeft geen cijfers per buurt; kies de gemeente.")
    if source.partner is None:
        codes = dict((c.mk_code, c.mk_omschrijving) for c in load_categories())
        counts = queries.month_code_counts(session, source.mk_codes, target, ctx.period)
        frame = pd.DataFrame(
            {
                "groep": "",
                "waarde": [f"{c} {codes.get(c, '')}".strip() for c in source.mk_codes],
                "aantal": [int(counts.get(c, 0)) for c in source.mk_codes],
            }
        )
    else:
        raw = partner_queries.breakdown(session, source.partner, target, ctx.period)
        labels = dict(source.partner.kenmerken)
        order = {name: k for k, name in enumerate(labels)}
        raw["_order"] = raw["kenmerk"].map(order)
        raw = raw.sort_values(["_order", "aantal", "waarde"], ascending=[True, False, True])
        frame = raw.drop(columns="_order").rename(columns={"kenmerk": "groep"})
        frame["groep"] = frame["groep"].map(lambda n: labels.get(n, n))
        frame = frame.reset_index(drop=True)
    frame["tekst"] = frame["aantal"].map(nl_number)
    if not (ctx.sub_gemeente and source.niveau == "buurt" and source.drempel > 0):
        return frame
    fig = figure_for(session, ctx, source)
    if fig["hidden"][0]:
        return _no_breakdown(
            "Het aantal van deze buurt is klein en daarom afgeschermd; de verdeling ook."
        )
    parts = []
    for _, group in frame.groupby("groep", sort=False):
        result = suppress_counts(
            group["aantal"].reset_index(drop=True),
            threshold=source.drempel,
            total=max(int(group["aantal"].sum()), fig["values"]["p0"]),
        )
        hidden = result.hidden.to_numpy()
        group = group.copy()
        group["tekst"] = result.display().to_numpy()
        group["aantal"] = group["aantal"].astype(object).where(~hidden, None)
        parts.append(group)
    return pd.concat(parts, ignore_index=True) if parts else frame


def _no_breakdown(reason: str) -> pd.DataFrame:
    frame = pd.DataFrame(columns=["groep", "waarde", "aantal", "tekst"])
    frame.attrs["reden"] = reason
    return frame


# --- CBS indicators and notes ------------------------------------------------------------------


def indicators(session: Session, ctx: ThemeContext) -> tuple[list[str], list[list[str]]]:
    """Header (area names) and rows (label, value per area) of the theme's CBS kerncijfers."""
    areas = [a for a in (ctx.area, ctx.gemeente, ctx.region) if a is not None]
    areas = list({a.code: a for a in areas}.values())
    frame = queries.indicators(session, [a.code for a in areas], ctx.theme.indicatoren)
    values = {(r.area_code, r.indicator): (r.waarde, r.jaar) for r in frame.itertuples()}
    rows = []
    for name in ctx.theme.indicatoren:
        cells = []
        for a in areas:
            value, _ = values.get((a.code, name), (None, None))
            decimals = 0 if name in kwb.COUNT_INDICATORS else 1
            cells.append(nl_number(value, decimals))
        rows.append([kwb.LABELS.get(name, name.replace("_", " ")), *cells])
    years = sorted({int(j) for j in frame["jaar"].dropna()}) if not frame.empty else []
    header = [f"CBS kerncijfers {years[-1]}" if years else "CBS kerncijfers"]
    return header + [a.naam for a in areas], rows


def source_notes(session: Session, ctx: ThemeContext) -> list[dict]:
    notes = []
    seen = set()
    for source in ctx.sources:
        key = source.partner.dataset_code if source.partner else POLITIE
        if key in seen:
            continue
        seen.add(key)
        first, last = (
            ctx.delivered[source.partner.dataset_code]
            if source.partner
            else (ctx.first, ctx.reference)
        )
        name = source.partner.dataset_naam if source.partner else "Politieregistraties (BVH)"
        detail = f"per {LEVEL_NAME[source.niveau]}, per {source.periode_soort}"
        if source.partner is None:
            detail = f"incidentcodes {', '.join(source.mk_codes)}; per buurt, per dag"
        if source.partner is not None and source.partner.gemeenten:
            detail += f"; alleen gemeente(n) {', '.join(source.partner.gemeenten)}"
        if source.drempel:
            detail += f"; aantallen onder {source.drempel} per buurt of wijk worden afgeschermd"
        notes.append(
            {
                "naam": name,
                "eigenaar": source.eigenaar,
                "detail": detail,
                "periode": f"{nl_month(first)} t/m {nl_month(last)}" if first and last else "",
                "toelichting": source.toelichting,
            }
        )
    return notes
