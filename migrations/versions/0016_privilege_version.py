"""privilege version of an account: raised at every role or theme-grant change

The session stores the version it last saw; when they differ the request guard gives the
session a new CSRF token (OWASP ASVS 3.2.1: a privilege change rotates what identifies the
session). A role change also ends the sessions (session_version); a grant change does not log
the user out, so this is what rotates the token then.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(
            sa.Column("privilege_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("privilege_version")
