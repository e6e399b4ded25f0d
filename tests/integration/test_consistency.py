"""One truth on every surface (issue 19): for random selections, the KPI cards, the areas table,
its CSV, the measures and the periodic report give the same numbers and flag a partial period in
the same words.

The selections are drawn with a fixed seed (reproducible): area level region, gemeente, wijk or
buurt; a preset or a custom period (also one that starts before the data, so that comparisons
fall partly or wholly before the first delivery); either comparison; a subset of the
hoofdcategorieen or a few codes, sometimes a protected one; and a viewer: a gebruiker without
grants, a gebruiker with one theme, a projectleider. Callbacks are called as plain functions in
a request of that viewer. The periodic report is built for a handful of gemeente/quarter
combinations only (about a second each).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

import pandas as pd
import pytest
from flask_login import login_user
from openpyxl import load_workbook
from sqlalchemy import func, select

from auth.user import CurrentUser
from dashboard import policy
from dashboard.analysis.report_periods import ReportPeriod
from dashboard.analysis.report_periods import parse as parse_period
from dashboard.callbacks import algemeen as cb
from dashboard.data.models import FactIncident
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries.areas import Area
from dashboard.data.reference.categories import HOOFDCATEGORIEEN, MAIN_CATEGORIES, load_categories
from dashboard.data.reference.themes import THEME_DEFINITIONS
from dashboard.data.session import read_session
from dashboard.formatting import nl_number, nl_percent_change, nl_signed
from dashboard.measures import areas, counts
from dashboard.measures.selection import resolve
from dashboard.reports import periodic
from dashboard.state import ViewState, parse, to_search
from tests.csv_export import read_export

SEED = 19
SELECTIONS = 210
PRESETS = ("4w", "maand", "kwartaal", "jtd", "12m", "aangepast")
NOW = dt.datetime(2026, 11, 28, 9, 0)


@dataclass(frozen=True)
class Selection:
    search: str
    viewer: str
    asked_codes: tuple[str, ...]


def viewers() -> dict[str, CurrentUser]:
    themes = sorted(THEME_DEFINITIONS)
    out = {"gebruiker": CurrentUser(995, "c-geen", "gebruiker", "GM9901", True, frozenset())}
    for number, slug in enumerate(themes):
        out[f"thema-{slug}"] = CurrentUser(
            996 + number, f"c-{slug}", "gebruiker", "GM9901", True, frozenset({slug})
        )
    out["projectleider"] = CurrentUser(994, "c-pl", "projectleider", None, True)
    return out


def may_see(user: CurrentUser, code: str) -> bool:
    """The rule of the protected codes, written out independently of the policy module."""
    protecting = [t for t in THEME_DEFINITIONS.values() if t.beschermd and code in t.politie_codes]
    return (
        user.role == "projectleider"
        or not protecting
        or any(t.slug in user.themes for t in protecting)
    )


PROTECTED = frozenset(
    code for t in THEME_DEFINITIONS.values() if t.beschermd for code in t.politie_codes
)
CATEGORY = {c.mk_code: c.hoofdcategorie for c in load_categories()}


def counted_above_buurten(user: CurrentUser, ctx, child_codes) -> tuple[str, ...]:
    """The protected codes that the selected area's total counts and its buurten do not: a
    protected code counts in a gemeente's total for a viewer who may see it, never in a
    buurt's (the rule of totals, written out independently of the policy module). A selection
    of codes with a protected one lists gemeenten, not buurten."""
    below = any(code.startswith("BU") for code in child_codes)
    if ctx.area.niveau not in ("regio", "gemeente") or not below or ctx.filter.mk_codes:
        return ()
    chosen = set(ctx.filter.hoofdcategorieen)
    return tuple(sorted(c for c in PROTECTED if may_see(user, c) and CATEGORY[c] in chosen))


def direct_count(session, area: Area, codes, period) -> int:
    query = select(func.count()).where(
        FactIncident.pleegdatum.between(*period), FactIncident.mk_code.in_(list(codes))
    )
    if area.niveau == "gemeente":
        query = query.where(FactIncident.gemeente_code == area.code)
    return session.scalar(query) or 0


def inside(code: str, area: Area) -> bool:
    """Whether an area code lies in an area (CBS codes nest: GMgggg, WKggggww, BUggggwwbb)."""
    return area.niveau == "regio" or code[2:].startswith(area.code[2:])


@pytest.fixture(scope="module")
def world(demo_main):
    _, factory, _ = demo_main
    with factory() as session:
        first, last = freshness_queries.data_span(session)
        gemeenten = area_queries.areas(session, "gemeente")
        wijken = [w for g in gemeenten for w in area_queries.areas(session, "wijk", g)]
        buurten = [b for w in wijken for b in area_queries.areas(session, "buurt", w)]
        codes = list(incident_queries.category_options(session)["mk_code"])
    return {
        "first": first,
        "last": last,
        "areas": {"regio": [None], "gemeente": gemeenten, "wijk": wijken, "buurt": buurten},
        "codes": codes,
    }


def draw(rng: random.Random, world: dict, names: list[str]) -> Selection:
    level = rng.choice(("regio", "gemeente", "wijk", "buurt"))
    area = rng.choice(world["areas"][level])
    preset = rng.choice(PRESETS)
    van = tot = None
    if preset == "aangepast":
        # Often near the first delivery, so that comparisons (and sometimes the period) fall
        # partly or wholly before the data.
        start = world["first"] + dt.timedelta(days=rng.randrange(-120, 700))
        van, tot = start, start + dt.timedelta(days=rng.randrange(6, 500))
    codes: tuple[str, ...] = ()
    hoofdcategorieen = tuple(
        sorted(rng.sample(MAIN_CATEGORIES, rng.randint(1, len(MAIN_CATEGORIES))))
    )
    if rng.random() < 0.35:
        codes = tuple(rng.sample(world["codes"], rng.randint(1, 3)))
        if rng.random() < 0.5:
            codes += (rng.choice(sorted(policy.PROTECTED_CODES)),)
        hoofdcategorieen = MAIN_CATEGORIES
    state = ViewState(
        periode=preset,
        van=van,
        tot=tot,
        vergelijking=rng.choice(("vorige", "vorig_jaar")),
        hoofdcategorieen=hoofdcategorieen,
        codes=codes,
    ).with_area(area.code if area else None)
    return Selection(to_search(state), rng.choice(names), codes)


def card_parts(card) -> dict:
    body = card.children.children
    change, compared = body[2].children
    return {
        "key": card.id["categorie"],
        "label": body[0].children,
        "periode": getattr(body[1], "data-value"),
        "change": change.children,
        "compared": compared.children,
        "rate": body[3].children,
        "hint": None if body[4] is None else body[4].children,
        "flags": [div.children for div in body[5:]],
    }


def expected_card(figure: counts.KpiFigure) -> dict:
    pct = figure.verschil_pct
    compared = f" t.o.v. {nl_number(figure.vergelijking)}"
    # A period the data do not cover in full claims no change (its flag says why).
    whole = figure.periode_dekking.whole and figure.vergelijking_dekking.whole
    return {
        "key": figure.key,
        "label": figure.label,
        "periode": str(figure.periode),
        "change": f"{nl_signed(figure.verschil)} ({nl_percent_change(pct)})"
        if whole
        else "verschil n.v.t.",
        "compared": compared if whole else compared + " (onvolledig)",
        "rate": f"{nl_number(figure.per_1000, 1)} per 1.000 inwoners",
        "hint": None if figure.hint is None else figure.hint.text,
        "flags": list(figure.flags),
    }


def csv_frame(download: dict) -> tuple[str, pd.DataFrame]:
    header, frame = read_export(download, dtype={"Gebiedscode": str})
    return header, frame.rename(columns={v: k for k, v in areas.CSV_COLUMNS.items()})


def close(a, b, tolerance: float = 0.0051) -> bool:
    """Equal, as rounded to two decimals in the CSV (None and NaN are the same: no figure)."""
    missing_a = a is None or pd.isna(a)
    missing_b = b is None or pd.isna(b)
    if missing_a or missing_b:
        return missing_a and missing_b
    return abs(float(a) - float(b)) <= tolerance


def check_selection(selection: Selection, user: CurrentUser) -> dict:
    """Every surface of one selection against the measures; returns what the summary counts."""
    where = f"{selection.viewer} {selection.search}"
    main = cb.update_main(selection.search)
    cards, rows = main["kpis"], main["table"]["rowData"]
    header, csv = csv_frame(cb.download_table(1, selection.search)["download"])
    with read_session() as session:
        ctx = resolve(session, parse(selection.search), policy.current_viewer())
        # The measure on its own path: a count of the selection's own area (the callback sums
        # one count per child area), and the areas table counted without categories.
        figures = counts.kpi_figures(session, ctx)
        table = areas.area_table(session, ctx).frame

    # The policy: exactly the codes the rule allows, and nothing below gemeente level for a
    # selection with a protected code.
    assert ctx.state.codes == tuple(c for c in selection.asked_codes if may_see(user, c)), where
    if ctx.codes.protected:
        assert ctx.area.niveau in ("regio", "gemeente"), where
        assert all(code.startswith("GM") for code in csv["area_code"]), where

    # KPI cards == measures, text for text.
    assert [card_parts(c) for c in cards] == [expected_card(f) for f in figures], where
    total = figures[0]
    assert total.key == counts.TOTAL
    if not ctx.filter.mk_codes:  # codes may lie outside the chosen hoofdcategorieen' cards
        assert total.periode == sum(f.periode for f in figures[1:]), where
    assert total.verschil == total.periode - total.vergelijking
    if total.vergelijking:
        assert close(total.verschil_pct, total.verschil / total.vergelijking * 100, 1e-9)
    else:
        assert total.verschil_pct is None

    # The areas table (page one, the CSV, the table without categories) == the cards.
    assert len(csv) == len(table) == main["table"]["rowCount"], where
    by_code = csv.set_index(["area_code", "naam"])
    for row in rows:
        line = by_code.loc[(row["area_code"], row["naam"])]
        assert (line["periode"], line["vergelijking"]) == (row["periode"], row["vergelijking"])
    mine = csv[[inside(code, ctx.area) for code in csv["area_code"]]]
    # The areas add up to the card, but for the protected codes that the card counts at the
    # area's level and its buurten do not.
    above = counted_above_buurten(user, ctx, csv["area_code"])
    extra = [0, 0]
    if above:
        with read_session() as session:
            extra = [direct_count(session, ctx.area, above, p) for p in ctx.periods.values()]
    assert (
        int(mine["periode"].sum()) + extra[0],
        int(mine["vergelijking"].sum()) + extra[1],
    ) == (total.periode, total.vergelijking), where
    assert int(table["periode"].sum()) == int(csv["periode"].sum()), where
    for line in csv.itertuples():
        inwoners = None if pd.isna(line.inwoners) else float(line.inwoners)
        figure = counts.KpiFigure("", "", int(line.periode), int(line.vergelijking), inwoners)
        assert line.verschil == figure.verschil, where
        assert close(line.verschil_pct, figure.verschil_pct), where
        assert close(line.per_1000, figure.per_1000), where
        if line.area_code == ctx.area.code:  # the selected area's own row: the same rate
            assert close(line.per_1000, total.per_1000), where

    # Partial periods: the same words on the cards, in the CSV and in the measure.
    flags = list(ctx.partial_flags)
    assert all(list(f.flags) == flags for f in figures), where
    for flag in flags:
        assert f"{flag}." in header, where
    if not flags:
        assert "onvolledig" not in header, where
    coverage = ctx.coverage
    assert bool(flags) == any(
        (c.first is not None and c.start < c.first) or c.end > c.last for c in coverage.values()
    ), where
    return {
        "partial": bool(flags),
        "protected": ctx.codes.protected,
        "level": ctx.area.niveau,
        "left_out": bool(above),
    }


def test_random_selections_give_the_same_numbers_everywhere(app, world):
    rng = random.Random(SEED)
    users = viewers()
    names = ["gebruiker", "projectleider", *(n for n in users if n.startswith("thema-"))]
    selections = [draw(rng, world, names) for _ in range(SELECTIONS)]
    seen = []
    for name in sorted({s.viewer for s in selections}):
        with app.server.test_request_context():
            login_user(users[name])
            seen += [check_selection(s, users[name]) for s in selections if s.viewer == name]
    assert len(seen) >= 200
    # The draw covers what it should: every level, partial periods, protected selections.
    assert {s["level"] for s in seen} == {"regio", "gemeente", "wijk", "buurt"}
    assert sum(s["partial"] for s in seen) >= 10
    assert sum(s["protected"] for s in seen) >= 5
    assert sum(s["left_out"] for s in seen) >= 5  # gemeenten whose buurten leave codes out


def whole_month_after(day: dt.date) -> dt.date:
    """The first whole month that starts on or after day."""
    if day.day == 1:
        return day
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def report_rows(content: bytes) -> tuple[dict, str]:
    workbook = load_workbook(io.BytesIO(content))
    sheet = next(s for s in workbook.worksheets if s.title.startswith("Registraties per hoofd"))
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    info = " ".join(str(r[0]) for r in workbook.worksheets[0].iter_rows(values_only=True))
    return rows, info


@pytest.mark.parametrize(
    ("gemeente", "quarter"),
    [("GM9901", "2022-Q1"), ("GM9902", "2023-Q2"), ("GM9903", "2026-Q3")],
)
def test_the_report_of_a_quarter_equals_the_dashboard(app, world, gemeente, quarter):
    """The XLSX report of a gemeente and quarter against Algemeen beeld's cards for that
    quarter against the same quarter a year before: the same counts, change, rate and flags;
    and the report's trend starts at the first whole month of data. 2022-Q1 is the first whole
    quarter of the demo: its comparison lies before the first delivery."""
    period = parse_period(quarter)
    user = viewers()["gebruiker"]
    search = to_search(
        ViewState(
            periode="aangepast", van=period.start, tot=period.end, vergelijking="vorig_jaar"
        ).with_area(gemeente)
    )
    with app.server.test_request_context():
        login_user(user)
        cards = cb.update_main(search)["kpis"]
        with read_session() as session:
            viewer = policy.current_viewer()
            ctx = resolve(session, parse(search), viewer)
            figures = {f.key: f for f in counts.kpi_figures(session, ctx)}
            content = periodic.render(session, gemeente, quarter, "xlsx", NOW, viewer)
            collected = periodic.collect(session, gemeente, period, viewer)
    assert ctx.period == period.span  # a whole quarter inside the data: not adjusted
    cards = {card_parts(c)["key"]: card_parts(c) for c in cards}
    rows, info = report_rows(content)
    labels = {k: HOOFDCATEGORIEEN[k] for k in MAIN_CATEGORIES}
    labels[counts.TOTAL] = "Totaal vijf hoofdcategorieën"
    for key, label in labels.items():
        figure = figures[key]
        _, now, _, last_year, change, pct, rate, _ = rows[label]
        assert (now, last_year, change) == (figure.periode, figure.vergelijking, figure.verschil)
        assert cards[key]["periode"] == str(now)
        assert close(None if pct is None else pct * 100, figure.verschil_pct, 1e-9), key
        assert close(rate, figure.per_1000, 1e-9), key
    # Partial periods: the dashboard's flags are the report's (its change is against the same
    # quarter last year, the dashboard's comparison here).
    dashboard_flags = set(ctx.partial_flags)
    report_flags = {f for f in collected.partial_flags if not f.startswith("Vorige periode")}
    assert dashboard_flags == report_flags
    for flag in dashboard_flags:
        assert f"{flag}." in info
        assert all(flag in card["flags"] for card in cards.values())
    assert bool(dashboard_flags) == (quarter == "2022-Q1")
    # The trend starts at the first whole month of data (or 36 months before the period end).
    window_start = ReportPeriod(
        "maand", period.first_month + period.months - periodic.TREND_MONTHS
    ).start
    expected = max(whole_month_after(world["first"]), window_start)
    assert collected.trend["start"].iloc[0] == expected
