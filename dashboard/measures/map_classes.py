"""What a choropleth and the ranked bar beside it show per area: one definition for both, so
the bar can never tell more than the map (DESIGN.md section 3: pages read figures here).

Per area a state: a value in a colour class, zero (theme pages: a class of its own), hidden
by the small-number rule (its value never leaves this module: only the text the table shows,
"<5" or "x"), too few inhabitants for a rate per 1.000, or unknown. The classes are natural
breaks (analysis.classes) with readable edges."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.analysis.classes import classify
from dashboard.analysis.comparison import (
    MIN_INHABITANTS,
    TOO_FEW_INHABITANTS,
    too_few_inhabitants,
)
from dashboard.formatting import nl_number

VALUE = "waarde"
ZERO = "nul"
HIDDEN = "afgeschermd"
TOO_FEW = "te_weinig_inwoners"
UNKNOWN = "onbekend"
# The ranking: values from large to small, then the areas without one, hidden ones last and
# in name order (sorted by their true value they would tell their rank).
STATE_ORDER = {VALUE: 0, ZERO: 0, TOO_FEW: 1, UNKNOWN: 2, HIDDEN: 3}


@dataclass(frozen=True)
class ShadedArea:
    code: str
    naam: str
    state: str
    klass: int | None  # the colour class of a VALUE
    value: float | None  # None unless VALUE or ZERO
    text: str  # as shown: "1.234", "12,5", "<5", "x", "te weinig inwoners", "onbekend"


@dataclass(frozen=True)
class MapClasses:
    areas: tuple[ShadedArea, ...]  # ranked (STATE_ORDER)
    edges: list[float]  # class c: edges[c] <= value < edges[c + 1]
    decimals: int
    label: str  # what the value is: "Aantal registraties", "Per 1.000 inwoners"

    @property
    def n_classes(self) -> int:
        return max(len(self.edges) - 1, 1) if self.edges else 0

    def has(self, state: str) -> bool:
        return any(a.state == state for a in self.areas)


def map_classes(
    frame: pd.DataFrame,
    measure: str,
    count_column: str,
    count_label: str,
    hidden: pd.Series | None = None,
    hidden_text: pd.Series | None = None,
    zero_apart: bool = False,
) -> MapClasses:
    """frame: one row per area on the map (area_code, naam, inwoners, per_1000 and the count
    column). measure "per1000" shades the rate, else the count. hidden/hidden_text: the
    small-number state of the count and its text as the table shows it (theme pages).
    zero_apart: zero is a class of its own (sparse theme data would otherwise paint "nothing"
    in the lightest value class)."""
    rate = measure == "per1000"
    decimals = 1 if rate else 0
    index = frame.index
    hidden = pd.Series(False, index=index) if hidden is None else hidden.astype(bool)
    hidden_text = hidden_text if hidden_text is not None else pd.Series("", index=index)
    values = (frame["per_1000"] if rate else frame[count_column]).astype(float)
    values = values.where(~hidden)
    nothing = pd.Series(False, index=index)
    few = too_few_inhabitants(frame["inwoners"].astype(float)) & ~hidden if rate else nothing
    zero = (values == 0) if zero_apart else nothing
    classes, edges = classify(values.where(~zero & ~few), decimals=decimals)
    states = np.select(
        [hidden.to_numpy(), few.to_numpy(), zero.to_numpy(), values.notna().to_numpy()],
        [HIDDEN, TOO_FEW, ZERO, VALUE],
        default=UNKNOWN,
    )
    areas = []
    columns = zip(
        frame["area_code"].tolist(),
        frame["naam"].tolist(),
        states.tolist(),
        classes.tolist(),
        values.tolist(),
        hidden_text.tolist(),
        strict=True,
    )
    for code, naam, state, klass, value, shown_text in columns:
        if state in (VALUE, ZERO):
            text = nl_number(value, decimals)
        elif state == HIDDEN:
            text = "afgeschermd" if rate else str(shown_text)
        else:
            text = TOO_FEW_INHABITANTS if state == TOO_FEW else "onbekend"
        areas.append(
            ShadedArea(
                code=code,
                naam=naam,
                state=str(state),
                klass=int(klass) if state == VALUE else None,
                value=float(value) if state in (VALUE, ZERO) else None,
                text=text,
            )
        )
    areas.sort(key=lambda a: (STATE_ORDER[a.state], -(a.value or 0.0), a.naam, a.code))
    label = "Per 1.000 inwoners" if rate else count_label
    return MapClasses(tuple(areas), edges, decimals, label)


def rate_text(per_1000: float | None, inhabitants: float | None) -> str | None:
    """A rate per 1.000 as a tooltip shows it, whatever the map shades: "te weinig inwoners"
    under MIN_INHABITANTS (the count measure colours such an area by its count, but its rate is
    still noise), the rate, or None when there is none (no inhabitants, a hidden count)."""
    if inhabitants is not None and inhabitants == inhabitants and inhabitants < MIN_INHABITANTS:
        return TOO_FEW_INHABITANTS
    if per_1000 is None or per_1000 != per_1000:  # NaN
        return None
    return nl_number(per_1000, 1)
