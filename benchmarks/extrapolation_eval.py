"""Evaluation of the extrapolation model (`dashboard.analysis.extrapolation`) on real data: the
last periods of each series are held out, the model is fitted on the rest, and its path is
compared with two baselines that need no model at all.

Data (read by path from the shared folder, never copied):
- monthly residential burglary per gemeente, counted from the single incidents of politie.nl
  "Misdaad in Kaart" (burglaries and attempts together: the attempt is the same offence, and the
  dashboard counts both as "woninginbraak"); the partial first month is dropped, months without
  incidents count as 0; the last 6 months are held out;
- yearly registered crime per gemeente 2010-2020 (CBS 83648NED, "Misdrijven, totaal", rounded
  to 5 by CBS); 2018-2020 are held out.

Measures, on the held-out periods only:
- MAE: mean absolute error in counts, pooled over every held-out area-period;
- MASE (Hyndman & Koehler 2006): per series, the held-out MAE divided by the in-sample
  one-step MAE of a baseline on the training periods, (1 / (T - m)) * sum_{t=m+1..T}
  |y_t - y_{t-m}|, with m = 12 for the seasonal-naive scale and m = 1 for the naive scale; the
  pooled MASE is the mean over series (series whose scale is 0 are left out and counted);
- coverage: the share of held-out area-periods inside the model's 80% interval [lower, upper].

Run: `python -m benchmarks.extrapolation_eval [--shared DIR] [--markdown] [--update-docs]`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dashboard.analysis.extrapolation import SPARSE_MEAN, Extrapolation, extrapolate

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DOCS = REPO / "docs" / "extrapolation.md"
START_MARKER, END_MARKER = "<!-- eval:start -->", "<!-- eval:end -->"

BURGLARY_FILE = Path("politie/misdaad_in_kaart_woninginbraak_pc4_twente.csv")
BURGLARY_KINDS = ("Woninginbraak", "Poging tot woninginbraak")
CRIME_FILE = Path("politie/misdrijven_gemeente_2010_2020_twente.csv")
CRIME_KIND = "Misdrijven, totaal"
HOLDOUT_MONTHS = 6
HOLDOUT_YEARS = 3  # 2018-2020: training 2010-2017
LEVEL = 0.8

MODEL, SNAIVE, NAIVE = "model", "seizoensnaïef", "naïef"
NOT_BETTER = "model niet beter dan de basislijn: toon de basislijn"


@dataclass(frozen=True)
class Series:
    """Counts per area (rows) and period (columns, oldest first)."""

    name: str
    codes: list[str]
    periods: list[str]  # "2023-05" for months, "2010" for years
    counts: np.ndarray
    season: int
    phase: int  # season position of the first column
    holdout: int
    notes: tuple[str, ...]


# --- data ---------------------------------------------------------------------------------------


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month_range(first: dt.date, last: dt.date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def monthly_burglary(shared_dir: Path) -> Series:
    """Complete months only: a first month that starts after day 1 and a last month that ends
    before its last day are dropped; a month without incidents is 0 for that gemeente."""
    path = shared_dir / BURGLARY_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    unknown = {r["soort"] for r in rows} - set(BURGLARY_KINDS)
    if unknown:
        raise ValueError(f"{path}: onbekende soort {sorted(unknown)}")
    days = [dt.date.fromisoformat(r["datum"]) for r in rows]
    first, last = min(days), max(days)
    months = _month_range(first, last)
    notes = [f"inbraken en pogingen samen geteld ({' + '.join(BURGLARY_KINDS)})"]
    if first.day != 1:
        notes.append(f"eerste maand {months[0]} weggelaten (data vanaf {first.isoformat()})")
        months = months[1:]
    if last != _month_end(last):
        notes.append(f"laatste maand {months[-1]} weggelaten (data t/m {last.isoformat()})")
        months = months[:-1]
    else:
        notes.append(f"laatste maand {months[-1]} volledig (data t/m {last.isoformat()})")
    codes = sorted({r["gemeentecode"] for r in rows})
    row_of = {code: k for k, code in enumerate(codes)}
    column_of = {month: k for k, month in enumerate(months)}
    counts = np.zeros((len(codes), len(months)))
    for row, day in zip(rows, days, strict=True):
        column = column_of.get(_month(day))
        if column is not None:
            counts[row_of[row["gemeentecode"]], column] += 1
    first_month = int(months[0][5:])
    return Series(
        name="woninginbraak per maand",
        codes=codes,
        periods=months,
        counts=counts,
        season=12,
        phase=first_month - 1,
        holdout=HOLDOUT_MONTHS,
        notes=tuple(notes),
    )


def yearly_crime(shared_dir: Path) -> Series:
    path = shared_dir / CRIME_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["soort_misdrijf"] == CRIME_KIND]
    codes = sorted({r["gemeentecode"] for r in rows})
    years = sorted({int(r["jaar"]) for r in rows})
    if years != list(range(years[0], years[-1] + 1)):
        raise ValueError(f"{path}: jaren niet aaneengesloten: {years}")
    value = {(r["gemeentecode"], int(r["jaar"])): r["geregistreerde_misdrijven"] for r in rows}
    missing = [(c, y) for c in codes for y in years if not value.get((c, y))]
    if missing:
        raise ValueError(f"{path}: geen waarde voor {missing[:5]}")
    counts = np.array([[float(value[(c, y)]) for y in years] for c in codes])
    return Series(
        name="misdrijven per jaar",
        codes=codes,
        periods=[str(y) for y in years],
        counts=counts,
        season=1,
        phase=0,
        holdout=HOLDOUT_YEARS,
        notes=(
            f"geregistreerde misdrijven, '{CRIME_KIND}' (CBS rondt af op 5)",
            "per jaar is seizoensnaïef gelijk aan naïef (het laatste jaar)",
        ),
    )


# --- measures -----------------------------------------------------------------------------------


def naive_scale(train: np.ndarray, lag: int) -> np.ndarray:
    """Hyndman's MASE scale per series: in-sample one-step MAE of the lag-`lag` naive method."""
    if train.shape[1] <= lag:
        return np.full(train.shape[0], np.nan)
    return np.abs(train[:, lag:] - train[:, :-lag]).mean(axis=1)


