"""Report toolkit: describe a report once as data, render it as PDF and as Excel.

Pure functions: callers query the data (through `dashboard.data`) and pass DataFrames and chart
PNGs in; nothing here reads the database, the environment or the clock. The same `Report` always
renders to the same bytes, so reports can be compared, cached and tested.

Building blocks (`dashboard.reports.document`):
    Report(title, subtitle, data_until, generated_at, blocks, author="Dashboard Veiligheid")
        the title block (title, subtitle, "Gegevens t/m ...", "Gegenereerd op ...",
        "Alleen voor intern gebruik") is drawn from these fields, then the blocks in order.
    Heading(text, level=1 | 2), Paragraph(text), Note(text, title="Let op"), PageBreak()
    Table(title, data: DataFrame, columns=(Column, ...), note="", total_row=False)
    Column(name, label=None, kind="integer" | "decimal" | "percent_change" | "text" | "date",
           decimals=1)                  # percent_change takes percentage points: -5.3 -> "−5,3%"
    Chart(png, title="", note="", width_cm=None)

Renderers: `render_pdf(report) -> bytes` (A4, DejaVu Sans, "Pagina X van Y" footer) and
`render_xlsx(report) -> bytes` ("Toelichting" sheet plus one typed sheet per table).

Charts (`dashboard.reports.charts`, PNG bytes, Okabe-Ito colours, Dutch axis numbers):
    line_chart([Series(label, dates, values), ...], band=Band(...), y_label="")
    bar_chart(categories, values, horizontal=False)
    grouped_bar_chart(categories, {"2024": [...], "2025": [...]}, horizontal=False)

Example::

    import datetime as dt
    import pandas as pd
    from dashboard.reports import Chart, Column, Note, Report, Table, render_pdf
    from dashboard.reports.charts import Series, line_chart

    frame = pd.DataFrame({"gemeente": ["Enschede"], "aantal": [1234], "verschil": [-5.3]})
    months = [dt.date(2025, m, 1) for m in range(1, 13)]
    report = Report(
        title="Voortgangsrapportage DVO",
        subtitle="Gemeente Enschede · 1e halfjaar 2026",
        data_until=dt.date(2026, 6, 30),
        generated_at=dt.datetime(2026, 7, 1, 9, 30),
        blocks=[
            Table("Incidenten per gemeente", frame, [
                Column("gemeente", "Gemeente"),
                Column("aantal", "Aantal", "integer"),
                Column("verschil", "Verschil t.o.v. vorig jaar", "percent_change"),
            ]),
            Chart(line_chart([Series("Incidenten", months, list(range(12)))]), "Verloop"),
            Note("Registraties van de politie; niet elk incident wordt gemeld."),
        ],
    )
    pdf_bytes = render_pdf(report)  # 1.234 and −5,3% in the table
"""

from dashboard.reports.document import (
    INTERNAL_USE,
    Block,
    Chart,
    Column,
    ColumnKind,
    Heading,
    Note,
    PageBreak,
    Paragraph,
    Report,
    Table,
)
from dashboard.reports.pdf import render_pdf
from dashboard.reports.xlsx import render_xlsx

__all__ = [
    "INTERNAL_USE",
    "Block",
    "Chart",
    "Column",
    "ColumnKind",
    "Heading",
    "Note",
    "PageBreak",
    "Paragraph",
    "Report",
    "Table",
    "render_pdf",
    "render_xlsx",
]
