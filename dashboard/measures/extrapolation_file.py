"""`veiligheid extrapolatie BESTAND.csv`: count series from a CSV (columns reeks, periode,
aantal) through the same code path as the dashboard card and the periodic report.

A period is a month (YYYY-MM) or a year (YYYY); within a series all periods are of one kind, and
a month or year without a row between the series' first and last period counts as 0. Series of
the file with the same kind and the same first and last period are one group: a history too
short to measure its own back-test error pools with them (as the card pools the areas of one
level). Bad input is refused as a whole with the row (line of the file) named."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dashboard.measures import extrapolation

COLUMNS = ("reeks", "periode", "aantal")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


class SeriesFileError(ValueError):
    """The file was refused; the message names the row and is meant for the user."""


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


def _period(text: str, line: int) -> tuple[str, int]:
    text = text.strip()
    if found := _MONTH.match(text):
        year, month = int(found[1]), int(found[2])
        if 1 <= month <= 12:
            return "maand", year * 12 + month - 1
    elif _YEAR.match(text):
        return "jaar", int(text)
    raise SeriesFileError(f"rij {line}: periode {text!r} is geen maand (JJJJ-MM) of jaar (JJJJ)")


def _count(text: str, line: int) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise SeriesFileError(f"rij {line}: aantal {text!r} is geen getal") from None
    if not np.isfinite(value):
        raise SeriesFileError(f"rij {line}: aantal {text!r} is geen getal")
    if value < 0:
        raise SeriesFileError(f"rij {line}: aantal {text!r} is negatief")
    return value


def read(path: Path) -> list[CountSeries]:
    """The series of the file, in the order they first appear."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise SeriesFileError(f"{path}: kan het bestand niet openen ({exc.strerror})") from None
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise SeriesFileError("rij 1: het bestand is leeg (verwacht: reeks,periode,aantal)")
        names = [h.strip().lower() for h in header]
        if sorted(names) != sorted(COLUMNS) or len(names) != len(COLUMNS):
            raise SeriesFileError(
                f"rij 1: kolommen {', '.join(header)}; verwacht precies reeks, periode, aantal"
            )
        at = {name: names.index(name) for name in COLUMNS}
        seen: dict[tuple[str, int, str], int] = {}
        values: dict[str, dict[int, float]] = {}
        grains: dict[str, tuple[str, int]] = {}
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(COLUMNS):
                raise SeriesFileError(
                    f"rij {line}: {len(row)} velden, verwacht 3 (reeks, periode, aantal)"
                )
            name = row[at["reeks"]].strip()
            if not name:
                raise SeriesFileError(f"rij {line}: reeks is leeg")
            grain, index = _period(row[at["periode"]], line)
            count = _count(row[at["aantal"]], line)
            known = grains.setdefault(name, (grain, line))
            if known[0] != grain:
                raise SeriesFileError(
                    f"rij {line}: reeks {name!r} heeft hier een {grain}, in rij {known[1]} een "
                    f"{known[0]}; een reeks is per maand of per jaar"
                )
            key = (name, index, grain)
            if key in seen:
                raise SeriesFileError(
                    f"rij {line}: reeks {name!r} periode {row[at['periode']].strip()!r} staat "
                    f"ook in rij {seen[key]}"
                )
            seen[key] = line
            values.setdefault(name, {})[index] = count
    if not values:
        raise SeriesFileError("rij 2: geen gegevens onder de kopregel")
    out = []
    for name, found in values.items():
        first, last = min(found), max(found)
        counts = np.array([found.get(k, 0.0) for k in range(first, last + 1)])
        out.append(CountSeries(name, grains[name][0], first, counts))
    return out


def extrapolate_file(path: Path, horizon: int) -> list[dict]:
    """Per series of the file (in file order): what the dashboard would show, as a dict with
    the keys reeks, methode, periodes, pad, onder, boven, dekking_gemeten, n_backtest, mae,
    mase and, when there is no extrapolation or no measured error, reden."""
    series = read(path)
    results: dict[str, dict] = {}
    batches: dict[tuple[str, int, int], list[CountSeries]] = {}
    for s in series:
        # Every series takes part in its group's pooling; a refused one shows nothing itself.
        batches.setdefault((s.grain, s.first, len(s.counts)), []).append(s)
        reason = extrapolation.refusal(s.counts, s.grain)
        if reason:
            results[s.name] = {
                "methode": None,
                "pad": [],
                "onder": None,
                "boven": None,
                "dekking_gemeten": None,
                "n_backtest": 0,
                "mae": None,
                "mase": None,
                "reden": reason,
            }
    for (grain, first, _), members in batches.items():
        phase = first % 12 if grain == "maand" else 0
        result = extrapolation.extrapolate_counts(
            np.vstack([m.counts for m in members]), horizon, grain, phase
        )
        for row, member in enumerate(members):
            results.setdefault(member.name, extrapolation.summary(result, row, grain))
    out = []
    for s in series:
        end = s.first + len(s.counts)
        periods = [s.label(end + k) for k in range(horizon)] if results[s.name]["pad"] else []
        found = results[s.name]
        row = {"reeks": s.name, "methode": found["methode"], "periodes": periods}
        out.append({**row, **found})
    return out
