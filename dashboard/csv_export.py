"""CSV files as Dutch Excel opens them: UTF-8 with a byte order mark (else Excel reads the
accents as Latin-1), semicolons between fields and a decimal comma (the list and decimal
separators of a Dutch Windows), Dutch column names. The "intern gebruik" notice is a column of
every row and the file's explanation (selection, definitions) a column of the first row: a
`#` line above the header made Excel and pandas read the notice as the column names."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import INTERNAL_USE

BOM = "\ufeff"
SEPARATOR = ";"
DECIMAL = ","
NOTICE_COLUMN = "Let op"
EXPLANATION_COLUMN = "Toelichting"


def excel_csv(frame: pd.DataFrame, explanation: str = "", columns: dict | None = None) -> str:
    """The frame as CSV text for Dutch Excel. columns: the Dutch header of each column (in
    that order; columns not named are left out); without it the frame's own names."""
    out = frame[list(columns)].rename(columns=columns) if columns else frame.copy()
    out[NOTICE_COLUMN] = INTERNAL_USE
    out[EXPLANATION_COLUMN] = ""
    if len(out):
        out.iloc[0, out.columns.get_loc(EXPLANATION_COLUMN)] = explanation
    return BOM + out.to_csv(index=False, sep=SEPARATOR, decimal=DECIMAL, lineterminator="\n")
