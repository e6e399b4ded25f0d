"""How fresh the police data are, in the words of the page header: up to which date they run
and when they were delivered; and whether they are the demo generator's."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dashboard.data.demo.generator import DEMO_FILE_PREFIX
from dashboard.data.queries import freshness as freshness_queries
from dashboard.formatting import nl_date, nl_local_date


def is_demo(session: Session) -> bool:
    """Whether the newest police delivery is the demo generator's: its figures are synthetic
    until a real delivery arrives."""
    _loaded, file_name = freshness_queries.latest_delivery(session)
    return bool(file_name and file_name.startswith(DEMO_FILE_PREFIX))


def freshness(session: Session) -> str:
    """'Data t/m ... · levering ...'; the generator's deliveries have no real delivery date
    (the navbar's demo badge says where their figures are shown)."""
    loaded, file_name = freshness_queries.latest_delivery(session)
    if loaded is None:
        return "Nog geen politiegegevens geladen"
    until = nl_date(freshness_queries.latest_data_date(session))
    if file_name and file_name.startswith(DEMO_FILE_PREFIX):
        return f"Data t/m {until}"
    return f"Data t/m {until} · levering {nl_local_date(loaded)}"
