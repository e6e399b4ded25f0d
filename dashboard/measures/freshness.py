"""How fresh the police data are, in the words of the page header: up to which date they run
and when they were delivered, or that they are the demo generator's."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dashboard.data.demo.generator import DEMO_FILE_PREFIX
from dashboard.data.queries import freshness as freshness_queries
from dashboard.formatting import nl_date, nl_local_date


def freshness(session: Session) -> str:
    """'Data t/m ... · levering ...'; says so plainly when the registrations are the demo
    generator's."""
    loaded, file_name = freshness_queries.latest_delivery(session)
    if loaded is None:
        return "Nog geen politiegegevens geladen"
    until = nl_date(freshness_queries.latest_data_date(session))
    if file_name and file_name.startswith(DEMO_FILE_PREFIX):
        return f"Demodata (synthetisch) t/m {until}"
    return f"Data t/m {until} · levering {nl_local_date(loaded)}"
