"""CBS deliveries: the Wijk- en buurtkaart (boundaries of one indeling year) and the Kerncijfers
wijken en buurten (KWB) per buurt, wijk or gemeente. Parse -> validate -> load in one transaction
per file. A refused file changes no data; only its run report (status 'geweigerd') is kept."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from dashboard.data.db import transaction
from dashboard.data.ingest import cbs_geometry as geo
from dashboard.data.ingest import personal
from dashboard.data.ingest.areaset import AreaSet
from dashboard.data.ingest.cbs import parse_kwb_number
from dashboard.data.ingest.report import RefusedFile, Rejection, RunReport
from dashboard.data.ingest.runs import file_sha256, finish_run, start_run, store_refusal
from dashboard.data.ingest.tabular import Table, read_table
from dashboard.data.models import (
    BUURT_RE,
    GEMEENTE_RE,
    LEVEL_PLURAL,
    LEVEL_PREFIX,
    PREFIX_LEVEL,
    WIJK_RE,
    DimArea,
    FactAreaIndicator,
)
from dashboard.data.ops import loading
from dashboard.data.reference import kwb

SOURCE_GEBIEDEN = "cbs-gebieden"
SOURCE_KERNCIJFERS = "cbs-kerncijfers"
BRON = "CBS Kerncijfers wijken en buurten"
BRON_UIT_BUURTEN = f"{BRON} (opgeteld uit buurten)"
BRON_UIT_GEMEENTEN = f"{BRON} (opgeteld uit gemeenten)"
DERIVED_MARK = "(opgeteld uit"
YEARS = range(1990, 2101)

# ==============================================================================================
# Wijk- en buurtkaart
# ==============================================================================================

# Property names of the PDOK/CBS layers, and the short names of the older shapefiles.
ALIASES = {
    "buurtcode": ("buurtcode", "bu_code"),
    "buurtnaam": ("buurtnaam", "bu_naam"),
    "wijkcode": ("wijkcode", "wk_code"),
    "wijknaam": ("wijknaam", "wk_naam"),
    "gemeentecode": ("gemeentecode", "gm_code"),
    "gemeentenaam": ("gemeentenaam", "gm_naam"),
    "jaar": ("jaar_indeling", "jaar"),
}


@dataclass
class Gebieden:
    """One indeling as delivered: names and parents per code, shapes in RD New."""

    jaar: int
    buurten: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # naam, wijk, gemeente
    wijken: dict[str, str] = field(default_factory=dict)  # code -> naam
    gemeenten: dict[str, str] = field(default_factory=dict)
    shapes: dict[tuple[str, str], BaseGeometry] = field(default_factory=dict)  # (niveau, code)
    read: int = 0
    notes: list[str] = field(default_factory=list)


def load_cbs_gebieden(
    factory: sessionmaker[Session],
    path: Path,
    *,
    regio_code: str | None = None,
    regio_naam: str | None = None,
    jaar: int | None = None,
    gemeenten: Collection[str] | None = None,
) -> RunReport:
    """Store the boundaries of one indeling year (other years stay). `gemeenten` limits a
    national file to the region's gemeenten. Status 'geweigerd' means nothing was stored."""
    path = Path(path)
    report = RunReport(SOURCE_GEBIEDEN, path.name)
    try:
        regio = _region(factory, regio_code, regio_naam)
        delivery = read_gebieden(path, jaar, gemeenten)
        report.read = delivery.read
        areas, stats = _area_set(delivery, *regio)
        rows, geometries = areas.area_rows(), areas.geometry_rows()
        sha256 = file_sha256(path)
        with transaction(factory) as session:
            run = start_run(session, SOURCE_GEBIEDEN, path, sha256)
            loading.replace_areas(session, delivery.jaar, rows, geometries)
            report.inserted = len(rows)
            report.status = "geladen"
            report.message = _gebieden_message(delivery, regio, stats)
            finish_run(session, run, report)
    except RefusedFile as refusal:
        store_refusal(factory, SOURCE_GEBIEDEN, path, report, refusal)
    return report


