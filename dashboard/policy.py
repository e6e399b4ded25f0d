"""Who may see what: the one policy point (DESIGN.md section 3, rule 7).

Every surface that shows police figures asks here, so that no page, export or report can show
what another hides:

- **Themes.** Admin and projectleider see every theme; a gebruiker the themes granted to him.
- **Partner datasets** of a theme that their owner restricted to named gemeenten: only members
  of those gemeenten and the project roles (`partner_measures`).
- **Protected codes.** A theme in ``themes.toml`` with ``beschermd = true`` protects its police
  codes (huiselijk geweld, woonoverlast, ...). Such a code is available only to a viewer who may
  see one of the themes that protect it, on every surface: the code list, the URL state, the
  tables, the CSV, the reports. Without that, the code is refused (dropped from the selection,
  with a note).
- **Small numbers.** Counts of a protected code below gemeente level follow the small-number
  rule of the protecting theme (threshold, secondary suppression), also for grant holders: only
  the theme page shows them, a whole gemeente's buurten as one line over whole quarters. A
  selection with protected codes is shown at gemeente level at the finest everywhere else.
- **Totals never contain what the viewer may not see at their level** (`exclusion`): a
  hoofdcategorie or "alle categorieën" counted per wijk or buurt leaves the protected codes
  out, for every viewer; counted per gemeente or for the region it leaves out the protected
  codes the viewer may not see. Otherwise a total minus its unprotected codes, a wijk minus its
  buurten or the general table minus the theme table would give a protected count back. The
  surface says so (`Exclusion.note`).
- **Annotations** of a theme are read and written by the project roles and by holders of the
  theme's grant as the database holds it at that moment (`annotation_themes`); they are written
  by a gebruiker for the areas of his own gemeente, by the project roles anywhere
  (`annotation_scope`).

Unprotected codes stay exact on Algemeen beeld for licensed users.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import MappingProxyType

from sqlalchemy.orm import Session

from dashboard.data.models import PROJECT_ROLES
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import partner as partner_queries
from dashboard.data.queries.areas import SUB_GEMEENTE, Area
from dashboard.data.queries.filters import IncidentFilter
from dashboard.data.queries.partner import PartnerMeasure
from dashboard.data.reference.categories import MAIN_CATEGORIES, load_categories
from dashboard.data.reference.themes import THEME_DEFINITIONS, THEMES
from dashboard.data.store import annotations
from dashboard.data.store import grants as grant_store


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


# --- refusals: the text of each kind of 403 ---------------------------------------------------
# A reader who is refused a page learns why and whom to ask; each kind of refusal has its own
# text (a theme without its grant, a project page without the role, Beheer without admin).

ROLE_GROUPS = {
    frozenset({"admin"}): "beheerders",
    PROJECT_ROLES: "projectleiders en beheerders",
}
PAGE_PURPOSE = {
    frozenset({"admin"}): "daar worden accounts, rechten en het auditlog beheerd",
    PROJECT_ROLES: (
        "daar volgt het project het gebruik, de databronnen, de metingen en de resultaten; de "
        "veiligheidscijfers staan op Algemeen beeld en de themapagina's"
    ),
}


def theme_refusal(label: str) -> str:
    """The 403 of a theme page for a viewer without the theme's grant."""
    return (
        f"Het themadashboard {label} is alleen open voor de leden van dat thema. Heeft u het "
        "voor uw werk nodig, vraag de projectleider dan om toegang."
    )


def role_refusal(title: str, roles: frozenset[str]) -> str:
    """The 403 of a page that needs a role the viewer lacks (Beheer, the project pages)."""
    group = ROLE_GROUPS.get(roles, " of ".join(sorted(roles)))
    purpose = PAGE_PURPOSE.get(roles)
    reason = f": {purpose}" if purpose else ""
    return f"De pagina {title} is alleen voor {group}{reason}."


def load_howto(viewer: Viewer, source: str) -> str | None:
    """How to load a source that a page has no data of, for this viewer: the `veiligheid
    ingest` command for the project roles (they load deliveries); None for every other reader,
    who is told to ask the beheerder instead (a command line means nothing to them)."""
    if viewer.role not in PROJECT_ROLES:
        return None
    from dashboard.data.ingest import registry

    return registry.command(source)


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


# --- totals: the codes a viewer's figures leave out ----------------------------------------

# The hoofdcategorie of each code (categories.csv): a hoofdcategorie total holds its codes.
CODE_CATEGORY = MappingProxyType({c.mk_code: c.hoofdcategorie for c in load_categories()})


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


@dataclass(frozen=True)
class Exclusion:
    """The protected codes that a viewer's figures of a selection leave out: `hidden` at every
    level (the viewer may not see them), `below_gemeente` in addition when wijken or buurten are
    counted (the viewer may see them, at gemeente level and above only). `themes`: the names of
    the viewer's themes whose codes are left out below gemeente level, for the note."""

    hidden: tuple[str, ...] = ()
    below_gemeente: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    def at(self, level: str) -> tuple[str, ...]:
        """The codes left out of a figure of an area of this level."""
        if level in SUB_GEMEENTE:
            return tuple(sorted({*self.hidden, *self.below_gemeente}))
        return self.hidden

    def applied(self, flt: IncidentFilter) -> IncidentFilter:
        """The filter of the selection with these codes left out at each level."""
        return IncidentFilter(
            flt.area, flt.hoofdcategorieen, flt.mk_codes, self.hidden, self.below_gemeente
        )

    def applied_as_at(self, flt: IncidentFilter, level: str) -> IncidentFilter:
        """The filter with the codes left out at `level` left out at every level: for the
        figures of other areas set beside one of this level (a buurt's gemeente and the region
        in its profile), so that their rates count the same codes."""
        return IncidentFilter(flt.area, flt.hoofdcategorieen, flt.mk_codes, self.at(level), ())

    def note(self, levels: Iterable[str]) -> str:
        """What a surface that shows figures of these levels says about the codes left out
        ("" when none are)."""
        below = bool(self.below_gemeente) and bool(SUB_GEMEENTE & set(levels))
        if self.hidden and below:
            return (
                "Zonder de beschermde codes van thema's waarvoor u geen toegang heeft; onder "
                f"gemeenteniveau ook zonder die van {', '.join(self.themes)}."
            )
        if self.hidden:
            return "Zonder de beschermde codes van thema's waarvoor u geen toegang heeft."
        if below:
            return f"Zonder beschermde codes ({', '.join(self.themes)}) onder gemeenteniveau."
        return ""


