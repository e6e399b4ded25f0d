"""A small fictional region for the offline demo: rectangles in the North Sea, so that no one can
mistake it for real places, with plausible kerncijfers."""

from __future__ import annotations

import numpy as np

from dashboard.data.ingest import geojson as geo
from dashboard.data.ingest.areaset import AreaSet
from dashboard.data.reference import kwb

REGIO_CODE = "RG99"
REGIO_NAAM = "Demoregio (fictief)"
# (code, naam, wijken as (naam, number of buurten), urbanity of the centre)
GEMEENTEN = (
    ("GM9901", "Demostad (fictief)", (("Centrum", 5), ("Noord", 5), ("Zuid", 4), ("Oost", 4)), 1),
    ("GM9902", "Proefdorp (fictief)", (("Dorpskern", 4), ("Buitengebied", 3)), 3),
    ("GM9903", "Voorbeeldbroek (fictief)", (("Kern", 3), ("Polder", 3), ("Bedrijven", 2)), 4),
)
BUURT_NAMES = ("Kerkbuurt", "Molenwijk", "De Akkers", "Stationskwartier", "Het Veld")
ORIGIN_LON, ORIGIN_LAT = 3.2, 53.3
CELL_LON, CELL_LAT = 0.03, 0.02


def build_demo_region(rng: np.random.Generator, jaar: int) -> AreaSet:
    areas = AreaSet(indeling_jaar=jaar, regio_code=REGIO_CODE, regio_naam=REGIO_NAAM)
    areas.indicator_jaar = jaar
    areas.indicator_bron = "Fictieve kerncijfers (demo)"
    column = 0
    for g_index, (gm_code, gm_naam, wijken, centre_urbanity) in enumerate(GEMEENTEN):
        areas.gemeenten[gm_code] = (gm_naam, None)
        gm_number = gm_code[2:]
        for w_index, (wijk_naam, n_buurten) in enumerate(wijken):
            wk_code = f"WK{gm_number}{w_index:02d}"
            areas.wijken[wk_code] = (wijk_naam, gm_code, None)
            for b_index in range(n_buurten):
                bu_code = f"BU{gm_number}{w_index:02d}{b_index:02d}"
                lon = ORIGIN_LON + (column + w_index) * CELL_LON
                lat = ORIGIN_LAT + b_index * CELL_LAT + g_index * 0.003
                geometry = geo.rectangle(lon, lat, lon + CELL_LON, lat + CELL_LAT)
                naam = f"{wijk_naam} - {BUURT_NAMES[b_index % len(BUURT_NAMES)]}"
                areas.buurten[bu_code] = (naam, wk_code, gm_code, geometry)
                urbanity = min(5, centre_urbanity + w_index // 2 + (b_index > 2))
                areas.buurt_indicators[bu_code] = fictional_indicators(rng, urbanity)
        column += len(wijken) + 1
    return areas


def fictional_indicators(rng: np.random.Generator, urbanity: int, land_scale: float = 1.0) -> dict:
    """Plausible kerncijfers of one buurt of the given urbanity class (1 = very urban);
    land_scale shrinks or grows the buurt's area (and so its population)."""
    density = {1: 3000, 2: 2000, 3: 1200, 4: 700, 5: 250}[urbanity] * rng.uniform(0.8, 1.2)
    land_ha = land_scale * float(rng.uniform(40, 120) if urbanity <= 3 else rng.uniform(150, 900))
    inwoners = round(density * land_ha / 100 * rng.uniform(0.8, 1.1), -1)
    young = rng.uniform(12, 20)
    old = rng.uniform(14, 28)
    middle = 100 - young - old
    huishoudens = round(inwoners / rng.uniform(1.7, 2.6), -1)
    return {
        "aantal_inwoners": inwoners,
        "mannen": round(inwoners * 0.5, -1),
        "vrouwen": round(inwoners * 0.5, -1),
        "aantal_huishoudens": huishoudens,
        "oppervlakte_land_in_ha": round(land_ha),
        "oppervlakte_totaal_in_ha": round(land_ha * 1.05),
        "percentage_personen_0_tot_15_jaar": round(young),
        "percentage_personen_15_tot_25_jaar": round(middle * 0.18),
        "percentage_personen_25_tot_45_jaar": round(middle * 0.42),
        "percentage_personen_45_tot_65_jaar": round(middle * 0.40),
        "percentage_personen_65_jaar_en_ouder": round(old),
        "percentage_eenpersoonshuishoudens": round(rng.uniform(25, 55)),
        "percentage_huishoudens_met_kinderen": round(rng.uniform(20, 40)),
        "percentage_huishoudens_zonder_kinderen": round(rng.uniform(20, 35)),
        "gemiddelde_huishoudsgrootte": round(inwoners / huishoudens, 1),
        "omgevingsadressendichtheid": round(density * 0.55),
        "bevolkingsdichtheid_inwoners_per_km2": round(inwoners / (land_ha / 100)),
        "stedelijkheid_adressen_per_km2": kwb.urbanity_class(density * 0.55),
    }
