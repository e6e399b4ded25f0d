"""annotations (duiding): theme and edit trail on the annotation table, indexed by theme and date

The annotation table of the star schema was never written to; it now carries the theme it
belongs to (NULL: the general dashboard), who changed it last and when. The dashboards read it
by theme and period, hence the index.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annotation") as batch:
        batch.add_column(sa.Column("theme", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("bijgewerkt", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("bijgewerkt_door", sa.String(length=100), nullable=True))
    op.create_index("ix_annotation_theme_van", "annotation", ["theme", "van"])


def downgrade() -> None:
    op.drop_index("ix_annotation_theme_van", table_name="annotation")
    with op.batch_alter_table("annotation") as batch:
        batch.drop_column("bijgewerkt_door")
        batch.drop_column("bijgewerkt")
        batch.drop_column("theme")
