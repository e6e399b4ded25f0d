"""The thematic dashboards in headless Chromium: what a theme member sees on each of the five
theme pages, the filters, small numbers per buurt, and the door closed for a non-member."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By

from dashboard.cache import app_cache
from dashboard.data.queries import areas as area_queries
from dashboard.data.reference.themes import THEME_DEFINITIONS, THEMES
from dashboard.data.store import grants as grant_store
from dashboard.data.store import protocol, users
from dashboard.layouts.thema import THEMA
from dashboard.measures import theme_selection as selection
from dashboard.measures.theme_kpis import theme_kpis
from dashboard.policy import Viewer
from tests.attacker import pinned_cells
from tests.browser.conftest import browser_errors, login_in_browser, wait_until
from tests.conftest import PASSWORDS, build_demo_db, fresh_url, make_app

SLUGS = list(THEMES)
MEMBER = "projectleider"  # sees every theme
# A gebruiker with one theme, added to the module's database (the demo gebruiker has none).
LID, LID_PASSWORD, LID_THEME, LID_GEMEENTE = "thema.lid", "thema-lid-wachtwoord", "jeugd", "GM9902"
SMALL_NUMBERS = {"1", "2", "3", "4"}  # below the threshold 5 of every theme
LEVELS = ("buurt", "wijk", "gemeente")


@pytest.fixture(scope="module")
def thema_app(tmp_path_factory):
    """Its own small fictional region (deterministic: small counts per buurt are certain) and
    one extra gebruiker with a single theme grant, which other browser tests must not see."""
    url = fresh_url(tmp_path_factory.mktemp("thema"), "thema")
    engine, factory, _ = build_demo_db(url, seed=17, scale=0.1, years=2)
    with factory() as session, session.begin():
        user = users.add_user(
            session, LID, role="gebruiker", gemeente_code=LID_GEMEENTE, password=LID_PASSWORD
        )
        protocol.accept(session, user.id, protocol.current_version(session).versie, by="test")
        grant_store.grant_theme(session, LID, LID_THEME, by="test")
    yield make_app(url)
    engine.dispose()


@pytest.fixture(autouse=True)
def _cold_cache(thema_app):
    """Every test starts with an empty app cache, as after a restart: what one test's pages
    cached must not decide what the next test sees."""
    with thema_app.server.app_context():
        app_cache().clear()


# --- what the database says the page should show ------------------------------------------------


def in_app(app, compute):
    with app.server.app_context():
        from dashboard.data.session import read_session

        with read_session() as session:
            return compute(session)


def expected_sources(app, slug, role=MEMBER, gemeente=None) -> list[selection.Source]:
    """The sources of a theme's page for a viewer who holds that theme (as the browser's user)."""
    theme = THEME_DEFINITIONS[slug]
    viewer = Viewer(role, gemeente, frozenset({slug}))
    return in_app(app, lambda s: selection.sources(s, theme, viewer))


def expected_police_figure(app, slug) -> str:
    """The police KPI figure of a theme for the whole region, computed without the app cache."""
    theme = THEME_DEFINITIONS[slug]

    def compute(session):
        context = selection.resolve(session, theme, selection.ThemeState(), Viewer(MEMBER, None))
        return theme_kpis(session, context)[0].value

    return in_app(app, compute)


def granted_themes(app, username: str) -> frozenset[str]:
    return in_app(app, lambda s: grant_store.themes_of(s, users.get_user(s, username).id))


def db_areas(app, niveau, parent_code=None):
    def compute(session):
        parent = area_queries.area(session, parent_code) if parent_code else None
        return area_queries.areas(session, niveau, parent)

    return in_app(app, compute)


# --- what the browser shows -------------------------------------------------------------------


def texts(driver, selector: str) -> list[str]:
    """textContent of every match: table rows scrolled out of view count too."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent.trim());",
        selector,
    )


def title(driver) -> str:
    return driver.find_element(By.ID, THEMA.title).text


def kpi_labels(driver) -> list[str]:
    return texts(driver, f"#{THEMA.kpis} .kpi-card .card-body > div:first-child")


def table_column(driver, column: str) -> list[str]:
    return texts(driver, f"#{THEMA.table} .ag-row [col-id='{column}']")


