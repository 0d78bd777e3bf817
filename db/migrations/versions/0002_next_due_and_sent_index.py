"""Keep each application's next due time; index sends by time

The Pipeline lists applications by their soonest planned follow-up; at 5,000
applications computing that per query took 35-45 ms, reading a stored column 1 ms.
The stats screen counts sends per week and stages reached, which wanted indexes on
(status, time) and (to_stage, application_id).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from db.migrations.dialect import moment

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_due_at", moment(), nullable=True))
        batch_op.create_index("ix_application_next_due_at", ["next_due_at"], unique=False)
        batch_op.create_index("ix_application_archived_stage", ["archived", "stage"], unique=False)
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(
            "ix_follow_up_status_status_changed_at", ["status", "status_changed_at"], unique=False
        )
    with op.batch_alter_table("stage_change", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stage_change_to_stage_application_id", ["to_stage", "application_id"], unique=False
        )
    op.execute(
        "UPDATE application SET next_due_at = (SELECT min(due_at) FROM follow_up "
        "WHERE follow_up.application_id = application.id AND follow_up.status = 'planned')"
    )


def downgrade() -> None:
    with op.batch_alter_table("stage_change", schema=None) as batch_op:
        batch_op.drop_index("ix_stage_change_to_stage_application_id")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_status_status_changed_at")
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_index("ix_application_archived_stage")
        batch_op.drop_index("ix_application_next_due_at")
        batch_op.drop_column("next_due_at")
