"""covering index on agg_incident_month by incident code, for the thematic dashboards

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 19:20:00
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ["mk_code", "maand", "gemeente_code", "wijk_code", "buurt_code", "aantal"]


def upgrade() -> None:
    # A theme page counts a handful of codes over three years for the whole region: this
    # index answers that from the few rows of those codes instead of every month's rows.
    op.create_index("ix_agg_incident_month_code_cover", "agg_incident_month", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_agg_incident_month_code_cover", table_name="agg_incident_month")