def map_note(driver) -> str:
    return driver.find_element(By.ID, THEMA.map_note).text


def count(driver, selector: str) -> int:
    """Matches right now (find_elements would wait dash_duo's implicit 2 s for none)."""
    return driver.execute_script("return document.querySelectorAll(arguments[0]).length;", selector)


def area_count(driver) -> int:
    return count(driver, f"#{THEMA.map} path.area")


def hideout(driver) -> dict | None:
    """The map layer's hideout as the renderer holds it (the numbers per area)."""
    return driver.execute_script(
        """
        const state = window.store && window.store.getState();
        const path = state && state.paths.strs[arguments[0]];
        if (!path) return null;
        let node = state.layout;
        for (const key of path) node = node[key];
        return node.props.hideout || null;
        """,
        THEMA.map_layer,
    )


def query(driver) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(driver.current_url).query).items()}


def navbar_text(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".navbar").text


def theme_menu_items(dash_duo) -> list[str]:
    """Open the "Thema's" dropdown in the navbar and return its links' titles."""
    driver = dash_duo.driver
    toggle = driver.find_element(
        By.XPATH, "//nav//a[contains(@class,'dropdown-toggle') and normalize-space()=\"Thema's\"]"
    )
    toggle.click()
    menu = toggle.find_element(By.XPATH, "./following-sibling::*[contains(@class,'dropdown-menu')]")
    wait_until(
        dash_duo,
        lambda d: menu.find_elements(By.CSS_SELECTOR, ".dropdown-item"),
        message="theme menu opens",
    )
    return [e.text.strip() for e in menu.find_elements(By.CSS_SELECTOR, ".dropdown-item")]


