"""Who may see what: the one policy point (DESIGN.md section 3, rule 7).

Every surface that shows police figures asks here, so that no page, export or report can show
what another hides:

- **Themes.** Admin and projectleider see every theme; a gebruiker the themes granted to him.
- **Protected codes.** A theme in ``themes.toml`` with ``beschermd = true`` protects its police
  codes (huiselijk geweld, woonoverlast, ...). Such a code is available only to a viewer who may
  see one of the themes that protect it, on every surface: the code list, the URL state, the
  tables, the CSV. Without that, the code is refused (dropped from the selection, with a note).
- **Small numbers.** Counts of a protected code below gemeente level follow the small-number
  rule of the protecting theme (threshold, secondary suppression), also for grant holders. The
  theme page protects a whole gemeente's buurten as one line over whole quarters; a selection
  with protected codes is shown the same way wherever it appears, so that comparing surfaces,
  areas or shifted periods gives nothing away that the theme page hides.

Unprotected codes and the hoofdcategorieen stay exact on Algemeen beeld for licensed users.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from dashboard.data.models import PROJECT_ROLES
from dashboard.data.themes import THEME_DEFINITIONS, THEMES

# The level of a figure that the small-number rule applies to (the region and a gemeente are
# published levels; wijken and buurten are not).
SUB_GEMEENTE = frozenset({"wijk", "buurt"})


@dataclass(frozen=True)
class Viewer:
    """Who asks: role, gemeente and theme grants (as read from the database for this request)."""

    role: str
    gemeente_code: str | None = None
    themes: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, user) -> Viewer:
        """The viewer of a logged-in user (auth.user.CurrentUser); anonymous sees nothing."""
        if not getattr(user, "is_authenticated", False):
            return ANONYMOUS
        return cls(user.role, user.gemeente_code, frozenset(getattr(user, "themes", ())))


ANONYMOUS = Viewer("anoniem")


# Outside a web request (the CLI, a scheduled report, a test calling a callback as a plain
# function) the caller is the system itself: every request of a user goes through the guard and
# has a current user.
SYSTEM = Viewer("admin")


def current_viewer() -> Viewer:
    """The viewer of this request (flask-login's current user); SYSTEM outside a request."""
    from flask import has_request_context
    from flask_login import current_user

    return Viewer.of(current_user) if has_request_context() else SYSTEM


def may_see_theme(viewer: Viewer, theme: str) -> bool:
    if theme not in THEMES or viewer.role == ANONYMOUS.role:
        return False
    return viewer.role in PROJECT_ROLES or theme in viewer.themes


# --- protected codes ------------------------------------------------------------------------


def _protecting_themes() -> dict[str, tuple[str, ...]]:
    protected: dict[str, list[str]] = {}
    for theme in THEME_DEFINITIONS.values():
        if theme.beschermd:
            for code in theme.politie_codes:
                protected.setdefault(code, []).append(theme.slug)
    return {code: tuple(slugs) for code, slugs in protected.items()}


# The theme definitions are read-only and fixed at start-up, and so is this map.
PROTECTING_THEMES = _protecting_themes()
PROTECTED_CODES = frozenset(PROTECTING_THEMES)


def is_protected(code: str) -> bool:
    return code in PROTECTED_CODES


def may_see_code(viewer: Viewer, code: str) -> bool:
    """An unprotected code is open to every licensed user; a protected one needs one of the
    themes that protect it."""
    themes = PROTECTING_THEMES.get(code)
    if themes is None:
        return viewer.role != ANONYMOUS.role
    return any(may_see_theme(viewer, theme) for theme in themes)


def threshold(codes: Iterable[str]) -> int:
    """The small-number threshold of a selection: the strictest of its protecting themes
    (0: no protected code in it)."""
    values = [
        THEME_DEFINITIONS[theme].onderdrukkingsdrempel
        for code in codes
        for theme in PROTECTING_THEMES.get(code, ())
    ]
    return max(values, default=0)


@dataclass(frozen=True)
class CodeSelection:
    """What a viewer gets of the codes asked for: the allowed ones, the refused ones (with the
    themes that would allow them) and the small-number threshold that applies below gemeente
    level (0: none, the selection has no protected code)."""

    allowed: tuple[str, ...]
    refused: tuple[str, ...] = ()
    threshold: int = 0

    @property
    def protected(self) -> bool:
        return self.threshold > 0

    def refusal_note(self) -> str:
        if not self.refused:
            return ""
        named = ", ".join(f"{c} ({_theme_names(c)})" for c in self.refused)
        what = "is een beschermde code" if len(self.refused) == 1 else "zijn beschermde codes"
        return (
            f"{named} {what}: alleen te zien met toegang tot dat thema, en daarom uit de "
            "selectie gelaten."
        )


NO_CODES = CodeSelection(())


def _theme_names(code: str) -> str:
    return " of ".join(THEMES[t] for t in PROTECTING_THEMES.get(code, ()))


def select_codes(viewer: Viewer, codes: Iterable[str]) -> CodeSelection:
    codes = tuple(codes)
    allowed = tuple(c for c in codes if may_see_code(viewer, c))
    refused = tuple(c for c in codes if c not in allowed)
    return CodeSelection(allowed, refused, threshold(allowed))


def visible_codes(viewer: Viewer, codes: Iterable[str]) -> list[str]:
    """The codes of a list (a code dropdown) the viewer may choose."""
    return [c for c in codes if may_see_code(viewer, c)]


def protected_note(
    selection: CodeSelection, selected: str | None = None, shown: str | None = None
) -> str:
    """What a page says when its selection holds protected codes: no figures below gemeente
    level here; the theme page shows the buurten with small numbers hidden. selected/shown: the
    names of the chosen wijk or buurt and of the gemeente shown instead."""
    themes = sorted({THEMES[t] for c in selection.allowed for t in PROTECTING_THEMES.get(c, ())})
    where = f"U ziet {shown} in plaats van {selected}. " if selected and shown else ""
    return (
        f"Beschermde codes tonen hier geen cijfers onder gemeenteniveau. {where}De wijken en "
        f"buurten staan op de themapagina ({', '.join(themes)}), met kleine aantallen "
        f'afgeschermd als "<{selection.threshold}" of "x".'
    )
