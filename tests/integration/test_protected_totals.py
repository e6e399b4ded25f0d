"""Protected codes inside the totals (issue 19): a hoofdcategorie or "alle categorieën" counts
its protected codes only where the viewer may see them at that level.

The protected codes (themes.toml `beschermd = true`) lie in hoofdcategorie overlast. If the
overlast total of a buurt held them, any user could select the unprotected overlast codes and
subtract: the difference is the protected count the theme page hides as "<5". So, on every
general surface (KPI cards, map and areas table, CSV, trend, day x hour, the periodic report):

- per wijk or buurt, totals are counted without any protected code, for every viewer;
- per gemeente and for the region, a protected code counts only for a viewer who may see it
  (a holder of a protecting theme, projectleider, admin).

Generated over every viewer (no grant, each theme grant, projectleider, admin) x every level x
every surface, with the rule written out here independently of dashboard.policy:

(a) a total minus the sum of its unprotected codes is exactly the protected codes the viewer may
    see at that level (none below gemeente level), per buurt, per wijk, per gemeente, region;
(b) a wijk minus its buurten, and a gemeente minus its buurten, hold no protected count that the
    viewer may not see at gemeente level;
(c) the general areas table minus the theme table: the general table of a buurt does not depend
    on its protected count at all, so it pins no hidden theme cell;
(d) a period shifted by one week: every figure obeys (a) for every period, so the difference of
    two shifted periods holds no protected count either; and the theme page itself only shows
    whole quarters (a shifted period cannot be asked for there).

Admin's totals per gemeente and for the region are unchanged: they still equal the direct
counts of every registration.
"""

from __future__ import annotations

import base64
import datetime as dt
import io

import numpy as np
import pytest
from flask_login import login_user
from openpyxl import load_workbook
from sqlalchemy import func, select

from auth.user import CurrentUser
from dashboard.analysis.report_periods import parse as parse_period
from dashboard.callbacks import algemeen as cb
from dashboard.callbacks import thema as theme_cb
from dashboard.data.models import FactIncident
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries.areas import Area
from dashboard.data.reference.categories import MAIN_CATEGORIES, load_categories
from dashboard.data.reference.themes import THEME_DEFINITIONS
from dashboard.data.session import read_session
from dashboard.reports import periodic
from dashboard.state import ViewState, to_search
from tests.csv_export import read_export

VIEWERS = {
    "zonder-thema": CurrentUser(980, "p-geen", "gebruiker", "GM9901", True, frozenset()),
    **{
        f"thema-{slug}": CurrentUser(
            981, f"p-{slug}", "gebruiker", "GM9901", True, frozenset({slug})
        )
        for slug in THEME_DEFINITIONS
    },
    "projectleider": CurrentUser(982, "p-pl", "projectleider", None, True),
    "admin": CurrentUser(983, "p-admin", "admin", None, True),
}
LEVELS = ("regio", "gemeente", "wijk", "buurt")
VAN, TOT = dt.date(2025, 6, 1), dt.date(2026, 5, 31)
WEEK = dt.timedelta(days=7)
AREA_COLUMN = {
    "gemeente": FactIncident.gemeente_code,
    "wijk": FactIncident.wijk_code,
    "buurt": FactIncident.buurt_code,
}

# The rule, written out independently of dashboard.policy.
PROTECTED = frozenset(
    code for t in THEME_DEFINITIONS.values() if t.beschermd for code in t.politie_codes
)
CATEGORY = {c.mk_code: c.hoofdcategorie for c in load_categories()}
OVERLAST = tuple(sorted(c for c, hc in CATEGORY.items() if hc == "overlast"))
UNPROTECTED_OVERLAST = tuple(c for c in OVERLAST if c not in PROTECTED)


def may_see(viewer: CurrentUser, code: str) -> bool:
    if viewer.role in ("admin", "projectleider") or code not in PROTECTED:
        return True
    return any(
        THEME_DEFINITIONS[t].beschermd and code in THEME_DEFINITIONS[t].politie_codes
        for t in viewer.themes
    )


def counted(viewer: CurrentUser, level: str) -> tuple[str, ...]:
    """The protected codes in a total of an area of this level, for this viewer."""
    if level in ("wijk", "buurt"):
        return ()
    return tuple(sorted(c for c in PROTECTED if may_see(viewer, c)))


def test_the_protected_codes_lie_in_overlast():
    """The premise of the leak: the protected codes count in a hoofdcategorie total."""
    assert PROTECTED and all(CATEGORY[c] == "overlast" for c in PROTECTED)
    assert "overlast" in MAIN_CATEGORIES


