"""A fictional Netherlands for production-scale runs: a grid of gemeenten in the North Sea (so
no one mistakes it for real places), each made of wijken and buurten, with kerncijfers per buurt.

At full size (342 gemeenten) it has about 3,300 wijken and 14,000 buurten, like the country; a
test asks for a handful of gemeenten and gets the same shape through the same code.
"""

from __future__ import annotations

import math

import numpy as np

from dashboard.data.demo.region import fictional_indicators
from dashboard.data.ingest import geojson as geo
from dashboard.data.ingest.areaset import AreaSet

REGIO_CODE = "NL01"
REGIO_NAAM = "Nederland (fictief)"
NATIONAL_GEMEENTEN = 342
FIRST_GEMEENTE_NUMBER = 8001  # GM8001 ...: far from the real CBS numbers
# South-west corner and size of one gemeente's cell: 19 x 18 cells cover about 3.8 x 2.3
# degrees of open sea between England and Denmark.
ORIGIN_LON, ORIGIN_LAT = 0.6, 53.9
CELL_LON, CELL_LAT = 0.2, 0.13
# Smaller buurten than the demo region's, so the country has about 17 million inhabitants.
LAND_SCALE = 0.65
MAX_PER_LEVEL = 99  # two digits for the wijk and the buurt in a CBS code

STEMS = (
    "Aal", "Beek", "Berg", "Bos", "Brug", "Dal", "Dijk", "Donk", "Ees", "Elst", "Gouw",
    "Haar", "Ham", "Heem", "Hol", "Hout", "Kamp", "Kerk", "Laar", "Lind", "Meer", "Mol",
    "Nes", "Olde", "Peel", "Rijn", "Rode", "Schoot", "Sloot", "Sluis", "Steen", "Veen",
    "Vliet", "Voorst", "Waal", "Wold", "Zand", "Zijl",
)  # fmt: skip
SUFFIXES = ("dam", "dorp", "veen", "horst", "hoven", "wijk", "broek", "meer", "huizen", "berg")
WIJK_NAMES = (
    "Centrum", "Noord", "Oost", "Zuid", "West", "Buitengebied", "Bedrijvenpark", "Oude Kern",
    "Nieuwland", "Haven", "De Velden", "Molenhoek",
)  # fmt: skip
BUURT_NAMES = (
    "Kerkbuurt", "Molenwijk", "De Akkers", "Stationskwartier", "Het Veld", "Parkzoom",
    "De Wei", "Lindenhof",
)  # fmt: skip


def gemeente_names(rng: np.random.Generator, n: int) -> list[str]:
    """n distinct fictional place names (stem + suffix), each marked as fictional."""
    pool = [f"{stem}{suffix}" for stem in STEMS for suffix in SUFFIXES]
    if n > len(pool):
        raise ValueError(f"at most {len(pool)} fictional gemeenten, asked for {n}")
    order = rng.permutation(len(pool))[:n]
    return [f"{pool[i]} (fictief)" for i in order]


def _split(box: tuple[float, float, float, float], n: int) -> list[tuple]:
    """n rectangles that tile box exactly: near-square rows, the last row spread wide."""
    min_lon, min_lat, max_lon, max_lat = box
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    height = (max_lat - min_lat) / rows
    out = []
    for r in range(rows):
        in_row = cols if r < rows - 1 else n - cols * (rows - 1)
        width = (max_lon - min_lon) / in_row
        lat0 = max_lat - (r + 1) * height
        for c in range(in_row):
            lon0 = min_lon + c * width
            out.append((lon0, lat0, lon0 + width, lat0 + height))
    return out


def _name(names: tuple[str, ...], index: int) -> str:
    base = names[index % len(names)]
    return base if index < len(names) else f"{base} {index // len(names) + 1}"


def build_national_region(
    rng: np.random.Generator, jaar: int, gemeenten: int = NATIONAL_GEMEENTEN
) -> AreaSet:
    """A fictional country of `gemeenten` gemeenten (342 is national size)."""
    if not 1 <= gemeenten <= 999:
        raise ValueError(f"number of gemeenten must be 1..999, got {gemeenten}")
    areas = AreaSet(indeling_jaar=jaar, regio_code=REGIO_CODE, regio_naam=REGIO_NAAM)
    areas.indicator_jaar = jaar
    areas.indicator_bron = "Fictieve kerncijfers (demo)"
    # Many small gemeenten and a few cities: about 9.6 wijken of about 4.2 buurten on average.
    n_wijken = np.clip(np.round(rng.lognormal(math.log(7.8), 0.7, gemeenten)), 2, 60).astype(int)
    names = gemeente_names(rng, gemeenten)
    columns = math.ceil(math.sqrt(gemeenten * 1.05))
    for g in range(gemeenten):
        gm_number = FIRST_GEMEENTE_NUMBER + g
        gm_code = f"GM{gm_number}"
        row, col = divmod(g, columns)
        lon0 = ORIGIN_LON + col * CELL_LON
        lat0 = ORIGIN_LAT + row * CELL_LAT
        cell = (lon0, lat0, lon0 + CELL_LON, lat0 + CELL_LAT)
        areas.gemeenten[gm_code] = (names[g], geo.rectangle(*cell))
        wijken = int(n_wijken[g])
        centre = 1 if wijken >= 25 else 2 if wijken >= 12 else 3 if wijken >= 6 else 4
        for w, wijk_box in enumerate(_split(cell, wijken)):
            wk_code = f"WK{gm_number}{w:02d}"
            wijk_naam = _name(WIJK_NAMES, w)
            areas.wijken[wk_code] = (wijk_naam, gm_code, geo.rectangle(*wijk_box))
            buurten = min(MAX_PER_LEVEL, 1 + int(rng.poisson(3.24)))
            for b, buurt_box in enumerate(_split(wijk_box, buurten)):
                bu_code = f"BU{gm_number}{w:02d}{b:02d}"
                naam = f"{wijk_naam} - {_name(BUURT_NAMES, b)}"
                areas.buurten[bu_code] = (naam, wk_code, gm_code, geo.rectangle(*buurt_box))
                urbanity = min(5, centre + (3 * w) // wijken + (b > 2))
                areas.buurt_indicators[bu_code] = fictional_indicators(rng, urbanity, LAND_SCALE)
    return areas
