"""Storing run reports: one ingest_run row per delivery with its rejected rows."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dashboard.data.ingest.report import RunReport
from dashboard.data.models import IngestRejection, IngestRun, utcnow
from dashboard.data.store import audit

VALUE_MAX = 500


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def start_run(session: Session, source: str, path: Path, sha256: str) -> IngestRun:
    run = IngestRun(bron=source, bestandsnaam=Path(path).name, sha256=sha256, status="bezig")
    session.add(run)
    session.flush()
    return run


def finish_run(session: Session, run: IngestRun, report: RunReport, actor: str = "cli") -> None:
    """Write the counts, the report and every rejected row (file row number, field, reason).
    Every delivery ends here, loaded or refused, so this is where it enters the audit log."""
    run.status = report.status
    run.voltooid = utcnow()
    run.gelezen = report.read
    run.toegevoegd = report.inserted
    run.bijgewerkt = report.updated
    run.ongewijzigd = report.unchanged
    run.geweigerd = report.rejected
    if report.period:
        run.data_van, run.data_tot = report.period
    report.run_id = run.id
    run.rapport = report.to_json()
    rows = [
        {
            "run_id": run.id,
            "rij": r.row,
            "veld": r.field[:100],
            "reden": r.reason[:500],
            "waarde": None if r.value is None else str(r.value)[:VALUE_MAX],
        }
        for r in report.rejections
    ]
    for start in range(0, len(rows), 10_000):
        session.execute(insert(IngestRejection), rows[start : start + 10_000])
    audit.record(
        session,
        actor,
        "levering",
        {
            "bron": run.bron,
            "bestand": run.bestandsnaam,
            "status": report.status,
            "gelezen": report.read,
            "toegevoegd": report.inserted,
            "bijgewerkt": report.updated,
            "afgekeurd": report.rejected,
        },
    )


def store_refusal(factory, source: str, path: Path, report: RunReport, refusal: Exception) -> None:
    """A refused file stores no data, but its report and rejected rows are kept (own transaction,
    after the load's transaction was rolled back)."""
    from dashboard.data.db import transaction

    report.status = "geweigerd"
    report.message = str(refusal)
    report.inserted = report.updated = report.unchanged = 0
    sha256 = file_sha256(path) if Path(path).is_file() else None
    with transaction(factory) as session:
        run = start_run(session, source, path, sha256)
        finish_run(session, run, report)
