"""aggregate buurt x month x hoofdcategorie for the general dashboard's area counts

Counting a gemeente, wijk or buurt per hoofdcategorie from the per-code month table read five
times the rows it needed. Existing databases get the table filled from agg_incident_month;
later loads refresh it per month with the others (dashboard/data/ops/loading.py).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

FILL = """INSERT INTO agg_incident_buurt_month
    (maand, buurt_code, hoofdcategorie, wijk_code, gemeente_code, aantal)
SELECT maand, buurt_code, hoofdcategorie, MIN(wijk_code), MIN(gemeente_code), SUM(aantal)
FROM agg_incident_month GROUP BY maand, buurt_code, hoofdcategorie"""


def upgrade() -> None:
    op.create_table(
        "agg_incident_buurt_month",
        sa.Column("maand", sa.Date(), nullable=False),
        sa.Column("buurt_code", sa.String(length=16), nullable=False),
        sa.Column("hoofdcategorie", sa.String(length=16), nullable=False),
        sa.Column("wijk_code", sa.String(length=16), nullable=False),
        sa.Column("gemeente_code", sa.String(length=16), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "maand", "buurt_code", "hoofdcategorie", name=op.f("pk_agg_incident_buurt_month")
        ),
    )
    op.create_index(
        "ix_agg_buurt_month_cover",
        "agg_incident_buurt_month",
        ["gemeente_code", "maand", "hoofdcategorie", "wijk_code", "buurt_code", "aantal"],
    )
    op.execute(FILL)
    # Planner statistics now, so the first filter change plans with them (both engines).
    op.execute("ANALYZE agg_incident_buurt_month")


def downgrade() -> None:
    op.drop_index("ix_agg_buurt_month_cover", table_name="agg_incident_buurt_month")
    op.drop_table("agg_incident_buurt_month")
