"""Counting usage events (a frame of dashboard.data.store.usage.events): pure functions that
the usage measure (dashboard.measures.usage) composes; the definitions of the figures, "actief"
among them, live there.

- a view (weergave) is opening a dashboard page; filter changes on it do not count as views;
- unique users are counted per account, per day or per month as the table says.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd

VIEW = "weergave"


def _views(events: pd.DataFrame) -> pd.DataFrame:
    return events[events["soort"] == VIEW]


def per_day(events: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """dag, weergaven, gebruikers for every day of the period (days without use as 0)."""
    days = pd.date_range(start, end, freq="D")
    views = _views(events)
    day = views["tijdstip"].dt.normalize()
    counts = views.groupby(day).agg(weergaven=("soort", "size"), gebruikers=("username", "nunique"))
    frame = counts.reindex(days, fill_value=0).rename_axis("dag").reset_index()
    frame["dag"] = frame["dag"].dt.date
    return frame.astype({"weergaven": int, "gebruikers": int})


def per_month(events: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """maand (first day), weergaven, gebruikers for every month the period touches."""
    months = pd.period_range(start, end, freq="M")
    views = _views(events)
    month = views["tijdstip"].dt.to_period("M")
    counts = views.groupby(month).agg(
        weergaven=("soort", "size"), gebruikers=("username", "nunique")
    )
    frame = counts.reindex(months, fill_value=0).rename_axis("maand").reset_index()
    frame["maand"] = frame["maand"].dt.start_time.dt.date
    return frame.astype({"weergaven": int, "gebruikers": int})


def per_group(events: pd.DataFrame, column: str) -> pd.DataFrame:
    """Views and unique users per page ('pagina') or per gemeente ('gemeente_code'), most
    viewed first; accounts without a gemeente are grouped as ''."""
    views = _views(events).assign(**{column: lambda f: f[column].fillna("")})
    frame = views.groupby(column).agg(
        weergaven=("soort", "size"), gebruikers=("username", "nunique")
    )
    frame = frame.reset_index().sort_values(["weergaven", column], ascending=[False, True])
    return frame.reset_index(drop=True).astype({"weergaven": int, "gebruikers": int})


def top_filters(events: pd.DataFrame, n: int = 10) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for details in _views(events)["details"]:
        counts.update(details.get("filters", {}))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def top_areas(events: pd.DataFrame, n: int = 10) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for details in _views(events)["details"]:
        counts.update(details.get("gebieden", {}))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def halves(events: pd.DataFrame, start: dt.date, end: dt.date) -> dict:
    """Views and unique users in the first and the second half of the period (the middle day
    goes to the first half) and the change from first to second."""
    middle = start + dt.timedelta(days=(end - start).days // 2)
    cut = pd.Timestamp(middle + dt.timedelta(days=1))
    views = _views(events)
    first, second = views[views["tijdstip"] < cut], views[views["tijdstip"] >= cut]
    out = {
        "eerste": (start, middle),
        "tweede": (middle + dt.timedelta(days=1), end),
        "weergaven": (len(first), len(second)),
        "gebruikers": (int(first["username"].nunique()), int(second["username"].nunique())),
    }
    a, b = out["weergaven"]
    out["verschil_pct"] = (b - a) / a * 100 if a else None
    return out
