"""A theme page's police KPI card and Algemeen beeld's KPI card are one measure
(dashboard.measures.counts.KpiFigure, issue 19): for the same unprotected police codes, area
and period they give the same count, comparison, change, rate per 1,000 and significance hint,
and flag a partial period in the same words. The theme card only hides more: below gemeente
level its small-number rule applies on top."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard.data.queries import areas as area_queries
from dashboard.data.reference.themes import THEME_DEFINITIONS
from dashboard.formatting import nl_number
from dashboard.layouts import algemeen_parts
from dashboard.layouts import thema as theme_layout
from dashboard.layouts.components.kpi_card import change_line
from dashboard.measures import selection as general_selection
from dashboard.measures import theme_selection
from dashboard.measures.counts import kpi_figures
from dashboard.measures.theme_kpis import theme_kpis
from dashboard.policy import Viewer
from dashboard.state import ViewState
from tests.conftest import database_copy, shared_demo_snapshot

SLUG = "jeugd"  # a theme whose police codes are not protected: exact on Algemeen beeld
VIEWER = Viewer("admin")
# With three years of data up to the demo end (2026-11-22) the last four quarters and their
# comparison are covered in full; the calendar year 2024 is, but its comparison 2023 only from
# the day the deliveries begin.
WHOLE, PARTIAL = "4k", "2024"


@pytest.fixture(scope="module")
def factory(tmp_path_factory):
    folder = tmp_path_factory.mktemp("theme_cards")
    snapshot = shared_demo_snapshot(folder, seed=29, scale=0.05, years=3)
    with database_copy(snapshot, folder) as (_, factory, _):
        yield factory


def both_cards(factory, periode: str, gebied: str | None):
    """The theme page's police card and Algemeen beeld's total card for the theme's codes, the
    area and the theme's period (as a custom period, compared with the year before)."""
    theme = THEME_DEFINITIONS[SLUG]
    search = f"?periode={periode}" + (f"&gebied={gebied}" if gebied else "")
    with factory() as session:
        ctx = theme_selection.resolve(session, theme, theme_selection.parse_state(search), VIEWER)
        (card,) = [k for k in theme_kpis(session, ctx) if k.source.is_police]
        start, end = ctx.windows["p0"]
        state = ViewState(
            periode="aangepast",
            van=start,
            tot=end,
            vergelijking="vorig_jaar",
            codes=theme.politie_codes,
        ).with_area(gebied)
        general = general_selection.resolve(session, state, VIEWER)
        assert (general.period, general.comparison) == (ctx.windows["p0"], ctx.windows["p1"])
        assert general.adjustments == ()  # the period is not fitted: the same days on both
        total = kpi_figures(session, general)[0]
    return card, total


def text_of(component) -> str:
    children = getattr(component, "children", component)
    if isinstance(children, str):
        return children
    if isinstance(children, list | tuple):
        return "".join(text_of(c) for c in children if c is not None)
    return "" if children is None else text_of(children)


def gemeente_and_buurten(factory) -> tuple[str, list[str]]:
    with factory() as session:
        gemeente = area_queries.areas(session, "gemeente")[0]
        return gemeente.code, [b.code for b in area_queries.areas(session, "buurt", gemeente)]


@pytest.mark.parametrize("periode", [WHOLE, PARTIAL])
def test_the_theme_card_is_algemeen_beelds_card(factory, periode):
    gemeente, _ = gemeente_and_buurten(factory)
    for gebied in (None, gemeente):
        card, total = both_cards(factory, periode, gebied)
        assert not card.protected
        # The same measure: every figure, the coverage of both periods and so the flags.
        assert dataclasses.replace(card.figure, key=total.key, label=total.label) == total
        assert card.value == nl_number(total.periode)
        assert (card.per_1000, card.hint, card.figure.flags) == (
            total.per_1000,
            total.hint,
            total.flags,
        )
        assert card.figure.partial is (periode == PARTIAL), (periode, total.flags)
        # And the same words on both cards: the change line, the hint and the flags.
        (theme_text,) = map(text_of, theme_layout.kpi_cards([card]))
        (general_text,) = map(text_of, algemeen_parts.kpi_cards([total]))
        line = text_of(change_line(total))
        assert line in theme_text and line in general_text
        for flag in total.flags:
            assert flag in theme_text and flag in general_text
        if total.hint is not None:
            assert total.hint.text in theme_text and total.hint.text in general_text


def test_a_partial_period_is_flagged_the_same_way_on_both(factory):
    card, total = both_cards(factory, PARTIAL, None)
    assert total.partial and total.hint is None
    assert total.flags and all(f.startswith("Vergelijking onvolledig: ") for f in total.flags)
    for text in (
        text_of(theme_layout.kpi_cards([card])[0]),
        text_of(algemeen_parts.kpi_cards([total])[0]),
    ):
        assert "verschil n.v.t." in text and "(onvolledig)" in text and "%" not in text


def test_below_gemeente_level_the_theme_hides_more(factory):
    """The same figure for a buurt, or (a small number) hidden on the theme card only."""
    _, buurten = gemeente_and_buurten(factory)
    hidden = same = 0
    for buurt in buurten:
        card, total = both_cards(factory, WHOLE, buurt)
        assert card.figure.periode == total.periode
        assert card.figure.vergelijking == total.vergelijking
        if card.protected:
            hidden += 1
            assert card.hint is None and card.withheld
            shown = text_of(theme_layout.kpi_cards([card])[0])
            assert "%" not in shown  # no change beside a hidden figure
            if card.hidden[0]:
                assert card.value != nl_number(total.periode) and "per 1.000" not in shown
            if card.hidden[1]:
                assert card.comparison != nl_number(total.vergelijking)
        else:
            same += 1
            assert dataclasses.replace(card.figure, key=total.key, label=total.label) == total
    assert hidden and same, "the demo gemeente should have buurten of both kinds"