# --- the data: areas with protected registrations ---------------------------------------------


def direct(session, level: str, code: str | None, codes, period=(VAN, TOT)) -> int:
    """The registrations of some codes in an area, counted straight from the fact table."""
    query = select(func.count()).where(
        FactIncident.pleegdatum.between(*period), FactIncident.mk_code.in_(list(codes))
    )
    if level in AREA_COLUMN:
        query = query.where(AREA_COLUMN[level] == code)
    return session.scalar(query) or 0


@pytest.fixture(scope="module")
def areas(demo_main):
    """A gemeente and the wijk and buurt of it with the most protected registrations in the
    period (so that every check below would see a leak)."""
    _, factory, _ = demo_main
    with factory() as session:
        gemeente = area_queries.area(session, "GM9901")

        def most(level: str, parent) -> Area:
            children = area_queries.areas(session, level, parent)
            return max(children, key=lambda a: direct(session, level, a.code, PROTECTED))

        wijk = most("wijk", gemeente)
        buurt = most("buurt", wijk)
        for level, area in (("gemeente", gemeente), ("wijk", wijk), ("buurt", buurt)):
            assert direct(session, level, area.code, PROTECTED) > 0, level
        for code in PROTECTED:  # every code has registrations to protect in this gemeente
            assert direct(session, "gemeente", gemeente.code, [code]) > 0, code
    return {"regio": None, "gemeente": gemeente.code, "wijk": wijk.code, "buurt": buurt.code}


# --- what the surfaces answer ------------------------------------------------------------------


def search(area: str | None, hoofdcategorieen=("overlast",), codes=(), van=VAN, tot=TOT) -> str:
    state = ViewState(
        periode="aangepast",
        van=van,
        tot=tot,
        hoofdcategorieen=tuple(hoofdcategorieen),
        codes=tuple(codes),
        trend="week",
    )
    return to_search(state.with_area(area))


def csv_rows(download: dict) -> tuple[str, dict[str, tuple[int, int]]]:
    content = download["content"]
    if download.get("base64"):
        content = base64.b64decode(content).decode("utf-8")
    header, frame = read_export(content, dtype={"Gebiedscode": str})
    rows = {
        r.Gebiedscode: (int(r.Aantal), int(r.Vergelijking))
        for r in frame[["Gebiedscode", "Aantal", "Vergelijking"]].itertuples()
    }
    return header, rows


def plotly_values(raw) -> list:
    """A plotly array: a plain list, or plotly's typed-array form {'dtype', 'bdata', 'shape'}."""
    if isinstance(raw, dict) and "bdata" in raw:
        array = np.frombuffer(base64.b64decode(raw["bdata"]), dtype=np.dtype(raw["dtype"]))
        if raw.get("shape"):
            array = array.reshape([int(n) for n in str(raw["shape"]).split(",")])
        return array.tolist()
    return list(raw if raw is not None else [])


def figure_numbers(figure) -> list[list[float | None]]:
    """The numbers a chart draws: y of each trace, or the rows of a heatmap's z. None where a
    trace draws nothing (the parts of a partial week or month, a gap), at the same place for
    every viewer: the buckets' completeness does not depend on the codes counted."""

    def number(v):
        return None if v is None else float(v)

    out = []
    for trace in figure.to_plotly_json()["data"]:
        if "z" in trace:
            out += [[number(v) for v in row] for row in plotly_values(trace["z"])]
        elif "y" in trace:
            out.append([number(v) for v in plotly_values(trace["y"])])
    return out


def surfaces(query: str) -> dict:
    main = cb.update_main(query)
    title, cards = main["title"], main["kpis"]
    header, rows = csv_rows(cb.download_table(1, query)["download"])
    return {
        "title": str(title),
        "header": header,
        "cards": {
            card.id["categorie"]: int(getattr(card.children.children[1], "data-value"))
            for card in cards
        },
        "rows": rows,
        "trend": figure_numbers(cb.update_trend(query)["trend"]),
        "heatmap": figure_numbers(cb.update_heatmap(query)["heatmap"]),
    }


def plus(a: list[list[float]], b: list[list[float]] | None) -> list[list[float]]:
    if b is None:
        return a
    if not b:  # an empty chart ("geen gegevens") adds nothing
        return a
    if not a:
        return b
    # A gap plus a gap is a gap; a gap beside a number is a difference and raises.
    return [
        [None if x is None and y is None else x + y for x, y in zip(ra, rb, strict=True)]
        for ra, rb in zip(a, b, strict=True)
    ]


