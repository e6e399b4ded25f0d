"""What a thematic dashboard says beside its figures: the CBS kerncijfers of the selection,
its gemeente and the region, and what each source counts and how far it is delivered."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from dashboard.data.queries import indicators as indicator_queries
from dashboard.data.reference import kwb
from dashboard.formatting import nl_month, nl_number
from dashboard.measures.theme_selection import LEVEL_NAME, POLITIE, ThemeContext


@dataclass(frozen=True)
class IndicatorTable:
    header: tuple[str, ...]  # 'CBS kerncijfers <year>', then one area name per column
    rows: tuple[tuple[str, ...], ...]  # label, then the value per area as text


def indicators(session: Session, ctx: ThemeContext) -> IndicatorTable:
    """The theme's CBS kerncijfers for the selection, its gemeente and the region."""
    areas = [a for a in (ctx.area, ctx.gemeente, ctx.region) if a is not None]
    areas = list({a.code: a for a in areas}.values())
    frame = indicator_queries.indicators(session, [a.code for a in areas], ctx.theme.indicatoren)
    values = {(r.area_code, r.indicator): (r.waarde, r.jaar) for r in frame.itertuples()}
    rows = []
    for name in ctx.theme.indicatoren:
        cells = []
        for a in areas:
            value, _ = values.get((a.code, name), (None, None))
            decimals = 0 if name in kwb.COUNT_INDICATORS else 1
            cells.append(nl_number(value, decimals))
        rows.append((kwb.LABELS.get(name, name.replace("_", " ")), *cells))
    years = sorted({int(j) for j in frame["jaar"].dropna()}) if not frame.empty else []
    header = f"CBS kerncijfers {years[-1]}" if years else "CBS kerncijfers"
    return IndicatorTable((header, *(a.naam for a in areas)), tuple(rows))


@dataclass(frozen=True)
class SourceNote:
    """What one dataset counts, by whom, at which level, and which periods are delivered."""

    naam: str
    eigenaar: str
    detail: str
    periode: str  # 'januari 2024 t/m maart 2026'; '' when nothing is delivered
    toelichting: str


def source_notes(ctx: ThemeContext) -> tuple[SourceNote, ...]:
    notes = []
    seen = set()
    for source in ctx.sources:
        key = source.partner.dataset_code if source.partner else POLITIE
        if key in seen:
            continue
        seen.add(key)
        first, last = (
            ctx.delivered[source.partner.dataset_code]
            if source.partner
            else (ctx.first, ctx.reference)
        )
        name = source.partner.dataset_naam if source.partner else "Politieregistraties (BVH)"
        detail = f"per {LEVEL_NAME[source.niveau]}, per {source.periode_soort}"
        if source.partner is None:
            detail = f"incidentcodes {', '.join(source.mk_codes)}; per buurt, per dag"
        if source.partner is not None and source.partner.gemeenten:
            detail += f"; alleen gemeente(n) {', '.join(source.partner.gemeenten)}"
        if source.drempel:
            detail += f"; aantallen onder {source.drempel} per buurt of wijk worden afgeschermd"
        notes.append(
            SourceNote(
                naam=name,
                eigenaar=source.eigenaar,
                detail=detail,
                periode=f"{nl_month(first)} t/m {nl_month(last)}" if first and last else "",
                toelichting=source.toelichting,
            )
        )
    return tuple(notes)