def _region(factory: sessionmaker[Session], code: str | None, naam: str | None) -> tuple[str, str]:
    """The given region, completed from the region already in the database."""
    with factory() as session:
        existing = session.execute(
            select(DimArea.code, DimArea.naam)
            .where(DimArea.niveau == "regio")
            .order_by(DimArea.indeling_jaar.desc())
        ).first()
    code = (code or "").strip() or (existing.code if existing else None)
    if naam is None or not naam.strip():
        naam = existing.naam if existing and existing.code == code else None
    if not code or not naam:
        raise RefusedFile(
            "geen regio bekend in de database: geef --regio-code en --regio-naam op "
            "(bijvoorbeeld --regio-code RG01 --regio-naam Twente)"
        )
    if len(code) > 16 or len(naam) > 200:
        raise RefusedFile("regiocode (max. 16 tekens) of regionaam (max. 200 tekens) te lang")
    return code, naam.strip()


def read_gebieden(
    path: Path, jaar: int | None = None, gemeenten: Collection[str] | None = None
) -> Gebieden:
    """Parse and validate a buurt GeoJSON (with sibling wijken/gemeenten files of the same
    year) or a CBS GeoPackage (layers buurten, wijken, gemeenten)."""
    if not path.is_file():
        raise RefusedFile(f"{path}: bestand niet gevonden")
    suffix = path.suffix.lower()
    if suffix == ".gpkg":
        return _read_geopackage(path, jaar, gemeenten)
    if suffix not in (".geojson", ".json"):
        raise RefusedFile(
            f"{path.name}: onbekend bestandstype {suffix!r} (verwacht .geojson of .gpkg)"
        )
    delivery = _buurten(geo.read_geojson(path), path, jaar, gemeenten)
    for layer in _siblings(path, "wijken", delivery.jaar):
        _parents(delivery, layer, "wijk", WIJK_RE)
    for layer in _siblings(path, "gemeenten", delivery.jaar):
        _parents(delivery, layer, "gemeente", GEMEENTE_RE)
    return delivery


def _read_geopackage(path: Path, jaar: int | None, gemeenten: Collection[str] | None):
    con = geo.open_geopackage(path)
    try:
        buurt_layer = geo.read_geopackage_layer(con, path.name, "buurten")
        if buurt_layer is None:
            found = ", ".join(sorted(geo.geopackage_layers(con))) or "geen"
            raise RefusedFile(f"{path.name}: laag 'buurten' ontbreekt (lagen: {found})")
        delivery = _buurten(buurt_layer, path, jaar, gemeenten)
        _parents(delivery, geo.read_geopackage_layer(con, path.name, "wijken"), "wijk", WIJK_RE)
        gemeente_layer = geo.read_geopackage_layer(con, path.name, "gemeenten")
        _parents(delivery, gemeente_layer, "gemeente", GEMEENTE_RE)
    finally:
        con.close()
    return delivery


def _siblings(path: Path, level: str, jaar: int) -> list[geo.Layer]:
    """The wijken or gemeenten GeoJSON of the same year beside the buurt file: its namesake
    (twente_buurten_2021 -> twente_wijken_2021) if there is one, else every match."""
    pattern = f"*{level}_{jaar}.geojson"
    namesake = path.with_name(path.name.replace("buurten", level))
    if namesake != path and namesake.match(pattern) and namesake.is_file():
        return [geo.read_geojson(namesake)]
    found = sorted(p for p in path.parent.glob(pattern) if p != path)
    return [geo.read_geojson(p) for p in found]


def _prop(feature: geo.RawFeature, name: str) -> str | None:
    for alias in ALIASES[name]:
        value = feature.properties.get(alias)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def _refuse(layer: geo.Layer, feature: geo.RawFeature, field_name: str, problem: str):
    raise RefusedFile(f"{layer.name}: object {feature.number}, veld {field_name}: {problem}")


def _buurten(
    layer: geo.Layer, path: Path, jaar: int | None, gemeenten: Collection[str] | None
) -> Gebieden:
    if not layer.features:
        raise RefusedFile(f"{layer.name}: geen objecten")
    delivery = Gebieden(jaar=_indeling_year(layer, path, jaar), read=len(layer.features))
    wanted = {g.strip().upper() for g in gemeenten} if gemeenten else None
    kept: list[tuple[geo.RawFeature, str]] = []
    for feature in layer.features:
        code, naam, wijk, gemeente = _buurt_codes(layer, feature)
        if wanted is not None and gemeente not in wanted:
            continue
        _check_polygonal(layer, feature)
        if code not in delivery.buurten:
            delivery.buurten[code] = (naam, wijk, gemeente)
        delivery.wijken.setdefault(wijk, _prop(feature, "wijknaam") or wijk)
        delivery.gemeenten.setdefault(gemeente, _prop(feature, "gemeentenaam") or gemeente)
        kept.append((feature, code))
    if not kept:
        raise RefusedFile(
            f"{layer.name}: geen buurten van de gemeenten {', '.join(sorted(wanted))}"
        )
    if wanted is not None:
        delivery.notes.append(f"{len(layer.features) - len(kept)} buurten buiten de gemeenten")
    _add_shapes(delivery, layer, "buurt", kept)
    return delivery