def rows_plus(a: dict, b: dict | None) -> dict:
    if b is None:
        return a
    keys = set(a) | set(b)
    return {
        k: tuple(x + y for x, y in zip(a.get(k, (0, 0)), b.get(k, (0, 0)), strict=True))
        for k in keys
    }


def nonzero(rows: dict) -> dict:
    return {k: v for k, v in rows.items() if any(v)}


# --- (a) and (b): every viewer x level x surface ------------------------------------------------


@pytest.mark.parametrize("name", sorted(VIEWERS))
def test_a_total_minus_its_unprotected_codes_gives_only_what_the_viewer_may_see(
    app, demo_main, areas, name
):
    viewer = VIEWERS[name]
    _, factory, _ = demo_main
    for level in LEVELS:
        area = areas[level]
        where = f"{name} / {level}"
        with app.server.test_request_context():
            login_user(viewer)
            total = surfaces(search(area))
            everything = surfaces(search(area, MAIN_CATEGORIES))
            unprotected = surfaces(search(area, codes=UNPROTECTED_OVERLAST))
            seen = counted(viewer, level)
            # The viewer's own selection of the protected codes he may see here: what the
            # total may hold beyond its unprotected codes (nothing below gemeente level).
            extra = surfaces(search(area, codes=seen)) if seen else None
            child_seen = counted(viewer, "gemeente" if level == "regio" else "buurt")
            extra_children = extra if (extra is not None and child_seen) else None
        # (a) the cards: overlast == its unprotected codes + what the viewer may see here.
        expected = unprotected["cards"]["totaal"] + (extra["cards"]["totaal"] if extra else 0)
        assert total["cards"]["overlast"] == expected, where
        assert everything["cards"]["overlast"] == total["cards"]["overlast"], where
        assert everything["cards"]["totaal"] == sum(
            v for k, v in everything["cards"].items() if k != "totaal"
        ), where
        with factory() as session:
            truth = direct(session, level, area, (*UNPROTECTED_OVERLAST, *seen))
        assert total["cards"]["overlast"] == truth, where
        # (a) the map, areas table and CSV, per child area (gemeenten of the region, else
        # buurten): the same rule at the children's level.
        assert nonzero(total["rows"]) == nonzero(
            rows_plus(unprotected["rows"], extra_children["rows"] if extra_children else None)
        ), where
        # (a) the trend and the day x hour pattern of the area.
        assert total["trend"] == plus(unprotected["trend"], extra and extra["trend"]), where
        assert total["heatmap"] == plus(unprotected["heatmap"], extra and extra["heatmap"]), where
        # The page says what was left out, once, in its note (and so the CSV's first line).
        hidden = [c for c in PROTECTED if not may_see(viewer, c)]
        if hidden:
            assert "waarvoor u geen toegang heeft" in total["title"], where
            assert "waarvoor u geen toegang heeft" in total["header"], where
        shows_buurten = level != "regio"
        if shows_buurten and len(hidden) < len(PROTECTED):
            assert "onder gemeenteniveau" in total["title"], where
        if not hidden and not shows_buurten:
            assert "beschermde" not in total["title"], where
        assert total["title"].count("Zonder") == 1 or not (hidden or shows_buurten), where

        # (b) an area minus its buurten: no protected count the viewer may not see at the
        # area's level (a wijk: none at all; a gemeente: only those he may see per gemeente).
        if level in ("gemeente", "wijk"):
            inside = [k for k in total["rows"] if k.startswith("BU")]
            rest = total["cards"]["overlast"] - sum(total["rows"][k][0] for k in inside)
            rest_unprotected = unprotected["cards"]["totaal"] - sum(
                unprotected["rows"].get(k, (0, 0))[0] for k in inside
            )
            allowed = extra["cards"]["totaal"] if extra else 0
            assert rest == rest_unprotected + allowed, where


def test_a_gemeente_total_holds_a_protected_code_only_for_who_may_see_it(app, areas, demo_main):
    """(a) per gemeente for a viewer without the grant, through the region's table of
    gemeenten: its rows are the direct counts of exactly the codes the viewer may see."""
    _, factory, _ = demo_main
    for name, viewer in VIEWERS.items():
        with app.server.test_request_context():
            login_user(viewer)
            rows = surfaces(search(None))["rows"]
        codes = (*UNPROTECTED_OVERLAST, *counted(viewer, "gemeente"))
        with factory() as session:
            for gemeente in area_queries.areas(session, "gemeente"):
                expected = direct(session, "gemeente", gemeente.code, codes)
                assert rows.get(gemeente.code, (0, 0))[0] == expected, (name, gemeente.code)


