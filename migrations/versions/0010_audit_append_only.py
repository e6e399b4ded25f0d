"""audit log append-only: triggers reject UPDATE and DELETE on audit_event

The application never edits the audit log; these triggers make that a property of the database
instead of a convention, so a bug or a stray SQL statement cannot rewrite history. A restore
replaces the whole database file or its tables and is not affected. On SQLite a later batch
migration that recreates audit_event drops these triggers: it must create them again.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 22:30:00
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

MESSAGE = "audit_event is append-only"

SQLITE_TRIGGERS = {
    operation: f"""
        CREATE TRIGGER audit_event_no_{operation.lower()}
        BEFORE {operation} ON audit_event
        BEGIN
            SELECT RAISE(ABORT, '{MESSAGE}; {operation} is not allowed');
        END
    """
    for operation in ("UPDATE", "DELETE")
}

# OR REPLACE: restoring an older backup drops the table (and its triggers) but keeps the
# function, and the upgrade after the restore runs this migration again.
POSTGRESQL_FUNCTION = f"""
    CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $body$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}; % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $body$
"""

# Row triggers for UPDATE/DELETE; TRUNCATE can only have a statement trigger.
POSTGRESQL_TRIGGERS = [
    """CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
       FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
       FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()""",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        for statement in POSTGRESQL_TRIGGERS:
            op.execute(statement)
    else:
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update_delete ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    else:
        for operation in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS audit_event_no_{operation.lower()}")
