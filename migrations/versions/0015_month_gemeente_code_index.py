"""index for a few incident codes within one gemeente on the buurt x month x code aggregate

The thematic dashboards count a handful of codes for a gemeente, wijk or buurt. The only index
with the codes leads with mk_code and the month, so nationally every gemeente's rows of those
months were read and all but one gemeente's thrown away (about 50 ms per query on PostgreSQL).
This one leads with the gemeente and answers such a query from the index alone.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 07:00:00
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_agg_incident_month_gemeente_code",
        "agg_incident_month",
        ["gemeente_code", "mk_code", "maand", "wijk_code", "buurt_code", "aantal"],
    )


def downgrade() -> None:
    op.drop_index("ix_agg_incident_month_gemeente_code", table_name="agg_incident_month")
