"""Reading back a CSV download as Dutch Excel would (tests' helper)."""

from __future__ import annotations

import base64
import io

import pandas as pd

from dashboard.csv_export import BOM, EXPLANATION_COLUMN, NOTICE_COLUMN


def content_of(download) -> str:
    """The text of a dcc.Download payload, a Flask response body or a string."""
    if isinstance(download, dict):
        content = download["content"]
        return base64.b64decode(content).decode("utf-8") if download.get("base64") else content
    if isinstance(download, bytes):
        return download.decode("utf-8")
    return download


def read_export(download, **read_csv) -> tuple[str, pd.DataFrame]:
    """The file's explanation and its table (without the notice columns). Checks what Dutch
    Excel needs: a byte order mark, semicolons, the notice on every row, and that pandas
    parses it with sep=';' and decimal=','."""
    text = content_of(download)
    assert text.startswith(BOM), "geen byte order mark: Excel leest UTF-8 dan als Latin-1"
    frame = pd.read_csv(io.StringIO(text[len(BOM) :]), sep=";", decimal=",", **read_csv)
    assert list(frame.columns[-2:]) == [NOTICE_COLUMN, EXPLANATION_COLUMN]
    assert (frame[NOTICE_COLUMN] == "Alleen voor intern gebruik").all()
    explanation = str(frame[EXPLANATION_COLUMN].iloc[0]) if len(frame) else ""
    return explanation, frame.drop(columns=[NOTICE_COLUMN, EXPLANATION_COLUMN])
