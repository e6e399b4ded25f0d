"""The numbers a user reads, taken from the JSON answers of the general dashboard's filter
callbacks, in the shape of benchmarks.reference.Numbers so that the two can be compared."""

from __future__ import annotations

import base64

import numpy as np

from benchmarks.reference import Numbers
from dashboard.layouts.algemeen import ALGEMEEN


def _values(raw) -> list:
    """A plotly array: a plain list, or plotly's typed-array form {'dtype', 'bdata', 'shape'}."""
    if isinstance(raw, dict) and "bdata" in raw:
        array = np.frombuffer(base64.b64decode(raw["bdata"]), dtype=np.dtype(raw["dtype"]))
        if raw.get("shape"):
            shape = [int(n) for n in str(raw["shape"]).split(",")]
            array = array.reshape(shape)
        return array.tolist()
    return list(raw or [])


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def kpis(children) -> dict[str, int]:
    """Per KPI card (id {'type': 'kpi', 'categorie': key}) its count, from data-value."""
    out = {}
    for node in _walk(children):
        props = node.get("props") if isinstance(node.get("props"), dict) else None
        card_id = props.get("id") if props else None
        if isinstance(card_id, dict) and card_id.get("type") == "kpi":
            for inner in _walk(props.get("children")):
                value = inner.get("data-value") if isinstance(inner, dict) else None
                if value is not None:
                    out[card_id["categorie"]] = int(value)
                    break
    return out


def table(records: list[dict]) -> dict[str, tuple[int, int]]:
    out = {}
    for row in records or []:
        now, before = int(row["periode"]), int(row["vergelijking"])
        if now or before:
            out[row["area_code"]] = (now, before)
    return out


def trend(figure: dict) -> tuple[tuple[tuple[str, int], ...], tuple[int, ...]]:
    """The period's whole weeks or months (x as ISO date, y) and the comparison's whole ones
    beside them (as many as both have), as the references count them. The app also draws a
    partial bucket at either edge of both periods (open markers in a trace of their own, named
    "... onvolledige week/maand"); those are left out here. The traces drawn for the parts of
    partial buckets skip the hover and hold only some of the values: the hovered ones hold all."""
    current: list = []
    comparison: list = []
    partial = {"Periode": set(), "Vergelijking": set()}
    for trace in figure.get("data", []):
        name = str(trace.get("name", ""))
        ys = _values(trace.get("y"))
        if "onvolledige" in name:
            which = "Vergelijking" if name.startswith("Vergelijking") else "Periode"
            partial[which] = {k for k, y in enumerate(ys) if y is not None}
        if trace.get("hoverinfo") == "skip":
            continue
        if name.startswith("Periode"):
            current = [(str(x)[:10], y) for x, y in zip(_values(trace.get("x")), ys, strict=True)]
        elif name.startswith("Vergelijking"):
            comparison = list(ys)
    now = [current[k] for k in range(len(current)) if k not in partial["Periode"]]
    before = [comparison[k] for k in range(len(comparison)) if k not in partial["Vergelijking"]]
    drawn = tuple((x, int(y)) for x, y in now)
    return drawn, tuple(int(y) for y in before[: min(len(now), len(before))])


def heatmap(figure: dict) -> tuple[tuple[int, ...], ...] | None:
    for trace in figure.get("data", []):
        if trace.get("type") == "heatmap":
            return tuple(tuple(int(v) for v in row) for row in _values(trace.get("z")))
    return None


def numbers(answers: dict[str, dict]) -> Numbers:
    """answers: callback name -> the 'response' object of its /_dash-update-component reply."""
    main = answers["update_main"]
    return Numbers(
        kpi=kpis(main[ALGEMEEN.kpis]["children"]),
        # page one of the areas table, as the grid gets it with the figures
        table=table(main[ALGEMEEN.table_first]["data"]["rowData"]),
        trend=trend(answers["update_trend"][ALGEMEEN.trend]["figure"]),
        heatmap=heatmap(answers["update_heatmap"][ALGEMEEN.heatmap]["figure"]),
    )
