"""A static choropleth for reports: area boundaries (GeoJSON, WGS84) coloured by value with
matplotlib, so a report map needs no tiles, no browser and no download. The same classes as the
dashboard's map (natural breaks with readable edges, analysis.classes), ColorBrewer YlOrRd."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from dashboard.analysis.classes import classify
from dashboard.reports.charts import DPI, WIDTH_CM, _png
from dashboard.reports.formats import nl_value

SEQUENTIAL = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_VALUE = "#d9d9d9"
EDGE = "#4d4d4d"


def _rings(geometry: dict) -> list[list[tuple[float, float]]]:
    """Outer and inner rings of a Polygon or MultiPolygon (holes are drawn over in white)."""
    polygons = (
        [geometry["coordinates"]]
        if geometry["type"] == "Polygon"
        else geometry["coordinates"]
        if geometry["type"] == "MultiPolygon"
        else []
    )
    return [[(x, y) for x, y, *_ in ring] for polygon in polygons for ring in polygon]


def choropleth(
    geometries: Mapping[str, dict],
    values: Mapping[str, float | None],
    *,
    title: str = "",
    legend_label: str = "",
    decimals: int = 0,
    size_cm: tuple[float, float] = (WIDTH_CM, 11.0),
) -> bytes:
    """PNG of the areas in `geometries`, coloured by `values` (None or missing: grey)."""
    codes = sorted(geometries)
    series = pd.Series([values.get(c) for c in codes], index=codes, dtype=float)
    classes, edges = classify(series, decimals=decimals)
    palette = SEQUENTIAL if len(edges) > 2 else SEQUENTIAL[-1:]
    polygons, colours = [], []
    for code, klass in zip(codes, classes, strict=True):
        colour = NO_VALUE if math.isnan(klass) else palette[min(int(klass), len(palette) - 1)]
        for ring in _rings(geometries[code]):
            polygons.append(ring)
            colours.append(colour)
    fig = Figure(figsize=(size_cm[0] / 2.54, size_cm[1] / 2.54), dpi=DPI, layout="constrained")
    fig.set_facecolor("white")
    ax = fig.add_subplot()
    if polygons:
        lats = np.concatenate([np.asarray(p)[:, 1] for p in polygons])
        # Degrees of longitude are shorter than degrees of latitude: keep the shapes true.
        ax.set_aspect(1 / math.cos(math.radians(float(lats.mean()))))
        ax.add_collection(
            PolyCollection(polygons, facecolors=colours, edgecolors=EDGE, linewidths=0.4)
        )
        ax.autoscale_view()
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=9, loc="left", fontweight="bold", color="#222222")
    bounds = list(itertools.pairwise(edges)) or ([(edges[0], edges[0])] if edges else [])
    handles = [
        Patch(facecolor=colour, edgecolor=EDGE, linewidth=0.4, label=_range(lo, hi, decimals))
        for colour, (lo, hi) in zip(palette, bounds, strict=False)
    ]
    handles.append(Patch(facecolor=NO_VALUE, edgecolor=EDGE, linewidth=0.4, label="onbekend"))
    ax.legend(
        handles=handles,
        title=legend_label or None,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=7,
        title_fontsize=7.5,
        frameon=False,
    )
    return _png(fig)


def _range(lo: float, hi: float, decimals: int) -> str:
    return f"{nl_value(lo, decimals)} - {nl_value(hi, decimals)}"