def _buurt_codes(layer: geo.Layer, feature: geo.RawFeature) -> tuple[str, str, str, str]:
    code = _prop(feature, "buurtcode")
    if code is None or not BUURT_RE.match(code):
        _refuse(
            layer, feature, "buurtcode", f"ongeldige buurtcode {code!r} (verwacht BU + 8 cijfers)"
        )
    wijk = _prop(feature, "wijkcode") or f"WK{code[2:8]}"
    if wijk != f"WK{code[2:8]}":
        _refuse(layer, feature, "wijkcode", f"wijkcode {wijk} past niet bij buurtcode {code}")
    gemeente = _prop(feature, "gemeentecode") or f"GM{code[2:6]}"
    if gemeente != f"GM{code[2:6]}":
        _refuse(
            layer,
            feature,
            "gemeentecode",
            f"gemeentecode {gemeente} past niet bij buurtcode {code}",
        )
    return code, _prop(feature, "buurtnaam") or code, wijk, gemeente


def _check_polygonal(layer: geo.Layer, feature: geo.RawFeature) -> None:
    geometry = feature.geometry
    if geometry is None or geometry.is_empty:
        _refuse(layer, feature, "geometry", "geen geometrie")
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        _refuse(layer, feature, "geometry", f"{geometry.geom_type}, verwacht (Multi)Polygon")


def _indeling_year(layer: geo.Layer, path: Path, jaar: int | None) -> int:
    """From the argument, the features' jaar_indeling, or the file name; they must agree."""
    in_file = set()
    for feature in layer.features:
        raw = _prop(feature, "jaar")
        if raw is not None:
            year = _year(raw)
            if year is None:
                _refuse(layer, feature, "jaar_indeling", f"ongeldig jaar {raw!r}")
            in_file.add(year)
    if len(in_file) > 1:
        raise RefusedFile(
            f"{layer.name}: meer dan één indelingsjaar ({', '.join(map(str, sorted(in_file)))})"
        )
    if jaar is not None and in_file and in_file != {jaar}:
        raise RefusedFile(
            f"{layer.name}: jaar_indeling {in_file.pop()} in het bestand wijkt af van --jaar {jaar}"
        )
    found = jaar or (
        in_file.pop() if in_file else _year_in_name(path.stem, r"(?<!\d)(\d{4})(?!\d)")
    )
    if found is None or found not in YEARS:
        raise RefusedFile(f"{layer.name}: indelingsjaar onbekend: geef --jaar op")
    return found


def _year(raw) -> int | None:
    text = str(raw).strip()
    if re.fullmatch(r"\d{4}(\.0+)?", text) and int(float(text)) in YEARS:
        return int(float(text))
    return None


def _year_in_name(stem: str, pattern: str) -> int | None:
    match = re.search(pattern, stem, flags=re.IGNORECASE)
    return _year(match.group(1)) if match else None


def _parents(delivery: Gebieden, layer: geo.Layer | None, niveau: str, code_re) -> None:
    """Delivered wijk or gemeente shapes and names for the wijken/gemeenten of the buurten."""
    if layer is None:
        return
    names = delivery.wijken if niveau == "wijk" else delivery.gemeenten
    kept, named = [], set()
    for feature in layer.features:
        code = _prop(feature, f"{niveau}code")
        if code is None or not code_re.match(code):
            _refuse(layer, feature, f"{niveau}code", f"ongeldige {niveau}code {code!r}")
        if code in names:  # others lie outside the buurten (or the chosen gemeenten)
            _check_polygonal(layer, feature)
            if code not in named:
                names[code] = _prop(feature, f"{niveau}naam") or names[code]
                named.add(code)
            kept.append((feature, code))
    _add_shapes(delivery, layer, niveau, kept)


