"""Evaluation of the extrapolation (`dashboard.analysis.extrapolation`, the code path of the
dashboard card, the periodic report and `veiligheid extrapolatie`) on real data, at rolling
cut-offs: at each cut-off the data after it are unseen, the extrapolation is made from the data
up to it, and each later period it reaches is scored.

Data (read by path from the shared folder, never copied):
- monthly residential burglary per gemeente and for Twente (the sum of the gemeenten), counted
  from the single incidents of politie.nl "Misdaad in Kaart" (burglaries and attempts
  together); the partial first month is dropped, months without incidents count as 0; cut at
  every month from 2024-06 on, horizon 12 (steps beyond the data are not scored); the gemeenten
  are one group (same region and level) that may pool its back-test, Twente is its own;
- yearly registered crime per gemeente 2010-2020 (CBS 83648NED, "Misdrijven, totaal", rounded
  to 5 by CBS); cut at every year from 2014 on, horizon 3; the gemeenten are one group.

Measures per horizon step, pooled over series and cut-offs:
- MAE: the mean absolute error in counts of the path shown and of each simple baseline
  (seasonal naive, last value, mean of the last 12 periods) on the same points;
- MASE (Hyndman & Koehler 2006): each absolute error divided by the series' in-sample one-step
  MAE of the last value on the data up to the cut-off, then averaged (series whose scale is 0
  are left out);
- coverage: the share of scored points inside the 80% band, over the points that got a band
  (a band is drawn only where the back-test measured it).

Run: `python -m benchmarks.extrapolation_eval [--shared DIR] [--markdown] [--update-docs]`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dashboard.analysis import extrapolation as ex
from dashboard.analysis.periods import month_end

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DOCS = REPO / "docs" / "extrapolation.md"
START_MARKER, END_MARKER = "<!-- eval:start -->", "<!-- eval:end -->"

BURGLARY_FILE = Path("politie/misdaad_in_kaart_woninginbraak_pc4_twente.csv")
BURGLARY_KINDS = ("Woninginbraak", "Poging tot woninginbraak")
CRIME_FILE = Path("politie/misdrijven_gemeente_2010_2020_twente.csv")
CRIME_KIND = "Misdrijven, totaal"
FIRST_MONTHLY_CUT = "2024-06"
FIRST_YEARLY_CUT = "2014"
MONTHLY_HORIZON = 12
YEARLY_HORIZON = 3
LEVEL = 0.8
TWENTE = "Twente"

SHOWN, SNAIVE, NAIVE, MEAN12 = "getoond", "seizoensnaïef", "laatste waarde", "gemiddelde 12"
BASELINES = (SNAIVE, NAIVE, MEAN12)


@dataclass(frozen=True)
class Series:
    """Counts per area (rows) and period (columns, oldest first)."""

    name: str
    codes: list[str]
    periods: list[str]  # "2023-05" for months, "2010" for years
    counts: np.ndarray
    season: int
    phase: int  # season position of the first column
    groups: np.ndarray  # rows that may pool their back-test (same region and level)
    first_cut: str
    horizon: int
    notes: tuple[str, ...]
    # A group too short to measure pools with the group it borrows from (as the card pools the
    # region total with its gemeenten).
    borrow: dict = field(default_factory=dict)


# --- data ---------------------------------------------------------------------------------------


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month_range(first: dt.date, last: dt.date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


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
    if last != month_end(last.year, last.month):
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
        codes=[*codes, TWENTE],
        periods=months,
        counts=np.vstack([counts, counts.sum(axis=0)]),
        season=12,
        phase=first_month - 1,
        groups=np.array([0] * len(codes) + [1]),
        borrow={1: 0},
        first_cut=FIRST_MONTHLY_CUT,
        horizon=MONTHLY_HORIZON,
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
        groups=np.zeros(len(codes), dtype=int),
        first_cut=FIRST_YEARLY_CUT,
        horizon=YEARLY_HORIZON,
        notes=(
            f"geregistreerde misdrijven, '{CRIME_KIND}' (CBS rondt af op 5)",
            "per jaar is seizoensnaïef gelijk aan de laatste waarde",
        ),
    )


# --- scoring ------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Sums over scored points: absolute and scaled errors per path, band hits."""

    points: int = 0
    abs_error: dict[str, float] = field(default_factory=lambda: Counter())
    scaled: dict[str, float] = field(default_factory=lambda: Counter())
    scaled_points: int = 0
    banded: int = 0
    inside: int = 0

    def add(self, actual, paths: dict, scale, lower, upper) -> None:
        self.points += actual.size
        usable = np.isfinite(scale) & (scale > 0)
        self.scaled_points += int(usable.sum())
        for name, path in paths.items():
            error = np.abs(actual - path)
            self.abs_error[name] += float(error.sum())
            self.scaled[name] += float((error[usable] / scale[usable]).sum())
        band = np.isfinite(lower) & np.isfinite(upper)
        self.banded += int(band.sum())
        self.inside += int(((actual >= lower) & (actual <= upper) & band).sum())

    def mae(self, name: str) -> float:
        return self.abs_error[name] / self.points if self.points else float("nan")

    def mase(self, name: str) -> float:
        return self.scaled[name] / self.scaled_points if self.scaled_points else float("nan")

    @property
    def coverage(self) -> float:
        return self.inside / self.banded if self.banded else float("nan")