def _mase(abs_errors: np.ndarray, scale: np.ndarray) -> tuple[float, int]:
    """Mean over series of (held-out MAE / scale); series with scale 0 (or none) are left out.
    Returns the MASE and how many series were left out."""
    usable = np.isfinite(scale) & (scale > 0)
    if not usable.any():
        return float("nan"), int((~usable).sum())
    return float((abs_errors[usable].mean(axis=1) / scale[usable]).mean()), int((~usable).sum())


def _verdict(mae: dict[str, float], mase: dict[str, dict[str, float]], baselines: list[str]) -> str:
    """Better only when the model beats every baseline on the same held-out points, both on MAE
    and on MASE with the baseline's scale. A MASE of 1 or more is named even then: the error is
    larger than the baseline's in-sample one-step error."""
    shortfalls = []
    for base in baselines:
        model_mase, base_mase = mase[base][MODEL], mase[base][base]
        if not mae[MODEL] < mae[base]:
            shortfalls.append(f"MAE {mae[MODEL]:.2f} tegen {mae[base]:.2f} {base}")
        if not model_mase < base_mase:
            shortfalls.append(f"MASE {model_mase:.2f} tegen {base_mase:.2f} {base}")
    if shortfalls:
        return f"{NOT_BETTER} ({'; '.join(shortfalls)})"
    text = f"model beter dan de basislijn ({' en '.join(baselines)}) op MAE en MASE"
    above = [f"{base} {mase[base][MODEL]:.2f}" for base in baselines if mase[base][MODEL] >= 1]
    if above:
        text += f", maar MASE >= 1 op de schaal {', '.join(above)}"
    return text


def _interval_verdict(inside: int, points: int, level: float = LEVEL) -> str:
    """Coverage against the nominal level with a rough margin of two binomial standard errors.
    The points are not independent (the same months in every gemeente), so the real margin is
    wider: a verdict close to the edge is a hint, not a finding."""
    coverage = inside / points
    margin = 2 * np.sqrt(level * (1 - level) / points)
    found = f"{coverage:.0%} erin, marge +/- {margin:.0%}"
    if coverage < level - margin:
        return f"{level:.0%}-band te smal ({found})"
    if coverage > level + margin:
        return f"{level:.0%}-band te breed ({found})"
    return f"{level:.0%}-band past ({found})"


