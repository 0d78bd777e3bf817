"""application.next_due_at kept by triggers on follow_up, like first_reply_at and
sent_hour (0003): every writer (the app, an import, a restore, another process) keeps
it right without remembering to recompute it.

An insert, a delete, or an update of status, due_at or application_id on a follow-up
sets its application's next_due_at to the soonest planned follow-up's due time (both
applications when a follow-up moves from one to another). Each refresh is one lookup
on ix_follow_up_application_id_status_due_at.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from alembic import op

from db.migrations.dialect import drop_pg_trigger, on_postgres, pg_trigger

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NEXT_DUE = """
    UPDATE application SET next_due_at = (
        SELECT min(due_at) FROM follow_up
        WHERE follow_up.application_id = application.id AND follow_up.status = 'planned')
    WHERE id = {which}.application_id"""

TRIGGERS = {
    "follow_up_next_due_insert": f"""
        CREATE TRIGGER follow_up_next_due_insert AFTER INSERT ON follow_up
        WHEN NEW.application_id IS NOT NULL
        BEGIN {NEXT_DUE.format(which="NEW")}; END""",
    "follow_up_next_due_delete": f"""
        CREATE TRIGGER follow_up_next_due_delete AFTER DELETE ON follow_up
        WHEN OLD.application_id IS NOT NULL
        BEGIN {NEXT_DUE.format(which="OLD")}; END""",
    "follow_up_next_due_update": f"""
        CREATE TRIGGER follow_up_next_due_update
        AFTER UPDATE OF status, due_at, application_id ON follow_up
        WHEN OLD.application_id IS NOT NULL OR NEW.application_id IS NOT NULL
        BEGIN
            {NEXT_DUE.format(which="OLD")};
            {NEXT_DUE.format(which="NEW")};
        END""",
}


# PostgreSQL: the same refresh, for the old and the new application, in PL/pgSQL.
PG_NEXT_DUE = """
    UPDATE application SET next_due_at = (
        SELECT min(due_at) FROM follow_up
        WHERE follow_up.application_id = {which}.application_id AND follow_up.status = 'planned')
    WHERE id = {which}.application_id;"""
PG_TRIGGER = "follow_up_next_due"
PG_WHEN = "AFTER INSERT OR DELETE OR UPDATE OF status, due_at, application_id"
PG_BODY = f"""
    IF TG_OP <> 'INSERT' AND OLD.application_id IS NOT NULL THEN
        {PG_NEXT_DUE.format(which="OLD")}
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.application_id IS NOT NULL THEN
        {PG_NEXT_DUE.format(which="NEW")}
    END IF;"""


def upgrade() -> None:
    if on_postgres():
        pg_trigger(PG_TRIGGER, PG_WHEN, "follow_up", PG_BODY)
    else:
        for sql in TRIGGERS.values():
            op.execute(sql)
    # Right from the start, whatever wrote the file before.
    op.execute(
        "UPDATE application SET next_due_at = (SELECT min(due_at) FROM follow_up "
        "WHERE follow_up.application_id = application.id AND follow_up.status = 'planned')"
    )


def downgrade() -> None:
    if on_postgres():
        drop_pg_trigger(PG_TRIGGER, "follow_up")
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
