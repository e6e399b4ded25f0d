"""Static charts for reports: matplotlib (Agg, no pyplot state) to PNG bytes, Dutch axis formats.

Sizes are in centimetres at a fixed DPI, so a chart placed at its own size in the PDF keeps its
8 pt text. The same input always gives the same PNG bytes (no software or time stamp in the file).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, Formatter

from dashboard.formatting import nl_month
from dashboard.reports.formats import nl_value

# Okabe-Ito: distinguishable with the common colour-vision deficiencies and in greyscale print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#999999")
DPI = 200
WIDTH_CM = 17.0  # the text width of an A4 page with 2 cm margins
_FONT_SIZE = 8.0
_TICK_SIZE = 7.5
_INK = "#222222"
_GRID = "#D9D9D9"
_MONTH_STEPS = (1, 2, 3, 6)  # beyond half-yearly ticks, label whole years
_MAX_TICKS = 9
_MARKER_LIMIT = 40  # more points than this and markers only add clutter
_CHARS_PER_CM = 5.5  # DejaVu Sans at 7.5-8 pt, a rough average that errs on the safe side

DateLike = dt.date | pd.Timestamp


@dataclass(frozen=True)
class Series:
    """One line over time; None or NaN values leave a gap."""

    label: str
    dates: Sequence[DateLike]
    values: Sequence[float | None]


@dataclass(frozen=True)
class Band:
    """An uncertainty interval (shaded) around a dashed centre line, in the first series' colour.

    Both labels come from the caller, e.g. "Extrapolatie van de trend (geen voorspelling)" and
    "80%-onzekerheidsinterval".
    """

    dates: Sequence[DateLike]
    centre: Sequence[float]
    lower: Sequence[float] | None  # None: a dashed line without a band (none was measured)
    upper: Sequence[float] | None
    label: str
    interval_label: str


def line_chart(
    series: Sequence[Series],
    *,
    band: Band | None = None,
    title: str = "",
    y_label: str = "",
    y_from_zero: bool = True,
    size_cm: tuple[float, float] = (WIDTH_CM, 7.5),
) -> bytes:
    """Lines over time with month labels ("jan 2024"); the first series is the main one."""
    if not series:
        raise ValueError("line_chart: minstens één reeks nodig")
    fig, ax = _figure(size_cm, title)
    all_dates: list[dt.datetime] = []
    for index, item in enumerate(series):
        dates = _datetimes(item.dates)
        if len(dates) != len(item.values):
            raise ValueError(f"line_chart: reeks {item.label!r} heeft ongelijke lengtes")
        all_dates += dates
        ax.plot(
            date2num(dates),
            _floats(item.values),
            color=PALETTE[index % len(PALETTE)],
            linewidth=1.8 if index == 0 else 1.4,
            marker=("o", "s", "^", "D")[index % 4] if len(dates) <= _MARKER_LIMIT else None,
            markersize=3,
            label=item.label,
            zorder=3,
        )
    if band is not None:
        dates = _datetimes(band.dates)
        edges = () if band.lower is None or band.upper is None else (band.lower, band.upper)
        if any(len(edge) != len(dates) for edge in (band.centre, *edges)):
            raise ValueError("line_chart: de band heeft ongelijke lengtes")
        all_dates += dates
        x = date2num(dates)
        if edges:
            ax.fill_between(
                x,
                _floats(edges[0]),
                _floats(edges[1]),
                color=PALETTE[0],
                alpha=0.18,
                linewidth=0,
                label=band.interval_label,
                zorder=1,
            )
        ax.plot(
            x,
            _floats(band.centre),
            color=PALETTE[0],
            linestyle="--",
            linewidth=1.4,
            label=band.label,
            zorder=2,
        )
    _month_axis(ax, min(all_dates), max(all_dates))
    ax.yaxis.set_major_formatter(DutchFormatter())
    ax.set_ylabel(y_label, fontsize=_FONT_SIZE, color=_INK)
    if y_from_zero and ax.get_ylim()[0] > 0:
        ax.set_ylim(bottom=0)
    if len(series) > 1 or band is not None:
        _legend(fig, ax)
    return _png(fig)


def bar_chart(
    categories: Sequence[str],
    values: Sequence[float | None],
    *,
    horizontal: bool = False,
    title: str = "",
    value_label: str = "",
    show_values: bool = True,
    color: str = PALETTE[0],
    size_cm: tuple[float, float] | None = None,
) -> bytes:
    """One bar per category, in the given order (top to bottom when horizontal)."""
    return grouped_bar_chart(
        categories,
        {value_label: values},
        horizontal=horizontal,
        title=title,
        value_label=value_label,
        show_values=show_values,
        colors=(color,),
        size_cm=size_cm,
    )


def grouped_bar_chart(
    categories: Sequence[str],
    groups: Mapping[str, Sequence[float | None]],
    *,
    horizontal: bool = False,
    title: str = "",
    value_label: str = "",
    show_values: bool = False,
    colors: Sequence[str] = PALETTE,
    size_cm: tuple[float, float] | None = None,
    partial: Sequence[bool] | None = None,
) -> bytes:
    """Bars per category, one colour per group (e.g. year), with a legend when there are several.
    partial marks categories that are an incomplete period (a month that has only begun): their
    bars are drawn light and hatched, so they do not read as a drop."""
    if not groups:
        raise ValueError("grouped_bar_chart: minstens één groep nodig")
    for name, values in groups.items():
        if len(values) != len(categories):
            raise ValueError(f"grouped_bar_chart: groep {name!r} heeft ongelijke lengte")
    if partial is not None and len(partial) != len(categories):
        raise ValueError("grouped_bar_chart: partial heeft ongelijke lengte")
    if size_cm is None:
        rows = len(categories) * (1 + 0.35 * (len(groups) - 1))
        size_cm = (WIDTH_CM, max(5.0, 0.55 * rows + 2.0)) if horizontal else (WIDTH_CM, 7.5)
    fig, ax = _figure(size_cm, title)
    positions = np.arange(len(categories), dtype=float)
    thickness = 0.8 / len(groups)
    decimals = _value_decimals([v for values in groups.values() for v in values], most=1)
    for index, (name, values) in enumerate(groups.items()):
        offset = (index - (len(groups) - 1) / 2) * thickness
        heights = _floats(values)
        color = colors[index % len(colors)]
        if horizontal:
            bars = ax.barh(positions + offset, heights, height=thickness, color=color, label=name)
        else:
            bars = ax.bar(positions + offset, heights, width=thickness, color=color, label=name)
        for bar, incomplete in zip(bars, partial or (), strict=False):
            if incomplete:
                bar.set_alpha(0.45)
                bar.set_hatch("///")
                bar.set_edgecolor(color)
        if show_values:
            labels = ["" if math.isnan(v) else nl_value(v, decimals) for v in heights]
            ax.bar_label(bars, labels=labels, padding=2, fontsize=_TICK_SIZE - 0.5, color=_INK)
    value_axis, category_axis = (ax.xaxis, ax.yaxis) if horizontal else (ax.yaxis, ax.xaxis)
    category_axis.set_major_locator(FixedLocator(positions))
    category_axis.set_ticklabels(list(categories))
    category_axis.grid(False)
    value_axis.set_major_formatter(DutchFormatter())
    value_axis.grid(True, color=_GRID, linewidth=0.6)
    if horizontal:
        ax.yaxis.grid(False)
        ax.invert_yaxis()  # first category on top, as in a table
        ax.set_xlabel(value_label, fontsize=_FONT_SIZE, color=_INK)
        ax.axvline(0, color=_INK, linewidth=0.8)
        ax.margins(x=0.08 if show_values else 0.02)
    else:
        ax.xaxis.grid(False)
        ax.set_ylabel(value_label, fontsize=_FONT_SIZE, color=_INK)
        ax.axhline(0, color=_INK, linewidth=0.8)
        ax.margins(y=0.1 if show_values else 0.02)
        _fit_category_labels(ax, categories, size_cm[0])
    if len(groups) > 1:
        _legend(fig, ax)
    return _png(fig)


class DutchFormatter(Formatter):
    """Axis numbers as "1.234" / "2,5" / "−10": as few decimals as the ticks need to differ."""

    def __init__(self, decimals: int | None = None) -> None:
        self.fixed_decimals = decimals
        self.decimals = decimals if decimals is not None else 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        if self.fixed_decimals is None:
            self.decimals = _value_decimals(list(locs))

    def __call__(self, x: float, pos: int | None = None) -> str:
        return nl_value(x, self.decimals)


def _figure(size_cm: tuple[float, float], title: str) -> tuple[Figure, Axes]:
    width, height = size_cm
    fig = Figure(figsize=(width / 2.54, height / 2.54), dpi=DPI, layout="constrained")
    fig.set_facecolor("white")
    ax = fig.add_subplot()
    if title:
        ax.set_title(title, fontsize=_FONT_SIZE + 1, color=_INK, loc="left", fontweight="bold")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#808080")
        ax.spines[side].set_linewidth(0.6)
    ax.tick_params(labelsize=_TICK_SIZE, colors=_INK, width=0.6, length=3)
    ax.yaxis.grid(True, color=_GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    return fig, ax


def _fit_category_labels(ax: Axes, categories: Sequence[str], width_cm: float) -> None:
    """Wrap long category labels under their bar; rotate only when a single word is too long."""
    room = max(6, int(width_cm / max(len(categories), 1) * _CHARS_PER_CM))
    labels = [textwrap.fill(c, room, break_long_words=False) for c in categories]
    ax.xaxis.set_ticklabels(labels)
    if any(len(line) > room for label in labels for line in label.splitlines()):
        ax.tick_params(axis="x", labelrotation=30)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")


def _legend(fig: Figure, ax: Axes) -> None:
    handles, labels = ax.get_legend_handles_labels()
    # One row when the labels fit the width, else two columns: a cut-off legend is no legend.
    width_cm = fig.get_figwidth() * 2.54
    needed = sum(len(label) + 6 for label in labels)
    ncols = len(labels) if needed <= width_cm * _CHARS_PER_CM else min(len(labels), 2)
    fig.legend(
        handles,
        labels,
        loc="outside upper left",
        ncols=ncols,
        frameon=False,
        fontsize=_FONT_SIZE,
        handlelength=2.2,
    )


def _month_axis(ax: Axes, start: dt.datetime, end: dt.datetime) -> None:
    """Ticks on the first of a month, spaced so that at most _MAX_TICKS labels fit."""
    first = dt.datetime(start.year, start.month, 1)
    months = (end.year - first.year) * 12 + end.month - first.month + 1
    starts = [_add_months(first, n) for n in range(months)]
    step = next((s for s in _MONTH_STEPS if months / s <= _MAX_TICKS), None)
    if step is not None:
        ticks = [d for d in starts if (d.month - 1) % step == 0 and d >= start]
        labels = [nl_month(d.date()) for d in ticks]
    else:
        years = max(1, math.ceil(months / 12 / _MAX_TICKS))
        ticks = [d for d in starts if d.month == 1 and d.year % years == 0 and d >= start]
        labels = [str(d.year) for d in ticks]
    ax.xaxis.set_major_locator(FixedLocator(date2num(ticks)))
    ax.xaxis.set_ticklabels(labels)
    span = date2num(end) - date2num(start)
    pad = max(span * 0.02, 1.0)
    ax.set_xlim(date2num(start) - pad, date2num(end) + pad)


def _add_months(day: dt.datetime, months: int) -> dt.datetime:
    index = day.month - 1 + months
    return day.replace(year=day.year + index // 12, month=index % 12 + 1)


def _datetimes(dates: Sequence[DateLike]) -> list[dt.datetime]:
    return [pd.Timestamp(d).to_pydatetime().replace(tzinfo=None) for d in dates]


def _floats(values: Sequence[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _value_decimals(values: Sequence[float | None], most: int = 3) -> int:
    """The fewest decimals (up to `most`) that show every value exactly."""
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    for decimals in range(most):
        if all(abs(round(v, decimals) - v) <= 1e-9 * max(1.0, abs(v)) for v in finite):
            return decimals
    return most


def _png(fig: Figure) -> bytes:
    # Names and labels come from files and users: "$...$" in them is text, never mathtext (which
    # would draw it as a formula, or fail on an unknown symbol and lose the whole report).
    for text in fig.findobj(Text):
        text.set_parse_math(False)
    buffer = io.BytesIO()
    # No "Software" (matplotlib version) chunk: the bytes depend only on the chart.
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
    return buffer.getvalue()
