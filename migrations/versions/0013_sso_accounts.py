"""single sign-on: an account can be linked to one identity at an OpenID Connect provider

The link is the provider's name and the stable subject claim (Entra ID: oid), unique together.
display_name is what the provider calls the person (e-mail or name): shown, never matched on.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 02:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("sso_provider", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("sso_subject", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("display_name", sa.String(length=200), nullable=True))
        batch.create_unique_constraint("uq_app_user_sso_identity", ["sso_provider", "sso_subject"])


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_constraint("uq_app_user_sso_identity", type_="unique")
        batch.drop_column("display_name")
        batch.drop_column("sso_subject")
        batch.drop_column("sso_provider")
