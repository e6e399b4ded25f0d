"""The report toolkit: PDF and XLSX renderers, chart builders, Dutch cell formats, determinism."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.reports import (
    INTERNAL_USE,
    Chart,
    Column,
    Heading,
    Note,
    PageBreak,
    Paragraph,
    Report,
    Table,
    render_pdf,
    render_xlsx,
)
from dashboard.reports.charts import (
    DPI,
    Band,
    DutchFormatter,
    Series,
    bar_chart,
    grouped_bar_chart,
    line_chart,
)
from dashboard.reports.fonts import register_fonts
from dashboard.reports.formats import cell_text, excel_number_format, excel_value
from dashboard.reports.maps import choropleth
from dashboard.reports.xlsx import sheet_names

REPO = Path(__file__).resolve().parents[2]
GENERATED = dt.datetime(2026, 7, 1, 9, 30)
MONTHS = [dt.date(2025 + (m // 12), m % 12 + 1, 1) for m in range(18)]
LONG_ROWS = 150
LONG_HEADERS = ("Naam van de buurt", "Registratiedatum", "Aantal meldingen")


def sample_chart() -> bytes:
    values = [100 + 7 * (m % 5) for m in range(len(MONTHS))]
    future = [dt.date(2026, 7 + m, 1) for m in range(6)]
    centre = [130 + m for m in range(6)]
    return line_chart(
        [Series("Enschede", MONTHS, values), Series("Twente", MONTHS, [90] * len(MONTHS))],
        band=Band(
            future,
            centre,
            [c - 10 for c in centre],
            [c + 10 for c in centre],
            label="Extrapolatie (geen voorspelling)",
            interval_label="80%-interval",
        ),
        y_label="Incidenten",
    )


def sample_report(generated_at: dt.datetime = GENERATED) -> Report:
    summary = pd.DataFrame(
        {
            "categorie": ["Vermogensdelicten", "Gewelddelicten", "Verkeer", "Totaal"],
            "aantal": [1234, 567, 89, 1890],
            "per_1000": [7.25, 3.5, 0.5, 11.25],
            "verschil": [-5.3, 12.0, float("nan"), -1.0],
            "sinds": [dt.date(2024, 1, 1)] * 4,
        }
    )
    buurten = pd.DataFrame(
        {
            "buurt": [f"Buurt {n:03d} Oële ≤ rand" for n in range(LONG_ROWS)],
            "datum": pd.date_range("2026-01-01", periods=LONG_ROWS, freq="D"),
            "aantal": [1000 + n for n in range(LONG_ROWS)],
        }
    )
    return Report(
        title="Voortgangsrapportage DVO",
        subtitle="Gemeente Enschede · 1e halfjaar 2026",
        data_until=dt.date(2026, 6, 30),
        generated_at=generated_at,
        blocks=[
            Heading("Samenvatting"),
            Paragraph("Cijfers < 10 & <b>markup</b> blijven tekst.\n\nTweede alinea."),
            Table(
                "Incidenten per hoofdcategorie",
                summary,
                [
                    Column("categorie", "Hoofdcategorie"),
                    Column("aantal", "Aantal", "integer"),
                    Column("per_1000", "Per 1.000 inwoners", "decimal", decimals=2),
                    Column("verschil", "Verschil", "percent_change"),
                    Column("sinds", "Sinds", "date"),
                ],
                note="Bron: politie (BVH).",
                total_row=True,
            ),
            Note("Registraties, geen volledig beeld van de criminaliteit."),
            Chart(sample_chart(), "Incidenten per maand", "Stippellijn: extrapolatie."),
            PageBreak(),
            Table(
                "Incidenten per buurt: bijlage [volledig] met een heel lange titel",
                buurten,
                [
                    Column("buurt", LONG_HEADERS[0]),
                    Column("datum", LONG_HEADERS[1], "date"),
                    Column("aantal", LONG_HEADERS[2], "integer"),
                ],
            ),
        ],
    )


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def pdf(report: Report) -> bytes:
    return render_pdf(report)


@pytest.fixture(scope="module")
def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def workbook(report: Report) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))


# --- PDF ---------------------------------------------------------------------------------------


def test_pdf_title_block_and_dutch_table_values(pages: list[str]) -> None:
    first = pages[0]
    assert "Voortgangsrapportage DVO" in first
    assert "Gemeente Enschede · 1e halfjaar 2026" in first
    assert "Gegevens t/m 30-06-2026" in first
    # generated_at is 09:30 UTC: 11:30 Dutch summer time.
    assert "Gegenereerd op 01-07-2026 om 11:30" in first
    for text in ("1.234", "−5,3%", "+12,0%", "n.v.t.", "7,25", "01-01-2024", "1.890"):
        assert text in first, text
    assert "1234" not in first and "-5.3" not in first


def test_pdf_footer_on_every_page(pages: list[str]) -> None:
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert INTERNAL_USE in text
        assert f"Pagina {number} van {len(pages)}" in text


def test_pdf_text_is_escaped_and_unicode_survives(pages: list[str]) -> None:
    text = "\n".join(pages)
    assert "Cijfers < 10 & <b>markup</b> blijven tekst." in text
    assert "Buurt 000 Oële ≤ rand" in text
    assert "Let op: Registraties" in text


def test_pdf_long_table_repeats_header_on_each_page(pages: list[str]) -> None:
    first_row, last_row = "Buurt 000 Oële", f"Buurt {LONG_ROWS - 1:03d} Oële"
    start = next(i for i, text in enumerate(pages) if first_row in text)
    end = next(i for i, text in enumerate(pages) if last_row in text)
    assert end > start, "the long table should span pages"
    for text in pages[start : end + 1]:
        words = " ".join(text.split())  # a header may wrap between its words
        for header in LONG_HEADERS:
            assert header in words


def test_pdf_embeds_fonts_chart_and_metadata(pdf: bytes, report: Report) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any("DejaVuSans-Bold" in name for name in fonts)
    assert any(name.endswith("DejaVuSans") for name in fonts)
    assert sum(len(page.images) for page in reader.pages) == 1
    assert reader.metadata.title == report.title
    assert reader.metadata["/CreationDate"] == "D:20260701093000"
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait


def test_pdf_is_byte_identical_and_dated_by_the_report(pdf: bytes, report: Report) -> None:
    assert render_pdf(report) == pdf
    later = render_pdf(dataclasses.replace(report, generated_at=GENERATED + dt.timedelta(days=1)))
    assert later != pdf
    aware = dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    reader = PdfReader(io.BytesIO(render_pdf(sample_report(aware))))
    assert reader.metadata["/CreationDate"] == "D:20260701093000+02'00'"


def test_pdf_empty_table_says_so() -> None:
    empty = Report(
        "Leeg",
        "",
        dt.date(2026, 1, 1),
        GENERATED,
        [Table("Niets", pd.DataFrame({"a": pd.Series([], dtype=int)}))],
    )
    text = PdfReader(io.BytesIO(render_pdf(empty))).pages[0].extract_text()
    assert "Geen gegevens voor deze selectie." in text
    assert INTERNAL_USE in text


def test_fonts_register_idempotently() -> None:
    assert register_fonts() == register_fonts() == "DejaVuSans"


# --- XLSX --------------------------------------------------------------------------------------


def test_xlsx_sheets(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == [
        "Toelichting",
        "Incidenten per hoofdcategorie",
        "Incidenten per buurt - bijlage",
    ]
    assert all(len(name) <= 31 for name in workbook.sheetnames)


def test_xlsx_typed_cells_and_frozen_bold_header(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Incidenten per hoofdcategorie"]
    assert [cell.value for cell in sheet[1]] == [
        "Hoofdcategorie",
        "Aantal",
        "Per 1.000 inwoners",
        "Verschil",
        "Sinds",
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    count, rate, change, since = sheet["B2"], sheet["C2"], sheet["D2"], sheet["E2"]
    assert count.value == 1234 and count.data_type == "n" and count.number_format == "#,##0"
    assert rate.value == pytest.approx(7.25) and rate.number_format == "#,##0.00"
    assert change.value == pytest.approx(-0.053) and "%" in change.number_format
    assert sheet["D4"].value is None  # NaN becomes an empty cell, not the text "nan"
    assert isinstance(since.value, dt.datetime) and since.number_format == "dd-mm-yyyy"
    assert since.value.date() == dt.date(2024, 1, 1)
    assert sheet["A5"].font.bold  # the total row
    long_sheet = workbook.worksheets[2]
    assert long_sheet.max_row == LONG_ROWS + 1
    assert long_sheet.freeze_panes == "A2"
    assert long_sheet["A1"].font.bold
    assert long_sheet.column_dimensions["A"].width > long_sheet.column_dimensions["C"].width


def test_xlsx_toelichting_has_title_block_and_notes(workbook: openpyxl.Workbook) -> None:
    texts = [cell.value for cell in workbook["Toelichting"]["A"] if cell.value]
    assert texts[:5] == [
        "Voortgangsrapportage DVO",
        "Gemeente Enschede · 1e halfjaar 2026",
        "Gegevens t/m 30-06-2026",
        "Gegenereerd op 01-07-2026 om 11:30",  # 09:30 UTC in summer time
        INTERNAL_USE,
    ]
    assert "Let op: Registraties, geen volledig beeld van de criminaliteit." in texts
    assert "Incidenten per hoofdcategorie: Bron: politie (BVH)." in texts
    # A shortened sheet name is listed with the full table title.
    full_title = ": Incidenten per buurt: bijlage [volledig] met een heel lange titel"
    assert any(text.endswith(full_title) for text in texts)


def test_xlsx_stores_text_that_looks_like_a_formula_as_text() -> None:
    """Area names and labels come from files: Excel must not run `=HYPERLINK(...)` (issue 18)."""
    link = '=HYPERLINK("https://evil.example/login","Enschede")'
    frame = pd.DataFrame({"gebied": [link, "Hengelo"], "aantal": [3, 4]})
    report = Report(
        title="=1+1",
        subtitle="Gemeente Enschede",
        data_until=dt.date(2026, 6, 30),
        generated_at=GENERATED,
        blocks=[
            Table(
                "Buurten",
                frame,
                [Column("gebied", "=Gebied"), Column("aantal", "Aantal", "integer")],
            )
        ],
    )
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    cells = [book["Buurten"]["A2"], book["Buurten"]["A1"], book["Toelichting"]["A1"]]
    assert [(c.value, c.data_type) for c in cells] == [
        (link, "s"),
        ("=Gebied", "s"),
        ("=1+1", "s"),
    ]
    assert book["Buurten"]["B2"].data_type == "n"


def test_xlsx_is_byte_identical_with_properties_from_report(report: Report) -> None:
    data = render_xlsx(report)
    assert render_xlsx(report) == data
    assert render_xlsx(dataclasses.replace(report, generated_at=GENERATED.replace(hour=10))) != data
    properties = openpyxl.load_workbook(io.BytesIO(data)).properties
    assert properties.created == GENERATED and properties.modified == GENERATED
    assert properties.title == report.title


def test_sheet_names_are_valid_unique_and_short() -> None:
    names = sheet_names(
        ["Per gemeente", "per gemeente", "a/b:c*d?[e]\\f", "", "x" * 40, "x" * 40, "History"],
        reserved=("Toelichting",),
    )
    assert names[0] == "Per gemeente"
    assert names[1] == "per gemeente (2)"
    assert names[2] == "a-b -cd(e)-f"
    assert names[3] == "Tabel 4"
    assert names[4] == "x" * 31 and names[5] == "x" * 27 + " (2)"
    assert names[6] == "History (2)"
    assert sheet_names(["Toelichting"], reserved=("Toelichting",)) == ["Toelichting (2)"]


# --- cell formats ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "text"),
    [
        (Column("a", kind="integer"), 1234567, "1.234.567"),
        (Column("a", kind="integer"), -1234, "−1.234"),
        (Column("a", kind="integer"), None, "-"),
        (Column("a", kind="decimal", decimals=2), 1234.5, "1.234,50"),
        (Column("a", kind="decimal", decimals=1), -0.04, "0,0"),
        (Column("a", kind="percent_change"), -5.3, "−5,3%"),
        (Column("a", kind="percent_change"), 0.0, "±0,0%"),
        (Column("a", kind="percent_change"), float("inf"), "n.v.t."),
        (Column("a", kind="percent_change"), float("nan"), "n.v.t."),
        (Column("a", kind="date"), pd.Timestamp("2026-03-05"), "05-03-2026"),
        (Column("a", kind="date"), pd.NaT, "-"),
        (Column("a"), None, ""),
        (Column("a"), "GM0153", "GM0153"),
    ],
)
def test_cell_text(column: Column, value: object, text: str) -> None:
    assert cell_text(column, value) == text


def test_excel_values_keep_types() -> None:
    assert excel_value(Column("a", kind="integer"), 12.0) == 12
    assert isinstance(excel_value(Column("a", kind="integer"), 12.0), int)
    assert excel_value(Column("a", kind="percent_change"), 12.5) == 0.125
    assert excel_value(Column("a", kind="decimal"), float("inf")) is None
    assert excel_value(Column("a", kind="date"), pd.Timestamp("2026-03-05 13:00")) == dt.date(
        2026, 3, 5
    )
    assert excel_value(Column("a"), 153) == "153"
    assert excel_number_format(Column("a", kind="decimal", decimals=0)) == "#,##0"


def test_columns_are_inferred_and_checked() -> None:
    frame = pd.DataFrame({"n": [1], "x": [1.5], "d": pd.to_datetime(["2026-01-01"]), "t": ["a"]})
    kinds = [c.kind for c in Table("T", frame).resolved_columns()]
    assert kinds == ["integer", "decimal", "date", "text"]
    with pytest.raises(ValueError, match="ontbreken"):
        Table("T", frame, [Column("bestaat_niet")]).resolved_columns()


# --- charts ------------------------------------------------------------------------------------


def _png_info(png: bytes) -> dict:
    with Image.open(io.BytesIO(png)) as image:
        return {"format": image.format, "size": image.size, **image.info}


def test_charts_are_deterministic_png_at_fixed_dpi() -> None:
    charts = [
        sample_chart(),
        bar_chart(["Almelo", "Borne"], [1234, 56]),
        bar_chart(["Almelo", "Borne"], [1234, 56], horizontal=True),
        grouped_bar_chart(["A", "B", "C"], {"2024": [1, 2, 3], "2025": [3, 2, 1]}),
    ]
    assert charts[0] == sample_chart()
    assert bar_chart(["Almelo", "Borne"], [1234, 56]) == charts[1]
    assert len(set(charts)) == len(charts)
    for png in charts:
        info = _png_info(png)
        assert info["format"] == "PNG"
        assert round(info["dpi"][0]) == DPI
        assert "Software" not in info  # no matplotlib version in the file
        assert b"matplotlib" not in png.lower()
    width_cm = _png_info(charts[0])["size"][0] / DPI * 2.54
    assert width_cm == pytest.approx(17.0, abs=0.05)


def test_charts_reject_mismatched_input() -> None:
    with pytest.raises(ValueError):
        line_chart([])
    with pytest.raises(ValueError):
        line_chart([Series("x", MONTHS, [1, 2])])
    with pytest.raises(ValueError):
        line_chart(
            [Series("x", MONTHS[:2], [1, 2])], band=Band(MONTHS[:2], [1, 2], [1], [2], "", "")
        )
    with pytest.raises(ValueError):
        grouped_bar_chart(["A", "B"], {"2024": [1]})


def test_dutch_axis_formatter() -> None:
    formatter = DutchFormatter()
    formatter.set_locs([0, 1000, 2000, 3000])
    assert [formatter(v) for v in (0, 1000, 2500.0)] == ["0", "1.000", "2.500"]
    formatter.set_locs([0, 0.5, 1.0])
    assert formatter(0.5) == "0,5"
    formatter.set_locs([-20, -10, 0])
    assert formatter(-10) == "−10"
    assert DutchFormatter(decimals=2)(1234.5) == "1.234,50"


# --- determinism across processes ----------------------------------------------------------------


def test_same_bytes_in_a_fresh_process_with_other_hash_seed(pdf: bytes, report: Report) -> None:
    script = (
        "import hashlib, sys\n"
        "from tests.unit.test_report_toolkit import sample_chart, sample_report\n"
        "from dashboard.reports import render_pdf, render_xlsx\n"
        "report = sample_report()\n"
        "for data in (render_pdf(report), render_xlsx(report), sample_chart()):\n"
        "    print(hashlib.sha256(data).hexdigest())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        capture_output=True,
        text=True,
        check=True,
    )
    expected = [
        hashlib.sha256(data).hexdigest() for data in (pdf, render_xlsx(report), sample_chart())
    ]
    assert result.stdout.split() == expected


MATH_TEXT = r"Kosten $\nietbestaand{x}$ totaal"
SQUARE = {"type": "Polygon", "coordinates": [[[6.0, 52.0], [6.1, 52.0], [6.1, 52.1], [6.0, 52.0]]]}


@pytest.mark.parametrize(
    "build",
    [
        lambda: grouped_bar_chart([MATH_TEXT, "b"], {"2025": [1, 2]}, title=MATH_TEXT),
        lambda: grouped_bar_chart(["a", "b"], {MATH_TEXT: [1, 2], "2025": [3, 4]}),
        lambda: grouped_bar_chart([MATH_TEXT], {"2025": [1]}, horizontal=True),
        lambda: choropleth({"BU1": SQUARE}, {"BU1": 1.0}, title=MATH_TEXT, legend_label=MATH_TEXT),
    ],
    ids=["category-and-title", "legend", "horizontal", "map"],
)
def test_dollar_signs_in_names_are_text_not_mathtext(build) -> None:
    """An area or category name with "$...$" from a file used to be parsed as a formula: an
    unknown symbol made the whole report fail."""
    assert build()[:8] == b"\x89PNG\r\n\x1a\n"
