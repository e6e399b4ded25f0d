"""The extrapolation card's measure: the monthly history of a selection (whole months of data
only, as the periodic report's trend) and its extrapolation some months on with the measured
error of earlier years, or the reason there is none. The numerics are analysis.extrapolation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.formatting import nl_number
from dashboard.measures.completeness import data_months
from dashboard.measures.selection import Context

if TYPE_CHECKING:  # the model imports scikit-learn: only when a card asks for it
    from dashboard.analysis.extrapolation import Extrapolation

LABEL = "Extrapolatie van historische cijfers - geen voorspelling"


@dataclass(frozen=True)
class MonthlyExtrapolation:
    history: pd.DataFrame  # start (first day of a whole month), aantal
    horizon: int  # months on
    result: Extrapolation | None  # None: no extrapolation, see reason
    reason: str = ""  # why there is none, in the user's words


def extrapolation(session: Session, ctx: Context, horizon: int, cache=None) -> MonthlyExtrapolation:
    """The monthly history of the selection (whole months up to the newest data) and its
    extrapolation `horizon` months on, with the back-test's measured error. Cached per data
    version: the fit does not change until a new delivery arrives."""
    from dashboard.analysis import extrapolation as model

    months = data_months(session)  # whole months only: the measure the periodic report uses
    key = None
    if cache is not None:
        flt = ctx.filter
        # The key names the cached type: an entry of the earlier dict must not be read as one.
        key = (
            f"maandextrapolatie:{freshness_queries.data_version(session)}:{flt.area.code}:"
            f"{','.join(flt.hoofdcategorieen)}:{','.join(flt.mk_codes)}:"
            f"{','.join(flt.excluded_at(flt.area.niveau))}:{horizon}"
        )
        cached = cache.get(key)
        if cached is not None:
            return cached
    if months is None:
        history = pd.DataFrame({"start": [], "aantal": []})
    else:
        history = incident_queries.trend(session, ctx.filter, months, "maand")[["start", "aantal"]]
    counts = history["aantal"].to_numpy(dtype=float)
    result, reason = None, ""
    if len(counts) < 12:
        reason = "Te weinig maanden historie (minder dan een jaar) voor een extrapolatie."
    elif counts.mean() < model.SPARSE_MEAN:
        reason = (
            f"Te weinig registraties per maand (gemiddeld {nl_number(counts.mean(), 1)}) voor "
            "een extrapolatie: toevallige schommelingen overheersen. Kies een groter gebied of "
            "meer categorieën."
        )
    else:
        result = model.extrapolate(counts[None, :], horizon, phase=months[0].month - 1)
    out = MonthlyExtrapolation(history, horizon, result, reason)
    if cache is not None:
        cache.set(key, out)
    return out
