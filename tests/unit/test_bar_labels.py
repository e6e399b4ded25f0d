"""The "Verdeling" bars of the theme pages (issue 21): a long label is wrapped between words
instead of being cut at the card's edge, the hover shows it whole, and the count right of the
longest bar has room."""

from __future__ import annotations

import pandas as pd

from dashboard import figures_thema
from dashboard.figures_thema import LABEL_LINES, LABEL_WIDTH, wrap_label
from dashboard.measures.theme_breakdown import Breakdown

LONG = "Soort melding: overlast door verwarde personen in of rond de woning van de melder"


def breakdown_figure():
    frame = pd.DataFrame(
        {
            "groep": ["", "Soort melding"],
            "waarde": ["F95 Overtreding huisverbod", LONG.split(": ", 1)[1]],
            "aantal": [478, 3039],
            "tekst": ["478", "3.039"],
        }
    )
    return figures_thema.breakdown_figure(Breakdown(frame)).to_plotly_json()


def test_a_long_label_is_wrapped_between_words_and_whole_in_the_hover():
    figure = breakdown_figure()
    bar = figure["data"][0]
    wrapped = bar["y"][1]
    lines = wrapped.split("<br>")
    assert 1 < len(lines) <= LABEL_LINES
    assert all(len(line) <= LABEL_WIDTH for line in lines)
    # Broken only where a space was: every line ends and starts with a whole word.
    words = LONG.split(" ")
    assert all(line.split(" ")[0] in words for line in lines)
    assert bar["customdata"][1] == LONG
    assert "%{customdata}" in bar["hovertemplate"]
    # A short label stays on one line.
    assert bar["y"][0] == "F95 Overtreding huisverbod"


def test_the_longest_count_fits_in_the_right_margin():
    figure = breakdown_figure()
    # About 7 px per character at the charts' 12 px font: "3.039" needs some 35 px.
    assert figure["layout"]["margin"]["r"] >= 7 * len("3.039")


def test_a_label_longer_than_the_lines_ends_in_an_ellipsis():
    label = wrap_label(" ".join(["woord"] * 40))
    lines = label.split("<br>")
    assert len(lines) == LABEL_LINES and lines[-1].endswith("…")
    assert all(len(line) <= LABEL_WIDTH for line in lines)
