"""Read side of the figures per area: CBS kerncijfers (population among them) and the
Veiligheidsmonitor."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from dashboard.data.models import FactAreaIndicator, FactSurvey


def indicators(session: Session, codes: list[str], names: tuple[str, ...]) -> pd.DataFrame:
    """The newest value of each indicator per area: columns area_code, indicator, waarde, jaar."""
    newest = (
        select(
            FactAreaIndicator.area_code,
            FactAreaIndicator.indicator,
            func.max(FactAreaIndicator.jaar).label("jaar"),
        )
        .where(FactAreaIndicator.area_code.in_(codes), FactAreaIndicator.indicator.in_(names))
        .group_by(FactAreaIndicator.area_code, FactAreaIndicator.indicator)
        .subquery()
    )
    query = select(
        FactAreaIndicator.area_code,
        FactAreaIndicator.indicator,
        FactAreaIndicator.waarde,
        FactAreaIndicator.jaar,
    ).join(
        newest,
        and_(
            newest.c.area_code == FactAreaIndicator.area_code,
            newest.c.indicator == FactAreaIndicator.indicator,
            newest.c.jaar == FactAreaIndicator.jaar,
        ),
    )
    return pd.DataFrame(
        session.execute(query).all(), columns=["area_code", "indicator", "waarde", "jaar"]
    )


def population(session: Session, codes: list[str]) -> dict[str, float]:
    frame = indicators(session, codes, ("aantal_inwoners",))
    return {r.area_code: float(r.waarde) for r in frame.itertuples() if r.waarde is not None}


def survey_figures(session: Session, codes: list[str]) -> pd.DataFrame:
    """Veiligheidsmonitor figures of the given areas, all years: columns area_code, jaar,
    indicator, waarde, n (a few hundred rows at most)."""
    columns = ["area_code", "jaar", "indicator", "waarde", "n"]
    rows = session.execute(
        select(*[getattr(FactSurvey, c) for c in columns])
        .where(FactSurvey.area_code.in_(codes))
        .order_by(FactSurvey.area_code, FactSurvey.jaar, FactSurvey.indicator)
    ).all()
    return pd.DataFrame(rows, columns=columns)
