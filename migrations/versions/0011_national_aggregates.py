"""aggregates for national scale: gemeente x month, and region-wide day x hour

The dashboard's region views read these instead of every registration or every gemeente-day:
at national size (10 million registrations, 342 gemeenten) those scans took seconds. Existing
databases get the tables filled from their facts here; later loads refresh them per month
(dashboard/data/ops/loading.py, refresh_aggregates).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

FILL = (
    """INSERT INTO agg_incident_gemeente_month (maand, gemeente_code, hoofdcategorie, aantal)
    SELECT maand, gemeente_code, hoofdcategorie, SUM(aantal) FROM agg_incident_month
    GROUP BY maand, gemeente_code, hoofdcategorie""",
    """INSERT INTO agg_incident_gemeente_month_code
        (maand, gemeente_code, mk_code, hoofdcategorie, aantal)
    SELECT maand, gemeente_code, mk_code, MIN(hoofdcategorie), SUM(aantal)
    FROM agg_incident_month GROUP BY maand, gemeente_code, mk_code""",
    """INSERT INTO agg_incident_day_hour (datum, hoofdcategorie, weekdag, uur, aantal)
    SELECT pleegdatum, hoofdcategorie, MIN(weekdag), uur, COUNT(*) FROM fact_incident
    GROUP BY pleegdatum, hoofdcategorie, uur""",
    """INSERT INTO agg_incident_day_code_hour
        (datum, mk_code, hoofdcategorie, weekdag, uur, aantal)
    SELECT pleegdatum, mk_code, MIN(hoofdcategorie), MIN(weekdag), uur, COUNT(*)
    FROM fact_incident GROUP BY pleegdatum, mk_code, uur""",
)


def upgrade() -> None:
    op.create_table(
        "agg_incident_gemeente_month",
        sa.Column("maand", sa.Date(), nullable=False),
        sa.Column("gemeente_code", sa.String(length=16), nullable=False),
        sa.Column("hoofdcategorie", sa.String(length=16), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "maand", "gemeente_code", "hoofdcategorie", name=op.f("pk_agg_incident_gemeente_month")
        ),
    )
    op.create_index(
        "ix_agg_gemeente_month_cover",
        "agg_incident_gemeente_month",
        ["maand", "hoofdcategorie", "gemeente_code", "aantal"],
    )
    op.create_table(
        "agg_incident_gemeente_month_code",
        sa.Column("maand", sa.Date(), nullable=False),
        sa.Column("gemeente_code", sa.String(length=16), nullable=False),
        sa.Column("mk_code", sa.String(length=12), nullable=False),
        sa.Column("hoofdcategorie", sa.String(length=16), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "maand", "gemeente_code", "mk_code", name=op.f("pk_agg_incident_gemeente_month_code")
        ),
    )
    op.create_index(
        "ix_agg_gemeente_month_code_cover",
        "agg_incident_gemeente_month_code",
        ["mk_code", "maand", "gemeente_code", "aantal"],
    )
    op.create_table(
        "agg_incident_day_hour",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("hoofdcategorie", sa.String(length=16), nullable=False),
        sa.Column("weekdag", sa.Integer(), nullable=False),
        sa.Column("uur", sa.Integer(), nullable=True),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agg_incident_day_hour")),
    )
    op.create_index(
        "ix_agg_incident_day_hour_cover",
        "agg_incident_day_hour",
        ["datum", "hoofdcategorie", "weekdag", "uur", "aantal"],
    )
    op.create_table(
        "agg_incident_day_code_hour",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("mk_code", sa.String(length=12), nullable=False),
        sa.Column("hoofdcategorie", sa.String(length=16), nullable=False),
        sa.Column("weekdag", sa.Integer(), nullable=False),
        sa.Column("uur", sa.Integer(), nullable=True),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agg_incident_day_code_hour")),
    )
    op.create_index(
        "ix_agg_incident_day_code_hour_cover",
        "agg_incident_day_code_hour",
        ["mk_code", "datum", "weekdag", "uur", "aantal"],
    )
    # The partial months at a period's edges per gemeente: answered from this index alone.
    op.create_index(
        "ix_agg_gemeente_day_cover",
        "agg_incident_gemeente_day",
        ["datum", "hoofdcategorie", "gemeente_code", "aantal"],
    )
    # A code filter's partial months per gemeente: answered from the index alone.
    op.drop_index("ix_fact_incident_mk_datum", table_name="fact_incident")
    op.create_index(
        "ix_fact_incident_mk_datum",
        "fact_incident",
        ["mk_code", "pleegdatum", "gemeente_code", "hoofdcategorie"],
    )
    for statement in FILL:
        op.execute(statement)


def downgrade() -> None:
    op.drop_index("ix_fact_incident_mk_datum", table_name="fact_incident")
    op.create_index("ix_fact_incident_mk_datum", "fact_incident", ["mk_code", "pleegdatum"])
    op.drop_index("ix_agg_gemeente_day_cover", table_name="agg_incident_gemeente_day")
    op.drop_index("ix_agg_incident_day_code_hour_cover", table_name="agg_incident_day_code_hour")
    op.drop_table("agg_incident_day_code_hour")
    op.drop_index("ix_agg_incident_day_hour_cover", table_name="agg_incident_day_hour")
    op.drop_table("agg_incident_day_hour")
    op.drop_index("ix_agg_gemeente_month_code_cover", table_name="agg_incident_gemeente_month_code")
    op.drop_table("agg_incident_gemeente_month_code")
    op.drop_index("ix_agg_gemeente_month_cover", table_name="agg_incident_gemeente_month")
    op.drop_table("agg_incident_gemeente_month")
