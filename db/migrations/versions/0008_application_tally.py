"""Counts of applications kept by triggers, so the Pipeline's counts per stage and the
stats' funnel read a few dozen rows instead of every application; and Today's index
with the id that orders a tie.

- application_tally: how many applications stand at each (stage, archived,
  stage_reached, answered) at once, answered being answered_by_stage or a
  first_answer_at (the stats' "got any answer"). At most a few dozen rows whatever the
  number of applications. Kept by triggers on application, for every writer: an insert
  adds one to its row's key, a delete takes one off, an update of a column of the key
  moves one from the old key to the new, and a key left at zero is removed (so the
  table always holds what a fresh count gives, whatever the writes before). The
  derived columns of 0007 are updated by triggers too, and each such update moves its
  application along here; the order the triggers fire in does not matter, as each only
  adds or takes off one. Counting 50,000 applications took 20-25 ms on PostgreSQL (a
  scan, even from an index, visits each row); summing the tally takes well under one.
- ix_follow_up_status_due_at_id (status, due_at, id) in place of (status, due_at):
  Today's list is ordered by (due_at, id), and many follow-ups share a send hour;
  without the id PostgreSQL sorted every follow-up due in the week for a page of 200
  (SQLite's index held the rowid already, so there it changes nothing).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from db.migrations.dialect import drop_pg_trigger, on_postgres, pg_trigger

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

KEY = "stage, archived, stage_reached, answered"

FILL = (
    f"INSERT INTO application_tally ({KEY}, n) "
    "SELECT stage, archived, stage_reached, answered_by_stage OR first_answer_at IS NOT NULL, "
    "count(*) FROM application GROUP BY stage, archived, stage_reached, "
    "answered_by_stage OR first_answer_at IS NOT NULL"
)
"""Every application counted afresh (the upgrade, and a restore in bulk)."""


def count(row: str, delta: int) -> str:
    """Add `delta` to the count of the key of `row` (NEW or OLD)."""
    return (
        f"INSERT INTO application_tally ({KEY}, n) VALUES ({row}.stage, {row}.archived, "
        f"{row}.stage_reached, {row}.answered_by_stage OR {row}.first_answer_at IS NOT NULL, "
        f"{delta}) ON CONFLICT ({KEY}) DO UPDATE SET n = application_tally.n + excluded.n"
    )


CHANGED = (
    "OLD.stage IS NOT NEW.stage OR OLD.archived IS NOT NEW.archived "
    "OR OLD.stage_reached IS NOT NEW.stage_reached "
    "OR OLD.answered_by_stage IS NOT NEW.answered_by_stage "
    "OR (OLD.first_answer_at IS NULL) IS NOT (NEW.first_answer_at IS NULL)"
)
"""Whether an update moves the application to another key."""

TIDY = "DELETE FROM application_tally WHERE n = 0"
"""Keys no application stands at any more (a few dozen rows at most to look through)."""

COLUMNS = "stage, archived, stage_reached, answered_by_stage, first_answer_at"

TRIGGERS = {
    "application_tally_insert": f"""
        CREATE TRIGGER application_tally_insert AFTER INSERT ON application
        BEGIN {count("NEW", 1)}; {TIDY}; END""",
    "application_tally_delete": f"""
        CREATE TRIGGER application_tally_delete AFTER DELETE ON application
        BEGIN {count("OLD", -1)}; {TIDY}; END""",
    "application_tally_update": f"""
        CREATE TRIGGER application_tally_update AFTER UPDATE OF {COLUMNS} ON application
        WHEN {CHANGED}
        BEGIN {count("OLD", -1)}; {count("NEW", 1)}; {TIDY}; END""",
}

PG_TRIGGER = (
    f"AFTER INSERT OR DELETE OR UPDATE OF {COLUMNS}",
    "application",
    f"""
    IF TG_OP = 'UPDATE' AND NOT ({CHANGED.replace(" IS NOT ", " IS DISTINCT FROM ")}) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN {count("OLD", -1)}; END IF;
    IF TG_OP <> 'DELETE' THEN {count("NEW", 1)}; END IF;
    {TIDY};""",
)


def upgrade() -> None:
    op.create_table(
        "application_tally",
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("stage_reached", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "stage", "archived", "stage_reached", "answered", name=op.f("pk_application_tally")
        ),
        sqlite_with_rowid=False,
    )
    op.execute(FILL)
    # In place, not by a batch copy of the table (the triggers of 0003 and 0004 name it).
    op.drop_index("ix_follow_up_status_due_at", table_name="follow_up")
    op.create_index("ix_follow_up_status_due_at_id", "follow_up", ["status", "due_at", "id"])
    if on_postgres():
        pg_trigger("application_tally", *PG_TRIGGER)
        return
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    if on_postgres():
        drop_pg_trigger("application_tally", "application")
    else:
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_follow_up_status_due_at_id", table_name="follow_up")
    op.create_index("ix_follow_up_status_due_at", "follow_up", ["status", "due_at"])
    op.drop_table("application_tally")