def _evaluate_subset(
    series: Series,
    subset: str,
    rows: np.ndarray,
    result: Extrapolation,
    train: np.ndarray,
    actual: np.ndarray,
) -> dict:
    naive = np.repeat(train[:, -1:], series.holdout, axis=1)
    paths = {MODEL: result.forecast, NAIVE: naive}
    scales = {NAIVE: naive_scale(train, 1)}
    if series.season > 1:
        paths[SNAIVE] = result.baseline  # the model's own baseline: same month last year
        scales[SNAIVE] = naive_scale(train, series.season)
    methods = [m for m in (MODEL, SNAIVE, NAIVE) if m in paths]
    baselines = [m for m in methods if m != MODEL]
    errors = {m: np.abs(actual[rows] - paths[m][rows]) for m in methods}
    mae = {m: float(errors[m].mean()) for m in methods}
    mase, left_out = {}, {}
    for scale_name in baselines:
        mase[scale_name] = {}
        for m in methods:
            mase[scale_name][m], left_out[scale_name] = _mase(errors[m], scales[scale_name][rows])
    inside = (actual[rows] >= result.lower[rows]) & (actual[rows] <= result.upper[rows])
    forecast = result.forecast[rows]
    outside = (forecast < result.lower[rows]) | (forecast > result.upper[rows])
    return {
        "dataset": series.name,
        "subset": subset,
        "n_series": int(rows.sum()),
        "n_points": int(inside.size),
        "train": f"{series.periods[0]} t/m {series.periods[-series.holdout - 1]}",
        "holdout": f"{series.periods[-series.holdout]} t/m {series.periods[-1]}",
        "n_train": train.shape[1],
        "seasonal": bool(result.seasonal),
        "methods": methods,
        "baselines": baselines,
        "mae": mae,
        "mase": mase,
        "mase_left_out": left_out,
        "coverage": float(inside.mean()),
        "inside": int(inside.sum()),
        # What the dashboard would show as the measured error: the model's own back-test.
        "backtest_mae": float(result.mae[rows].mean()),
        "backtest_mae_baseline": float(result.mae_baseline[rows].mean()),
        "backtest_origins": int(result.origins),
        "verdict": _verdict(mae, mase, baselines),
        "interval_verdict": _interval_verdict(int(inside.sum()), int(inside.size)),
        # The central path outside its own band (the band carries the back-test's bias).
        "forecast_outside_band": int(outside.sum()),
        "notes": series.notes,
    }


def evaluate_series(series: Series) -> list[dict]:
    """Hold out the last periods, fit all areas in one call, measure; one dict for all areas
    and, when it differs, one for the areas the dashboard would extrapolate (not sparse)."""
    train = series.counts[:, : -series.holdout]
    actual = series.counts[:, -series.holdout :]
    result = extrapolate(
        train, series.holdout, season=series.season, phase=series.phase, level=LEVEL
    )
    everyone = np.ones(len(series.codes), dtype=bool)
    out = [_evaluate_subset(series, "alle gemeenten", everyone, result, train, actual)]
    dense = ~result.sparse
    if dense.any() and not dense.all():
        # The areas the dashboard extrapolates: on average at least SPARSE_MEAN per period.
        out.append(_evaluate_subset(series, "niet schaars", dense, result, train, actual))
    return out


def evaluate(shared_dir: Path) -> list[dict]:
    """One dict per evaluated set (dataset x subset of areas), pooled numbers and a verdict."""
    return [
        *evaluate_series(monthly_burglary(shared_dir)),
        *evaluate_series(yearly_crime(shared_dir)),
    ]


# --- output -------------------------------------------------------------------------------------

HEADER = (
    "reeks",
    "gebieden",
    "punten",
    "methode",
    "MAE",
    "MASE (seizoensnaïef)",
    "MASE (naïef)",
    "dekking 80%",
)


EXPLANATION = (
    "holdout: de laatste perioden achtergehouden; MAE in aantallen per gemeente en periode; "
    "MASE = holdout-MAE / in-sample 1-staps-MAE van de basislijn, gemiddeld over gemeenten"
)


def _subset_label(row: dict) -> str:
    if row["subset"] == "alle gemeenten":
        return f"alle {row['n_series']}"
    return f"{row['n_series']} {row['subset']} (gem. >= {SPARSE_MEAN:g})"


def _cells(rows: list[dict]) -> list[tuple[str, ...]]:
    lines = []
    for row in rows:
        for k, method in enumerate(row["methods"]):
            first = k == 0
            snaive = row["mase"].get(SNAIVE, {}).get(method)
            coverage = (
                f"{row['coverage']:.0%} ({row['inside']}/{row['n_points']})"
                if method == MODEL
                else "-"
            )
            lines.append(
                (
                    row["dataset"] if first else "",
                    _subset_label(row) if first else "",
                    str(row["n_points"]) if first else "",
                    method,
                    f"{row['mae'][method]:.2f}",
                    "-" if snaive is None else f"{snaive:.2f}",
                    f"{row['mase'][NAIVE][method]:.2f}",
                    coverage,
                )
            )
    return lines


