"""protected codes counted apart in the per-gemeente aggregates

A total per wijk or buurt (and for a viewer without a protected theme's grant any total) leaves
the protected codes out (dashboard.policy.exclusion). The region's per-category aggregates held
those codes inside their hoofdcategorie, so such a region count read its total and subtracted
per-code counts of the protected codes: a query for the whole months and one per edge of the
period on the fact table. Now the gemeente x month and gemeente x day aggregates have a
`beschermde_code` (the code when it is protected, else '') and such a total is one lookup with
`beschermde_code NOT IN (...)`. The buurt x month and day x hour aggregates stay as they are:
split, they grew by 40 %, which every count of a gemeente and every region trend paid for, more
than their one subtraction query on a per-code aggregate costs.

agg_beschermde_code holds the codes counted apart: the protected codes of themes.toml when the
aggregates were built. Here both tables are built again from agg_incident_month and
fact_incident with the codes themes.toml protected when this migration was written (a literal:
a migration imports no app code, so that it builds the same schema whatever the code becomes);
when themes.toml protects other codes, the next refresh
(dashboard/data/ops/aggregate_refresh.py, refresh_aggregates) builds every month again, and
until then the queries subtract the difference.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# The police codes of the themes with beschermd = true in themes.toml at this migration
# (woonoverlast, huiselijk geweld).
PROTECTED_CODES = ("E33", "E35", "E37", "F15", "F95")
SPLIT = "COALESCE(b.mk_code, '')"
FILL = (
    f"""INSERT INTO agg_incident_gemeente_month
        (maand, gemeente_code, hoofdcategorie, beschermde_code, aantal)
    SELECT m.maand, m.gemeente_code, m.hoofdcategorie, {SPLIT}, SUM(m.aantal)
    FROM agg_incident_month m LEFT JOIN agg_beschermde_code b ON b.mk_code = m.mk_code
    GROUP BY m.maand, m.gemeente_code, m.hoofdcategorie, {SPLIT}""",
    f"""INSERT INTO agg_incident_gemeente_day
        (datum, gemeente_code, hoofdcategorie, beschermde_code, aantal)
    SELECT f.pleegdatum, f.gemeente_code, f.hoofdcategorie, {SPLIT}, COUNT(*)
    FROM fact_incident f LEFT JOIN agg_beschermde_code b ON b.mk_code = f.mk_code
    GROUP BY f.pleegdatum, f.gemeente_code, f.hoofdcategorie, {SPLIT}""",
)
# Back to one row per hoofdcategorie: the fills of migrations 0001 and 0011.
UNSPLIT_FILL = (
    """INSERT INTO agg_incident_gemeente_month (maand, gemeente_code, hoofdcategorie, aantal)
    SELECT maand, gemeente_code, hoofdcategorie, SUM(aantal) FROM agg_incident_month
    GROUP BY maand, gemeente_code, hoofdcategorie""",
    """INSERT INTO agg_incident_gemeente_day (datum, gemeente_code, hoofdcategorie, aantal)
    SELECT pleegdatum, gemeente_code, hoofdcategorie, COUNT(*) FROM fact_incident
    GROUP BY pleegdatum, gemeente_code, hoofdcategorie""",
)
TABLES = ("agg_incident_gemeente_month", "agg_incident_gemeente_day")


def _code(name: str) -> sa.Column:
    return sa.Column(name, sa.String(length=12), nullable=False)


def _area(name: str) -> sa.Column:
    return sa.Column(name, sa.String(length=16), nullable=False)


def _create(split: bool) -> None:
    """The per-gemeente aggregates with their covering indexes; with a beschermde_code (in the
    key and in the index before the count) when split."""
    key = ["beschermde_code"] if split else []

    def protected() -> list[sa.Column]:  # a column belongs to one table: a new one for each
        return [_code(name) for name in key]

    op.create_table(
        "agg_incident_gemeente_month",
        sa.Column("maand", sa.Date(), nullable=False),
        _area("gemeente_code"),
        _area("hoofdcategorie"),
        *protected(),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "maand",
            "gemeente_code",
            "hoofdcategorie",
            *key,
            name=op.f("pk_agg_incident_gemeente_month"),
        ),
    )
    op.create_index(
        "ix_agg_gemeente_month_cover",
        "agg_incident_gemeente_month",
        ["maand", "hoofdcategorie", "gemeente_code", *key, "aantal"],
    )
    op.create_table(
        "agg_incident_gemeente_day",
        sa.Column("datum", sa.Date(), nullable=False),
        _area("gemeente_code"),
        _area("hoofdcategorie"),
        *protected(),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "datum",
            "gemeente_code",
            "hoofdcategorie",
            *key,
            name=op.f("pk_agg_incident_gemeente_day"),
        ),
    )
    op.create_index(
        "ix_agg_gemeente_day_cover",
        "agg_incident_gemeente_day",
        ["datum", "hoofdcategorie", "gemeente_code", *key, "aantal"],
    )


def _rebuild(split: bool, fill: tuple[str, ...]) -> None:
    for table in TABLES:
        op.drop_table(table)  # with its indexes
    _create(split)
    for statement in fill:
        op.execute(statement)
    # Planner statistics now, so the first filter change plans with them (both engines).
    for table in TABLES:
        op.execute(f"ANALYZE {table}")


def upgrade() -> None:
    codes = op.create_table(
        "agg_beschermde_code",
        _code("mk_code"),
        sa.PrimaryKeyConstraint("mk_code", name=op.f("pk_agg_beschermde_code")),
    )
    op.bulk_insert(codes, [{"mk_code": code} for code in PROTECTED_CODES])
    _rebuild(True, FILL)


def downgrade() -> None:
    _rebuild(False, UNSPLIT_FILL)
    op.drop_table("agg_beschermde_code")
