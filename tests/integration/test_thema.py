"""The thematic dashboards (issue 4): access per theme generated from the page table and the
callback map, the data owner's gemeente restriction, the numbers against the query layer, and
small-number protection in every part of a page and in the export."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard import pages
from dashboard.data.ingest.partner import load_partner
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries.filters import IncidentFilter
from dashboard.data.reference.themes import THEME_DEFINITIONS, THEMES
from dashboard.data.store import grants as grant_store
from dashboard.data.store import protocol, users
from dashboard.formatting import nl_number, nl_percent_change, nl_signed
from dashboard.layouts.components.frame import URL
from dashboard.layouts.thema import THEMA, kpi_cards
from dashboard.measures import theme_areas as areas
from dashboard.measures import theme_selection as selection
from dashboard.measures.theme_breakdown import breakdown
from dashboard.measures.theme_kpis import theme_kpis
from dashboard.measures.theme_trend import trend
from dashboard.policy import Viewer
from tests.attacker import number, pinned_cells
from tests.conftest import DEMO_END, database_copy, login, make_app, shared_demo_snapshot, write_csv
from tests.csv_export import read_export
from tests.dash_requests import post_dependency

THEME_PAGES = [p for p in pages.PAGES if p.theme]
PASSWORD = "thema-wachtwoord-1"
RESTRICTED_SPEC = """
code = "bemiddeling-proefdorp"
naam = "Buurtbemiddeling Proefdorp"
thema = "woonoverlast"
eigenaar = "Gemeente Proefdorp"
niveau = "buurt"
periode = "maand"
[toegang]
gemeenten = ["GM9902"]
[kolommen]
gebied = "Buurtcode"
periode = "Maand"
[[maten]]
kolom = "Aantal zaken"
naam = "zaken"
label = "Bemiddelingszaken Proefdorp"
"""
# Buurten of GM9902 in the fictional demo region (dashboard/data/demo/region.py).
PROEFDORP_BUURTEN = [f"BU9902{w:02d}{b:02d}" for w, n in enumerate((4, 3)) for b in range(n)]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return shared_demo_snapshot(tmp_path_factory.mktemp("thema"), seed=11, scale=0.5, years=3)


@pytest.fixture(scope="module")
def site(snapshot, tmp_path_factory):
    """One private database for the module: the demo plus a dataset restricted to GM9902, and
    members of woonoverlast in GM9901 and GM9902."""
    folder = tmp_path_factory.mktemp("thema-site")
    with database_copy(snapshot, folder) as (url, factory, _):
        spec = folder / "bemiddeling.toml"
        spec.write_text(RESTRICTED_SPEC, encoding="utf-8")
        months = [
            f"{DEMO_END.year - (m > DEMO_END.month - 1)}-{(DEMO_END.month - 1 - m) % 12 + 1:02d}"
            for m in range(24)
        ]
        rows = [
            [b, month, str((i * 7) % 13)]
            for i, (b, month) in enumerate((b, m) for b in PROEFDORP_BUURTEN for m in months)
        ]
        path = write_csv(folder / "bemiddeling.csv", ["Buurtcode", "Maand", "Aantal zaken"], rows)
        assert load_partner(factory, spec, path, today=DEMO_END).status == "geladen"
        with factory.begin() as session:
            for name, gemeente in (("lid-demostad", "GM9901"), ("lid-proefdorp", "GM9902")):
                user = users.add_user(
                    session, name, role="gebruiker", gemeente_code=gemeente, password=PASSWORD
                )
                grant_store.grant_theme(session, name, "woonoverlast")
                protocol.accept(session, user.id, protocol.current_version(session).versie)
        yield url, factory, make_app(url)


def client_for(app, username: str, password: str | None = None):
    client = app.server.test_client()
    assert login(client, username, password).status_code == 302
    return client


def theme_callbacks(client) -> list[dict]:
    """Every server callback of the app that serves a theme page: those with an output on it
    (clientside callbacks run in the browser and get no data from the server)."""
    deps = client.get("/_dash-dependencies").get_json()
    return [
        d
        for d in deps
        if any(o.startswith("thema-") for o in d["output"].strip(".").split("..."))
        and not d.get("clientside_function")
    ]


def call(client, dep: dict, pathname: str, search: str = "?periode=4k"):
    """Post one callback the way the browser does, with plausible values for its inputs."""
    values = {
        (THEMA.view, "data"): search,
        (URL, "pathname"): pathname,
        (THEMA.table_download_button, "n_clicks"): 1,
        (THEMA.period, "value"): "4k",
        (THEMA.source, "value"): "politie",
        (THEMA.measure, "value"): "aantal",
        (THEMA.gemeente, "value"): "GM9901",
    }
    return post_dependency(client, dep, values)


# --- access, generated from the page table and the callback map -------------------------------


def test_every_theme_has_a_page_in_the_table():
    assert sorted(p.theme for p in THEME_PAGES) == sorted(THEMES)
    assert all(p.path == f"/thema/{p.theme}" and p.title == THEMES[p.theme] for p in THEME_PAGES)


@pytest.mark.parametrize("page", THEME_PAGES, ids=lambda p: p.theme)
def test_without_the_grant_nothing_of_the_theme_answers(site, page):
    _, _, app = site
    outsider = client_for(app, "lid-demostad", PASSWORD)  # only woonoverlast
    member = page.theme == "woonoverlast"
    response = outsider.get(page.path)
    assert response.status_code == (200 if member else 403)
    if not member:
        assert "Geen toegang" in response.get_data(as_text=True)
    layout = outsider.get("/_dash-layout").get_data(as_text=True)
    assert (page.path.replace("/", "\\u002f") in layout) is member  # no link without the grant
    callbacks = theme_callbacks(outsider)
    assert len(callbacks) >= 7
    for dep in callbacks:
        answer = call(outsider, dep, page.path)
        assert answer.status_code in ((200, 204) if member else (403,)), dep["output"]
        if not member:
            assert "thema" not in answer.get_data(as_text=True).lower()


@pytest.mark.parametrize("page", THEME_PAGES, ids=lambda p: p.theme)
def test_a_member_gets_every_part_of_the_page(site, page):
    _, _, app = site
    lead = client_for(app, "admin")  # the project roles see every theme
    assert lead.get(page.path).status_code == 200
    for dep in theme_callbacks(lead):
        answer = call(lead, dep, page.path)
        assert answer.status_code in (200, 204), (dep["output"], answer.get_data(as_text=True))


def test_a_theme_callback_posted_from_another_page_path_is_refused(site):
    _, _, app = site
    outsider = client_for(app, "lid-demostad", PASSWORD)
    main = next(d for d in theme_callbacks(outsider) if THEMA.kpis in d["output"])
    for path in ("/", "/beheer", "/thema/onbekend", "/thema/cybercrime", None):
        assert call(outsider, main, path).status_code == 403


def test_anonymous_requests_get_401(site):
    _, _, app = site
    client = app.server.test_client()
    main = next(d for d in theme_callbacks(client_for(app, "admin")) if THEMA.kpis in d["output"])
    assert call(client, main, "/thema/jeugd").status_code == 401
    assert client.get("/thema/jeugd").status_code == 302  # to the login page


# --- the data owner's gemeente restriction -----------------------------------------------------


def visible_keys(factory, role, gemeente, themes=frozenset({"woonoverlast"})) -> list[str]:
    """The sources of the woonoverlast page for a viewer (by default one with its grant)."""
    with factory() as session:
        theme = THEME_DEFINITIONS["woonoverlast"]
        viewer = Viewer(role, gemeente, frozenset(themes))
        return [s.key for s in selection.sources(session, theme, viewer)]


def test_a_restricted_dataset_is_seen_by_its_gemeenten_and_the_project_roles_only(site):
    _, factory, _ = site
    key = "bemiddeling-proefdorp:zaken"
    assert key in visible_keys(factory, "gebruiker", "GM9902")
    assert key in visible_keys(factory, "projectleider", None)
    assert key in visible_keys(factory, "admin", None)
    assert key not in visible_keys(factory, "gebruiker", "GM9901")
    assert key not in visible_keys(factory, "gebruiker", None)
    # The unrestricted datasets of the theme stay visible to both members.
    assert "woningcorporatie-overlast:meldingen" in visible_keys(factory, "gebruiker", "GM9901")
    # Without the theme (the page refuses such a viewer anyway) no partner source at all.
    assert visible_keys(factory, "gebruiker", "GM9902", frozenset()) == ["politie"]


def test_a_crafted_request_for_a_restricted_dataset_gets_no_figures(site):
    _, _, app = site
    search = "?periode=4k&gebied=GM9902&bron=bemiddeling-proefdorp:zaken&maat=aantal"
    path = "/thema/woonoverlast"
    outsider = client_for(app, "lid-demostad", PASSWORD)
    insider = client_for(app, "lid-proefdorp", PASSWORD)
    deps = theme_callbacks(outsider)
    main = next(d for d in deps if THEMA.kpis in d["output"])
    download = next(d for d in deps if THEMA.table_download in d["output"])
    seen = call(insider, main, path, search).get_data(as_text=True)
    assert "Bemiddelingszaken Proefdorp" in seen
    for dep in (main, download):
        text = call(outsider, dep, path, search).get_data(as_text=True)
        assert "Proefdorp\\u0027" not in text and "Bemiddelingszaken" not in text
        assert "bemiddeling-proefdorp" not in text


# --- numbers and small-number protection -------------------------------------------------------


def context(factory, slug, search, role="admin", gemeente=None):
    session = factory()
    ctx = selection.resolve(
        session, THEME_DEFINITIONS[slug], selection.parse_state(search), Viewer(role, gemeente)
    )
    return session, ctx


@pytest.mark.parametrize("slug", list(THEMES))
def test_police_figures_equal_the_query_layer(site, slug):
    _, factory, _ = site
    session, ctx = context(factory, slug, "?periode=4k&gebied=GM9901")
    with session:
        table = areas.area_table(session, ctx)
        gemeente = area_queries.area(session, "GM9901")
        expected = incident_queries.counts(
            session,
            IncidentFilter(gemeente, (), THEME_DEFINITIONS[slug].politie_codes),
            {"p": ctx.period},
            by_category=False,
        )["p"].sum()
        card = next(k for k in theme_kpis(session, ctx) if k.source.key == "politie")
    assert table.frame["p0"].sum() == expected  # buurten (and unknown) add up to the gemeente
    assert card.value == nl_number(expected) and card.figure.periode == expected


def shown_numbers(texts) -> list[int]:
    return [int(t.replace(".", "")) for t in texts if re.fullmatch(r"[\d.]+", t)]


@pytest.mark.parametrize("slug", list(THEMES))
def test_no_small_number_leaves_a_buurt_table_or_its_export(site, slug):
    _, factory, _ = site
    session, ctx = context(factory, slug, "?periode=4k&gebied=GM9901")
    with session:
        for source in ctx.sources:
            table = areas.area_table(session, ctx, source)
            if table.child_level == "gemeente":
                continue
            threshold = source.drempel
            records = areas.table_rows(table)
            export = areas.export_frame(table)
            for texts in (
                [r.periode for r in records],
                [r.vergelijking for r in records],
                export["Aantal"].tolist(),
            ):
                assert not [n for n in shown_numbers(texts) if 0 < n < threshold]
            frame = table.frame
            small = (frame["p0"] > 0) & (frame["p0"] < threshold)
            assert frame.loc[small, "h0"].all()
            # "<5" is only on small counts; bigger hidden ones read "x", never "<5".
            for record, row in zip(
                records,
                frame.set_index("area_code").loc[[r.area_code for r in records]].itertuples(),
                strict=True,
            ):
                if record.periode == f"<{threshold}":
                    assert 0 < row.p0 < threshold
                if record.periode == "x":
                    assert row.h0
                if row.h0:
                    assert record.per_1000 == "" and record.verschil == ""


def test_a_buurt_shows_the_same_protection_in_its_card_trend_and_table(site):
    _, factory, _ = site
    checked = 0
    with factory() as session:
        buurten = [
            b.code
            for b in area_queries.areas(session, "buurt", area_queries.area(session, "GM9901"))
        ]
    for slug in THEMES:
        for buurt in buurten:
            session, ctx = context(factory, slug, f"?periode=4k&gebied={buurt}")
            with session:
                table = areas.area_table(session, ctx)
                row = table.row(buurt)
                card = next(k for k in theme_kpis(session, ctx) if k.source.key == "politie")
                found = trend(session, ctx)
            assert found.kind == "vensters"
            assert card.value == row.t0
            assert found.frame["tekst"].iloc[-1] == card.value  # the newest span is the period
            assert found.frame["tekst"].iloc[-2] == card.comparison
            if row.h0:
                checked += 1
                assert card.per_1000 is None and card.hint is None
                assert card.withheld == "verschil afgeschermd"
                (shown,) = card_texts(kpi_cards([card]))
                assert (
                    "verschil afgeschermd" in shown
                    and "%" not in shown
                    and "per 1.000" not in shown
                )
                aantal = found.frame["aantal"].iloc[-1]
                assert aantal is None or pd.isna(aantal)
    assert checked, "the demo data should have at least one hidden buurt figure"


def test_the_breakdown_of_a_buurt_is_protected_against_its_total(site):
    _, factory, _ = site
    with factory() as session:
        buurten = [
            b.code
            for b in area_queries.areas(session, "buurt", area_queries.area(session, "GM9901"))
        ]
    seen = 0
    for buurt in buurten:
        session, ctx = context(factory, "jeugd", f"?periode=4k&gebied={buurt}")
        with session:
            found = breakdown(session, ctx)
            figure = areas.source_figure(session, ctx, ctx.source)
        frame = found.frame
        if figure.hidden[0]:
            assert frame.empty and "afgeschermd" in found.reason
            continue
        seen += 1
        assert not [n for n in shown_numbers(frame["tekst"]) if 0 < n < 5]
        hidden = frame["aantal"].isna()
        assert hidden.sum() != 1  # one hidden code would be the buurt total minus the others
    assert seen


def test_the_export_is_audited_and_marked_internal(site):
    _, factory, app = site
    lead = client_for(app, "projectleider")
    download = next(d for d in theme_callbacks(lead) if THEMA.table_download in d["output"])
    answer = call(lead, download, "/thema/jeugd", "?periode=4k&gebied=GM9901")
    body = answer.get_json()["response"][THEMA.table_download]["data"]
    explanation, frame = read_export(body)
    assert "Bron:" in explanation and "'x' is afgeschermd" in explanation
    assert list(frame.columns)[:3] == ["Gebiedscode", "Gebied", "Aantal"]
    assert body["filename"].startswith("jeugd_GM9901_")
    from dashboard.data.store import audit

    with factory() as session:
        last = audit.events(session, 1)[0]
    assert last.actie == "export" and "jeugd" in (last.details or "")


def test_garbage_in_the_query_string_falls_back_to_defaults():
    state = selection.parse_state("?periode=1'%20OR%201=1&gebied=BU'--&bron=<script>&maat=%00")
    assert state == selection.ThemeState()
    assert selection.parse_state("?gebied=WK990101").gebied is None  # no wijk totals of buurt data
    kept = selection.parse_state(
        "?periode=2025&gebied=BU99010203&bron=hennep-ontmanteling:ontmantelingen"
    )
    assert (kept.periode, kept.gebied, kept.bron) == (
        "2025",
        "BU99010203",
        "hennep-ontmanteling:ontmantelingen",
    )
    assert selection.parse_state(selection.to_search(kept)) == kept


def test_a_restricted_dataset_shows_no_zero_for_a_gemeente_it_does_not_cover(site):
    _, factory, _ = site
    session, ctx = context(factory, "woonoverlast", "?periode=4k&gebied=GM9901")
    with session:
        cards = {k.source.key: k for k in theme_kpis(session, ctx)}
    card = cards["bemiddeling-proefdorp:zaken"]
    assert card.value == "n.v.t." and card.per_1000 is None and card.hint is None
    assert card.notes == ("Alleen geleverd voor Proefdorp (fictief)",)
    session, ctx = context(factory, "woonoverlast", "?periode=4k&gebied=GM9902")
    with session:
        card = restricted_card(session, ctx)
    assert re.fullmatch(r"[\d.]+", card.value) and int(card.value.replace(".", "")) > 0


def restricted_card(session, ctx):
    return next(
        k for k in theme_kpis(session, ctx) if k.source.key == "bemiddeling-proefdorp:zaken"
    )


def test_no_change_is_claimed_against_a_comparison_that_was_not_delivered(site):
    _, factory, _ = site
    # The restricted dataset above starts 24 months before the demo end: a calendar year two
    # years back has no delivered comparison year.
    session, ctx = context(factory, "woonoverlast", f"?periode={DEMO_END.year - 1}&gebied=GM9902")
    with session:
        card = restricted_card(session, ctx)
    assert card.figure.partial and card.hint is None
    # The year before was not delivered at all; the flag says so as on every surface.
    (flag,) = card.notes
    assert flag == "Vergelijking onvolledig: geen gegevens"
    # What the card says, in the words of Algemeen beeld's cards: no change against a partial
    # comparison, which is marked as such, and the flag that says why.
    (shown,) = card_texts(kpi_cards([card]))
    assert f"verschil n.v.t. t.o.v. {card.comparison} (onvolledig)" in shown and flag in shown
    assert "%" not in shown
    # With a delivered comparison the card gives the change against the comparison figure.
    session, ctx = context(factory, "woonoverlast", "?periode=4k&gebied=GM9902")
    with session:
        card = next(
            k
            for k in theme_kpis(session, ctx)
            if k.source.key == "woningcorporatie-overlast:meldingen"
        )
    (shown,) = card_texts(kpi_cards([card]))
    change = f"{nl_signed(card.figure.verschil)} ({nl_percent_change(card.figure.verschil_pct)})"
    assert not card.figure.partial and f"{change} t.o.v. {card.comparison}" in shown


def card_texts(cards) -> list[str]:
    """The text of each rendered KPI card, as a user reads it."""

    def text(component) -> str:
        children = getattr(component, "children", component)
        if isinstance(children, str):
            return children
        if isinstance(children, list | tuple):
            return "".join(text(c) for c in children)
        return "" if children is None else text(children)

    return [text(card) for card in cards]


@pytest.mark.parametrize("slug", list(THEMES))
def test_no_hidden_buurt_figure_follows_from_the_gemeente_total(site, slug):
    """What the browser test checks on one page, for every gemeente, source and period window:
    the card's gemeente total and the table's shown cells pin no hidden cell."""
    _, factory, _ = site
    with factory() as session:
        gemeenten = [g.code for g in area_queries.areas(session, "gemeente")]
    for gemeente in gemeenten:
        session, ctx = context(factory, slug, f"?periode=4k&gebied={gemeente}")
        with session:
            cards = {k.source.key: k for k in theme_kpis(session, ctx)}
            for source in ctx.sources:
                table = areas.area_table(session, ctx, source)
                if not table.suppressed or cards[source.key].value == "n.v.t.":
                    continue
                records = areas.table_rows(table)
                for column, card_text in (
                    ("periode", cards[source.key].value),
                    ("vergelijking", cards[source.key].comparison),
                ):
                    cells = [getattr(r, column) for r in records]
                    total = number(card_text)
                    assert pinned_cells(total, cells, source.drempel) == {}, (
                        gemeente,
                        source.key,
                        column,
                        total,
                        cells,
                    )


def test_the_shared_cache_keeps_each_themes_police_figures_apart(site):
    from cachelib import SimpleCache

    _, factory, _ = site
    cache = SimpleCache()
    cards = {}
    for slug in THEMES:
        with factory() as session:
            state = selection.parse_state("?periode=4k&gebied=GM9901")
            viewer = Viewer("admin", None)
            cached = selection.resolve(session, THEME_DEFINITIONS[slug], state, viewer, cache=cache)
            plain = selection.resolve(session, THEME_DEFINITIONS[slug], state, viewer)
            cards[slug] = theme_kpis(session, cached)[0].value
            assert cards[slug] == theme_kpis(session, plain)[0].value, slug
    assert len(set(cards.values())) > 1, cards


def test_a_hidden_figure_has_one_colour_on_the_map_in_its_legend_and_in_the_chart(site):
    """The map, its legend and the trend chart drew a suppressed figure in two different greys:
    the legend's swatch did not match the chart's "<5" bar."""
    from dashboard import figures_thema
    from dashboard.callbacks import thema as callbacks

    _, factory, _ = site
    with factory() as session:
        buurten = [
            b.code
            for b in area_queries.areas(session, "buurt", area_queries.area(session, "GM9901"))
        ]
    for slug in THEMES:
        for buurt in buurten:
            session, ctx = context(factory, slug, f"?periode=4k&gebied={buurt}")
            with session:
                table = areas.area_table(session, ctx)
                if not table.row(buurt).h0:
                    continue
                found = trend(session, ctx)
            hideout, shaded = callbacks.map_hideout(table, "aantal", buurt)
            swatch = next(
                item.children[0].style["backgroundColor"]
                for item in callbacks.legend(shaded, table)
                if "afgeschermd" in str(item.children[1])
            )
            bars = figures_thema.trend_figure(found, "registraties").data[0]
            hidden_bar = bars.marker.color[-1]  # the newest span is the period: hidden
            assert hideout["areas"][buurt]["c"] == swatch == hidden_bar
            return
    raise AssertionError("the demo data should have at least one hidden buurt figure")


@pytest.mark.parametrize("measure", ["aantal", "per1000"])
def test_the_ranked_bar_hides_small_numbers_as_the_map_does(site, measure):
    """The bar beside the map carries no hidden figure: a hidden buurt gets no bar length, only
    the table's "<5" or "x", the map's colour, and a place after the shown ones in name order
    (sorted by its true value it would tell its rank)."""
    import html

    from dashboard import figures
    from dashboard.callbacks import thema as callbacks

    _, factory, _ = site
    checked = 0
    for slug in THEMES:
        session, ctx = context(factory, slug, f"?periode=4k&gebied=GM9901&maat={measure}")
        with session:
            table = areas.area_table(session, ctx)
        frame = table.frame[table.frame["area_code"] != "onbekend"]
        hidden = frame[frame["h0"]]
        if hidden.empty:
            continue
        hideout, shaded = callbacks.map_hideout(table, measure, None)
        bar = figures.ranking_figure(shaded).data[0]
        codes = list(bar.y)
        assert sorted(codes) == sorted(frame["area_code"])
        tail = codes[-len(hidden) :]
        assert set(tail) == set(hidden["area_code"])
        names = dict(zip(frame["area_code"], frame["naam"], strict=True))
        assert [names[c] for c in tail] == sorted(names[c] for c in tail)
        for row in hidden.itertuples():
            at = codes.index(row.area_code)
            assert bar.x[at] == 0
            # as plotly is given it: "&lt;5" is drawn as "<5" (formatting.chart_text)
            shown = html.unescape(bar.text[at])
            assert shown == (row.t0 if measure == "aantal" else "afgeschermd")
            assert shown in ("afgeschermd", f"<{table.source.drempel}", "x")
            assert bar.marker.color[at] == hideout["areas"][row.area_code]["c"]
            # The hover says no more: the name and the bar's own text.
            assert bar.hovertemplate == "%{customdata}: %{text}<extra></extra>"
            assert html.unescape(bar.customdata[at]) == names[row.area_code]
        checked += 1
    assert checked, "the demo data should have hidden buurt figures"


@pytest.mark.parametrize("slug", list(THEMES))
def test_the_grid_receives_no_hidden_number(site, slug):
    """Issue 21: the areas table is an AG Grid now. Its rowData, as the server sends it to the
    browser, holds the policy's texts only: a hidden figure is '<n' or 'x', no field carries
    the number behind it, and no change or rate stands beside it."""
    _, factory, app = site
    lead = client_for(app, "projectleider")
    main = next(d for d in theme_callbacks(lead) if f"{THEMA.table}.rowData" in d["output"])
    answer = call(lead, main, f"/thema/{slug}", "?periode=4k&gebied=GM9901")
    assert answer.status_code == 200
    rows = answer.get_json()["response"][THEMA.table]["rowData"]
    session, ctx = context(factory, slug, "?periode=4k&gebied=GM9901", role="projectleider")
    with session:
        tables = [areas.area_table(session, ctx, source) for source in ctx.sources[:1]]
    frame = tables[0].frame.set_index("area_code")
    assert rows and {r["area_code"] for r in rows} == set(frame.index)
    fields = {"area_code", "naam", "periode", "vergelijking", "verschil", "verschil_pct"}
    for row in rows:
        assert set(row) == fields | {"per_1000"}, row  # nothing beyond the shown columns
        assert all(isinstance(v, str) for v in row.values()), row
        truth = frame.loc[row["area_code"]]
        if truth["h0"]:
            assert row["periode"] in (f"<{ctx.sources[0].drempel}", "x"), row
            assert row["verschil"] == "" and row["per_1000"] == "", row
            hidden = str(int(truth["p0"]))
            assert hidden not in {v.replace(".", "") for v in row.values()}, row