def _notes(rows: list[dict]) -> list[str]:
    """Verdicts per set, then what a reader needs to read the table (once per dataset)."""
    lines = [EXPLANATION]
    for r in rows:
        where = f"{r['dataset']}, {r['subset']}"
        lines.append(f"oordeel {where}: {r['verdict']}; {r['interval_verdict']}")
        if r["forecast_outside_band"]:
            lines.append(
                f"let op {where}: de modellijn ligt {r['forecast_outside_band']} van de "
                f"{r['n_points']} keer buiten de eigen 80%-band"
            )
    seen = set()
    for r in rows:
        if r["dataset"] in seen:
            continue
        seen.add(r["dataset"])
        season = "met seizoensterm" if r["seasonal"] else "zonder seizoensterm"
        if not r["seasonal"] and "maand" in r["dataset"]:
            season += " (minder dan twee seizoenen training)"
        details = "; ".join(
            [
                f"training {r['train']} ({r['n_train']} perioden)",
                f"holdout {r['holdout']}",
                f"model {season}",
                *r["notes"],
            ]
        )
        lines.append(f"{r['dataset']}: {details}")
    for r in rows:
        lines.append(
            f"eigen back-test van het model ({r['dataset']}, {r['subset']}; "
            f"{r['backtest_origins']} oorsprongen, 1 stap vooruit): MAE {r['backtest_mae']:.2f}, "
            f"basislijn {r['backtest_mae_baseline']:.2f}"
        )
        left = {k: v for k, v in r["mase_left_out"].items() if v}
        if left:
            lines.append(
                f"MASE zonder reeksen met schaal 0 ({r['dataset']}, {r['subset']}): {left}"
            )
    return lines


def print_table(rows: list[dict]) -> None:
    cells = _cells(rows)
    widths = [max(len(c[k]) for c in [HEADER, *cells]) for k in range(len(HEADER))]
    right = {2, 4, 5, 6}

    def line(cell: tuple[str, ...]) -> str:
        parts = [
            c.rjust(w) if k in right else c.ljust(w)
            for k, (c, w) in enumerate(zip(cell, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    print(line(HEADER))
    for cell in cells:
        print(line(cell))
    for note in _notes(rows):
        print(f"- {note}")


def markdown(rows: list[dict]) -> str:
    """The table and its notes as Markdown: what docs/extrapolation.md holds between the
    markers (a test compares the two)."""
    out = ["| " + " | ".join(HEADER) + " |"]
    out.append("|" + "|".join("---:" if k in {2, 4, 5, 6} else "---" for k in range(8)) + "|")
    out.extend("| " + " | ".join(cell) + " |" for cell in _cells(rows))
    out.append("")
    out.extend(f"- {note}" for note in _notes(rows))
    return "\n".join(out)


def docs_block(path: Path = DOCS) -> str | None:
    """The text between the markers in the docs (None when they are missing)."""
    found = re.search(
        re.escape(START_MARKER) + r"\n(.*?)\n" + re.escape(END_MARKER),
        path.read_text(encoding="utf-8"),
        re.DOTALL,
    )
    return found.group(1) if found else None


def update_docs(rows: list[dict], path: Path = DOCS) -> None:
    text = path.read_text(encoding="utf-8")
    if docs_block(path) is None:
        raise SystemExit(f"{path}: markers {START_MARKER} / {END_MARKER} niet gevonden")
    start = text.index(START_MARKER) + len(START_MARKER)
    end = text.index(END_MARKER)
    path.write_text(f"{text[:start]}\n{markdown(rows)}\n{text[end:]}", encoding="utf-8")


def available(shared_dir: Path) -> bool:
    return (shared_dir / BURGLARY_FILE).is_file() and (shared_dir / CRIME_FILE).is_file()


def print_report(shared_dir: Path) -> None:
    """For `benchmarks.run`: the table when the shared data folder is there, else nothing."""
    if not shared_dir.is_dir():
        return
    print("\nExtrapolatie op echte data (holdout, zie docs/extrapolation.md):")
    if not available(shared_dir):
        print(f"overgeslagen: {BURGLARY_FILE} of {CRIME_FILE} niet gevonden in {shared_dir}")
        return
    print_table(evaluate(shared_dir))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.extrapolation_eval", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help="shared data folder (../shared/data)"
    )
    parser.add_argument("--markdown", action="store_true", help="print the Markdown table")
    parser.add_argument(
        "--update-docs", action="store_true", help=f"rewrite the table in {DOCS.relative_to(REPO)}"
    )
    args = parser.parse_args(argv)
    if not available(args.shared):
        print(f"Gedeelde data niet gevonden in {args.shared}", file=sys.stderr)
        return 2
    rows = evaluate(args.shared)
    if args.markdown:
        print(markdown(rows))
    else:
        print_table(rows)
    if args.update_docs:
        update_docs(rows)
        print(f"\n{DOCS.relative_to(REPO)} bijgewerkt.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
