"""The policy point's rule of totals: which protected codes a viewer's figure of an area level
leaves out, and what the page says about it."""

from __future__ import annotations

import pytest

from dashboard import policy
from dashboard.data.reference.categories import MAIN_CATEGORIES
from dashboard.data.reference.themes import THEME_DEFINITIONS

WOON = set(THEME_DEFINITIONS["woonoverlast"].politie_codes)
HG = set(THEME_DEFINITIONS["huiselijk-geweld"].politie_codes)
ALL = WOON | HG

NONE = policy.Viewer("gebruiker", "GM9901")
HG_ONLY = policy.Viewer("gebruiker", "GM9901", frozenset({"huiselijk-geweld"}))
LEADER = policy.Viewer("projectleider")
ADMIN = policy.Viewer("admin")


@pytest.mark.parametrize(
    ("viewer", "above", "below"),
    [
        (NONE, ALL, ALL),
        (HG_ONLY, ALL - HG, ALL),
        (LEADER, set(), ALL),
        (ADMIN, set(), ALL),
    ],
)
def test_per_level_the_codes_left_out_of_a_total(viewer, above, below):
    assert policy.PROTECTED_CODES == ALL
    for level in ("regio", "gemeente"):
        assert set(policy.excluded_codes(viewer, level)) == above, level
    for level in ("wijk", "buurt"):
        assert set(policy.excluded_codes(viewer, level)) == below, level


def test_only_codes_the_selection_counts_are_left_out():
    # Protected codes lie in overlast: a selection without it leaves nothing out.
    others = tuple(c for c in MAIN_CATEGORIES if c != "overlast")
    assert policy.excluded_codes(NONE, "buurt", others) == ()
    assert policy.exclusion(ADMIN, others).note({"gemeente", "buurt"}) == ""
    # A selection of codes: only the protected codes in it.
    assert policy.excluded_codes(ADMIN, "buurt", codes=("F550", "E33")) == ("E33",)
    assert policy.excluded_codes(ADMIN, "buurt", codes=("F550",)) == ()


def test_the_note_says_once_what_was_left_out():
    levels = {"gemeente", "buurt"}
    assert policy.exclusion(ADMIN).note({"regio", "gemeente"}) == ""
    assert policy.exclusion(ADMIN).note(levels) == (
        "Zonder beschermde codes (woonoverlast, huiselijk geweld) onder gemeenteniveau."
    )
    none = "Zonder de beschermde codes van thema's waarvoor u geen toegang heeft."
    assert policy.exclusion(NONE).note({"regio", "gemeente"}) == none
    assert policy.exclusion(NONE).note(levels) == none
    assert policy.exclusion(HG_ONLY).note(levels) == (
        "Zonder de beschermde codes van thema's waarvoor u geen toegang heeft; onder "
        "gemeenteniveau ook zonder die van huiselijk geweld."
    )


def test_a_partner_dataset_restricted_to_gemeenten():
    assert policy.may_see_dataset(NONE, ())
    assert policy.may_see_dataset(NONE, ("GM9901", "GM9902"))
    assert not policy.may_see_dataset(NONE, ("GM9902",))
    assert not policy.may_see_dataset(policy.Viewer("gebruiker"), ("GM9902",))
    assert policy.may_see_dataset(LEADER, ("GM9902",))
    assert policy.may_see_dataset(ADMIN, ("GM9902",))
