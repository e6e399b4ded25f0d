"""An analyst's count series file (columns reeks, periode, aantal) for `veiligheid extrapolatie`:
read like every delivery (CSV with ; , or tab, UTF-8 or Windows-1252, or XLSX; numbers by the one
decimal rule), checked as a whole, with the file's own row numbers in every message.

A period is a month (YYYY-MM) or a year (YYYY); within a series all periods are of one kind, and a
month or year without a row between the series' first and last period counts as 0."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dashboard.data.ingest.fields import parse_decimal
from dashboard.data.ingest.report import RefusedFile
from dashboard.data.ingest.tabular import read_table

COLUMNS = ("reeks", "periode", "aantal")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


class SeriesFileError(RefusedFile):
    """The file was refused (exit 2); the message names the file and the row."""


@dataclass(frozen=True)
class CountSeries:
    name: str
    grain: str  # "maand" or "jaar"
    first: int  # period index: year * 12 + month - 1 for months, the year for years
    counts: np.ndarray

    def label(self, index: int) -> str:
        if self.grain == "jaar":
            return f"{index:04d}"
        return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _period(value, line: int) -> tuple[str, int]:
    if isinstance(value, dt.date):  # Excel turns a typed "2024-01" into a date
        return "maand", value.year * 12 + value.month - 1
    text = str(value).strip()
    if found := _MONTH.match(text):
        year, month = int(found[1]), int(found[2])
        if 1 <= month <= 12:
            return "maand", year * 12 + month - 1
    elif _YEAR.match(text):
        return "jaar", int(text)
    raise ValueError(f"rij {line}: periode {text!r} is geen maand (JJJJ-MM) of jaar (JJJJ)")


def _count(value, line: int) -> float:
    text = str(value).strip()
    count = parse_decimal(text, f"rij {line}: aantal {text!r} is geen getal")
    if count < 0:
        raise ValueError(f"rij {line}: aantal {text!r} is negatief")
    return count


def read(path: Path) -> list[CountSeries]:
    """The series of the file, in the order they first appear; SeriesFileError when anything in
    it is wrong (nothing is half-read)."""
    path = Path(path)
    if not path.is_file():
        raise SeriesFileError(f"{path.name}: kan het bestand niet openen (niet gevonden)")
    try:
        return _series(path)
    except SeriesFileError:
        raise
    except RefusedFile as exc:
        raise SeriesFileError(str(exc)) from None
    except ValueError as exc:
        raise SeriesFileError(f"{path.name}: {exc}") from None


def _series(path: Path) -> list[CountSeries]:
    table = read_table(path)
    names = [h.strip().lower() for h in table.header]
    if sorted(names) != sorted(COLUMNS):
        raise ValueError(
            f"rij 1: kolommen {', '.join(table.header)}; verwacht precies reeks, periode, aantal"
        )
    at = {name: names.index(name) for name in COLUMNS}
    seen: dict[tuple[str, int, str], int] = {}
    values: dict[str, dict[int, float]] = {}
    grains: dict[str, tuple[str, int]] = {}
    for line, row in table.rows:
        if len(row) != len(COLUMNS):
            raise ValueError(f"rij {line}: {len(row)} velden, verwacht 3 (reeks, periode, aantal)")
        name = str(row[at["reeks"]]).strip()
        if not name:
            raise ValueError(f"rij {line}: reeks is leeg")
        grain, index = _period(row[at["periode"]], line)
        count = _count(row[at["aantal"]], line)
        known = grains.setdefault(name, (grain, line))
        if known[0] != grain:
            raise ValueError(
                f"rij {line}: reeks {name!r} heeft hier een {grain}, in rij {known[1]} een "
                f"{known[0]}; een reeks is per maand of per jaar"
            )
        key = (name, index, grain)
        if key in seen:
            raise ValueError(
                f"rij {line}: reeks {name!r} periode {str(row[at['periode']]).strip()!r} staat "
                f"ook in rij {seen[key]}"
            )
        seen[key] = line
        values.setdefault(name, {})[index] = count
    if not values:
        raise ValueError("rij 2: geen gegevens onder de kopregel")
    out = []
    for name, found in values.items():
        first, last = min(found), max(found)
        counts = np.array([found.get(k, 0.0) for k in range(first, last + 1)])
        out.append(CountSeries(name, grains[name][0], first, counts))
    return out
