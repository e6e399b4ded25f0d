"""usage tracking per view, nulmeting/evaluation rounds, project deliverables

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 19:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("usage_event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("filterwijzigingen", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index("ix_usage_event_soort_tijdstip", ["soort", "tijdstip"])

    op.create_table(
        "measurement_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=100), nullable=False),
        sa.Column("soort", sa.String(length=20), nullable=False),
        sa.Column("geopend", sa.DateTime(), nullable=False),
        sa.Column("gesloten", sa.DateTime(), nullable=True),
        sa.Column("gebruik_json", sa.Text(), nullable=True),
        sa.Column("door", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurement_round")),
        sa.UniqueConstraint("naam", name=op.f("uq_measurement_round_naam")),
    )
    op.create_table(
        "measurement_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("positie", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("tekst", sa.String(length=500), nullable=False),
        sa.Column("soort", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["measurement_round.id"],
            name=op.f("fk_measurement_question_round_id_measurement_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurement_question")),
    )
    op.create_table(
        "measurement_participation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tijdstip", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["measurement_round.id"],
            name=op.f("fk_measurement_participation_round_id_measurement_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_measurement_participation_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurement_participation")),
        sa.UniqueConstraint("round_id", "user_id", name="uq_participation"),
    )
    op.create_table(
        "measurement_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("waarde", sa.Integer(), nullable=True),
        sa.Column("tekst", sa.Text(), nullable=True),
        sa.Column("gemeente_code", sa.String(length=16), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["measurement_round.id"],
            name=op.f("fk_measurement_answer_round_id_measurement_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["measurement_question.id"],
            name=op.f("fk_measurement_answer_question_id_measurement_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurement_answer")),
    )
    op.create_index(
        op.f("ix_measurement_answer_round_id"), "measurement_answer", ["round_id"], unique=False
    )
    op.create_table(
        "project_deliverable",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("onderdeel", sa.String(length=20), nullable=False),
        sa.Column("titel", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("eigenaar", sa.String(length=100), nullable=True),
        sa.Column("datum", sa.Date(), nullable=True),
        sa.Column("notitie", sa.Text(), nullable=True),
        sa.Column("dashboard", sa.Boolean(), nullable=False),
        sa.Column("bijgewerkt", sa.DateTime(), nullable=False),
        sa.Column("bijgewerkt_door", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_deliverable")),
        sa.UniqueConstraint("code", name=op.f("uq_project_deliverable_code")),
    )


def downgrade() -> None:
    op.drop_table("project_deliverable")
    op.drop_index(op.f("ix_measurement_answer_round_id"), table_name="measurement_answer")
    op.drop_table("measurement_answer")
    op.drop_table("measurement_participation")
    op.drop_table("measurement_question")
    op.drop_table("measurement_round")
    with op.batch_alter_table("usage_event", schema=None) as batch_op:
        batch_op.drop_index("ix_usage_event_soort_tijdstip")
        batch_op.drop_column("filterwijzigingen")
