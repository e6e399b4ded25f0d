"""The public registered-crime counts per buurt (CBS/Politie 47018NED, one year) as the target
of the synthetic registrations: per buurt, the expected number of registrations whose code maps
to a CBS crime type in that year.

The public table may use another buurt indeling than the map (Rijssen-Holten got new buurten in
2023). A gemeente's counts under codes the map does not know are spread over its map buurten
that have no row of their own, by inhabitants, so that every gemeente keeps its public total.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dashboard.data.ingest.areaset import AreaSet

TOTAL_CODE = "0.0.0"  # "Totaal misdrijven" in the 47018NED code list
FILE_PATTERN = "misdrijven_buurt_*.csv"


@dataclass(frozen=True)
class PublicCrime:
    path: Path
    jaar: int
    per_buurt: dict[str, int]  # buurt code (as published) -> registered crimes, all types

    def gemeente_totals(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for code, count in self.per_buurt.items():
            totals[f"GM{code[2:6]}"] = totals.get(f"GM{code[2:6]}", 0) + count
        return totals


def read_public_crime(folder: Path) -> PublicCrime | None:
    """The yearly total per buurt from politie/misdrijven_buurt_YEAR_*.csv (the tidy layout the
    open-data loader reads too); None when the folder has none."""
    found = sorted((Path(folder) / "politie").glob(FILE_PATTERN))
    if not found:
        return None
    path = found[-1]
    per_buurt: dict[str, int] = {}
    years: set[int] = set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("soort_misdrijf_code", TOTAL_CODE).strip() != TOTAL_CODE:
                continue
            count = (row.get("geregistreerde_misdrijven") or "").strip()
            if not count.isdigit():
                continue  # secret or missing: no target rather than a made-up one
            per_buurt[row["buurtcode"].strip()] = int(count)
            years.add(int(row["jaar"]))
    if not per_buurt or len(years) != 1:
        raise ValueError(f"{path.name}: verwacht de aantallen van precies een jaar")
    return PublicCrime(path=path, jaar=years.pop(), per_buurt=per_buurt)


def buurt_targets(public: PublicCrime, areas: AreaSet, codes: list[str]) -> np.ndarray:
    """Expected registered crimes in the public year per buurt of codes (the map's buurten).

    Buurten of gemeenten the table does not cover get the region's public rate per inhabitant."""
    inwoners = np.array(
        [(areas.buurt_indicators.get(c, {}).get("aantal_inwoners") or 0.0) for c in codes]
    )
    gemeente = np.array([areas.buurten[c][2] for c in codes])
    targets = np.array([float(public.per_buurt.get(c, np.nan)) for c in codes])
    known = set(codes)
    leftover: dict[str, int] = {}
    for code, count in public.per_buurt.items():
        if code not in known:
            leftover[f"GM{code[2:6]}"] = leftover.get(f"GM{code[2:6]}", 0) + count
    covered = set(public.gemeente_totals())
    for gm in set(gemeente):
        in_gm = gemeente == gm
        if gm not in covered:
            continue
        open_rows = in_gm & np.isnan(targets)
        receivers = open_rows if open_rows.any() else in_gm
        extra = leftover.get(gm, 0)
        weights = inwoners[receivers] + 1.0  # +1: a buurt without residents still gets a share
        base = np.where(np.isnan(targets[receivers]), 0.0, targets[receivers])
        targets[receivers] = base + extra * weights / weights.sum()
    uncovered = np.isnan(targets)
    if uncovered.any():
        covered_rows = ~uncovered
        rate = targets[covered_rows].sum() / max(inwoners[covered_rows].sum(), 1.0)
        targets[uncovered] = rate * inwoners[uncovered]
    return targets
