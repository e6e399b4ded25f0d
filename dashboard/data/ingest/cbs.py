"""Read CBS areas (buurt/wijk/gemeente GeoJSON) and kerncijfers (KWB CSV) from a folder laid out
as ``geo/*_{buurten,wijken,gemeenten}_YEAR.geojson`` and ``cbs/kwbYEAR_{buurt,gemeente}_*.csv``."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from dashboard.data.ingest.areaset import AreaSet
from dashboard.data.ingest.fields import parse_decimal
from dashboard.data.models import BUURT_RE, GEMEENTE_RE, WIJK_RE
from dashboard.data.reference import kwb

# CBS writes "secret" or "not available" as these; they mean missing, never 0.
MISSING_TEXT = {"", ".", "x"}
MISSING_NUMBERS = {-99999999.0, -99997.0, -99999997.0}


def parse_kwb_number(raw) -> float | None:
    """A CBS figure; None for CBS's secret/missing markers. Raises ValueError for text that is no
    number (decimal comma and Dutch thousands dots are accepted)."""
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    if text.lower() in MISSING_TEXT:
        return None
    value = parse_decimal(text)
    return None if value in MISSING_NUMBERS else value


class CbsDataError(ValueError):
    """A CBS file is missing or malformed; the message names file, feature/row and field."""


def _one(folder: Path, pattern: str, required: bool = True) -> Path | None:
    found = sorted(folder.glob(pattern))
    if not found:
        if required:
            raise CbsDataError(f"{folder}: no file matching {pattern}")
        return None
    return found[-1]


def _features(path: Path, code_field: str, code_re: re.Pattern) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CbsDataError(f"{path.name}: not readable as GeoJSON ({exc})") from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise CbsDataError(f"{path.name}: no features")
    for index, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        code = props.get(code_field)
        if not isinstance(code, str) or not code_re.match(code):
            raise CbsDataError(
                f"{path.name}: feature {index}, field {code_field}: bad code {code!r}"
            )
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise CbsDataError(
                f"{path.name}: feature {index} ({code}), field geometry: "
                f"expected Polygon or MultiPolygon"
            )
    return features


def _number(path: Path, row: int, field: str, raw: str) -> float | None:
    try:
        return parse_kwb_number(raw or "")
    except ValueError as exc:
        raise CbsDataError(f"{path.name}: row {row}, field {field}: not a number: {raw!r}") from exc


def _kwb(path: Path, code_field: str) -> tuple[dict[str, dict], int | None]:
    values: dict[str, dict] = {}
    years: set[int] = set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {code_field, "aantal_inwoners"} - set(reader.fieldnames or [])
        if missing:
            raise CbsDataError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
        for row_number, row in enumerate(reader, start=2):
            code = row[code_field]
            indicators = {
                name: _number(path, row_number, name, row[name])
                for name in kwb.INDICATORS
                if name in row
            }
            values[code] = indicators
            if row.get("jaar"):
                years.add(int(_number(path, row_number, "jaar", row["jaar"])))
    return values, (max(years) if years else None)


def read_cbs_dir(folder: Path, regio_code: str, regio_naam: str) -> AreaSet:
    folder = Path(folder)
    buurt_path = _one(folder / "geo", "*buurten_*.geojson")
    year_match = re.search(r"(\d{4})", buurt_path.stem)
    indeling_jaar = int(year_match.group(1)) if year_match else 0
    areas = AreaSet(indeling_jaar=indeling_jaar, regio_code=regio_code, regio_naam=regio_naam)

    for f in _features(buurt_path, "buurtcode", BUURT_RE):
        p = f["properties"]
        code = p["buurtcode"]
        wijk = p.get("wijkcode") or f"WK{code[2:8]}"
        gemeente = p.get("gemeentecode") or f"GM{code[2:6]}"
        if not (wijk == f"WK{code[2:8]}" and gemeente == f"GM{code[2:6]}"):
            raise CbsDataError(
                f"{buurt_path.name}: buurt {code}: wijkcode/gemeentecode "
                f"{wijk}/{gemeente} do not match the buurt code"
            )
        areas.buurten[code] = (p.get("buurtnaam") or code, wijk, gemeente, f["geometry"])
        areas.wijken.setdefault(wijk, (p.get("wijknaam") or wijk, gemeente, None))
        areas.gemeenten.setdefault(gemeente, (p.get("gemeentenaam") or gemeente, None))

    wijk_path = _one(folder / "geo", f"*wijken_{indeling_jaar}.geojson", required=False)
    if wijk_path:
        for f in _features(wijk_path, "wijkcode", WIJK_RE):
            p = f["properties"]
            if p["wijkcode"] in areas.wijken:
                naam, gemeente, _ = areas.wijken[p["wijkcode"]]
                areas.wijken[p["wijkcode"]] = (p.get("wijknaam") or naam, gemeente, f["geometry"])
    gemeente_path = _one(folder / "geo", f"*gemeenten_{indeling_jaar}.geojson", required=False)
    if gemeente_path:
        for f in _features(gemeente_path, "gemeentecode", GEMEENTE_RE):
            p = f["properties"]
            if p["gemeentecode"] in areas.gemeenten:
                naam, _ = areas.gemeenten[p["gemeentecode"]]
                areas.gemeenten[p["gemeentecode"]] = (p.get("gemeentenaam") or naam, f["geometry"])

    buurt_kwb = _one(folder / "cbs", f"kwb{indeling_jaar}_buurt*.csv", required=False)
    if buurt_kwb:
        values, jaar = _kwb(buurt_kwb, "buurtcode")
        unknown = sorted(set(values) - set(areas.buurten))
        if unknown:
            raise CbsDataError(
                f"{buurt_kwb.name}: buurtcode {unknown[0]} is not in {buurt_path.name}"
                f" ({len(unknown)} unknown)"
            )
        areas.buurt_indicators = values
        areas.indicator_jaar = jaar or indeling_jaar
        gemeente_kwb = _one(folder / "cbs", f"kwb{indeling_jaar}_gemeente*.csv", required=False)
        if gemeente_kwb:
            gvalues, _ = _kwb(gemeente_kwb, "gemeentecode")
            areas.gemeente_indicators = {c: v for c, v in gvalues.items() if c in areas.gemeenten}
    return areas
