"""The boundary documents a map can load on one database, measured through the app's own
/geo routes: the gemeenten (one document), a whole wijk or buurt level only where the open-data
page still shows it without a gemeente (no more than measures.open_data.MAX_AREAS_WITHOUT_GEMEENTE
areas), and the wijken and buurten of every gemeente. The target of the issue is that no map
loads more than 1 MB of boundaries; at national scale that is the per-gemeente documents, not
the whole level, which no map asks for there."""

from __future__ import annotations

import gzip
import statistics
import time
from dataclasses import dataclass

from dashboard.data.queries import areas as area_queries
from dashboard.measures.open_data import MAX_AREAS_WITHOUT_GEMEENTE

TARGET_KB = 1024.0


@dataclass(frozen=True)
class Document:
    path: str
    size: int
    gzip_size: int
    ms: float
    status: int


@dataclass(frozen=True)
class Summary:
    label: str  # what the row stands for
    largest: Document
    median_kb: float | None  # for the per-gemeente rows
    count: int


def fetch(client, path: str) -> Document:
    start = time.perf_counter()
    response = client.get(path)
    ms = (time.perf_counter() - start) * 1000
    body = response.get_data()
    return Document(path, len(body), len(gzip.compress(body)), ms, response.status_code)


def measure(client, session) -> list[Summary]:
    """One row per kind of document: the gemeenten, any whole level a map may load, and the
    largest of the per-gemeente wijk and buurt documents (with their median)."""
    rows = [_one("gemeenten (één document)", fetch(client, "/geo/gemeente.geojson"))]
    for level, plural in (("wijk", "wijken"), ("buurt", "buurten")):
        if area_queries.area_count(session, level) <= MAX_AREAS_WITHOUT_GEMEENTE:
            rows.append(_one(f"alle {plural} (open data)", fetch(client, f"/geo/{level}.geojson")))
    gemeenten = [g.code for g in area_queries.areas(session, "gemeente")]
    for level, plural in (("wijk", "wijken"), ("buurt", "buurten")):
        docs = [fetch(client, f"/geo/{level}/{code}.geojson") for code in gemeenten]
        largest = max(docs, key=lambda d: d.size)
        median = statistics.median(d.size for d in docs) / 1024
        rows.append(Summary(f"{plural} per gemeente", largest, median, len(docs)))
    return rows


def _one(label: str, document: Document) -> Summary:
    return Summary(label, document, None, 1)


def failed(rows: list[Summary]) -> bool:
    """A document that did not answer 200 is a failure of the run, not a slow figure."""
    return any(r.largest.status != 200 for r in rows)


def within_target(rows: list[Summary]) -> bool:
    return all(r.largest.size / 1024 <= TARGET_KB for r in rows)


def print_rows(label: str, rows: list[Summary]) -> None:
    print(f"\nKaartgrenzen die een kaart laadt, {label}")
    print(
        f"{'document':<28}{'n':>5}{'grootste KB':>13}{'gzip KB':>9}{'mediaan KB':>12}"
        f"{'1e GET ms':>11}  grootste"
    )
    for row in rows:
        doc = row.largest
        median = f"{row.median_kb:.1f}" if row.median_kb is not None else "-"
        print(
            f"{row.label:<28}{row.count:>5}{doc.size / 1024:>13.1f}{doc.gzip_size / 1024:>9.1f}"
            f"{median:>12}{doc.ms:>11.1f}  {doc.path}"
            + ("" if doc.status == 200 else f" (status {doc.status})")
        )
    status = "OK" if within_target(rows) and not failed(rows) else "NIET GEHAALD"
    print(f"doel: elk document <= {TARGET_KB / 1024:.0f} MB (ongecomprimeerd)  {status}")