def test_admin_totals_per_gemeente_and_for_the_region_are_unchanged(app, areas, demo_main):
    """Admin sees every code at gemeente level and above: the region's cards and its table of
    gemeenten, and a gemeente's cards, are the direct counts of every registration."""
    _, factory, _ = demo_main
    everything = tuple(c for c, hc in CATEGORY.items() if hc in MAIN_CATEGORIES)
    with app.server.test_request_context():
        login_user(VIEWERS["admin"])
        region = surfaces(search(None, MAIN_CATEGORIES))
        gemeente = surfaces(search(areas["gemeente"], MAIN_CATEGORIES))
    assert "beschermde" not in region["title"]
    with factory() as session:
        assert region["cards"]["totaal"] == direct(session, "regio", None, everything)
        for hc in MAIN_CATEGORIES:
            codes = [c for c, h in CATEGORY.items() if h == hc]
            assert region["cards"][hc] == direct(session, "regio", None, codes), hc
            assert gemeente["cards"][hc] == direct(session, "gemeente", areas["gemeente"], codes), (
                hc
            )
        for code, (now, _) in region["rows"].items():
            assert now == direct(session, "gemeente", code, everything), code


# --- (c) the general table minus the theme table -----------------------------------------------


@pytest.mark.parametrize("slug", sorted(s for s, t in THEME_DEFINITIONS.items() if t.beschermd))
def test_the_general_table_pins_no_hidden_cell_of_the_theme_table(app, demo_main, slug):
    """A holder of the theme reads a gemeente's buurten ("<5", "x") in the theme's CSV, and the
    general table of the same whole quarters. The general overlast row of a buurt is its
    unprotected count, whatever the protected count behind the theme's hidden cell: general
    minus theme is no equation in a hidden count."""
    _, factory, _ = demo_main
    theme = THEME_DEFINITIONS[slug]
    pathname = f"/thema/{slug}"
    with factory() as session:
        gemeenten = [g.code for g in area_queries.areas(session, "gemeente")]
    hidden_counts = []
    for gemeente in gemeenten:
        query = f"?gebied={gemeente}"
        with app.server.test_request_context():
            login_user(VIEWERS[f"thema-{slug}"])
            context, _ = theme_cb.in_theme(pathname, query, lambda s, c: None)
            download = theme_cb.download_table(1, query, pathname)
            period = context.period
            general = surfaces(search(gemeente, van=period[0], tot=period[1]))["rows"]
        _, frame = read_export(download, dtype=str)
        cells = {
            r.Gebiedscode: r.Aantal for r in frame.itertuples() if r.Gebiedscode.startswith("BU")
        }
        with factory() as session:
            for buurt, text in cells.items():
                if text.startswith("<") or text == "x":
                    hidden_counts.append(
                        direct(session, "buurt", buurt, theme.politie_codes, period)
                    )
                unprotected = direct(session, "buurt", buurt, UNPROTECTED_OVERLAST, period)
                # The general row is the unprotected count, nothing of the theme's codes.
                assert general.get(buurt, (0, 0))[0] == unprotected, (gemeente, buurt)
    assert any(hidden_counts), "the theme tables should hide registrations"


# --- (d) one week's shift of the period --------------------------------------------------------


@pytest.mark.parametrize("name", ["zonder-thema", "thema-woonoverlast", "admin"])
def test_a_week_shift_of_the_period_gives_no_protected_count_below_gemeente(
    app, areas, demo_main, name
):
    """The difference of a buurt's (and wijk's) overlast over two periods a week apart is the
    difference of its unprotected codes: the week's protected registrations are in neither."""
    viewer = VIEWERS[name]
    _, factory, _ = demo_main
    with app.server.test_request_context():
        login_user(viewer)
        for level in ("wijk", "buurt"):
            area = areas[level]
            now = surfaces(search(area))
            shifted = surfaces(search(area, van=VAN + WEEK, tot=TOT + WEEK))
            plain_now = surfaces(search(area, codes=UNPROTECTED_OVERLAST))
            plain_shifted = surfaces(
                search(area, codes=UNPROTECTED_OVERLAST, van=VAN + WEEK, tot=TOT + WEEK)
            )
            change = now["cards"]["overlast"] - shifted["cards"]["overlast"]
            plain = plain_now["cards"]["totaal"] - plain_shifted["cards"]["totaal"]
            assert change == plain, (name, level)
            for code in now["rows"]:
                assert (
                    now["rows"][code][0] - shifted["rows"].get(code, (0, 0))[0]
                    == plain_now["rows"].get(code, (0, 0))[0]
                    - plain_shifted["rows"].get(code, (0, 0))[0]
                ), (name, level, code)
    with factory() as session:  # and the week did hold protected registrations
        weeks = ((VAN, VAN + WEEK - dt.timedelta(days=1)), (TOT + dt.timedelta(days=1), TOT + WEEK))
        assert sum(direct(session, "gemeente", areas["gemeente"], PROTECTED, w) for w in weeks)


