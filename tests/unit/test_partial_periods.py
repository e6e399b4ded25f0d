"""The one partial-period rule (measures.completeness.observed) and how it is drawn: a month,
week or day that has only begun is flagged and drawn as partial, never as a whole period (a
collapse), and a period that has not begun is not drawn at all."""

import datetime as dt

import pandas as pd

from dashboard import figures, figures_thema
from dashboard.measures.completeness import flag_buckets, observed
from dashboard.measures.theme_trend import SERIES, ThemeTrend
from dashboard.measures.usage import per_day, per_month
from dashboard.reports.dvo import default_half

D = dt.date


def usage_events(*moments: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "tijdstip": pd.to_datetime(list(moments)),
            "username": [f"u{k}" for k in range(len(moments))],
            "soort": "weergave",
            "details": [{} for _ in moments],
        }
    )


def test_a_month_that_has_only_begun_is_partial_and_later_months_are_left_out():
    months = observed("maand", D(2026, 10, 1), D(2027, 1, 31), D(2026, 12, 5))
    assert [m.label for m in months] == [
        "oktober 2026",
        "november 2026",
        "december 2026 (t/m 5 dec, onvolledig)",
    ]


def test_the_running_day_makes_its_month_partial_even_on_the_last_day():
    months = observed("maand", D(2026, 12, 1), D(2026, 12, 31), D(2026, 12, 31), running=True)
    assert not months[-1].whole and "onvolledig" in months[-1].label


def test_gebruik_flags_today_and_draws_no_day_after_it():
    events = usage_events("2026-12-01 09:00", "2026-12-05 10:00")
    days = per_day(events, D(2026, 11, 28), D(2026, 12, 31), today=D(2026, 12, 5))
    assert days["dag"].iloc[-1] == D(2026, 12, 5)  # not 26 zero days to come
    assert list(days["volledig"]) == [True] * 7 + [False]
    assert days["label"].iloc[-1] == "05-12-2026 (vandaag, onvolledig)"
    figure = figures.usage_figure(days, "dag", "dag")
    assert list(figure.data[0].marker.opacity)[-1] == 0.45
    assert figure.data[0].marker.pattern.shape[-1] == "/"
    assert figure.data[0].customdata[-1] == "05-12-2026 (vandaag, onvolledig)"


def test_gebruik_months_of_a_period_reaching_past_today():
    events = usage_events("2026-11-03 09:00", "2026-12-02 10:00")
    months = per_month(events, D(2026, 11, 1), D(2027, 3, 31), today=D(2026, 12, 5))
    assert list(months["label"]) == ["november 2026", "december 2026 (t/m 5 dec, onvolledig)"]
    assert list(months["weergaven"]) == [1, 1]


def trend_frame(starts, counts) -> pd.DataFrame:
    return pd.DataFrame({"start": starts, "aantal": counts})


def test_the_month_still_being_delivered_is_flagged_and_one_without_data_is_a_gap():
    frame = trend_frame([D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1), D(2026, 12, 1)], [90] * 4)
    flagged = flag_buckets(
        frame, "maand", (D(2026, 9, 1), D(2026, 12, 31)), (None, D(2026, 11, 22))
    )
    assert list(flagged["volledig"]) == [True, True, False, False]
    assert flagged["label"].iloc[2] == "november 2026 (t/m 22 nov, onvolledig)"
    assert flagged["label"].iloc[3] == "december 2026 (geen gegevens)"
    assert pd.isna(flagged["aantal"].iloc[3])  # no data yet: no count, not a zero


def test_the_algemeen_trend_draws_a_partial_month_instead_of_dropping_it():
    starts = [D(2026, 8, 1), D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)]
    period = (D(2026, 8, 1), D(2026, 11, 22))
    current = flag_buckets(
        trend_frame(starts, [100, 110, 105, 60]), "maand", period, (None, period[1])
    )
    comparison = flag_buckets(
        trend_frame([D(2025, m, 1) for m in (8, 9, 10, 11)], [95, 100, 98, 70]),
        "maand",
        (D(2025, 8, 1), D(2025, 11, 22)),
        (None, period[1]),
    )
    figure = figures.trend_figure(current, comparison, "maand", ("Periode", "Vergelijking"))
    solid = next(t for t in figure.data if t.name == "Periode" and t.showlegend is not False)
    assert list(solid.y) == [100, 110, 105, None]  # the partial month is not on the solid line
    partial = next(t for t in figure.data if t.name == "onvolledige maand")
    assert list(partial.y) == [None, None, None, 60]
    assert partial.marker.symbol == "circle-open"
    assert partial.text[-1] == "t/m 22 nov, onvolledig"
    assert partial.customdata[-1] == "november 2026 (t/m 22 nov, onvolledig)"
    dashed = [t for t in figure.data if t.line and t.line.dash == "dash"]
    assert dashed and list(dashed[0].y) == [None, None, 105, 60]
    assert "niet getoond" not in str(figure.to_plotly_json())


def test_a_theme_trend_flags_the_police_month_still_being_delivered():
    frame = trend_frame([D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)], [12, 14, 5])
    frame = flag_buckets(
        frame.rename(columns={"aantal": "gebied"}),
        "maand",
        (D(2026, 9, 1), D(2026, 11, 30)),
        (None, D(2026, 11, 10)),
        ("gebied",),
    )
    figure = figures_thema.trend_figure(ThemeTrend(frame, SERIES, "Enschede"), "registraties")
    assert list(figure.data[0].y) == [12, 14, None]
    partial = next(t for t in figure.data if t.name == "onvolledige maand")
    assert partial.text[-1] == "t/m 10 nov, onvolledig"


def test_the_dvo_report_defaults_to_the_last_complete_half_year():
    assert default_half(D(2026, 12, 5)) == "2026-H1"
    assert default_half(D(2026, 7, 1)) == "2026-H1"
    assert default_half(D(2026, 6, 30)) == "2025-H2"  # 30 June is still under way
    assert default_half(D(2027, 1, 1)) == "2026-H2"