def _add_shapes(
    delivery: Gebieden, layer: geo.Layer, niveau: str, kept: list[tuple[geo.RawFeature, str]]
) -> None:
    """RD shapes per code. Parts delivered as separate features (CBS gives water apart in some
    years) are merged; an invalid shape is repaired and counted."""
    if not kept:
        return
    raw = [f.geometry for f, _ in kept]
    rd = geo.to_rd(raw, geo.detect_epsg(layer.epsg, raw, layer.name))
    parts: dict[str, list[BaseGeometry]] = defaultdict(list)
    for (_, code), geometry in zip(kept, rd, strict=True):
        parts[code].append(geometry)
    repaired = 0
    for code, geometries in parts.items():
        if not all(g.is_valid for g in geometries):
            repaired += 1
            geometries = [shapely.make_valid(g) for g in geometries]
        merged = geometries[0] if len(geometries) == 1 else shapely.union_all(geometries)
        delivery.shapes[(niveau, code)] = merged
    if repaired:
        delivery.notes.append(f"{repaired} ongeldige {niveau}vormen hersteld")


def _area_set(delivery: Gebieden, regio_code: str, regio_naam: str):
    web, stats = geo.web_geometries(delivery.shapes)
    areas = AreaSet(indeling_jaar=delivery.jaar, regio_code=regio_code, regio_naam=regio_naam)
    for code, (naam, wijk, gemeente) in sorted(delivery.buurten.items()):
        areas.buurten[code] = (naam, wijk, gemeente, web[("buurt", code)])
    for code, naam in sorted(delivery.wijken.items()):
        areas.wijken[code] = (naam, f"GM{code[2:6]}", web.get(("wijk", code)))
    for code, naam in sorted(delivery.gemeenten.items()):
        areas.gemeenten[code] = (naam, web.get(("gemeente", code)))
    return areas, stats


def _gebieden_message(delivery: Gebieden, regio: tuple[str, str], stats) -> str:
    parts = [
        f"indeling {delivery.jaar}, regio {regio[0]} {regio[1]}: {len(delivery.gemeenten)} "
        f"gemeenten, {len(delivery.wijken)} wijken, {len(delivery.buurten)} buurten",
        f"grenzen vereenvoudigd met gedeelde randen: {stats.vertices_in} -> "
        f"{stats.vertices_out} punten",
        *delivery.notes,
    ]
    if stats.repaired:
        parts.append(
            f"{len(stats.repaired)} vorm(en) op het coördinatenraster hersteld: "
            + ", ".join(code for _, code in stats.repaired[:5])
        )
    return "; ".join(parts)


# ==============================================================================================
# Kerncijfers wijken en buurten
# ==============================================================================================

CODE_COLUMNS = (("buurtcode", "buurt"), ("wijkcode", "wijk"), ("gemeentecode", "gemeente"))
GENERIC_CODE_COLUMNS = ("code", "regiocode", "gwb_code", "gwb_code_10")
LEVEL_RE = {"buurt": BUURT_RE, "wijk": WIJK_RE, "gemeente": GEMEENTE_RE}
# Columns that identify a row rather than hold a figure: neither stored nor "ignored".
IDENTITY_COLUMNS = {
    "buurtcode",
    "buurtnaam",
    "wijkcode",
    "wijknaam",
    "gemeentecode",
    "gemeentenaam",
    "regiocode",
    "regionaam",
    "code",
    "naam",
    "jaar",
}
# CBS writes unknown or secret figures as these (and as empty cells). Not "-": in CBS tables
# that means nil, so it is rejected as "geen getal" rather than guessed.
Key = tuple[str, str]  # (area code, indicator)
Stored = tuple[float, str]  # (value, bron)


@dataclass
class KwbLayout:
    code_column: int
    code_header: str
    level: str | None  # None: per row from the code prefix (a generic code column)
    indicators: dict[str, int]  # indicator -> column
    year_column: int | None
    ignored: list[str]


@dataclass
class KwbValues:
    # year -> area code -> indicator -> value (None: CBS marked the figure missing or secret)
    values: dict[int, dict[str, dict[str, float | None]]] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)


