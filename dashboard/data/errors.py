"""The errors that mean "your input was refused" rather than "we failed" (CLI exit code 2)."""

from __future__ import annotations


def refused_errors() -> tuple[type[Exception], ...]:
    from dashboard.data.ingest.cbs import CbsDataError
    from dashboard.data.store.users import UserError

    return (CbsDataError, UserError)
