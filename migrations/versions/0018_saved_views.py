"""saved views ("Mijn weergaven"): a user's named views, one of them possibly the start view

A saved view is the page path and its URL query string, per account (deleted with it), the name
unique per account. startweergave marks the view that opening "/" goes to; the application keeps
at most one per account.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_view",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=80), nullable=False),
        sa.Column("pad", sa.String(length=200), nullable=False),
        sa.Column("zoekopdracht", sa.String(length=2000), nullable=False),
        sa.Column("startweergave", sa.Boolean(), nullable=False),
        sa.Column("aangemaakt", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_saved_view_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_view")),
        sa.UniqueConstraint("user_id", "naam", name="uq_saved_view_user_naam"),
    )


def downgrade() -> None:
    op.drop_table("saved_view")
