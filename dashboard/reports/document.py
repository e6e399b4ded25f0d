"""The report as data: a title block plus an ordered list of blocks, whatever the output format.

Renderers (`render_pdf`, `render_xlsx`) turn the same `Report` into a file; nothing here touches the
database or the clock, so a report is fully determined by what the caller passes in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from dashboard.formatting import INTERNAL_USE, local_time, nl_date

ColumnKind = Literal["integer", "decimal", "percent_change", "text", "date"]
NUMERIC_KINDS: frozenset[str] = frozenset({"integer", "decimal", "percent_change"})


@dataclass(frozen=True)
class Column:
    """How one DataFrame column is shown.

    `kind` decides the Dutch text in the PDF and the cell type in Excel; `percent_change` expects
    percentage points (-5.3 means "−5,3%").
    """

    name: str
    label: str | None = None
    kind: ColumnKind = "text"
    decimals: int = 1

    @property
    def header(self) -> str:
        return self.label if self.label is not None else self.name

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass(frozen=True)
class Heading:
    text: str
    level: Literal[1, 2] = 1


@dataclass(frozen=True)
class Paragraph:
    """Plain text (no markup); a blank line starts a new paragraph."""

    text: str


@dataclass(frozen=True, eq=False)
class Table:
    """A titled table. Without `columns`, every DataFrame column is shown, kind from its dtype.

    `total_row` sets the last row apart (bold, rule above), for a "Totaal" line.
    """

    title: str
    data: pd.DataFrame
    columns: Sequence[Column] = ()
    note: str = ""
    total_row: bool = False

    def resolved_columns(self) -> tuple[Column, ...]:
        if self.columns:
            missing = [c.name for c in self.columns if c.name not in self.data.columns]
            if missing:
                raise ValueError(f"Tabel {self.title!r}: kolommen ontbreken in de data: {missing}")
            return tuple(self.columns)
        return tuple(_infer_column(str(name), self.data[name]) for name in self.data.columns)


@dataclass(frozen=True)
class Chart:
    """A static chart (PNG bytes, e.g. from `dashboard.reports.charts`) and its interpretation.

    `width_cm=None` keeps the chart at its own printed size (from the PNG's DPI), capped at the
    text width, so chart fonts stay the size they were drawn at.
    """

    png: bytes
    title: str = ""
    note: str = ""
    width_cm: float | None = None


@dataclass(frozen=True)
class Note:
    """A caveat the reader must see (what is counted, known gaps); also listed under Toelichting."""

    text: str
    title: str = "Let op"


@dataclass(frozen=True)
class PageBreak:
    """Starts a new page in the PDF; ignored by the spreadsheet."""


Block = Heading | Paragraph | Table | Chart | Note | PageBreak


@dataclass(frozen=True)
class Report:
    """A report: the title block fields, then the blocks in reading order.

    `generated_at` is also the creation date in the file metadata: two renders of one `Report` give
    identical bytes.
    """

    title: str
    subtitle: str
    data_until: dt.date
    generated_at: dt.datetime
    blocks: Sequence[Block] = field(default_factory=tuple)
    author: str = "Dashboard Veiligheid"

    def title_lines(self) -> tuple[str, ...]:
        """The lines under the title, shared by every renderer."""
        # generated_at is a UTC moment, as stored; the reader's clock is Dutch.
        local = local_time(self.generated_at)
        generated = f"{nl_date(local.date())} om {local:%H:%M}"
        return (
            f"Gegevens t/m {nl_date(self.data_until)}",
            f"Gegenereerd op {generated}",
            INTERNAL_USE,
        )

    def tables(self) -> tuple[Table, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Table))

    def notes(self) -> tuple[Note, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Note))


def _infer_column(name: str, series: pd.Series) -> Column:
    if pd.api.types.is_bool_dtype(series):
        return Column(name, kind="text")
    if pd.api.types.is_integer_dtype(series):
        return Column(name, kind="integer")
    if pd.api.types.is_float_dtype(series):
        return Column(name, kind="decimal", decimals=1)
    if pd.api.types.is_datetime64_any_dtype(series):
        return Column(name, kind="date")
    non_null = series.dropna()
    if len(non_null) and all(isinstance(v, dt.date) for v in non_null):
        return Column(name, kind="date")
    return Column(name, kind="text")