@dataclass
class Changes:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    dropped: int = 0  # stored CBS figures that this delivery marks missing or secret
    derived: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def load_cbs_kerncijfers(
    factory: sessionmaker[Session], path: Path, *, jaar: int | None = None
) -> RunReport:
    """Store KWB figures per buurt, wijk or gemeente and refresh the figures added up from them.
    Status 'geweigerd' means nothing was stored."""
    path = Path(path)
    report = RunReport(SOURCE_KERNCIJFERS, path.name)
    try:
        table = read_table(path)
        report.read = len(table.rows)
        if not table.rows:
            raise RefusedFile(f"{path.name}: geen gegevensrijen onder de kopregel")
        layout = kwb_layout(table, path.name)
        report.ignored_columns = layout.ignored
        default_year = jaar or _year_in_name(path.stem, r"kwb[-_ ]?(\d{4})")
        if layout.year_column is None and default_year is None:
            raise RefusedFile(
                f"{path.name}: jaar onbekend (geen kolom jaar, geen kwbJJJJ in de bestandsnaam): "
                "geef --jaar op"
            )
        sha256 = file_sha256(path)
        with transaction(factory) as session:
            known = set(session.scalars(select(DimArea.code).distinct()))
            if not known:
                raise RefusedFile("geen gebieden in de database: laad eerst de CBS-gebieden")
            parsed = kwb_values(table, layout, known, default_year, jaar, path.name)
            report.rejections = parsed.rejections
            if not parsed.values:
                raise RefusedFile(f"{path.name}: geen enkele rij bruikbaar ({_top(report)})")
            run = start_run(session, SOURCE_KERNCIJFERS, path, sha256)
            changes = Changes()
            for year in sorted(parsed.values):
                store_year(session, year, parsed.values[year], changes)
            report.inserted, report.updated = changes.inserted, changes.updated
            report.unchanged = changes.unchanged
            years = sorted(parsed.values)
            report.period = (dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31))
            report.message = _kwb_message(parsed, changes)
            report.status = "geladen"
            finish_run(session, run, report)
    except RefusedFile as refusal:
        store_refusal(factory, SOURCE_KERNCIJFERS, path, report, refusal)
    return report


def _top(report: RunReport) -> str:
    return ", ".join(f"{n}x {r}" for r, n in list(report.rejected_by_reason.items())[:3]) or "-"


def kwb_layout(table: Table, filename: str) -> KwbLayout:
    """Which column holds the area code (and so the level), the year and each indicator."""
    keys = [h.strip().lower().replace(" ", "_") for h in table.header]
    code = next(((keys.index(c), level) for c, level in CODE_COLUMNS if c in keys), None)
    if code is None:
        code = next(((keys.index(c), None) for c in GENERIC_CODE_COLUMNS if c in keys), None)
    if code is None:
        raise RefusedFile(
            f"{filename}: geen codekolom (buurtcode, wijkcode, gemeentecode, code of regiocode)"
        )
    indicators = {k: i for i, k in enumerate(keys) if k in kwb.INDICATORS}
    if not indicators:
        raise RefusedFile(
            f"{filename}: geen bekende kerncijfers (bijvoorbeeld aantal_inwoners) in de kopregel"
        )
    unused = [
        i
        for i, k in enumerate(keys)
        if k and k not in indicators and k not in IDENTITY_COLUMNS and i != code[0]
    ]
    personal.refuse_by_values(table, unused, filename)
    ignored = [table.header[i] for i in unused]
    return KwbLayout(
        code_column=code[0],
        code_header=table.header[code[0]],
        level=code[1],
        indicators=indicators,
        year_column=keys.index("jaar") if "jaar" in keys else None,
        ignored=ignored,
    )


def kwb_values(
    table: Table,
    layout: KwbLayout,
    known: set[str],
    default_year: int | None,
    given_year: int | None,
    filename: str,
) -> KwbValues:
    """The figures of every usable row; a rejection for each unusable row or value."""
    out = KwbValues()
    seen: set[tuple[int, str]] = set()
    for row, cells in table.rows:
        try:
            code = _area_code(_cell(cells, layout.code_column), layout)
            if code not in known:
                raise _Reject(layout.code_header, "onbekend gebied", code)
            year = _row_year(cells, layout, default_year, given_year, filename, row)
            if (year, code) in seen:
                raise _Reject(layout.code_header, "dubbele rij voor dit gebied en jaar", code)
        except _Reject as reject:
            out.rejections.append(Rejection(row, reject.field, reject.reason, reject.value))
            continue
        seen.add((year, code))
        figures = out.values.setdefault(year, {}).setdefault(code, {})
        for name, column in layout.indicators.items():
            raw = _cell(cells, column)
            try:
                figures[name] = parse_kwb_number(raw)
            except ValueError:
                out.rejections.append(Rejection(row, table.header[column], "geen getal", raw))
    return out