def baselines(train: np.ndarray, horizon: int, season: int) -> dict[str, np.ndarray]:
    """The simple baselines from the end of the training data (NaN where one is not defined)."""
    n, length = train.shape
    out = {NAIVE: np.repeat(train[:, -1:], horizon, axis=1)}
    if season > 1:
        steps = np.arange(horizon) % season
        out[SNAIVE] = (
            train[:, length - season + steps] if length >= season else np.full((n, horizon), np.nan)
        )
    out[MEAN12] = (
        np.repeat(train[:, -12:].mean(axis=1, keepdims=True), horizon, axis=1)
        if length >= 12
        else np.full((n, horizon), np.nan)
    )
    return out


def evaluate_series(series: Series) -> dict:
    """Roll the cut-off through the data; score every step that the data reach."""
    subsets = {
        "alle reeksen": np.ones(len(series.codes), dtype=bool),
        "gemeenten": np.array([c != TWENTE for c in series.codes]),
    }
    if TWENTE in series.codes:
        subsets[TWENTE] = np.array([c == TWENTE for c in series.codes])
    first = series.periods.index(series.first_cut)
    steps = {h: Tally() for h in range(1, series.horizon + 1)}
    by_subset = {name: Tally() for name in subsets}
    dense = None
    methods: Counter = Counter()
    measured: Counter = Counter()
    cuts = []
    for cut in range(first, len(series.periods) - 1):
        train = series.counts[:, : cut + 1]
        result = ex.extrapolate(
            train,
            series.horizon,
            season=series.season,
            phase=series.phase,
            level=LEVEL,
            groups=series.groups,
            borrow=series.borrow,
        )
        if dense is None:  # the gemeenten the dashboard extrapolates, fixed at the first cut
            dense = (~result.sparse) & subsets["gemeenten"]
            subsets["gemeenten niet schaars"] = dense
            by_subset["gemeenten niet schaars"] = Tally()
        reach = min(series.horizon, len(series.periods) - 1 - cut)
        actual = series.counts[:, cut + 1 : cut + 1 + reach]
        paths = {SHOWN: result.forecast[:, :reach]}
        paths.update({k: v[:, :reach] for k, v in baselines(train, reach, series.season).items()})
        scale = ex.naive_scale(train)
        cuts.append(series.periods[cut])
        methods.update(result.method)
        measured.update(result.measured_on)
        for h in range(reach):
            steps[h + 1].add(
                actual[:, h],
                {k: v[:, h] for k, v in paths.items()},
                scale,
                result.lower[:, h],
                result.upper[:, h],
            )
        for name, rows in subsets.items():
            by_subset[name].add(
                actual[rows],
                {k: v[rows] for k, v in paths.items()},
                np.repeat(scale[rows, None], reach, axis=1),
                result.lower[rows, :reach],
                result.upper[rows, :reach],
            )
    names = [SHOWN, *(b for b in BASELINES if b in paths)]
    return {
        "dataset": series.name,
        "names": names,
        "steps": steps,
        "subsets": by_subset,
        "n_dense": int(dense.sum()),
        "cuts": cuts,
        "methods": methods,
        "measured": measured,
        "notes": series.notes,
        "n_series": len(series.codes),
    }


def evaluate(shared_dir: Path) -> list[dict]:
    return [
        evaluate_series(monthly_burglary(shared_dir)),
        evaluate_series(yearly_crime(shared_dir)),
    ]


# --- output -------------------------------------------------------------------------------------


def _number(value: float, decimals: int = 2) -> str:
    return "-" if not np.isfinite(value) else f"{value:.{decimals}f}"


def _row(label: str, tally: Tally, names: list[str]) -> tuple[str, ...]:
    coverage = (
        "geen band" if not tally.banded else f"{tally.coverage:.0%} ({tally.inside}/{tally.banded})"
    )
    return (
        label,
        str(tally.points),
        *(_number(tally.mae(n)) for n in names),
        *(_number(tally.mase(n)) for n in names),
        coverage,
    )


