"""Issue 21: CSV downloads open correctly in Dutch Excel."""

from __future__ import annotations

import io

import pandas as pd

from dashboard.csv_export import excel_csv


def test_bom_semicolons_decimal_comma_and_the_notice_as_a_column():
    frame = pd.DataFrame({"naam": ["Enschede", "Hengelo"], "per_1000": [1234.5, 0.25]})
    text = excel_csv(frame, "Alle registraties, 2026", {"naam": "Gebied", "per_1000": "Per 1.000"})
    assert text.startswith("\ufeffGebied;Per 1.000;Let op;Toelichting\n")
    assert "Enschede;1234,5;Alleen voor intern gebruik;Alle registraties, 2026\n" in text
    assert "Hengelo;0,25;Alleen voor intern gebruik;\n" in text
    assert not [line for line in text.splitlines() if line.lstrip("\ufeff").startswith("#")]
    # What Excel gets from a Dutch Windows, pandas gets with sep=";" and decimal=",".
    read = pd.read_csv(io.BytesIO(text.encode("utf-8")), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(read.columns) == ["Gebied", "Per 1.000", "Let op", "Toelichting"]
    assert read["Per 1.000"].tolist() == [1234.5, 0.25]


def test_a_text_with_a_semicolon_or_quote_stays_in_its_cell():
    frame = pd.DataFrame({"antwoord": ['een; twee "drie"'], "n": [3]})
    read = pd.read_csv(io.StringIO(excel_csv(frame).lstrip("\ufeff")), sep=";", decimal=",")
    assert read["antwoord"].tolist() == ['een; twee "drie"'] and read["n"].tolist() == [3]
