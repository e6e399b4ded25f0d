"""The run report of one delivery, and the refusal that stops a file as a whole."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import orjson


class RefusedFile(Exception):
    """The file as a whole is refused (CLI exit code 2). The message names the file and, where
    it applies, the row and the field."""


@dataclass(frozen=True)
class Rejection:
    row: int
    field: str
    reason: str
    value: str | None = None


@dataclass
class RunReport:
    source: str
    file: str
    status: str = "bezig"  # bezig -> geladen | geweigerd
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    period: tuple[dt.date, dt.date] | None = None
    message: str = ""
    run_id: int | None = None

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    @property
    def rejected_by_reason(self) -> dict[str, int]:
        return dict(Counter(r.reason for r in self.rejections).most_common())

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "file": self.file,
            "status": self.status,
            "run_id": self.run_id,
            "read": self.read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "rejected_by_reason": self.rejected_by_reason,
            "dropped_columns": self.dropped_columns,
            "ignored_columns": self.ignored_columns,
            "period": [d.isoformat() for d in self.period] if self.period else None,
            "message": self.message,
            "rejections_sample": [
                {"row": r.row, "field": r.field, "reason": r.reason, "value": r.value}
                for r in self.rejections[:20]
            ],
        }

    def to_json(self) -> str:
        return orjson.dumps(self.as_dict(), option=orjson.OPT_INDENT_2).decode()

    def summary(self) -> str:
        """A few Dutch lines for the terminal."""
        lines = [
            f"{self.file}: {self.status}",
            f"  gelezen {self.read}, toegevoegd {self.inserted}, bijgewerkt {self.updated}, "
            f"ongewijzigd {self.unchanged}, afgekeurd {self.rejected}",
        ]
        if self.period:
            lines.append(f"  periode {self.period[0]} t/m {self.period[1]}")
        for reason, count in self.rejected_by_reason.items():
            lines.append(f"  afgekeurd: {count}x {reason}")
        if self.dropped_columns:
            lines.append(
                f"  verwijderd voor opslag (mappingbestand): {', '.join(self.dropped_columns)}"
            )
        if self.ignored_columns:
            lines.append(f"  genegeerde kolommen: {', '.join(self.ignored_columns)}")
        if self.message:
            lines.append(f"  {self.message}")
        return "\n".join(lines)


def check_reject_share(
    report: RunReport,
    max_percent: float,
    filename: str,
    *,
    unit: str = "rijen",
    considered: int | None = None,
) -> None:
    """Refuse the whole file when more than max_percent of what was considered is rejected."""
    total = report.read if considered is None else considered
    if total == 0:
        raise RefusedFile(f"{filename}: geen {unit} om te laden onder de kopregel")
    share = report.rejected / total * 100
    if share > max_percent:
        top = ", ".join(f"{n}x {r}" for r, n in list(report.rejected_by_reason.items())[:3])
        raise RefusedFile(
            f"{filename}: {report.rejected} van {total} {unit} afgekeurd ({share:.1f}%), "
            f"meer dan de grens van {max_percent:g}%: het hele bestand is geweigerd ({top})"
        )