def test_the_theme_page_shows_whole_quarters_only():
    """The theme page, where holders read protected buurten, takes no custom period: a link
    asking for a shifted one gets the whole quarters, so two of its views differ by whole
    quarters, each protected by its own small-number rule."""
    from dashboard.analysis import theme_periods
    from dashboard.measures import theme_selection

    for asked in ("?periode=aangepast&van=2025-06-08&tot=2026-06-07", "?periode=2025-06-08"):
        assert theme_selection.parse_state(asked).periode == theme_periods.LAST_FOUR_QUARTERS
    reference = dt.date(2026, 11, 20)
    for key in ("4k", "2025", "2024"):
        for start, end in theme_periods.windows(theme_periods.resolve(key, reference)).values():
            assert start.day == 1 and start.month in (1, 4, 7, 10), key
            after = end + dt.timedelta(days=1)
            assert after.day == 1 and after.month in (1, 4, 7, 10), key


# --- the periodic report (PDF/XLSX) ------------------------------------------------------------


def report_info(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    return " ".join(str(r[0]) for r in workbook.worksheets[0].iter_rows(values_only=True))


@pytest.mark.parametrize("name", sorted(VIEWERS))
def test_the_periodic_report_counts_what_the_viewer_may_see_at_each_level(
    app, areas, demo_main, name
):
    viewer = VIEWERS[name]
    _, factory, _ = demo_main
    period = parse_period("2026-Q1")
    main = tuple(c for c, hc in CATEGORY.items() if hc in MAIN_CATEGORIES)
    with app.server.test_request_context():
        login_user(viewer)
        with read_session() as session:
            from dashboard import policy

            me = policy.current_viewer()
            figures = periodic.collect(session, areas["gemeente"], period, me)
            content = periodic.render(
                session, areas["gemeente"], "2026-Q1", "xlsx", dt.datetime(2026, 12, 1), me
            )
    kpis = figures.kpis.set_index("onderwerp")
    seen = counted(viewer, "gemeente")
    with factory() as session:
        gemeente = area_queries.area(session, areas["gemeente"])
        region = area_queries.region(session)
        population = indicator_queries.population(session, [gemeente.code, region.code])
        own = direct(
            session, "gemeente", gemeente.code, (*UNPROTECTED_OVERLAST, *seen), period.span
        )
        regional = direct(session, "regio", None, (*UNPROTECTED_OVERLAST, *seen), period.span)
        row = kpis.loc["Overlast en vernieling"]
        assert row["periode"] == own, name
        # The region beside it counts the same codes (a rate compares like with like).
        assert row["regio_per_1000"] == pytest.approx(regional / population[region.code] * 1000)
        # The buurten: never a protected code.
        unprotected_main = tuple(c for c in main if c not in PROTECTED)
        for line in figures.buurten.itertuples():
            expected = direct(session, "buurt", line.code, unprotected_main, period.span)
            assert line.periode == expected, (name, line.code)
        # The trend per month: the gemeente's codes the viewer may see.
        first = figures.trend["start"].iloc[-1]
        month = (first, (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1))
        month = (month[0], month[1] - dt.timedelta(days=1))
        assert figures.trend["Overlast en vernieling"].iloc[-1] == direct(
            session, "gemeente", gemeente.code, (*UNPROTECTED_OVERLAST, *seen), month
        )
    info = report_info(content)
    assert "onder gemeenteniveau" in info or seen == ()
    if len(seen) < len(PROTECTED):
        assert "waarvoor u geen toegang heeft" in info, name
    else:
        assert "waarvoor u geen toegang heeft" not in info, name
