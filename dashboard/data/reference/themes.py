"""The themes of the thematic dashboards, read from ``reference/themes.toml``: per theme its
label, the police incident codes shown beside its partner datasets, the CBS kerncijfers that
matter for it and a note on what the police figures count.

The file is checked when it is read: an unknown MK code or indicator refuses to start, because
a theme page that silently counts nothing is worse than no page."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from dashboard.analysis.suppression import DEFAULT_THRESHOLD
from dashboard.data.reference.categories import load_categories
from dashboard.data.reference.kwb import INDICATORS

_KEYS = {
    "label",
    "politie_codes",
    "indicatoren",
    "toelichting",
    "onderdrukkingsdrempel",
    "beschermd",
}


@dataclass(frozen=True)
class Theme:
    slug: str
    label: str
    politie_codes: tuple[str, ...]
    indicatoren: tuple[str, ...]
    toelichting: str
    # Small-number threshold for police counts below gemeente level on the theme's page.
    onderdrukkingsdrempel: int = DEFAULT_THRESHOLD
    # Protected police codes: only for viewers of this theme, small numbers hidden below
    # gemeente level on every surface (dashboard/policy.py).
    beschermd: bool = False


def parse_themes(data: dict, source: str = "themes.toml") -> dict[str, Theme]:
    known_codes = {c.mk_code for c in load_categories()}
    themes = {}
    for slug, entry in data.items():
        where = f"{source} [{slug}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: verwacht een tabel")
        unknown = sorted(set(entry) - _KEYS)
        if unknown:
            raise ValueError(f"{where}: onbekende sleutel {unknown[0]!r}")
        missing = sorted({"label", "politie_codes", "indicatoren", "toelichting"} - set(entry))
        if missing:
            raise ValueError(f"{where}: {missing[0]} ontbreekt")
        codes = tuple(entry["politie_codes"])
        bad = [c for c in codes if c not in known_codes]
        if bad or not codes:
            raise ValueError(f"{where}, politie_codes: onbekende MK-code {bad[:1] or 'geen'}")
        indicators = tuple(entry["indicatoren"])
        bad = [i for i in indicators if i not in INDICATORS]
        if bad:
            raise ValueError(f"{where}, indicatoren: onbekende indicator {bad[0]!r}")
        threshold = entry.get("onderdrukkingsdrempel", DEFAULT_THRESHOLD)
        if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
            raise ValueError(f"{where}, onderdrukkingsdrempel: een geheel getal van 1 of meer")
        protected = entry.get("beschermd", False)
        if not isinstance(protected, bool):
            raise ValueError(f"{where}, beschermd: true of false")
        themes[slug] = Theme(
            slug,
            entry["label"],
            codes,
            indicators,
            entry["toelichting"].strip(),
            threshold,
            protected,
        )
    return themes


def _load() -> dict[str, Theme]:
    text = resources.files("dashboard.data.reference").joinpath("themes.toml").read_text("utf-8")
    return parse_themes(tomllib.loads(text))


# Read-only so that no caller can add or change a theme at runtime; ordered as in the file.
THEME_DEFINITIONS = MappingProxyType(_load())
THEMES = MappingProxyType({slug: t.label for slug, t in THEME_DEFINITIONS.items()})
# The police codes that some theme protects (beschermd = true): the per-category aggregates
# count these apart (loading.refresh_aggregates), so that a total without them is one lookup.
PROTECTED_CODES = frozenset(
    code for theme in THEME_DEFINITIONS.values() if theme.beschermd for code in theme.politie_codes
)
