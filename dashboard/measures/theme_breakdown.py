"""The breakdown of a thematic dashboard: the selected source by incident code (police) or by
attribute value (partner) in the period. Below gemeente level each group is protected against
the selection's own figure, which the page shows, so that no group gives a small count away."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis.suppression import suppress_counts
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries import partner as partner_queries
from dashboard.data.reference.categories import load_categories
from dashboard.formatting import nl_number
from dashboard.measures.theme_areas import source_figure
from dashboard.measures.theme_selection import ThemeContext, target

COLUMNS = ["groep", "waarde", "aantal", "tekst"]


@dataclass(frozen=True)
class Breakdown:
    frame: pd.DataFrame  # groep, waarde, aantal (None where hidden), tekst (as shown)
    reason: str = ""  # why there is no breakdown ("" when there is one, or nothing to break down)


def breakdown(session: Session, ctx: ThemeContext) -> Breakdown:
    source = ctx.source
    area = target(ctx, source)
    if ctx.sub_gemeente and source.niveau == "wijk":
        return _none("Deze bron heeft geen cijfers per buurt; kies de gemeente.")
    if source.partner is None:
        codes = dict((c.mk_code, c.mk_omschrijving) for c in load_categories())
        counts = incident_queries.month_code_counts(session, source.mk_codes, area, ctx.period)
        frame = pd.DataFrame(
            {
                "groep": "",
                "waarde": [f"{c} {codes.get(c, '')}".strip() for c in source.mk_codes],
                "aantal": [int(counts.get(c, 0)) for c in source.mk_codes],
            }
        )
    else:
        raw = partner_queries.breakdown(session, source.partner, area, ctx.period)
        labels = dict(source.partner.kenmerken)
        order = {name: k for k, name in enumerate(labels)}
        raw["_order"] = raw["kenmerk"].map(order)
        raw = raw.sort_values(["_order", "aantal", "waarde"], ascending=[True, False, True])
        frame = raw.drop(columns="_order").rename(columns={"kenmerk": "groep"})
        frame["groep"] = frame["groep"].map(lambda n: labels.get(n, n))
        frame = frame.reset_index(drop=True)
    frame["tekst"] = frame["aantal"].map(nl_number)
    if not (ctx.sub_gemeente and source.niveau == "buurt" and source.drempel > 0):
        return Breakdown(frame)
    fig = source_figure(session, ctx, source)
    if fig.hidden[0]:
        return _none("Het aantal van deze buurt is klein en daarom afgeschermd; de verdeling ook.")
    parts = []
    for _, group in frame.groupby("groep", sort=False):
        result = suppress_counts(
            group["aantal"].reset_index(drop=True),
            threshold=source.drempel,
            total=max(int(group["aantal"].sum()), fig.current),
        )
        hidden = result.hidden.to_numpy()
        group = group.copy()
        group["tekst"] = result.display().to_numpy()
        group["aantal"] = group["aantal"].astype(object).where(~hidden, None)
        parts.append(group)
    return Breakdown(pd.concat(parts, ignore_index=True) if parts else frame)


def _none(reason: str) -> Breakdown:
    return Breakdown(pd.DataFrame(columns=COLUMNS), reason)