def status_of(driver, path: str) -> int:
    """HTTP status of a GET in the browser's own session (its login cookie included)."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status));",
        path,
    )


def wait_for_theme_page(dash_duo, label: str, n_cards: int):
    wait_until(dash_duo, lambda d: label in title(d), message=f"title with {label}")
    wait_until(dash_duo, lambda d: len(kpi_labels(d)) == n_cards, message=f"{n_cards} KPI cards")


def number(text: str) -> int:
    return int(text.replace(".", ""))


def police_card(driver) -> tuple[int, int]:
    """The police KPI card (the first): its figure and the figure it is compared with."""
    card = f"#{THEMA.kpis} .kpi-card:first-child"
    value = texts(driver, f"{card} .kpi-value")[0]
    compared = next(t for t in texts(driver, f"{card} span") if t.startswith("t.o.v. "))
    before = compared.removeprefix("t.o.v. ").removesuffix(" (onvolledig)")
    return number(value), number(before)


def buurt_view(slug: str, gemeente) -> str:
    return f"/thema/{slug}?gebied={gemeente.code}&bron=politie"


def largest_gemeente(app):
    """The gemeente with the most buurten: its buurt list has the most small counts."""
    return max(db_areas(app, "gemeente"), key=lambda g: len(db_areas(app, "buurt", g.code)))


def wait_for_buurt_table(dash_duo, app, gemeente):
    buurten = {b.naam for b in db_areas(app, "buurt", gemeente.code)}
    wait_until(
        dash_duo,
        lambda d: buurten <= set(table_column(d, "naam")),
        message=f"buurt table of {gemeente.naam}",
    )


# --- the tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_member_uses_the_theme_page(dash_duo, thema_app, slug):
    """A member opens the theme page, picks a gemeente and a partner source."""
    label = THEMES[slug]
    sources = expected_sources(thema_app, slug)
    assert sources[0].is_police and len(sources) > 1, "every theme has partner data in the demo"
    gemeenten = db_areas(thema_app, "gemeente")
    login_in_browser(dash_duo, thema_app, username=MEMBER, path=f"/thema/{slug}")
    driver = dash_duo.driver

    # The title names the theme and the whole region; a KPI card per source, police first.
    wait_for_theme_page(dash_duo, label, len(sources))
    assert title(driver).startswith(f"{label} - ")
    assert "(hele regio)" in title(driver)
    assert kpi_labels(driver) == [s.label for s in sources]
    assert "" not in texts(driver, f"#{THEMA.kpis} .kpi-value")

    # The map gets the gemeenten of the region in its hideout and draws them.
    codes = {g.code for g in gemeenten}
    wait_until(
        dash_duo,
        lambda d: set((hideout(d) or {}).get("areas", {})) == codes,
        message="hideout with the gemeenten",
    )
    wait_until(dash_duo, lambda d: area_count(d) == len(gemeenten), message="areas on the map")
    assert map_note(driver).startswith("Politieregistraties: gemeenten van ")

    # The table lists every gemeente with a number.
    assert {g.naam for g in gemeenten} <= set(table_column(driver, "naam"))
    assert "" not in table_column(driver, "periode")

    # The navbar menu offers every theme.
    assert theme_menu_items(dash_duo) == list(THEMES.values())
    driver.find_element(By.TAG_NAME, "h1").click()  # close the menu again

    # A gemeente (a different one per theme): the title names it, the URL carries it, and the
    # map and table list its buurten, with no small number shown.
    gemeente = gemeenten[SLUGS.index(slug) % len(gemeenten)]
    dash_duo.select_dcc_dropdown(f"#{THEMA.gemeente}", value=gemeente.naam)
    wait_until(dash_duo, lambda d: gemeente.naam in title(d), message="gemeente in title")
    wait_until(dash_duo, lambda d: query(d).get("gebied") == gemeente.code, message="URL")
    assert title(driver).startswith(f"{label} - {gemeente.naam}:")
    wait_for_buurt_table(dash_duo, thema_app, gemeente)
    n_buurten = len(db_areas(thema_app, "buurt", gemeente.code))
    wait_until(dash_duo, lambda d: area_count(d) == n_buurten, message="buurten on the map")
    assert map_note(driver).startswith(f"Politieregistraties: buurten van {gemeente.naam}")
    assert not SMALL_NUMBERS & {*table_column(driver, "periode")}
    assert not SMALL_NUMBERS & {*table_column(driver, "vergelijking")}

    # A partner source (the one with the finest areas): the map note names it, the URL carries
    # it, the gemeente stays, and its own small numbers are hidden too.
    partner = min(sources[1:], key=lambda s: LEVELS.index(s.niveau))
    driver.find_element(By.CSS_SELECTOR, f"#{THEMA.source} input[value='{partner.key}']").click()
    wait_until(
        dash_duo,
        lambda d: map_note(d).startswith(f"{partner.label}: "),
        message=f"map note for {partner.label}, got {map_note(driver)!r}",
    )
    assert query(driver)["bron"] == partner.key
    assert query(driver)["gebied"] == gemeente.code
    assert gemeente.naam in title(driver)
    if partner.niveau != "gemeente":
        # The map note and the table come from one callback: the table is the partner's now.
        assert map_note(driver).startswith(f"{partner.label}: {partner.niveau}en van ")
        small = {str(n) for n in range(1, partner.drempel)}
        assert not small & {*table_column(driver, "periode")}

    assert browser_errors(driver) == []


def test_small_numbers_per_buurt(dash_duo, thema_app):
    """A buurt list (a gemeente chosen, police source) shows "<5" for a small count and never
    the count itself. The themes are tried in turn until one shows "<5" (the demo data has
    them); each list seen on the way must hold no 1 to 4 either."""
    gemeente = largest_gemeente(thema_app)
    base = login_in_browser(dash_duo, thema_app, MEMBER, path=buurt_view(SLUGS[0], gemeente))
    driver = dash_duo.driver
    seen_small = None
    for slug in SLUGS:
        if slug != SLUGS[0]:
            dash_duo.wait_for_page(base + buurt_view(slug, gemeente))
        wait_for_buurt_table(dash_duo, thema_app, gemeente)
        # The view comes from the URL: the filter and the title name the gemeente.
        assert gemeente.naam in title(driver)
        assert gemeente.naam in driver.find_element(By.ID, THEMA.gemeente).text
        shown, before = table_column(driver, "periode"), table_column(driver, "vergelijking")
        assert not SMALL_NUMBERS & {*shown, *before}, (slug, shown, before)
        if "<5" in shown:
            seen_small = slug
            break
    assert seen_small, f"no '<5' in the buurt table of {gemeente.naam} in any theme"
    assert browser_errors(driver) == []


def test_hidden_buurt_counts_cannot_be_recomputed(dash_duo, thema_app):
    """The page promises that a hidden figure cannot be worked out from the total: with the
    gemeente total on the police KPI card and the shown buurt counts, no "<5" or "x" may be
    pinned to a single value (cybercrime has the fewest registrations in the demo data)."""
    gemeente = largest_gemeente(thema_app)
    threshold = THEME_DEFINITIONS["cybercrime"].onderdrukkingsdrempel
    login_in_browser(dash_duo, thema_app, MEMBER, path=buurt_view("cybercrime", gemeente))
    driver = dash_duo.driver
    wait_for_buurt_table(dash_duo, thema_app, gemeente)
    total, total_before = police_card(driver)
    names = table_column(driver, "naam")
    leaks = {}
    for column, known in (("periode", total), ("vergelijking", total_before)):
        cells = table_column(driver, column)
        pinned = pinned_cells(known, cells, threshold)
        if pinned:
            leaks[column] = {names[i]: value for i, value in pinned.items()}
    assert leaks == {}, f"gemeente total {total} (vorig jaar {total_before}); recomputable: {leaks}"


def test_each_theme_shows_its_own_police_figures(dash_duo, thema_app):
    """Going from one theme page to the next, the police card shows that theme's own count."""
    expected = {slug: expected_police_figure(thema_app, slug) for slug in SLUGS}
    assert len(set(expected.values())) > 1, expected  # the demo themes differ
    base = login_in_browser(dash_duo, thema_app, MEMBER, path=f"/thema/{SLUGS[0]}")
    driver = dash_duo.driver
    for slug in SLUGS:
        if slug != SLUGS[0]:
            dash_duo.wait_for_page(f"{base}/thema/{slug}")
        n_cards = len(expected_sources(thema_app, slug))
        wait_for_theme_page(dash_duo, THEMES[slug], n_cards)
        shown = texts(driver, f"#{THEMA.kpis} .kpi-card:first-child .kpi-value")[0]
        assert shown == expected[slug], f"{slug}: police card {shown}, expected {expected[slug]}"


