"""follow_up.sequence: how many times a follow-up moved or changed status, kept by a
trigger, for the calendar export's SEQUENCE.

A calendar that imports the file again, or refreshes a subscription, takes an event's
new time or its cancellation only when SEQUENCE grew (RFC 5545, 3.8.7.4). The export
used the seconds between created_at and updated_at, which stands still when two
changes share a clock reading (a fixed clock, two in one second) and falls back when
the clock does. A counter raised by the database on every change of due_at or status,
whoever writes it (the app, an import, another process), only ever grows.

Existing rows start where the old export left them (whole seconds from created_at to
updated_at, plus one), so a calendar that imported an earlier file still accepts the
next one.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from db.migrations.dialect import drop_pg_trigger, on_postgres, pg_trigger

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TRIGGER = "follow_up_sequence_update"


def upgrade() -> None:
    # Plain ALTER TABLE (no batch copy of the table, which would lose its triggers).
    op.add_column(
        "follow_up",
        sa.Column("sequence", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    if on_postgres():
        # The same whole seconds, from timestamptz; then the counter raised in the row
        # itself before it is written (a BEFORE trigger: no second UPDATE).
        op.execute(
            "UPDATE follow_up SET sequence = CAST(floor(extract(epoch FROM updated_at - created_at))"
            " AS INTEGER) + 1 WHERE updated_at > created_at"
        )
        pg_trigger(
            TRIGGER,
            "BEFORE UPDATE OF due_at, status",
            "follow_up",
            """
            IF OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.status IS DISTINCT FROM NEW.status THEN
                NEW.sequence := OLD.sequence + 1;
            END IF;
            RETURN NEW;""",
        )
        return
    # One more than the old whole seconds: never below what an earlier file said.
    op.execute(
        "UPDATE follow_up SET sequence = CAST((julianday(updated_at) - julianday(created_at))"
        " * 86400 AS INTEGER) + 1 WHERE updated_at > created_at"
    )
    op.execute(f"""
        CREATE TRIGGER {TRIGGER} AFTER UPDATE OF due_at, status ON follow_up
        WHEN OLD.due_at IS NOT NEW.due_at OR OLD.status IS NOT NEW.status
        BEGIN UPDATE follow_up SET sequence = sequence + 1 WHERE id = NEW.id; END""")


def downgrade() -> None:
    if on_postgres():
        drop_pg_trigger(TRIGGER, "follow_up")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    op.drop_column("follow_up", "sequence")  # SQLite 3.35+; keeps the other triggers
