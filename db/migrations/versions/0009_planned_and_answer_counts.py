"""Planned follow-ups per hour they fall due, and first answers per month and wait, kept
by triggers: Today's three counts (overdue, due today, later this week) and the stats'
days to a first answer add up a few rows instead of reading every follow-up or answer.

- planned_hour: how many follow-ups are planned for each UTC hour ('YYYY-MM-DD HH', as
  sent_hour keys its hours), kept by triggers on follow_up for every writer: an insert
  of a planned follow-up adds one to its hour, a delete of one takes one off, and an
  update of status or due_at that changes whether it is planned or the hour it falls
  in takes one off the old hour and adds one to the new. An hour left at zero is
  removed, so the table holds exactly what a fresh count gives and does not grow with
  every hour that ever had a follow-up. Reading "how many are due before t" is then
  the sum of the hours before t's hour plus an exact count of the follow-ups between
  the start of t's hour and t (off ix_follow_up_status_due_at_id): at 50,000
  applications the overdue count walked every overdue planned follow-up, tens of
  thousands of index entries.

- answer_wait: how many applications got their first answer in each UTC month
  ('YYYY-MM') after each quarter hour from applying (answer_seconds // 900), counting
  those the stats screen's days-to-first-answer reads (sent, with both times known).
  The day an answer came on depends on the user's zone, whose offset is a whole number
  of quarter hours and changes twice a year; within a stretch of one offset the days
  of a month's answers follow from their quarter hours alone, so the stats add up the
  months a stretch holds whole and count the answers one by one only in the month at
  each end of it. Kept by triggers on application like application_tally (the
  derived columns it reads are updated by the triggers of 0007, and each such update
  moves the application along here); a key left at zero is removed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from db.migrations.dialect import drop_pg_trigger, on_postgres, pg_trigger

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The hour of a follow-up's due_at: SQLite holds it as naive UTC text, PostgreSQL as
# timestamptz (read here in UTC: the same 'YYYY-MM-DD HH' text).
HOUR = "substr({row}.due_at, 1, 13)"
PG_HOUR = "to_char({row}.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"

FILL = (
    "INSERT INTO planned_hour (hour, planned) SELECT {hour}, count(*) FROM follow_up "
    "WHERE status = 'planned' GROUP BY 1"
)
"""Every planned follow-up counted afresh (the upgrade, and a restore in bulk)."""
PG_FILL = FILL.format(hour=PG_HOUR.format(row="follow_up"))


def count(hour: str, row: str, delta: int, when: str = "true") -> str:
    """Add `delta` to the count of the hour of `row` (NEW or OLD), if `when`."""
    return (
        f"INSERT INTO planned_hour (hour, planned) SELECT {hour.format(row=row)}, {delta} "
        f"WHERE {when} "
        "ON CONFLICT (hour) DO UPDATE SET planned = planned_hour.planned + excluded.planned"
    )


def tidy(hour: str, row: str, when: str = "true") -> str:
    """Remove the hour of `row` if no follow-up is planned in it any more, if `when`."""
    return (
        f"DELETE FROM planned_hour WHERE {when} AND hour = {hour.format(row=row)} AND planned = 0"
    )


def moved(hour: str, differ: str) -> str:
    """Whether an update changes what planned_hour counts: it was or is planned, and its
    status or its hour changed."""
    return (
        "(OLD.status = 'planned' OR NEW.status = 'planned') AND "
        f"(OLD.status {differ} NEW.status OR {hour.format(row='OLD')} {differ} "
        f"{hour.format(row='NEW')})"
    )


TRIGGERS = {
    "planned_hour_insert": f"""
        CREATE TRIGGER planned_hour_insert AFTER INSERT ON follow_up
        WHEN NEW.status = 'planned'
        BEGIN {count(HOUR, "NEW", 1)}; END""",
    "planned_hour_delete": f"""
        CREATE TRIGGER planned_hour_delete AFTER DELETE ON follow_up
        WHEN OLD.status = 'planned'
        BEGIN {count(HOUR, "OLD", -1)}; {tidy(HOUR, "OLD")}; END""",
    "planned_hour_update": f"""
        CREATE TRIGGER planned_hour_update AFTER UPDATE OF status, due_at ON follow_up
        WHEN {moved(HOUR, "IS NOT")}
        BEGIN
            {count(HOUR, "OLD", -1, when="OLD.status = 'planned'")};
            {tidy(HOUR, "OLD", when="OLD.status = 'planned'")};
            {count(HOUR, "NEW", 1, when="NEW.status = 'planned'")};
        END""",
}

PG_TRIGGER = (
    "AFTER INSERT OR DELETE OR UPDATE OF status, due_at",
    "follow_up",
    f"""
    IF TG_OP = 'UPDATE' AND NOT ({moved(PG_HOUR, "IS DISTINCT FROM")}) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.status = 'planned' THEN
        {count(PG_HOUR, "OLD", -1)};
        {tidy(PG_HOUR, "OLD")};
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'planned' THEN
        {count(PG_HOUR, "NEW", 1)};
    END IF;""",
)


# answer_wait: which applications count, and their key. `rank >= 1`: applied or further
# (0007's ranks). The quarter rounds down for an answer before the day applied, too.
COUNTED = (
    "{row}.first_answer_at IS NOT NULL AND {row}.answer_seconds IS NOT NULL "
    "AND {row}.stage_reached >= 1"
)
QUARTER = "({row}.answer_seconds - CASE WHEN {row}.answer_seconds < 0 THEN 899 ELSE 0 END) / 900"
MONTH = "substr({row}.first_answer_at, 1, 7)"
PG_MONTH = "to_char({row}.first_answer_at AT TIME ZONE 'UTC', 'YYYY-MM')"
ANSWER_COLUMNS = "first_answer_at, answer_seconds, stage_reached"

ANSWER_FILL = (
    "INSERT INTO answer_wait (month, quarter, n) "
    "SELECT {month}, {quarter}, count(*) FROM application WHERE {counted} GROUP BY 1, 2"
)


def answer_fill(month: str) -> str:
    """Every application counted afresh (the upgrade, and a restore in bulk)."""
    row = "application"
    return ANSWER_FILL.format(
        month=month.format(row=row),
        quarter=QUARTER.format(row=row),
        counted=COUNTED.format(row=row),
    )


PG_ANSWER_FILL = answer_fill(PG_MONTH)


def tally_answer(month: str, row: str, delta: int) -> str:
    """Add `delta` to the key of `row`, if it counts; then drop the key if at zero."""
    key = f"{month.format(row=row)}, {QUARTER.format(row=row)}"
    counted = COUNTED.format(row=row)
    return (
        f"INSERT INTO answer_wait (month, quarter, n) SELECT {key}, {delta} WHERE {counted} "
        "ON CONFLICT (month, quarter) DO UPDATE SET n = answer_wait.n + excluded.n; "
        f"DELETE FROM answer_wait WHERE {counted} AND (month, quarter) = ({key}) AND n = 0"
    )


def answer_moved(month: str, differ: str) -> str:
    """Whether an update changes what answer_wait counts (its key, or whether it counts)."""
    return " OR ".join(
        f"({part.format(row='OLD')}) {differ} ({part.format(row='NEW')})"
        for part in (month, QUARTER, COUNTED)
    )


TRIGGERS |= {
    "answer_wait_insert": f"""
        CREATE TRIGGER answer_wait_insert AFTER INSERT ON application
        BEGIN {tally_answer(MONTH, "NEW", 1)}; END""",
    "answer_wait_delete": f"""
        CREATE TRIGGER answer_wait_delete AFTER DELETE ON application
        BEGIN {tally_answer(MONTH, "OLD", -1)}; END""",
    "answer_wait_update": f"""
        CREATE TRIGGER answer_wait_update AFTER UPDATE OF {ANSWER_COLUMNS} ON application
        WHEN {answer_moved(MONTH, "IS NOT")}
        BEGIN {tally_answer(MONTH, "OLD", -1)}; {tally_answer(MONTH, "NEW", 1)}; END""",
}

PG_ANSWER_TRIGGER = (
    f"AFTER INSERT OR DELETE OR UPDATE OF {ANSWER_COLUMNS}",
    "application",
    f"""
    IF TG_OP = 'UPDATE' AND NOT ({answer_moved(PG_MONTH, "IS DISTINCT FROM")}) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN {tally_answer(PG_MONTH, "OLD", -1)}; END IF;
    IF TG_OP <> 'DELETE' THEN {tally_answer(PG_MONTH, "NEW", 1)}; END IF;""",
)


def upgrade() -> None:
    op.create_table(
        "planned_hour",
        sa.Column("hour", sa.String(), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hour", name=op.f("pk_planned_hour")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "answer_wait",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "quarter", name=op.f("pk_answer_wait")),
        sqlite_with_rowid=False,
    )
    if on_postgres():
        op.execute(PG_FILL)
        op.execute(PG_ANSWER_FILL)
        pg_trigger("planned_hour", *PG_TRIGGER)
        pg_trigger("answer_wait", *PG_ANSWER_TRIGGER)
        return
    op.execute(FILL.format(hour=HOUR.format(row="follow_up")))
    op.execute(answer_fill(MONTH))
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    if on_postgres():
        drop_pg_trigger("planned_hour", "follow_up")
        drop_pg_trigger("answer_wait", "application")
    else:
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("answer_wait")
    op.drop_table("planned_hour")
