"""The names of all Dutch gemeenten by CBS code, so that a message about an area outside the
loaded region can say which gemeente it belongs to (the database holds the region's areas only).

The list lives in ``reference/gemeenten.csv`` (provenance in the README, "Reference data"): the
gemeenten on 1 January 2023 and the gemeenten dissolved in 2022 and 2023, with the date and the
gemeente they went into. It ships with the package; nothing is downloaded at run time.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from dashboard.data.models import GEMEENTE_RE

_RESOURCE_PACKAGE = "dashboard.data.reference"
_RESOURCE_NAME = "gemeenten.csv"
COLUMNS = ("gemeentecode", "gemeentenaam", "opgeheven", "opgegaan_in")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Gemeente:
    code: str
    naam: str
    opgeheven: str | None = None  # ISO date on which it was dissolved
    opgegaan_in: str | None = None  # code of the gemeente it went into

    def describe(self, known: Mapping[str, Gemeente]) -> str:
        """ "Amsterdam (GM0363)", or "Weesp (GM0457, sinds 2022-03-24 deel van Amsterdam)"."""
        if not self.opgeheven:
            return f"{self.naam} ({self.code})"
        into = known.get(self.opgegaan_in or "")
        after = into.naam if into else self.opgegaan_in
        return f"{self.naam} ({self.code}, sinds {self.opgeheven} deel van {after})"


def parse_gemeenten(text: str, source: str = _RESOURCE_NAME) -> dict[str, Gemeente]:
    """Parse and check the list; errors name the line and the field, as for categories.csv."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{source}: missing column(s) {', '.join(missing)}")
    found: dict[str, Gemeente] = {}
    for row in reader:
        line = reader.line_num
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        if not GEMEENTE_RE.match(values["gemeentecode"]):
            raise ValueError(f"{source} line {line}, field 'gemeentecode': not GM + 4 digits")
        if values["gemeentecode"] in found:
            raise ValueError(f"{source} line {line}, field 'gemeentecode': duplicate")
        if not values["gemeentenaam"]:
            raise ValueError(f"{source} line {line}, field 'gemeentenaam': empty")
        if values["opgeheven"] and not _DATE.fullmatch(values["opgeheven"]):
            raise ValueError(f"{source} line {line}, field 'opgeheven': not a date (JJJJ-MM-DD)")
        if bool(values["opgeheven"]) != bool(values["opgegaan_in"]):
            raise ValueError(f"{source} line {line}: 'opgeheven' and 'opgegaan_in' go together")
        found[values["gemeentecode"]] = Gemeente(
            values["gemeentecode"],
            values["gemeentenaam"],
            values["opgeheven"] or None,
            values["opgegaan_in"] or None,
        )
    for gemeente in found.values():
        if gemeente.opgegaan_in and gemeente.opgegaan_in not in found:
            raise ValueError(f"{source}: {gemeente.code} went into unknown {gemeente.opgegaan_in}")
    return found


@functools.cache
def load_gemeenten() -> Mapping[str, Gemeente]:
    """The packaged list, read once per process; read-only, as it is shared."""
    resource = resources.files(_RESOURCE_PACKAGE).joinpath(_RESOURCE_NAME)
    return MappingProxyType(parse_gemeenten(resource.read_text(encoding="utf-8-sig")))
