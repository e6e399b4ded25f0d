"""`veiligheid extrapolatie BESTAND.csv` (issue 20): per series what the dashboard would show,
as text or JSON; bad input exits 2 with a Dutch message that names the row."""

from __future__ import annotations

import csv
import json
from collections import Counter

import numpy as np
import pytest

from dashboard.cli import main
from dashboard.measures.extrapolation import TOO_LITTLE, method_label

KEYS = {
    "reeks",
    "methode",
    "periodes",
    "pad",
    "onder",
    "boven",
    "dekking_gemeten",
    "n_backtest",
    "mae",
    "mase",
}


@pytest.fixture(autouse=True)
def no_database(tmp_path, monkeypatch):
    monkeypatch.setenv("VEILIGHEID_DATABASE_URL", f"sqlite:///{tmp_path / 'niet-gebruikt.db'}")


def write(path, rows, header=("reeks", "periode", "aantal")):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def monthly(name, counts, year=2021, month=1):
    rows = []
    for k, count in enumerate(counts):
        y, m = divmod(month - 1 + k, 12)
        rows.append((name, f"{year + y:04d}-{m + 1:02d}", count))
    return rows


def run_json(capsys, *args) -> list[dict]:
    assert main(["extrapolatie", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_keys_per_series_and_the_three_outcomes(tmp_path, capsys):
    rng = np.random.default_rng(1)
    rows = [
        *monthly("lang", rng.poisson(40, 48)),  # 48 months: measured on the series
        *monthly("kort", rng.poisson(40, 16), 2024, 1),  # alone: too little history
        *monthly("schaars", rng.poisson(1, 48)),  # too few registrations: none at all
    ]
    rows = [r for r in rows if not (r[0] == "lang" and r[1] == "2021-05")]  # a missing month
    out = run_json(capsys, str(write(tmp_path / "reeksen.csv", rows)), "--horizon", "6")
    assert [r["reeks"] for r in out] == ["lang", "kort", "schaars"]
    long, short, sparse = out
    assert set(long) >= KEYS and "reden" not in long
    assert long["periodes"] == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    assert len(long["pad"]) == len(long["onder"]) == len(long["boven"]) == 6
    assert all(
        lo <= p <= hi for lo, p, hi in zip(long["onder"], long["pad"], long["boven"], strict=True)
    )
    assert long["n_backtest"] >= 12 and 0 < long["dekking_gemeten"] <= 1
    assert long["mae"] > 0 and long["mase"] > 0
    assert set(short) >= KEYS and short["reden"] == TOO_LITTLE
    assert short["methode"] == method_label("gemiddelde12")
    assert short["onder"] is None and short["boven"] is None and short["mae"] is None
    assert short["dekking_gemeten"] is None and short["mase"] is None and len(short["pad"]) == 6
    assert sparse["pad"] == [] and sparse["methode"] is None
    assert "Te weinig registraties per maand" in sparse["reden"]


def test_a_missing_month_counts_as_zero(tmp_path, capsys):
    rows = monthly("a", [48] * 16)
    del rows[10]  # 2021-11: no row
    out = run_json(capsys, str(write(tmp_path / "gat.csv", rows)), "--horizon", "3")
    # 16 months alone: the baseline, the mean of the last 12, with the gap counted as 0.
    assert out[0]["periodes"] == ["2022-05", "2022-06", "2022-07"]
    assert out[0]["pad"] == [44.0, 44.0, 44.0]


def test_series_of_the_same_periods_pool_a_short_history(tmp_path, capsys):
    rng = np.random.default_rng(2)
    rows = [r for k in range(14) for r in monthly(f"gemeente {k}", rng.poisson(30, 20), 2024)]
    out = run_json(capsys, str(write(tmp_path / "regio.csv", rows)), "--horizon", "12")
    assert all(r["n_backtest"] >= 12 and r["onder"] is not None for r in out)
    assert len(Counter(r["methode"] for r in out)) == 1  # one choice for the group


def test_yearly_series_and_text_output(tmp_path, capsys):
    rows = [("misdrijven", str(2005 + k), 900 - 10 * k) for k in range(16)]
    assert main(["extrapolatie", str(write(tmp_path / "jaar.csv", rows)), "--horizon", "3"]) == 0
    text = capsys.readouterr().out
    assert "misdrijven:" in text and "methode:" in text and "2021" in text


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        ([("a", "2024-01", "3")], ("reeks", "maand", "aantal"), "rij 1: kolommen"),
        ([("a", "2024-01", "3"), ("a", "2024-02", "-1")], None, "rij 3: aantal '-1' is negatief"),
        ([("a", "2024-13", "3")], None, "rij 2: periode '2024-13' is geen maand"),
        ([("a", "jan 2024", "3")], None, "rij 2: periode 'jan 2024' is geen maand"),
        (
            [("a", "2024-01", "3"), ("b", "2024-01", "3"), ("a", "2024-01", "4")],
            None,
            "rij 4: reeks 'a' periode '2024-01' staat ook in rij 2",
        ),
        ([("a", "2024-01", "drie")], None, "rij 2: aantal 'drie' is geen getal"),
        ([("a", "2024-01", "3"), ("a", "2024", "3")], None, "rij 3: reeks 'a' heeft hier een jaar"),
    ],
)
def test_bad_input_exits_2_and_names_the_row(tmp_path, capsys, rows, header, message):
    path = write(tmp_path / "fout.csv", rows, header or ("reeks", "periode", "aantal"))
    assert main(["extrapolatie", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["extrapolatie", str(tmp_path / "weg.csv")]) == 2
    assert "kan het bestand niet openen" in capsys.readouterr().err


def test_a_dutch_excel_csv_and_an_xlsx_read_like_every_delivery(tmp_path, capsys):
    """Excel in a Dutch locale writes ; between fields and a decimal comma; an analyst may also
    hand in the workbook itself. Both give what the comma CSV gives."""
    from openpyxl import Workbook

    rows = monthly("inbraak", [40 + (k % 12) for k in range(36)])
    plain = run_json(capsys, str(write(tmp_path / "komma.csv", rows)))
    dutch = tmp_path / "puntkomma.csv"
    dutch.write_text(
        "reeks;periode;aantal\n" + "".join(f"{r};{p};{c},0\n" for r, p, c in rows),
        encoding="cp1252",
    )
    assert run_json(capsys, str(dutch)) == plain
    book = Workbook()
    book.active.append(["reeks", "periode", "aantal"])
    for r, p, c in rows:
        book.active.append([r, p, c])
    book.save(tmp_path / "reeksen.xlsx")
    assert run_json(capsys, str(tmp_path / "reeksen.xlsx")) == plain


def test_a_refusal_names_the_file(tmp_path, capsys):
    path = write(tmp_path / "mijn-reeksen.csv", [("a", "2024-01", "-2")])
    assert main(["extrapolatie", str(path)]) == 2
    assert "mijn-reeksen.csv: rij 2: aantal '-2' is negatief" in capsys.readouterr().err