def test_gebruiker_without_grant_gets_no_theme(dash_duo, thema_app):
    """The demo gebruiker has no theme: no menu, and the address typed in gives "Geen toegang"
    with HTTP 403."""
    assert granted_themes(thema_app, "gebruiker") == frozenset()  # as the demo creates him
    login_in_browser(dash_duo, thema_app, username="gebruiker", path="/")
    driver = dash_duo.driver
    wait_until(dash_duo, lambda d: "Algemeen beeld" in navbar_text(d), message="navbar")
    assert "Thema's" not in navbar_text(driver)
    assert count(driver, ".navbar a[href^='/thema/']") == 0
    assert browser_errors(driver) == []

    # Typing the address: the "Geen toegang" page, with HTTP status 403.
    driver.get(dash_duo.server.url.rstrip("/") + "/thema/cybercrime")
    wait_until(dash_duo, lambda d: "Geen toegang" in d.find_element(By.TAG_NAME, "body").text)
    assert driver.title.startswith("Geen toegang")
    assert count(driver, f"#{THEMA.title}") == 0
    assert status_of(driver, "/thema/cybercrime") == 403
    errors = browser_errors(driver)
    assert errors and all("403" in e["message"] for e in errors), errors


def test_gebruiker_with_one_theme(dash_duo, thema_app, monkeypatch):
    """A gebruiker granted one theme sees only that one in the menu, and only its page."""
    assert granted_themes(thema_app, LID) == {LID_THEME}
    monkeypatch.setitem(PASSWORDS, LID, LID_PASSWORD)
    label = THEMES[LID_THEME]
    sources = expected_sources(thema_app, LID_THEME, role="gebruiker", gemeente=LID_GEMEENTE)
    login_in_browser(dash_duo, thema_app, username=LID, path=f"/thema/{LID_THEME}")
    driver = dash_duo.driver
    wait_for_theme_page(dash_duo, label, len(sources))
    assert theme_menu_items(dash_duo) == [label]
    assert browser_errors(driver) == []

    other = next(s for s in SLUGS if s != LID_THEME)
    driver.get(dash_duo.server.url.rstrip("/") + f"/thema/{other}")
    wait_until(dash_duo, lambda d: "Geen toegang" in d.find_element(By.TAG_NAME, "body").text)
    assert status_of(driver, f"/thema/{other}") == 403
