"""The small TOML file that adapts the police load to a unit whose export differs further.

[kolommen]            # field = "header in the file"
registratienummer = "Registratie ID"
mk_code = "Feit"
[verwijderen]         # personal-data columns to drop before anything is stored
kolommen = ["Omschrijving"]
[coordinaten]
stelsel = "RD"        # or "WGS84"; default: recognised from the numbers
[controle]
max_afgekeurd_procent = 5
datumformaat = "%d-%m-%Y"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.data.ingest.columns import FIELDS, normalise
from dashboard.data.ingest.report import RefusedFile

DEFAULT_MAX_REJECT_PERCENT = 5.0
CRS_CHOICES = ("RD", "WGS84")


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)  # field -> normalised header
    drop: frozenset[str] = frozenset()  # normalised headers
    crs: str | None = None
    max_reject_percent: float = DEFAULT_MAX_REJECT_PERCENT
    date_format: str | None = None


def load_mapping(path: Path | None, max_reject_percent: float | None = None) -> Mapping:
    if path is None:
        return Mapping(
            max_reject_percent=DEFAULT_MAX_REJECT_PERCENT
            if max_reject_percent is None
            else max_reject_percent
        )
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RefusedFile(f"{path.name}: mappingbestand niet leesbaar ({exc})") from exc
    unknown = set(data) - {"kolommen", "verwijderen", "coordinaten", "controle"}
    if unknown:
        raise RefusedFile(f"{path.name}: onbekende sectie(s) {', '.join(sorted(unknown))}")
    columns = data.get("kolommen", {})
    bad = set(columns) - set(FIELDS)
    if bad:
        choices = ", ".join(FIELDS)
        raise RefusedFile(
            f"{path.name}: [kolommen] onbekend veld {sorted(bad)[0]!r}; kies uit {choices}"
        )
    drop = data.get("verwijderen", {}).get("kolommen", [])
    if not isinstance(drop, list) or not all(isinstance(d, str) for d in drop):
        raise RefusedFile(f"{path.name}: [verwijderen] kolommen moet een lijst van namen zijn")
    crs = data.get("coordinaten", {}).get("stelsel")
    if crs is not None and crs not in CRS_CHOICES:
        raise RefusedFile(f"{path.name}: [coordinaten] stelsel moet RD of WGS84 zijn, niet {crs!r}")
    control = data.get("controle", {})
    percent = control.get("max_afgekeurd_procent", DEFAULT_MAX_REJECT_PERCENT)
    if not isinstance(percent, int | float) or not 0 <= percent <= 100:
        raise RefusedFile(f"{path.name}: [controle] max_afgekeurd_procent moet 0-100 zijn")
    if max_reject_percent is not None:
        percent = max_reject_percent
    return Mapping(
        columns={f: normalise(h) for f, h in columns.items()},
        drop=frozenset(normalise(d) for d in drop),
        crs=crs,
        max_reject_percent=float(percent),
        date_format=control.get("datumformaat"),
    )
