"""Text from users and files reaches every plotly figure as text, never as markup (issue 18).

Plotly draws a subset of HTML in all the text it renders. This test renders each figure builder
that takes free text with hostile strings, reads every string of the figure the way plotly.js
does (svg_text_utils: split on tags, then turn entities into characters) and checks that no
hostile tag is live while the typed text is still shown in full."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from dashboard import figures, figures_metingen, figures_thema
from dashboard.formatting import chart_text
from dashboard.measures.theme_areas import RegionComparison
from dashboard.measures.theme_breakdown import Breakdown
from dashboard.measures.theme_trend import ThemeTrend

HOSTILE = (
    '<a href="https://evil.example/login">klik</a>',
    '<span style="font-size:60px;fill:red">DATA ONJUIST</span>',
    "<b>vet</b><br>nieuwe regel<sup>2</sup>",
    "&lt;b&gt; al ontsnapt & %{meta} uit een sjabloon",
)
# The tags plotly.js draws (svg_text_utils TAG_STYLES) except <br>, which builders use for
# their own line breaks.
LIVE_TAGS = {"a", "span", "b", "i", "em", "sup", "sub", "s", "u"}
_TAG = re.compile(r"(<[^<>]*>)")
_TAG_NAME = re.compile(r"<(/?)([^ >]*)(\s+(.*))?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);")
_NAMED = {"mu": "μ", "amp": "&", "lt": "<", "gt": ">", "nbsp": "\xa0"}


def shown(text: str) -> tuple[str, set[str]]:
    """What plotly.js shows of a text, and which tags it draws (br as a space)."""
    parts, tags = [], set()
    for part in _TAG.split(text):
        tag = _TAG_NAME.fullmatch(part)
        name = tag.group(2).lower() if tag else None
        if name == "br":
            parts.append(" ")
        elif name in LIVE_TAGS:
            tags.add(name)
        else:
            parts.append(_ENTITY.sub(_decode, part))
    return "".join(parts), tags


def _decode(match: re.Match) -> str:
    code = match.group(1)
    if code.startswith("#"):
        return chr(int(code[2:], 16) if code[1] == "x" else int(code[1:]))
    return _NAMED.get(code, match.group(0))


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for item in node.values():
            yield from strings(item)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from strings(item)
    elif isinstance(node, np.ndarray) and node.dtype == object:
        yield from strings(list(node))


def builders(text: str) -> dict:
    """Every figure builder that takes free text, given `text` wherever a user or file writes."""
    weeks = pd.DataFrame(
        {"start": pd.date_range("2025-01-06", periods=8, freq="W-MON").date, "aantal": range(8)}
    )
    months = pd.DataFrame(
        {
            "start": pd.date_range("2024-01-01", periods=6, freq="MS").date,
            "gebied": np.arange(6.0),
            "regio": np.arange(6.0),
        }
    )
    windows = pd.DataFrame({"label": ["K1 2024", text], "aantal": [3, None], "tekst": ["3", text]})
    comparison = RegionComparison(
        pd.DataFrame(
            {"area_code": ["GM1", "GM2"], "naam": [text, "Hengelo"], "per_1000": [4.2, 3.1]}
        ).assign(p0=[12, 8]),
        region_per_1000=3.6,
        selected="GM1",
    )
    frame = pd.DataFrame({"groep": [text, ""], "waarde": ["klein", text]}).assign(
        aantal=[4, None], tekst=["4", "<5"]
    )
    breakdown = Breakdown(frame)
    empty_breakdown = Breakdown(frame.iloc[0:0].copy(), reason=text)
    mix = pd.DataFrame(
        {"hoofdcategorie": [text, "Verkeer"], "gebied": [text, text], "per_1000": [1.0, 2.0]}
    )
    survey = pd.DataFrame(
        {
            "code": ["v1"],
            "positie": [1],
            "vraag": [text + " " + text],
            "ronde": [text],
            "gemiddelde": [3.5],
            "ci_laag": [3.1],
            "ci_hoog": [3.9],
            "n": [40],
            **{f"n_{v}": [8] for v in range(1, 6)},
        }
    )
    mark = {"van": dt.date(2025, 2, 1), "tot": dt.date(2025, 2, 10), "tekst": text}
    history = pd.DataFrame({"start": months["start"], "aantal": range(6)})
    future = [dt.date(2024, 7, 1)]
    return {
        "trend labels": lambda: figures.trend_figure(weeks, weeks, "week", (text, text)),
        "annotation hover": lambda: figures.with_annotations(
            figures.trend_figure(weeks, weeks, "week", ("Periode", "Vergelijking")), [mark]
        ),
        "area profile mix": lambda: figures.mix_figure(mix),
        "extrapolation": lambda: figures.extrapolation_figure(
            history, future, [6.0], [5.0], [7.0], text, text
        ),
        "empty message": lambda: figures.empty_figure(text),
        "theme trend": lambda: figures.with_annotations(
            figures_thema.trend_figure(ThemeTrend(months, "reeks", text), text),
            [{**mark, "van": dt.date(2024, 2, 1), "tot": dt.date(2024, 2, 1)}],
        ),
        "theme trend of a buurt": lambda: figures_thema.trend_figure(
            ThemeTrend(windows, "vensters", text), text
        ),
        "theme comparison": lambda: figures_thema.comparison_figure(comparison, text),
        "theme breakdown": lambda: figures_thema.breakdown_figure(breakdown),
        "theme breakdown reason": lambda: figures_thema.breakdown_figure(empty_breakdown),
        "survey means": lambda: figures_metingen.means_figure(survey),
        "survey distribution": lambda: figures_metingen.distribution_figure(survey, "v1"),
    }


NAMES = list(builders("x"))


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("name", NAMES)
def test_free_text_is_drawn_literally_by_every_figure_builder(name, text):
    figure = builders(text)[name]().to_plotly_json()
    texts = list(strings(figure))
    drawn = [shown(t) for t in texts]
    live = set().union(*(tags for _, tags in drawn))
    assert live == set(), f"{name}: plotly would draw {sorted(live)} from {text!r}"
    assert any(text in t for t, _ in drawn), f"{name}: {text!r} is not shown as typed"
    # Placeholders of a hovertemplate stay the builder's own.
    assert not any("%{meta}" in t for t in texts)


def test_chart_text_escapes_what_plotly_reads_as_markup_and_nothing_else():
    assert chart_text('<a href="x">Tom & Jerry\'s</a>') == (
        '&lt;a href="x"&gt;Tom &amp; Jerry\'s&lt;/a&gt;'
    )
    assert chart_text("%{y}") == "%&#123;y}"
    assert chart_text("Enschede") == "Enschede"
    assert chart_text(None) == "" and chart_text(float("nan")) == ""
    for text in HOSTILE:
        assert shown(chart_text(text)) == (text, set())