class _Reject(Exception):
    def __init__(self, field_name: str, reason: str, value: str | None):
        super().__init__(reason)
        self.field, self.reason, self.value = field_name, reason, value


def _cell(cells: list, column: int) -> str:
    return str(cells[column]) if column < len(cells) else ""


def _area_code(raw: str, layout: KwbLayout) -> str:
    code = raw.strip().upper().replace(" ", "")
    if not code:
        raise _Reject(layout.code_header, "geen gebiedscode", raw)
    level = layout.level or PREFIX_LEVEL.get(code[:2])
    if level is None:
        raise _Reject(layout.code_header, "geen buurt-, wijk- of gemeentecode", raw)
    if code.isdigit():  # a specific column may leave the prefix out
        code = LEVEL_PREFIX[level] + code
    if not LEVEL_RE[level].match(code):
        raise _Reject(layout.code_header, f"ongeldige {level}code", raw)
    return code


def _row_year(cells, layout, default_year, given_year, filename, row) -> int:
    raw = _cell(cells, layout.year_column).strip() if layout.year_column is not None else ""
    if not raw:
        if default_year is None:
            raise _Reject("jaar", "geen jaar", raw)
        return default_year
    year = _year(raw)
    if year is None:
        raise _Reject("jaar", "ongeldig jaar", raw)
    if given_year is not None and year != given_year:
        raise RefusedFile(
            f"{filename}: rij {row}, veld jaar: {year} wijkt af van --jaar {given_year}"
        )
    return year


# --- storing a year ----------------------------------------------------------------------------


def store_year(
    session: Session, year: int, delivered: dict[str, dict[str, float | None]], changes: Changes
) -> None:
    """Merge the delivered figures into what is stored for the year, recompute the added-up
    figures (never over a figure CBS delivered for that area) and write only what changed."""
    before = _stored(session, year)
    cbs = {k: v for k, v in before.items() if DERIVED_MARK not in v[1]}
    for code, figures in delivered.items():
        for name, value in figures.items():
            if value is None:
                changes.dropped += (code, name) in cbs
                cbs.pop((code, name), None)
                continue
            old = before.get((code, name))
            if old is None:
                changes.inserted += 1
            elif _same(old, (value, BRON)):
                changes.unchanged += 1
            else:
                changes.updated += 1
            cbs[(code, name)] = (value, BRON)
    derived = derive(cbs, _regions(session, year))
    after = {**{k: v for k, v in derived.items() if k not in cbs}, **cbs}
    _count_derived(before, after, changes)
    _write(session, year, before, after)


def _stored(session: Session, year: int) -> dict[Key, Stored]:
    rows = session.execute(
        select(
            FactAreaIndicator.area_code,
            FactAreaIndicator.indicator,
            FactAreaIndicator.waarde,
            FactAreaIndicator.bron,
        ).where(FactAreaIndicator.jaar == year, FactAreaIndicator.indicator.in_(kwb.INDICATORS))
    ).all()
    return {
        (code, name): (value, bron or "") for code, name, value, bron in rows if value is not None
    }


def _same(a: Stored, b: Stored) -> bool:
    return a[1] == b[1] and math.isclose(a[0], b[0], rel_tol=1e-12, abs_tol=1e-12)


def _regions(session: Session, year: int) -> dict[str, list[str]]:
    """Region code -> its gemeenten, in the indeling of the year (or the nearest earlier)."""
    years = sorted(set(session.scalars(select(DimArea.indeling_jaar).distinct())))
    if not years:
        return {}
    indeling = max((y for y in years if y <= year), default=years[0])
    rows = session.execute(
        select(DimArea.regio_code, DimArea.code).where(
            DimArea.indeling_jaar == indeling, DimArea.niveau == "gemeente"
        )
    ).all()
    regions: dict[str, list[str]] = defaultdict(list)
    for regio, gemeente in sorted(rows):
        regions[regio].append(gemeente)
    return regions


