"""The spec file (TOML) that describes a partner dataset, so that a new delivery needs no code.

```toml
code = "buurtbemiddeling-losser"       # unique; lower case, digits and '-'
naam = "Buurtbemiddeling"
thema = "woonoverlast"                 # a theme slug (dashboard/data/reference/themes.py)
eigenaar = "Gemeente Losser"           # owner / supplier
niveau = "buurt"                       # buurt | wijk | gemeente
periode = "maand"                      # maand | kwartaal | jaar
onderdrukkingsdrempel = 5              # small-number threshold (default 5)
toelichting = "Wat telt deze bron ..."  # optional: shown beside the figures on the dashboard
[toegang]
gemeenten = ["GM0168"]                 # optional: only users of these gemeenten
                                       # (and admin/projectleider) see the dataset
[kolommen]
gebied = "Buurtcode"                   # column with the area code
periode = "Maand"                      # column with the period (2024-03, 2024-Q1, 2024, or a date)
[[maten]]                              # measures: numeric columns (at least one)
kolom = "Aantal zaken"
naam = "zaken"
label = "Aantal bemiddelingszaken"     # optional, default: naam
eenheid = "zaken"                      # optional
[[kenmerken]]                          # categorical attributes (optional)
kolom = "Soort conflict"
naam = "soort"
waarden = ["geluid", "erfgrens", "overig"]   # optional allowed values
```

Every problem refuses the spec with a message that names the spec file and the key. Unknown
keys are refused too: a typo must not silently drop an access restriction.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

import orjson

from dashboard.analysis.suppression import DEFAULT_THRESHOLD
from dashboard.data.ingest.columns import normalise, personal_kind
from dashboard.data.ingest.report import RefusedFile
from dashboard.data.models import CBS_LEVELS, GEMEENTE_RE
from dashboard.data.reference.themes import THEMES

GRANULARITIES = ("maand", "kwartaal", "jaar")
# "partner:" + code must fit ingest_run.bron (64).
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,54}$")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
TOP_KEYS = {
    "code",
    "naam",
    "thema",
    "eigenaar",
    "niveau",
    "periode",
    "onderdrukkingsdrempel",
    "toegang",
    "kolommen",
    "maten",
    "kenmerken",
    "toelichting",
}
TEXT_MAX = {
    "toelichting": 600,
    "naam": 200,
    "eigenaar": 200,
    "label": 200,
    "eenheid": 50,
    "kolom": 200,
}
VALUE_MAX = 100
SHIPPED_DIR = Path(__file__).resolve().parents[1] / "reference" / "partner_specs"


@dataclass(frozen=True)
class Maat:
    kolom: str
    naam: str
    label: str
    eenheid: str


@dataclass(frozen=True)
class Kenmerk:
    kolom: str
    naam: str
    waarden: tuple[str, ...] | None  # None: any value


@dataclass(frozen=True)
class PartnerSpec:
    bestand: str  # the spec's file name, for messages
    code: str
    naam: str
    thema: str
    eigenaar: str
    niveau: str
    periode: str
    onderdrukkingsdrempel: int
    gemeenten: tuple[str, ...]  # empty: everyone with the theme
    gebied_kolom: str
    periode_kolom: str
    maten: tuple[Maat, ...]
    kenmerken: tuple[Kenmerk, ...] = ()
    toelichting: str = ""  # what the source counts, for readers of the dashboard

    @property
    def source(self) -> str:
        return f"partner:{self.code}"

    @property
    def columns(self) -> list[str]:
        """Every column the spec names."""
        return [
            self.gebied_kolom,
            self.periode_kolom,
            *(m.kolom for m in self.maten),
            *(k.kolom for k in self.kenmerken),
        ]

    def toegangsregel(self) -> str:
        rule = f"thema {self.thema}"
        if self.gemeenten:
            rule += f"; alleen gemeenten {', '.join(self.gemeenten)} (en admin/projectleider)"
        return rule[:200]

    def to_json(self) -> str:
        return orjson.dumps(asdict(self)).decode()


def shipped_specs() -> list[Path]:
    """The spec files that ship with the package, for the datasets the municipalities named."""
    return sorted(SHIPPED_DIR.glob("*.toml"))


def load_spec(path: Path) -> PartnerSpec:
    path = Path(path)
    if not path.is_file():
        raise RefusedFile(f"spec {path}: bestand niet gevonden")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RefusedFile(f"spec {path.name}: geen geldige TOML ({exc})") from exc
    return parse_spec(data, path.name)


def parse_spec(data: dict, filename: str) -> PartnerSpec:
    def refuse(message: str):
        raise RefusedFile(f"spec {filename}: {message}")

    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        refuse(f"onbekende sleutel {unknown[0]!r}")
    code = _text(data, "code", refuse)
    if not _CODE.match(code):
        refuse(f"code {code!r} ongeldig (kleine letters, cijfers en '-', hoogstens 55 tekens)")
    thema = _text(data, "thema", refuse)
    if thema not in THEMES:
        refuse(f"thema {thema!r} onbekend (kies uit {', '.join(THEMES)})")
    niveau = _choice(data, "niveau", CBS_LEVELS, refuse)
    periode = _choice(data, "periode", GRANULARITIES, refuse)
    threshold = data.get("onderdrukkingsdrempel", DEFAULT_THRESHOLD)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 0:
        refuse("onderdrukkingsdrempel moet een geheel getal van 0 of meer zijn")
    kolommen = _table(data, "kolommen", refuse, required=True)
    _no_unknown(kolommen, {"gebied", "periode"}, "[kolommen]", refuse)
    spec = PartnerSpec(
        bestand=filename,
        code=code,
        naam=_text(data, "naam", refuse),
        thema=thema,
        eigenaar=_text(data, "eigenaar", refuse),
        niveau=niveau,
        periode=periode,
        onderdrukkingsdrempel=threshold,
        gemeenten=_gemeenten(_table(data, "toegang", refuse), refuse),
        gebied_kolom=_text(kolommen, "gebied", refuse, "[kolommen] "),
        periode_kolom=_text(kolommen, "periode", refuse, "[kolommen] "),
        maten=_maten(data.get("maten"), refuse),
        kenmerken=_kenmerken(data.get("kenmerken", []), refuse),
        toelichting=_text(data, "toelichting", refuse) if "toelichting" in data else "",
    )
    _check_columns(spec, refuse)
    return spec


def _text(table: dict, key: str, refuse, where: str = "", max_len: int | None = None) -> str:
    value = table.get(key)
    if value is None:
        refuse(f"{where}{key} ontbreekt")
    if not isinstance(value, str) or not value.strip():
        refuse(f"{where}{key} moet een niet-lege tekst zijn")
    limit = max_len or TEXT_MAX.get(key, 200)
    if len(value.strip()) > limit:
        refuse(f"{where}{key} is langer dan {limit} tekens")
    return value.strip()


def _choice(data: dict, key: str, options: tuple[str, ...], refuse) -> str:
    value = _text(data, key, refuse)
    if value not in options:
        refuse(f"{key} {value!r} ongeldig (kies uit {' | '.join(options)})")
    return value


def _table(data: dict, key: str, refuse, *, required: bool = False) -> dict:
    value = data.get(key)
    if value is None:
        if required:
            refuse(f"[{key}] ontbreekt")
        return {}
    if not isinstance(value, dict):
        refuse(f"[{key}] moet een tabel zijn")
    return value


def _no_unknown(table: dict, allowed: set[str], where: str, refuse) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        refuse(f"{where} onbekende sleutel {unknown[0]!r}")


def _gemeenten(toegang: dict, refuse) -> tuple[str, ...]:
    _no_unknown(toegang, {"gemeenten"}, "[toegang]", refuse)
    codes = toegang.get("gemeenten", [])
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        refuse("[toegang] gemeenten moet een lijst van gemeentecodes zijn")
    codes = [c.strip().upper() for c in codes]
    for code in codes:
        if not GEMEENTE_RE.match(code):
            refuse(f"[toegang] gemeenten: {code!r} is geen gemeentecode (GMxxxx)")
    if "gemeenten" in toegang and not codes:
        refuse("[toegang] gemeenten is leeg")
    return tuple(dict.fromkeys(codes))


def _entries(value, key: str, refuse) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        refuse(f"[[{key}]] moet een lijst van tabellen zijn")
    return value


def _maten(value, refuse) -> tuple[Maat, ...]:
    if value is None:
        refuse("[[maten]] ontbreekt: beschrijf minstens één maat")
    maten = []
    for number, entry in enumerate(_entries(value, "maten", refuse), start=1):
        where = f"[[maten]] {number}: "
        _no_unknown(entry, {"kolom", "naam", "label", "eenheid"}, where.rstrip(": "), refuse)
        naam = _name(entry, where, refuse)
        label = _text(entry, "label", refuse, where) if "label" in entry else naam
        eenheid = _text(entry, "eenheid", refuse, where) if "eenheid" in entry else ""
        maten.append(Maat(_text(entry, "kolom", refuse, where), naam, label, eenheid))
    if not maten:
        refuse("[[maten]] is leeg: beschrijf minstens één maat")
    _unique([m.naam for m in maten], "[[maten]] naam", refuse)
    return tuple(maten)


def _kenmerken(value, refuse) -> tuple[Kenmerk, ...]:
    kenmerken = []
    for number, entry in enumerate(_entries(value, "kenmerken", refuse), start=1):
        where = f"[[kenmerken]] {number}: "
        _no_unknown(entry, {"kolom", "naam", "waarden"}, where.rstrip(": "), refuse)
        waarden = entry.get("waarden")
        if waarden is not None:
            if (
                not isinstance(waarden, list)
                or not waarden
                or not all(isinstance(w, str) and w.strip() for w in waarden)
            ):
                refuse(f"{where}waarden moet een niet-lege lijst van teksten zijn")
            waarden = tuple(w.strip() for w in waarden)
            for w in waarden:
                if len(w) > VALUE_MAX or ";" in w or "=" in w:
                    refuse(f"{where}waarde {w!r} te lang of met ';' of '='")
            _unique([w.casefold() for w in waarden], f"{where}waarden", refuse)
        kenmerken.append(
            Kenmerk(_text(entry, "kolom", refuse, where), _name(entry, where, refuse), waarden)
        )
    _unique([k.naam for k in kenmerken], "[[kenmerken]] naam", refuse)
    return tuple(kenmerken)


def _name(entry: dict, where: str, refuse) -> str:
    naam = _text(entry, "naam", refuse, where)
    if not _NAME.match(naam):
        refuse(f"{where}naam {naam!r} ongeldig (kleine letters, cijfers en '_')")
    return naam


def _unique(values: list[str], what: str, refuse) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            refuse(f"{what} {value!r} komt twee keer voor")
        seen.add(value)


def _check_columns(spec: PartnerSpec, refuse) -> None:
    """One column per role, and never a column that holds personal data."""
    seen: dict[str, str] = {}
    for column in spec.columns:
        key = normalise(column)
        if key in seen:
            refuse(f"kolom {column!r} is twee keer aangewezen")
        seen[key] = column
        kind = personal_kind(column)
        if kind:
            refuse(f"kolom {column!r} bevat persoonsgegevens ({kind}); die worden nooit opgeslagen")
