"""mail_folder, mail_message, mail_proposal: what a read-only mailbox sync keeps.

Only the fields a proposal needs are stored (README, "What the mail sync keeps");
`afterview mail forget` empties all three tables.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from db.migrations.dialect import moment

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_folder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("uidvalidity", sa.Integer(), nullable=True),
        sa.Column("last_uid", sa.Integer(), nullable=False),
        sa.Column("synced_at", moment(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_folder")),
        sa.UniqueConstraint("role", name=op.f("uq_mail_folder_role")),
    )
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("folder_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("in_reply_to", sa.String(), nullable=False),
        sa.Column("sent_at", moment(), nullable=False),
        sa.Column("sender", sa.String(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["folder_id"],
            ["mail_folder.id"],
            name=op.f("fk_mail_message_folder_id_mail_folder"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
        sa.UniqueConstraint("folder_id", "uid", name=op.f("uq_mail_message_folder_id")),
    )
    op.create_index(
        op.f("ix_mail_message_message_id"), "mail_message", ["message_id"], unique=False
    )
    op.create_table(
        "mail_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("follow_up_id", sa.Integer(), nullable=True),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", moment(), nullable=False),
        sa.Column("decided_at", moment(), nullable=True),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["mail_message.id"],
            name=op.f("fk_mail_proposal_message_id_mail_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_mail_proposal_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_mail_proposal_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_up.id"],
            name=op.f("fk_mail_proposal_follow_up_id_follow_up"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f("fk_mail_proposal_interview_id_interview"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_proposal")),
        sa.UniqueConstraint("message_id", "kind", name=op.f("uq_mail_proposal_message_id")),
    )
    op.create_index("ix_mail_proposal_status", "mail_proposal", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_mail_proposal_status", table_name="mail_proposal")
    op.drop_table("mail_proposal")
    op.drop_index(op.f("ix_mail_message_message_id"), table_name="mail_message")
    op.drop_table("mail_message")
    op.drop_table("mail_folder")
