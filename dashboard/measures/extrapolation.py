"""The extrapolation as users read it: one code path for the dashboard card, the periodic report
and `veiligheid extrapolatie`. Count series in; per series the method shown, its path, its band
where the back-test measured one, and the words that say how far off it was before (or that
there was too little history to measure that). The numerics are analysis.extrapolation; the
card's monthly history of a selection (whole months of data only, as the periodic report's
trend) is read here too."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from dashboard.analysis.periods import month_end
from dashboard.data.queries import areas as area_queries
from dashboard.data.queries import freshness as freshness_queries
from dashboard.data.queries import incidents as incident_queries
from dashboard.data.queries.filters import IncidentFilter
from dashboard.formatting import nl_number
from dashboard.measures.completeness import data_months
from dashboard.measures.selection import Context

if TYPE_CHECKING:  # the numerics load numpy-heavy code: only when a card asks for it
    from dashboard.analysis.extrapolation import Extrapolation

LABEL = "Extrapolatie van historische cijfers - geen voorspelling"
BAND_LABEL = "80%-band (gemeten in de back-test)"
TOO_LITTLE = "te weinig historie om de fout te meten"
MIN_PERIODS = {"maand": 12, "jaar": 3}  # fewer: no extrapolation at all
MAX_SIBLINGS = 60  # areas read to pool a short history over (same level, same parent)

_METHOD_LABELS = {
    "maand": {
        "seizoensnaief": "zelfde maand vorig jaar",
        "laatste": "laatste maand herhaald",
        "gemiddelde12": "gemiddelde van de laatste 12 maanden",
        "exp_effening": "exponentiële effening",
        "trend": "log-lineaire trend",
        "trend_seizoen": "trend met seizoenspatroon",
    },
    "jaar": {
        "laatste": "laatste jaar herhaald",
        "gemiddelde12": "gemiddelde van de laatste 12 jaar",
        "exp_effening": "exponentiële effening",
        "trend": "log-lineaire trend",
    },
}
_UNIT = {"maand": ("maand", "maanden"), "jaar": ("jaar", "jaar")}


def method_label(method: str, grain: str = "maand") -> str:
    return _METHOD_LABELS[grain].get(method, method)


def _season(grain: str) -> int:
    return 12 if grain == "maand" else 1


def refusal(counts: np.ndarray, grain: str = "maand") -> str:
    """Why a series gets no extrapolation at all ("" when it gets one)."""
    from dashboard.analysis.extrapolation import SPARSE_MEAN

    unit, units = _UNIT[grain]
    if len(counts) < MIN_PERIODS[grain]:
        return (
            f"Te weinig {units} historie (minder dan {MIN_PERIODS[grain]}) voor een extrapolatie."
        )
    if counts.mean() < SPARSE_MEAN:
        return (
            f"Te weinig registraties per {unit} (gemiddeld {nl_number(counts.mean(), 1)}) voor "
            "een extrapolatie: toevallige schommelingen overheersen. Kies een groter gebied of "
            "meer categorieën."
        )
    return ""


def extrapolate_counts(
    counts: np.ndarray,
    horizon: int,
    grain: str = "maand",
    phase: int = 0,
    groups=None,
    borrow: dict | None = None,
) -> Extrapolation:
    """Every row of `counts` (series x periods, the same periods) `horizon` periods on; rows
    with the same `groups` label may pool their back-test (same region and level), a group in
    `borrow` with the rows of the group it names when its own cannot be measured."""
    from dashboard.analysis.extrapolation import extrapolate

    return extrapolate(
        counts, horizon, season=_season(grain), phase=phase, groups=groups, borrow=borrow
    )


def _share(value: float) -> str:
    return f"{nl_number(value * 100)}%"


def describe(result: Extrapolation, row: int = 0, grain: str = "maand") -> str:
    """What the card and the report say under the figure: the method shown, its back-test error
    beside the runner-up's, how many forecasts that rests on and the band's measured coverage;
    or that there was too little history to measure any of it."""
    from dashboard.analysis.extrapolation import TIE_MARGIN

    unit, _ = _UNIT[grain]
    method = method_label(result.method[row], grain)
    if not result.measured[row]:
        return (
            f"{LABEL}. Methode: {method}. Er is {TOO_LITTLE}: daarom staat hier de eenvoudige "
            "basislijn, zonder band en zonder foutmaat."
        )
    where = (
        "op deze reeks"
        if result.measured_on[row] == "reeks"
        else f"gepoold over {result.group_size[row]} gebieden van hetzelfde niveau"
    )
    error = (
        f"Fout in de back-test: gemiddeld {nl_number(result.mae[row], 1)} registraties per "
        f"{unit} (MASE {nl_number(result.mase[row], 2)})"
    )
    runner = result.runner_up[row]
    if runner:
        error += (
            f", tegen {nl_number(result.mae_runner_up[row], 1)} (MASE "
            f"{nl_number(result.mase_runner_up[row], 2)}) voor de tweede beste methode, "
            f"{method_label(runner, grain)}"
        )
    if runner and result.mae_runner_up[row] < result.mae[row]:
        # The choice rule, where a reader sees the runner-up's lower error beside the one shown.
        error += (
            f" (binnen {nl_number(TIE_MARGIN * 100)}% van elkaar: de eenvoudigere methode staat "
            "hier)"
        )
    error += f"; gemeten {where}, {result.n_backtest[row]} voorspellingen per stap vooruit."
    if math.isfinite(result.coverage[row]):
        band = (
            f"De {result.level:.0%}-band hield in de back-test {_share(result.coverage[row])} van "
            f"{result.n_coverage[row]} voorspellingen."
        )
    else:
        band = "De band kon niet gemeten worden en staat er daarom niet."
    return f"{LABEL}. Methode: {method}. {error} {band}"


def _maybe(value: float, decimals: int = 2) -> float | None:
    return round(float(value), decimals) if math.isfinite(value) else None


def summary(result: Extrapolation, row: int, grain: str = "maand") -> dict:
    """One series as the command prints it (JSON keys in Dutch, as the command's users read)."""
    banded = bool(np.isfinite(result.lower[row]).all())
    out = {
        "methode": method_label(result.method[row], grain),
        "pad": [round(float(v), 2) for v in result.forecast[row]],
        "onder": [round(float(v), 2) for v in result.lower[row]] if banded else None,
        "boven": [round(float(v), 2) for v in result.upper[row]] if banded else None,
        "dekking_gemeten": _maybe(result.coverage[row], 3) if banded else None,
        "n_backtest": int(result.n_backtest[row]),
        "mae": _maybe(result.mae[row]),
        "mase": _maybe(result.mase[row], 3),
    }
    if not result.measured[row]:
        out["reden"] = TOO_LITTLE
    return out


# --- the card's selection -----------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyExtrapolation:
    history: pd.DataFrame  # start (first day of a whole month), aantal
    horizon: int  # months on
    result: Extrapolation | None  # None: no extrapolation, see reason
    reason: str = ""  # why there is none, in the user's words

    @property
    def note(self) -> str:
        return describe(self.result) if self.result is not None else self.reason


def _pool_areas(session: Session, area) -> tuple[object | None, str, list]:
    """Where a short history pools its back-test: the parent whose count query reads them, the
    level they are counted at, and the areas themselves (at most MAX_SIBLINGS by name). The
    areas of the same level under the same parent: gemeenten of its region, wijken of its
    gemeente, buurten of its wijk. A region, alone on its level, pools one level down, with its
    gemeenten (the errors are pooled scaled to each series' spread)."""
    if area.niveau == "regio":
        return area, "gemeente", area_queries.areas(session, "gemeente", area)[:MAX_SIBLINGS]
    parent_code = {"gemeente": area.regio_code, "wijk": area.gemeente_code, "buurt": area.wijk_code}
    code = parent_code.get(area.niveau)
    parent = area_queries.area(session, code) if code else None
    if parent is None:
        return None, area.niveau, []
    found = area_queries.areas(session, area.niveau, parent)
    if area.niveau == "gemeente":  # areas() narrows wijken and buurten, not gemeenten
        found = [a for a in found if a.regio_code == area.regio_code]
    return parent, area.niveau, [a for a in found if a.code != area.code][:MAX_SIBLINGS]


def _pool_rows(session: Session, flt: IncidentFilter, starts: list) -> list[np.ndarray]:
    """The monthly counts of the areas the selection pools with, over the months starting at
    `starts`, from one query over their parent (not one trend per area)."""
    parent, level, pooled = _pool_areas(session, flt.area)
    if not pooled:
        return []
    periods = {f"m{k}": (d, month_end(d.year, d.month)) for k, d in enumerate(starts)}
    frame = incident_queries.counts(
        session, flt, periods, scope=parent, child_level=level, by_category=False
    )
    # Codes left out are subtracted as rows of their own: add them up per area.
    found = frame.groupby("area_code")[list(periods)].sum() if not frame.empty else None
    return [
        found.loc[a.code].to_numpy(float)
        if found is not None and a.code in found.index
        else np.zeros(len(periods))
        for a in pooled
    ]


def extrapolate_history(
    session: Session, flt: IncidentFilter, starts: list, counts: np.ndarray, horizon: int
) -> tuple[Extrapolation | None, str]:
    """The monthly `counts` of the selection `flt` (whole months starting at `starts`) carried
    `horizon` months on, and why not ("" when it is): the card's and the periodic report's one
    path. A history too short to measure the error on its own is pooled with the areas of the
    same level and parent (a region with its gemeenten)."""
    from dashboard.analysis.extrapolation import OWN, plan

    reason = refusal(counts)
    if reason:
        return None, reason
    rows = [counts]
    if plan(len(counts), horizon, 12).measured_on != OWN:
        rows += _pool_rows(session, flt, starts)
    # The neighbours are read only when the selection's own history cannot be measured: then
    # all rows are one pool (one group), and only the selection's row is kept.
    everyone = extrapolate_counts(np.vstack(rows), horizon, phase=starts[0].month - 1)
    return _first_row(everyone), ""


def extrapolation(session: Session, ctx: Context, horizon: int, cache=None) -> MonthlyExtrapolation:
    """The monthly history of the selection (whole months up to the newest data) and its
    extrapolation `horizon` months on (extrapolate_history). Cached per data version: the fit
    does not change until a new delivery arrives."""
    months = data_months(session)  # whole months only: the measure the periodic report uses
    key = None
    if cache is not None:
        flt = ctx.filter
        # The key names the cached type: an entry of an earlier shape must not be read as one.
        key = (
            f"maandextrapolatie3:{freshness_queries.data_version(session)}:{flt.area.code}:"
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
    result, reason = extrapolate_history(
        session, ctx.filter, list(history["start"]), counts, horizon
    )
    out = MonthlyExtrapolation(history, horizon, result, reason)
    if cache is not None:
        cache.set(key, out)
    return out


def _first_row(result: Extrapolation) -> Extrapolation:
    """The selection's own row of a call that pooled its siblings."""
    fields = {}
    for f in dataclasses.fields(result):
        value = getattr(result, f.name)
        if isinstance(value, np.ndarray):
            value = value[:1]
        elif isinstance(value, dict):
            value = {k: v[:1] for k, v in value.items()}
        fields[f.name] = value
    return dataclasses.replace(result, **fields)
