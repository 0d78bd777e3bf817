"""What the stats screen counts per application, kept on the application by triggers
(like next_due_at and first_reply_at), so stats() reads indexes instead of grouping
the whole stage history and every interview on each call (48 ms -> a few ms at 5,000
applications); and an index that reads a page's interviews without the table.

Derived columns on application, each refreshed by one UPDATE of one row:

- stage_reached: how far along the funnel the application got, as a rank (wishlist 0,
  applied 1, screening 2, interviewing 3, offer 4, accepted 5): the larger of the rank
  of the stage it stands at now and the highest rank among its stage changes. A closed
  stage (rejected, ghosted, withdrawn) counts as applied, except withdrawn with no
  applied_on (withdrawn before it was sent), which counts as wishlist.
  Refreshed (REACHED) after an insert of an application, an update of its stage or
  applied_on, and an insert, delete or update of one of its stage changes.
- answered_by_stage: the company moved it on past applied or rejected it: it stands at,
  or once moved to, screening, interviewing, offer, accepted or rejected. Refreshed
  with stage_reached, by the same statement.
- first_answer_at: its first dated answer: the earlier of first_reply_at and, over its
  interviews, the earlier of each one's starts_at and created_at; answer_seconds: the
  seconds from applied_on (midnight UTC) to first_answer_at, NULL if either is
  missing (stats add the zone's offset and count whole days, with no date parsing).
  Both refreshed (FIRST_ANSWER, two UPDATEs, the second reading the first's result)
  after an insert of an application, an update of its first_reply_at (which the
  triggers of 0003 keep) or applied_on, and an insert, delete or update of one of its
  interviews.

The ranks and stages are written out here and frozen: a later change to the stages
needs a migration of its own, as 0003's ACTIVE list does.

Indexes: ix_application_stage_reached (stage_reached, answered_by_stage,
first_answer_at) answers the funnel and the answered count from the index alone;
ix_application_first_answer (first_answer_at, answer_seconds, stage_reached; partial,
first_answer_at IS NOT NULL) the days from applying to a first answer; ix_interview_application_id_starts_at (application_id,
starts_at, created_at) a page's last touch and its unanswered check-ins.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from db.migrations.dialect import drop_pg_trigger, moment, on_postgres, pg_trigger

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Frozen here (db.cadence.STAGE_ORDER and ENGAGED_STAGES + rejected at the time).
RANK = (
    "CASE {col} WHEN 'wishlist' THEN 0 WHEN 'applied' THEN 1 WHEN 'screening' THEN 2 "
    "WHEN 'interviewing' THEN 3 WHEN 'offer' THEN 4 WHEN 'accepted' THEN 5 END"
)
ANSWERED = "('screening', 'interviewing', 'offer', 'accepted', 'rejected')"

REACHED = f"""
    UPDATE application SET
        stage_reached = max(
            coalesce({RANK.format(col="stage")},
                     CASE WHEN stage = 'withdrawn' AND applied_on IS NULL THEN 0 ELSE 1 END),
            coalesce((SELECT max({RANK.format(col="to_stage")}) FROM stage_change
                      WHERE stage_change.application_id = application.id), 0)),
        answered_by_stage = stage IN {ANSWERED} OR EXISTS (
            SELECT 1 FROM stage_change WHERE stage_change.application_id = application.id
            AND to_stage IN {ANSWERED})
    WHERE {{where}}"""

FIRST_ANSWER = """
    UPDATE application SET first_answer_at = (
        SELECT min(at) FROM (
            SELECT application.first_reply_at AS at
            UNION ALL SELECT min(starts_at, created_at) FROM interview
            WHERE interview.application_id = application.id))
    WHERE {where};
    UPDATE application SET answer_seconds =
        strftime('%s', first_answer_at) - strftime('%s', applied_on)
    WHERE {where}"""


def refresh(statement: str, which: str) -> str:
    return statement.format(where=f"id = {which}")


TRIGGERS = {
    "application_answers_insert": f"""
        CREATE TRIGGER application_answers_insert AFTER INSERT ON application
        BEGIN {refresh(REACHED, "NEW.id")}; {refresh(FIRST_ANSWER, "NEW.id")}; END""",
    "application_reached_update": f"""
        CREATE TRIGGER application_reached_update AFTER UPDATE OF stage, applied_on
        ON application
        BEGIN {refresh(REACHED, "NEW.id")}; END""",
    "application_first_answer_update": f"""
        CREATE TRIGGER application_first_answer_update AFTER UPDATE OF first_reply_at, applied_on
        ON application
        BEGIN {refresh(FIRST_ANSWER, "NEW.id")}; END""",
    "stage_change_reached_insert": f"""
        CREATE TRIGGER stage_change_reached_insert AFTER INSERT ON stage_change
        BEGIN {refresh(REACHED, "NEW.application_id")}; END""",
    "stage_change_reached_delete": f"""
        CREATE TRIGGER stage_change_reached_delete AFTER DELETE ON stage_change
        BEGIN {refresh(REACHED, "OLD.application_id")}; END""",
    "stage_change_reached_update": f"""
        CREATE TRIGGER stage_change_reached_update AFTER UPDATE OF to_stage, application_id
        ON stage_change
        BEGIN
            {refresh(REACHED, "OLD.application_id")};
            {refresh(REACHED, "NEW.application_id")};
        END""",
    "interview_first_answer_insert": f"""
        CREATE TRIGGER interview_first_answer_insert AFTER INSERT ON interview
        BEGIN {refresh(FIRST_ANSWER, "NEW.application_id")}; END""",
    "interview_first_answer_delete": f"""
        CREATE TRIGGER interview_first_answer_delete AFTER DELETE ON interview
        BEGIN {refresh(FIRST_ANSWER, "OLD.application_id")}; END""",
    "interview_first_answer_update": f"""
        CREATE TRIGGER interview_first_answer_update
        AFTER UPDATE OF starts_at, created_at, application_id ON interview
        BEGIN
            {refresh(FIRST_ANSWER, "OLD.application_id")};
            {refresh(FIRST_ANSWER, "NEW.application_id")};
        END""",
}


# PostgreSQL: the same two refreshes in PL/pgSQL (GREATEST and LEAST for SQLite's
# two-argument max and min; whole seconds from extract(epoch) as SQLite counts them,
# applied_on read as midnight UTC), one trigger function per table, for the old and the
# new row.
PG_REACHED = REACHED.replace("max(\n", "GREATEST(\n", 1)
PG_FIRST_ANSWER = (
    FIRST_ANSWER.replace("min(starts_at, created_at)", "LEAST(starts_at, created_at)")
    .replace(
        "WHERE interview.application_id = application.id))",
        "WHERE interview.application_id = application.id) AS answers)",
    )
    .replace(
        "strftime('%s', first_answer_at) - strftime('%s', applied_on)",
        # As SQLite's strftime('%s') counts: the time rounded to the millisecond (half
        # up), then whole seconds rounded down (a cast alone would round the seconds).
        "CAST(floor(floor(extract(epoch FROM first_answer_at - (applied_on::timestamp AT"
        " TIME ZONE 'UTC')) * 1000 + 0.5) / 1000) AS integer)",
    )
)


def pg_refresh(statement: str, which: str) -> str:
    return statement.format(where=f"id = {which}") + ";"


PG_TRIGGERS = {
    "application_answers": (
        "AFTER INSERT OR UPDATE OF stage, applied_on, first_reply_at",
        "application",
        # Only when a column it reads changed (an UPDATE of the derived columns below
        # fires no trigger: they are not in the list).
        f"""
        IF TG_OP = 'INSERT' OR NEW.stage IS DISTINCT FROM OLD.stage
           OR NEW.applied_on IS DISTINCT FROM OLD.applied_on THEN
            {pg_refresh(PG_REACHED, "NEW.id")}
        END IF;
        IF TG_OP = 'INSERT' OR NEW.first_reply_at IS DISTINCT FROM OLD.first_reply_at
           OR NEW.applied_on IS DISTINCT FROM OLD.applied_on THEN
            {pg_refresh(PG_FIRST_ANSWER, "NEW.id")}
        END IF;""",
    ),
    "stage_change_reached": (
        "AFTER INSERT OR DELETE OR UPDATE OF to_stage, application_id",
        "stage_change",
        f"""
        IF TG_OP <> 'INSERT' THEN {pg_refresh(PG_REACHED, "OLD.application_id")} END IF;
        IF TG_OP <> 'DELETE' THEN {pg_refresh(PG_REACHED, "NEW.application_id")} END IF;""",
    ),
    "interview_first_answer": (
        "AFTER INSERT OR DELETE OR UPDATE OF starts_at, created_at, application_id",
        "interview",
        f"""
        IF TG_OP <> 'INSERT' THEN {pg_refresh(PG_FIRST_ANSWER, "OLD.application_id")} END IF;
        IF TG_OP <> 'DELETE' THEN {pg_refresh(PG_FIRST_ANSWER, "NEW.application_id")} END IF;""",
    ),
}


def upgrade() -> None:
    if on_postgres():
        _upgrade_postgres()
        return
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("stage_reached", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("answered_by_stage", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("first_answer_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("answer_seconds", sa.Integer(), nullable=True))
        batch_op.create_index(
            "ix_application_stage_reached",
            ["stage_reached", "answered_by_stage", "first_answer_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_application_first_answer",
            ["first_answer_at", "answer_seconds", "stage_reached"],
            unique=False,
            sqlite_where=sa.text("first_answer_at IS NOT NULL"),
        )
    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interview_application_id_starts_at",
            ["application_id", "starts_at", "created_at"],
            unique=False,
        )
    # Right from the start, whatever wrote the file before.
    op.execute(REACHED.format(where="1"))
    for statement in FIRST_ANSWER.format(where="1").split(";"):
        op.execute(statement)
    for sql in TRIGGERS.values():
        op.execute(sql)


def _upgrade_postgres() -> None:
    op.add_column(
        "application",
        sa.Column("stage_reached", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column(
        "application",
        sa.Column("answered_by_stage", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("application", sa.Column("first_answer_at", moment(), nullable=True))
    op.add_column("application", sa.Column("answer_seconds", sa.Integer(), nullable=True))
    op.create_index(
        "ix_application_stage_reached",
        "application",
        ["stage_reached", "answered_by_stage", "first_answer_at"],
    )
    op.create_index(
        "ix_application_first_answer",
        "application",
        ["first_answer_at", "answer_seconds", "stage_reached"],
        postgresql_where=sa.text("first_answer_at IS NOT NULL"),
    )
    op.create_index(
        "ix_interview_application_id_starts_at",
        "interview",
        ["application_id", "starts_at", "created_at"],
    )
    op.execute(PG_REACHED.format(where="true"))
    for statement in PG_FIRST_ANSWER.format(where="true").split(";"):
        op.execute(statement)
    for name, (when, table, body) in PG_TRIGGERS.items():
        pg_trigger(name, when, table, body)


def downgrade() -> None:
    if on_postgres():
        for name, (_, table, _) in PG_TRIGGERS.items():
            drop_pg_trigger(name, table)
        op.drop_index("ix_interview_application_id_starts_at", table_name="interview")
        op.drop_index("ix_application_first_answer", table_name="application")
        op.drop_index("ix_application_stage_reached", table_name="application")
        for column in ("answer_seconds", "first_answer_at", "answered_by_stage", "stage_reached"):
            op.drop_column("application", column)
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.drop_index("ix_interview_application_id_starts_at")
    op.drop_index("ix_application_first_answer", table_name="application")
    op.drop_index("ix_application_stage_reached", table_name="application")
    # In place (SQLite 3.35+): a batch copy of the table would trip over the triggers of
    # 0003 and 0004, which name it.
    for column in ("answer_seconds", "first_answer_at", "answered_by_stage", "stage_reached"):
        op.execute(f"ALTER TABLE application DROP COLUMN {column}")