NOTHING_LEFT_OUT = Exclusion()


def exclusion(
    viewer: Viewer, hoofdcategorieen: Iterable[str] = MAIN_CATEGORIES, codes: Iterable[str] = ()
) -> Exclusion:
    """The protected codes that a viewer's figures of a selection leave out: of the codes the
    selection counts (its codes, or else the codes of its hoofdcategorieen), those the viewer
    may not see at every level, and the others below gemeente level."""
    codes = tuple(codes)
    if codes:
        counted = set(codes) & PROTECTED_CODES
    else:
        chosen = set(hoofdcategorieen)
        counted = {c for c in PROTECTED_CODES if CODE_CATEGORY.get(c) in chosen}
    hidden = tuple(sorted(c for c in counted if not may_see_code(viewer, c)))
    below = tuple(sorted(counted - set(hidden)))
    themes = tuple(
        _lower(theme.label)
        for theme in THEME_DEFINITIONS.values()
        if theme.beschermd
        and may_see_theme(viewer, theme.slug)
        and set(theme.politie_codes) & set(below)
    )
    return Exclusion(hidden, below, themes)


def excluded_codes(
    viewer: Viewer,
    level: str,
    hoofdcategorieen: Iterable[str] = MAIN_CATEGORIES,
    codes: Iterable[str] = (),
) -> tuple[str, ...]:
    """The codes that a viewer's figure of an area of `level` leaves out of a selection."""
    return exclusion(viewer, hoofdcategorieen, codes).at(level)


# --- partner datasets -----------------------------------------------------------------------


def may_see_dataset(viewer: Viewer, gemeenten: Iterable[str]) -> bool:
    """A partner dataset that its owner restricted to named gemeenten (none: the whole theme):
    members of those gemeenten and the project roles."""
    gemeenten = tuple(gemeenten)
    if not gemeenten or viewer.role in PROJECT_ROLES:
        return True
    return viewer.gemeente_code in gemeenten


def partner_measures(session: Session, viewer: Viewer, theme: str) -> list[PartnerMeasure]:
    """The measures of the theme's partner datasets that the viewer may see, in dataset order:
    none without the theme, and not those of a dataset restricted to other gemeenten."""
    if not may_see_theme(viewer, theme):
        return []
    measures = partner_queries.theme_measures(session, theme)
    return [m for m in measures if may_see_dataset(viewer, m.gemeenten)]


# --- annotations --------------------------------------------------------------------------


@dataclass(frozen=True)
class WriteScope:
    """The areas an actor may annotate: any (a project role), or one gemeente with its wijken
    and buurten (a gebruiker; none when their account has no gemeente)."""

    anywhere: bool
    gemeente_code: str | None = None
    gemeente_naam: str | None = None

    def allows(self, area: Area) -> bool:
        if self.anywhere:
            return True
        if self.gemeente_code is None or area.niveau == "regio":
            return False
        return self.gemeente_code in (area.code, area.gemeente_code)

    def refusal(self) -> str:
        """Why an area outside the scope is refused, in the words of the page."""
        if self.gemeente_code is None:
            return (
                "Aan uw account is geen gemeente gekoppeld, dus u kunt geen duiding toevoegen. "
                "Vraag een beheerder om uw gemeente in te stellen."
            )
        naam = self.gemeente_naam or self.gemeente_code
        return (
            f"U kunt alleen duiding toevoegen bij uw eigen gemeente ({naam}) en de wijken en "
            "buurten daarin. Kies dat gebied in de filters om er duiding bij te zetten."
        )


def annotation_themes(session: Session, actor: annotations.Actor) -> frozenset[str]:
    """The themes whose annotations the actor may read and write now: every theme for a project
    role; else the themes granted to the active account as the database holds them at this
    moment, so a revoked grant hides the theme's annotations at once, whatever the session still
    believes. Read in the session of the read or write it guards."""
    if actor.role in PROJECT_ROLES:
        return frozenset(THEMES)
    if not actor.username:
        return frozenset()
    return grant_store.themes_of_active(session, actor.username) & frozenset(THEMES)


def annotation_scope(session: Session, actor: annotations.Actor) -> WriteScope:
    """What the actor may annotate, after the account as the database holds it now (a changed
    gemeente or role counts at once, whatever the session still believes)."""
    account = annotations.account(session, actor)
    if account is None:
        return WriteScope(False)
    role, gemeente = account
    if role in PROJECT_ROLES:
        return WriteScope(True)
    if gemeente is None:
        return WriteScope(False)
    return WriteScope(False, gemeente, area_queries.area_names(session, [gemeente]).get(gemeente))
