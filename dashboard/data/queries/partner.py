"""Read side of partner datasets: the measures of a theme, and their figures per area and
period, aggregated in SQL.

Who may see a measure is decided in dashboard.policy (DESIGN rule 7): its `partner_measures`
is how the pages obtain a `PartnerMeasure`, and it leaves out datasets of themes the viewer may
not see and datasets that their owner restricted to gemeenten the viewer does not belong to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import orjson
import pandas as pd
from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from dashboard.analysis.theme_periods import last_start
from dashboard.data.models import DimDataset, FactPartner
from dashboard.data.queries.areas import Area, Period

LEVEL_RANK = {"buurt": 0, "wijk": 1, "gemeente": 2, "regio": 3}


@dataclass(frozen=True)
class PartnerMeasure:
    dataset_code: str
    dataset_naam: str
    eigenaar: str
    niveau: str  # buurt | wijk | gemeente
    periode_soort: str  # maand | kwartaal | jaar
    drempel: int
    maat: str
    label: str
    eenheid: str
    toelichting: str
    gemeenten: tuple[str, ...]  # the owner's restriction; empty: the whole theme
    kenmerken: tuple[tuple[str, str], ...] = ()  # attribute name -> column label of the spec

    @property
    def key(self) -> str:
        return f"{self.dataset_code}:{self.maat}"


def theme_measures(session: Session, theme: str) -> list[PartnerMeasure]:
    """The measures of the theme's partner datasets, in dataset order, each with its owner's
    gemeente restriction. Who may see which decides dashboard.policy.partner_measures, the way
    every surface obtains them."""
    datasets = session.scalars(
        select(DimDataset).where(DimDataset.thema == theme).order_by(DimDataset.naam)
    )
    measures = []
    for dataset in datasets:
        if not dataset.spec_json:
            continue
        spec = orjson.loads(dataset.spec_json)
        for maat in spec.get("maten", []):
            measures.append(
                PartnerMeasure(
                    dataset_code=dataset.code,
                    dataset_naam=dataset.naam,
                    eigenaar=dataset.eigenaar,
                    niveau=dataset.niveau or spec["niveau"],
                    periode_soort=dataset.periode or spec["periode"],
                    drempel=int(dataset.onderdrukkingsdrempel or 0),
                    maat=maat["naam"],
                    label=maat.get("label") or maat["naam"],
                    eenheid=maat.get("eenheid") or "",
                    toelichting=spec.get("toelichting", ""),
                    gemeenten=tuple(filter(None, (dataset.gemeenten or "").split(","))),
                    kenmerken=tuple((k["naam"], k["kolom"]) for k in spec.get("kenmerken", [])),
                )
            )
    return measures


def _in_scope(measure: PartnerMeasure, scope: Area) -> list:
    """Facts of the measure inside the scope area (a region means the whole dataset)."""
    where = [FactPartner.dataset_code == measure.dataset_code, FactPartner.maat == measure.maat]
    if scope.niveau == "regio":
        return where
    gemeente = scope.gemeente_code or scope.code
    where.append(FactPartner.gemeente_code == gemeente)
    if scope.niveau == "wijk" and measure.niveau == "buurt":
        where.append(FactPartner.area_code.like(f"BU{scope.code[2:]}%"))
    elif scope.niveau in ("wijk", "buurt"):
        where.append(FactPartner.area_code == scope.code)
    return where


def _child_column(measure: PartnerMeasure, child_level: str | None, scope: Area):
    if child_level is None:
        return literal(scope.code)
    if child_level == "gemeente":
        return FactPartner.gemeente_code
    if child_level == "wijk" and measure.niveau == "buurt":
        return literal("WK") + func.substr(FactPartner.area_code, 3, 6)
    if LEVEL_RANK[child_level] < LEVEL_RANK[measure.niveau]:
        raise ValueError(f"{measure.dataset_code} has no figures per {child_level}")
    return FactPartner.area_code


def _period_bounds(measure: PartnerMeasure, period: Period) -> tuple[dt.date, dt.date]:
    """Bucket starts that lie wholly inside the period (a quarter never counts half)."""
    return period[0], last_start(measure.periode_soort, period[1])


def counts(
    session: Session,
    measure: PartnerMeasure,
    periods: dict[str, Period],
    scope: Area,
    child_level: str | None = None,
) -> pd.DataFrame:
    """Sum of the measure per child area (or the scope itself), one column per named period,
    in one scan. Attribute combinations add up to the measure's total."""
    area_col = _child_column(measure, child_level, scope)
    columns = [area_col.label("area_code")]
    bounds = {name: _period_bounds(measure, p) for name, p in periods.items()}
    for name, (lo, hi) in bounds.items():
        hit = case((FactPartner.periode_start.between(lo, hi), FactPartner.waarde), else_=0)
        columns.append(func.coalesce(func.sum(hit), 0).label(name))
    lo = min(b[0] for b in bounds.values())
    hi = max(b[1] for b in bounds.values())
    query = select(*columns).where(
        FactPartner.periode_start.between(lo, hi), *_in_scope(measure, scope)
    )
    if child_level:
        query = query.group_by(area_col)
    frame = pd.DataFrame(session.execute(query).all(), columns=[c.name for c in columns])
    if child_level is None and frame.empty:
        frame = pd.DataFrame([{"area_code": scope.code, **{n: 0 for n in periods}}])
    for name in periods:
        frame[name] = frame[name].astype(float).round().astype(int)
    return frame


def series(session: Session, measure: PartnerMeasure, scope: Area, period: Period) -> pd.DataFrame:
    """The measure per delivered bucket (month, quarter or year) in the period: start, aantal."""
    lo, hi = _period_bounds(measure, period)
    query = (
        select(FactPartner.periode_start, func.sum(FactPartner.waarde))
        .where(FactPartner.periode_start.between(lo, hi), *_in_scope(measure, scope))
        .group_by(FactPartner.periode_start)
        .order_by(FactPartner.periode_start)
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=["start", "aantal"])
    frame["aantal"] = frame["aantal"].astype(float).round().astype(int)
    return frame


def breakdown(
    session: Session, measure: PartnerMeasure, scope: Area, period: Period
) -> pd.DataFrame:
    """The measure per attribute value in the period: kenmerk, waarde, aantal (one row per
    value of each attribute; each attribute's rows add up to the total)."""
    lo, hi = _period_bounds(measure, period)
    query = (
        select(FactPartner.kenmerken, func.sum(FactPartner.waarde))
        .where(FactPartner.periode_start.between(lo, hi), *_in_scope(measure, scope))
        .group_by(FactPartner.kenmerken)
    )
    rows = []
    for key, total in session.execute(query).all():
        for part in filter(None, (key or "").split(";")):
            name, _, value = part.partition("=")
            rows.append((name, value, float(total)))
    frame = pd.DataFrame(rows, columns=["kenmerk", "waarde", "aantal"])
    frame = frame.groupby(["kenmerk", "waarde"], as_index=False, sort=False)["aantal"].sum()
    frame["aantal"] = frame["aantal"].round().astype(int)
    return frame


def coverage(
    session: Session, dataset_codes: list[str]
) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """First and last delivered bucket start per dataset, in one query; (None, None) for a
    dataset without figures."""
    rows = session.execute(
        select(
            FactPartner.dataset_code,
            func.min(FactPartner.periode_start),
            func.max(FactPartner.periode_start),
        )
        .where(FactPartner.dataset_code.in_(dataset_codes))
        .group_by(FactPartner.dataset_code)
    ).all()
    found = {code: (first, last) for code, first, last in rows}
    return {code: found.get(code, (None, None)) for code in dataset_codes}
