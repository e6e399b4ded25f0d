"""The theme definitions file: every police code and indicator must exist."""

import pytest

from dashboard.data.reference import kwb
from dashboard.data.reference.categories import load_categories
from dashboard.data.reference.themes import THEME_DEFINITIONS, THEMES, parse_themes

GOOD = {"label": "X", "politie_codes": ["F90"], "indicatoren": [], "toelichting": "Telt X."}


def test_the_shipped_file_names_real_codes_and_indicators():
    codes = {c.mk_code for c in load_categories()}
    assert list(THEME_DEFINITIONS) == list(THEMES)
    for theme in THEME_DEFINITIONS.values():
        assert theme.politie_codes and set(theme.politie_codes) <= codes
        assert set(theme.indicatoren) <= set(kwb.INDICATORS)
        assert len(theme.toelichting) > 40  # a real note, not a placeholder
    assert "F90" in THEME_DEFINITIONS["cybercrime"].politie_codes
    assert "E38" in THEME_DEFINITIONS["jeugd"].politie_codes
    assert "percentage_personen_15_tot_25_jaar" in THEME_DEFINITIONS["jeugd"].indicatoren


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"politie_codes": ["F90", "Z999"]}, "onbekende MK-code"),
        ({"politie_codes": []}, "onbekende MK-code"),
        ({"indicatoren": ["inkomen"]}, "onbekende indicator 'inkomen'"),
        ({"kleur": "rood"}, "onbekende sleutel 'kleur'"),
        ({"onderdrukkingsdrempel": 0}, "onderdrukkingsdrempel"),
    ],
)
def test_a_bad_definition_is_refused_with_theme_and_key(change, message):
    with pytest.raises(ValueError, match=message) as error:
        parse_themes({"proef": {**GOOD, **change}})
    assert "[proef]" in str(error.value)


def test_a_missing_key_is_named():
    entry = dict(GOOD)
    del entry["toelichting"]
    with pytest.raises(ValueError, match="toelichting ontbreekt"):
        parse_themes({"proef": entry})