def derive(cbs: dict[Key, Stored], regions: dict[str, list[str]]) -> dict[Key, Stored]:
    """Wijk and gemeente figures added up from buurten where CBS gave none, region figures
    from the gemeenten (CBS's own figures first). Sorted input keeps float sums identical
    between runs, so a reload finds them unchanged."""
    by_area: dict[str, dict[str, float]] = defaultdict(dict)
    for (code, name), (value, _) in sorted(cbs.items()):
        by_area[code][name] = value
    buurten = {c: v for c, v in by_area.items() if c.startswith("BU")}
    rolled = kwb.roll_up_by({c: f"WK{c[2:8]}" for c in buurten}, buurten)
    rolled.update(kwb.roll_up_by({c: f"GM{c[2:6]}" for c in buurten}, buurten))
    out: dict[Key, Stored] = {}
    gemeenten: dict[str, dict] = {c: v for c, v in by_area.items() if c.startswith("GM")}
    for code, sums in sorted(rolled.items()):
        delivered = by_area.get(code, {})
        merged = _merged(sums, delivered)
        out.update(_flatten({code: merged}, BRON_UIT_BUURTEN, skip=delivered))
        if code.startswith("GM"):
            gemeenten[code] = merged
    for regio, members in regions.items():
        children = [gemeenten[g] for g in members if g in gemeenten]
        if children:
            out.update(_flatten({regio: kwb.roll_up(children)}, BRON_UIT_GEMEENTEN))
    return out


def _merged(sums: dict, delivered: dict) -> dict:
    """Delivered figures with the sums filling the gaps; density and urbanity recomputed from
    the result, so a gemeente's density follows its own CBS population and area."""
    merged = {**{k: v for k, v in sums.items() if v is not None}, **delivered}
    recomputed = kwb.roll_up([merged])
    for name in kwb.DERIVED_INDICATORS:
        if name not in delivered:
            merged[name] = recomputed[name]
    return merged


def _flatten(values: dict[str, dict], bron: str, skip: Collection[str] = ()) -> dict[Key, Stored]:
    return {
        (code, name): (float(value), bron)
        for code, figures in values.items()
        for name, value in figures.items()
        if value is not None and name in kwb.INDICATORS and name not in skip
    }


def _count_derived(before: dict[Key, Stored], after: dict[Key, Stored], changes: Changes) -> None:
    for key, value in after.items():
        if DERIVED_MARK in value[1]:
            old = before.get(key)
            changes.derived[
                "nieuw" if old is None else "gelijk" if _same(old, value) else "gewijzigd"
            ] += 1
    changes.derived["vervallen"] += sum(
        1 for k, v in before.items() if DERIVED_MARK in v[1] and k not in after
    )


def _write(session: Session, year: int, before: dict[Key, Stored], after: dict[Key, Stored]):
    """Rewrite the areas with any change. replace_indicators deletes every (area, indicator)
    pair of the rows it gets, so each changed area is handed over with all its figures."""
    changed = {
        k[0] for k in before.keys() | after.keys() if not _equal(before.get(k), after.get(k))
    }
    removed: dict[str, list[str]] = defaultdict(list)
    for code, name in before.keys() - after.keys():
        removed[code].append(name)
    for code, names in removed.items():
        session.execute(
            delete(FactAreaIndicator).where(
                FactAreaIndicator.jaar == year,
                FactAreaIndicator.area_code == code,
                FactAreaIndicator.indicator.in_(names),
            )
        )
    rows = [
        {"area_code": code, "jaar": year, "indicator": name, "waarde": value, "bron": bron}
        for (code, name), (value, bron) in sorted(after.items())
        if code in changed
    ]
    loading.replace_indicators(session, rows)


def _equal(a: Stored | None, b: Stored | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and _same(a, b))


def _kwb_message(parsed: KwbValues, changes: Changes) -> str:
    areas = defaultdict(int)
    for year_values in parsed.values.values():
        for code in year_values:
            areas[PREFIX_LEVEL[code[:2]]] += 1
    delivered = ", ".join(f"{n} {LEVEL_PLURAL[level]}" for level, n in sorted(areas.items()))
    d = changes.derived
    parts = [
        f"jaar {', '.join(map(str, sorted(parsed.values)))}: {delivered}",
        f"opgeteld (wijk/gemeente/regio): {d['nieuw']} nieuw, {d['gewijzigd']} gewijzigd, "
        f"{d['gelijk']} ongewijzigd, {d['vervallen']} vervallen",
    ]
    if changes.dropped:
        parts.append(f"{changes.dropped} eerder opgeslagen cijfers nu geheim of leeg: verwijderd")
    return "; ".join(parts)
