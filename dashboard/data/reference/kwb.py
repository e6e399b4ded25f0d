"""CBS kerncijfers (KWB): which indicators we keep and how buurt figures roll up to wijk,
gemeente and region when CBS gives no figure of its own for that level."""

from __future__ import annotations

import math
from collections import defaultdict

# Counts add up over areas.
COUNT_INDICATORS = (
    "aantal_inwoners",
    "mannen",
    "vrouwen",
    "aantal_huishoudens",
    "oppervlakte_totaal_in_ha",
    "oppervlakte_land_in_ha",
)
# Percentages roll up weighted by the population they are a share of.
SHARE_WEIGHTS = {
    "percentage_personen_0_tot_15_jaar": "aantal_inwoners",
    "percentage_personen_15_tot_25_jaar": "aantal_inwoners",
    "percentage_personen_25_tot_45_jaar": "aantal_inwoners",
    "percentage_personen_45_tot_65_jaar": "aantal_inwoners",
    "percentage_personen_65_jaar_en_ouder": "aantal_inwoners",
    "percentage_eenpersoonshuishoudens": "aantal_huishoudens",
    "percentage_huishoudens_zonder_kinderen": "aantal_huishoudens",
    "percentage_huishoudens_met_kinderen": "aantal_huishoudens",
    "gemiddelde_huishoudsgrootte": "aantal_huishoudens",
    "omgevingsadressendichtheid": "aantal_inwoners",
}
DERIVED_INDICATORS = ("bevolkingsdichtheid_inwoners_per_km2", "stedelijkheid_adressen_per_km2")
INDICATORS = COUNT_INDICATORS + tuple(SHARE_WEIGHTS) + DERIVED_INDICATORS

LABELS = {
    "aantal_inwoners": "Inwoners",
    "aantal_huishoudens": "Huishoudens",
    "percentage_personen_0_tot_15_jaar": "0-15 jaar (%)",
    "percentage_personen_15_tot_25_jaar": "15-25 jaar (%)",
    "percentage_personen_25_tot_45_jaar": "25-45 jaar (%)",
    "percentage_personen_45_tot_65_jaar": "45-65 jaar (%)",
    "percentage_personen_65_jaar_en_ouder": "65 jaar en ouder (%)",
    "percentage_eenpersoonshuishoudens": "Eenpersoonshuishoudens (%)",
    "percentage_huishoudens_met_kinderen": "Huishoudens met kinderen (%)",
    "gemiddelde_huishoudsgrootte": "Gem. huishoudgrootte",
    "bevolkingsdichtheid_inwoners_per_km2": "Inwoners per km²",
    "omgevingsadressendichtheid": "Adressen per km² (omgeving)",
    "stedelijkheid_adressen_per_km2": "Stedelijkheid (1 = zeer sterk, 5 = niet)",
}
PROFILE_INDICATORS = tuple(LABELS)


def urbanity_class(address_density: float | None) -> int | None:
    """CBS stedelijkheid class from the omgevingsadressendichtheid."""
    if address_density is None or math.isnan(address_density):
        return None
    for limit, klass in ((2500, 1), (1500, 2), (1000, 3), (500, 4)):
        if address_density >= limit:
            return klass
    return 5


def _value(values: dict, name: str) -> float | None:
    v = values.get(name)
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def roll_up(children: list[dict]) -> dict[str, float | None]:
    """Indicators of a parent area from the indicator dicts of its children."""
    result: dict[str, float | None] = {}
    for name in COUNT_INDICATORS:
        known = [_value(c, name) for c in children if _value(c, name) is not None]
        result[name] = sum(known) if known else None
    for name, weight_name in SHARE_WEIGHTS.items():
        num = den = 0.0
        for child in children:
            value, weight = _value(child, name), _value(child, weight_name)
            if value is not None and weight:
                num += value * weight
                den += weight
        result[name] = round(num / den, 1) if den else None
    inwoners, land_ha = result["aantal_inwoners"], result["oppervlakte_land_in_ha"]
    result["bevolkingsdichtheid_inwoners_per_km2"] = (
        round(inwoners / (land_ha / 100)) if inwoners is not None and land_ha else None
    )
    result["stedelijkheid_adressen_per_km2"] = urbanity_class(result["omgevingsadressendichtheid"])
    return result


def roll_up_by(parent_of: dict[str, str], values: dict[str, dict]) -> dict[str, dict]:
    """Roll children up to their parents: parent_of maps child code -> parent code."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for child, parent in parent_of.items():
        if child in values:
            groups[parent].append(values[child])
    return {parent: roll_up(children) for parent, children in groups.items()}


def indicator_rows(values: dict[str, dict], jaar: int, bron: str) -> list[dict]:
    rows = []
    for code, indicators in values.items():
        for name in INDICATORS:
            value = _value(indicators, name)
            if value is not None:
                rows.append(
                    {
                        "area_code": code,
                        "jaar": jaar,
                        "indicator": name,
                        "waarde": value,
                        "bron": bron,
                    }
                )
    return rows
