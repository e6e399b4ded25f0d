"""Which registrations a count counts: an area and categories or codes, less the codes that
the policy point leaves out at the level counted."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data.queries.areas import SUB_GEMEENTE, Area
from dashboard.data.reference.categories import MAIN_CATEGORIES


@dataclass(frozen=True)
class IncidentFilter:
    """Which registrations count: an area and either hoofdcategorieen or explicit MK codes,
    without the codes left out at the level of the areas counted (dashboard.policy decides
    which): `excluded_codes` at every level, `excluded_below_gemeente` in addition when wijken
    or buurten are counted. A count per child area leaves out what the children's level
    leaves out, whatever the scope."""

    area: Area
    hoofdcategorieen: tuple[str, ...] = MAIN_CATEGORIES
    mk_codes: tuple[str, ...] = ()
    excluded_codes: tuple[str, ...] = ()
    excluded_below_gemeente: tuple[str, ...] = ()

    def excluded_at(self, level: str) -> tuple[str, ...]:
        """The codes left out of a count of areas of this level."""
        if level in SUB_GEMEENTE and self.excluded_below_gemeente:
            return tuple(sorted({*self.excluded_codes, *self.excluded_below_gemeente}))
        return self.excluded_codes