def _header(first: str, names: list[str]) -> tuple[str, ...]:
    return (
        first,
        "punten",
        *(f"MAE {n}" for n in names),
        *(f"MASE {n}" for n in names),
        "dekking 80%-band",
    )


def worse_than_baseline(tally: Tally, names: list[str]) -> list[str]:
    """The baselines whose MASE on these points is lower than the path shown."""
    shown = tally.mase(SHOWN)
    return [n for n in names[1:] if tally.mase(n) < shown]


def tables(rows: list[dict]) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    out = []
    for result in rows:
        names = result["names"]
        cells = [_row(f"{h}", tally, names) for h, tally in result["steps"].items() if tally.points]
        cells.append(_row("alle stappen", _all(result["steps"]), names))
        out.append((f"{result['dataset']}, per stap vooruit", _header("stap", names), cells))
        subset_cells = [
            _row(_subset_label(name, result), tally, names)
            for name, tally in result["subsets"].items()
        ]
        out.append((f"{result['dataset']}, per deel", _header("reeksen", names), subset_cells))
    return out


def _all(steps: dict[int, Tally]) -> Tally:
    total = Tally()
    for tally in steps.values():
        total.points += tally.points
        total.scaled_points += tally.scaled_points
        total.banded += tally.banded
        total.inside += tally.inside
        total.abs_error.update(tally.abs_error)
        total.scaled.update(tally.scaled)
    return total


def _subset_label(name: str, result: dict) -> str:
    if name == "gemeenten niet schaars":
        return f"{name} ({result['n_dense']}, gem. >= {ex.SPARSE_MEAN:g})"
    return name


def _notes(rows: list[dict]) -> list[str]:
    lines = [
        "MAE in aantallen per reeks en periode; MASE = absolute fout / in-sample 1-staps-MAE van "
        "de laatste waarde tot de afkapdatum, gemiddeld; dekking over de punten met een band",
    ]
    for result in rows:
        name = result["dataset"]
        cuts = result["cuts"]
        methods = ", ".join(f"{m} {k}" for m, k in sorted(result["methods"].items()))
        measured = ", ".join(
            f"{ {'reeks': 'eigen reeks', 'groep': 'gepoold', '': 'te weinig historie'}[m] } {k}"
            for m, k in sorted(result["measured"].items())
        )
        lines.append(
            f"{name}: {len(cuts)} afkapdata {cuts[0]} t/m {cuts[-1]}, {result['n_series']} "
            f"reeksen; getoonde methode (reeks x afkapdatum): {methods}; gemeten op: {measured}"
        )
        total = _all(result["steps"])
        worse = worse_than_baseline(total, result["names"])
        if worse:
            lines.append(
                f"{name}: over alle stappen slechter dan {', '.join(worse)} (MASE "
                f"{total.mase(SHOWN):.2f} tegen "
                f"{', '.join(f'{total.mase(w):.2f}' for w in worse)})"
            )
        else:
            lines.append(
                f"{name}: over alle stappen niet slechter dan elke eenvoudige basislijn (MASE "
                f"{total.mase(SHOWN):.2f})"
            )
        for h, tally in result["steps"].items():
            worse = worse_than_baseline(tally, result["names"])
            if tally.points and worse:
                lines.append(f"{name}, stap {h}: slechter dan {', '.join(worse)}")
        for label, tally in result["subsets"].items():
            worse = worse_than_baseline(tally, result["names"])
            if worse:
                lines.append(f"{name}, {label}: slechter dan {', '.join(worse)}")
        lines.extend(f"{name}: {note}" for note in result["notes"])
    return lines


def print_table(rows: list[dict]) -> None:
    for title, header, cells in tables(rows):
        widths = [max(len(c[k]) for c in [header, *cells]) for k in range(len(header))]
        print(f"\n{title}")
        for cell in [header, *cells]:
            print("  ".join(c.rjust(w) for c, w in zip(cell, widths, strict=True)).rstrip())
    for note in _notes(rows):
        print(f"- {note}")


def markdown(rows: list[dict]) -> str:
    """The tables and their notes as Markdown: what docs/extrapolation.md holds between the
    markers (a test compares the two)."""
    out = []
    for title, header, cells in tables(rows):
        out.append(f"**{title}**")
        out.append("")
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join("---" if k == 0 else "---:" for k in range(len(header))) + "|")
        out.extend("| " + " | ".join(cell) + " |" for cell in cells)
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
    print("\nExtrapolatie op echte data (afkapdata, zie docs/extrapolation.md):")
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
