"""The view state of the general dashboard, kept in the URL query string (one source of truth:
a reload or a shared link restores the same view). Parsing never trusts the input: an unknown
field or value falls back to the default; a value the browser never sends (not a string, too
many fields) raises dashboard.inputs.InvalidInput, a 400."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from dashboard.analysis.periods import COMPARISONS, PRESETS, bounded_day
from dashboard.data.reference.categories import MAIN_CATEGORIES
from dashboard.inputs import InvalidInput, query_params

AREA_CODE_RE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")
MK_CODE_RE = re.compile(r"^[A-Z]{1,2}\d{1,5}$")
MAX_CODES = 50
MEASURES = ("aantal", "per1000")
GRAINS = ("week", "maand")
HORIZONS = (0, 3, 6, 12)  # months of extrapolation; 0 = off


@dataclass(frozen=True)
class ViewState:
    periode: str = "12m"
    van: dt.date | None = None
    tot: dt.date | None = None
    vergelijking: str = "vorig_jaar"
    gemeente: str | None = None
    wijk: str | None = None
    buurt: str | None = None
    hoofdcategorieen: tuple[str, ...] = MAIN_CATEGORIES
    codes: tuple[str, ...] = field(default_factory=tuple)
    maat: str = "aantal"
    trend: str = "week"
    extrapolatie: int = 0

    @property
    def area_code(self) -> str | None:
        """The most specific selected area; None means the whole region."""
        return self.buurt or self.wijk or self.gemeente

    def with_area(self, code: str | None) -> ViewState:
        if code is not None and not isinstance(code, str):
            raise InvalidInput("gebied: verwacht een gebiedscode")
        if not code:
            return replace(self, gemeente=None, wijk=None, buurt=None)
        gemeente = f"GM{code[2:6]}"
        wijk = f"WK{code[2:8]}" if code[:2] in ("WK", "BU") else None
        buurt = code if code.startswith("BU") else None
        return replace(self, gemeente=gemeente, wijk=wijk, buurt=buurt)


def _date(raw: str | None) -> dt.date | None:
    """A date of the URL, moved into the days a view may show (2000 up to next year: a shared
    link with 0001-01-01 or 9999-12-31 opens a period the page can compute, and the page says
    how it differs from the data, see dashboard.measures.selection.resolve); unreadable: None."""
    try:
        return bounded_day(dt.date.fromisoformat(raw)) if raw else None
    except ValueError:
        return None


def parse(search: str | None) -> ViewState:
    """Raises InvalidInput for a search that is not a string, TooManyFields for one with more
    than MAX_QUERY_FIELDS fields (the page router opens the default view then)."""
    params = query_params(search, "weergave")

    def one(name: str) -> str | None:
        values = params.get(name)
        return values[0][:200] if values else None

    def many(name: str) -> list[str]:
        raw = one(name)
        return [v for v in raw.split(",") if v] if raw else []

    defaults = ViewState()
    area = one("gebied")
    state = defaults.with_area(area if area and AREA_CODE_RE.match(area) else None)
    hoofdcategorieen = tuple(c for c in MAIN_CATEGORIES if c in set(many("hc")))
    codes = tuple(dict.fromkeys(c for c in many("codes") if MK_CODE_RE.match(c)))[:MAX_CODES]
    periode = one("periode")
    van, tot = _date(one("van")), _date(one("tot"))
    if periode == "aangepast" and not (van and tot and van <= tot):
        periode = None
    return replace(
        state,
        periode=periode if periode in PRESETS else defaults.periode,
        van=van if periode == "aangepast" else None,
        tot=tot if periode == "aangepast" else None,
        vergelijking=v if (v := one("vergelijking")) in COMPARISONS else defaults.vergelijking,
        hoofdcategorieen=hoofdcategorieen or defaults.hoofdcategorieen,
        codes=codes,
        maat=m if (m := one("maat")) in MEASURES else defaults.maat,
        trend=t if (t := one("trend")) in GRAINS else defaults.trend,
        extrapolatie=_horizon(one("extrapolatie")),
    )


# The fields a view of this page writes to its URL (to_search).
FIELDS = (
    "periode",
    "van",
    "tot",
    "vergelijking",
    "gebied",
    "hc",
    "codes",
    "maat",
    "trend",
    "extrapolatie",
)


def chosen(search: str | None, fields: tuple[str, ...] = FIELDS) -> bool:
    """Whether the URL holds a view (a shared link, a saved view, a reload: any field of the
    page): it then wins over the user's own default view. Only a bare page address gets the
    default, so a colleague's link to the whole region still opens on the region."""
    params = query_params(search, "weergave")
    return any(name in params for name in fields)


def _horizon(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and int(raw) in HORIZONS else 0


def to_search(state: ViewState) -> str:
    params: dict[str, str] = {"periode": state.periode}
    if state.periode == "aangepast" and state.van and state.tot:
        params["van"], params["tot"] = state.van.isoformat(), state.tot.isoformat()
    params["vergelijking"] = state.vergelijking
    if state.area_code:
        params["gebied"] = state.area_code
    if state.hoofdcategorieen != MAIN_CATEGORIES:
        params["hc"] = ",".join(state.hoofdcategorieen)
    if state.codes:
        params["codes"] = ",".join(state.codes)
    params["maat"] = state.maat
    params["trend"] = state.trend
    if state.extrapolatie:
        params["extrapolatie"] = str(state.extrapolatie)
    return "?" + urlencode(params, safe=",")
