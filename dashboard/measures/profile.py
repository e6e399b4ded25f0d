"""The area profile of a selection on Algemeen beeld: the kerncijfers of the area beside its
gemeente and the region, and the incident mix per 1,000 inhabitants of each."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis.comparison import per_1000
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.queries.areas import Area
from dashboard.data.reference.categories import HOOFDCATEGORIEEN
from dashboard.data.reference.kwb import LABELS, PROFILE_INDICATORS
from dashboard.formatting import nl_number
from dashboard.measures.areas import area_label
from dashboard.measures.selection import Context


@dataclass(frozen=True)
class AreaProfile:
    names: list[str]  # the areas compared, 'Naam (niveau)', the selected area first
    table: pd.DataFrame  # one row per kerncijfer label, one column of formatted values per name
    mix: pd.DataFrame  # gebied, hoofdcategorie, per_1000


def profile(session: Session, ctx: Context) -> AreaProfile:
    chain: list[Area] = [ctx.area]
    if ctx.area.niveau in ("wijk", "buurt") and ctx.area.gemeente_code:
        gemeente = area_queries.area(session, ctx.area.gemeente_code)
        if gemeente:
            chain.append(gemeente)
    if ctx.area.niveau != "regio":
        chain.append(ctx.region)
    values = indicator_queries.indicators(session, [a.code for a in chain], PROFILE_INDICATORS)
    grid = values.pivot_table(
        index="indicator", columns="area_code", values="waarde", aggfunc="first"
    )
    table = pd.DataFrame(index=[LABELS[i] for i in PROFILE_INDICATORS])
    names = []
    for a in chain:
        name = area_label(a)
        names.append(name)
        column = []
        for indicator in PROFILE_INDICATORS:
            value = (
                grid.at[indicator, a.code]
                if (indicator in grid.index and a.code in grid.columns)
                else None
            )
            decimals = 1 if indicator == "gemiddelde_huishoudsgrootte" else 0
            column.append(
                nl_number(None if value is None or pd.isna(value) else float(value), decimals)
            )
        table[name] = column
    mix_rows = []
    population = indicator_queries.population(session, [a.code for a in chain])
    for a, name in zip(chain, names, strict=True):
        flt = ctx.comparable_filter(a)
        counts = incident_queries.counts(session, flt, {"periode": ctx.period})
        inwoners = population.get(a.code)
        by_cat = (
            dict(zip(counts["hoofdcategorie"], counts["periode"], strict=True))
            if not counts.empty
            else {}
        )
        for key in ctx.filter.hoofdcategorieen:
            mix_rows.append(
                {
                    "gebied": name,
                    "hoofdcategorie": HOOFDCATEGORIEEN[key],
                    "per_1000": per_1000(by_cat.get(key, 0), inwoners),
                }
            )
    return AreaProfile(names, table, pd.DataFrame(mix_rows))
