"""The tables of Afterview as SQLAlchemy 2 typed models (what they share is in
db/model_base.py, the counts triggers keep in db/derived.py; both are imported from
here too, so that one import registers every table).

Every timestamp is stored as naive UTC text by SQLite and as timestamptz by
PostgreSQL; `UTCDateTime` converts at the edge so that Python code only ever sees
time-zone aware UTC datetimes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.cadence import ACTIVE_STAGES
from db.derived import AnswerWait, ApplicationTally, PlannedHour, SentHour  # noqa: F401
from db.enums import Channel, InterviewKind, Kind, MetVia, Outcome, Stage, Status  # noqa: F401
from db.model_base import NAMING, Base, Timestamped, UTCDateTime, utcnow  # noqa: F401


class Company(Timestamped, Base):
    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String, unique=True)
    website: Mapped[str] = mapped_column(String, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    applications: Mapped[list[Application]] = relationship(back_populates="company")


class Application(Timestamped, Base):
    __tablename__ = "application"
    __table_args__ = (
        # Counts per stage for the funnel, from the index alone.
        Index("ix_application_archived_stage", "archived", "stage"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String)
    stage: Mapped[str] = mapped_column(String(20), default=Stage.WISHLIST.value, index=True)
    source: Mapped[str] = mapped_column(String, default="")
    link: Mapped[str] = mapped_column(String, default="")
    location: Mapped[str] = mapped_column(String, default="")
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # Derived: the soonest planned follow-up, kept by triggers on follow_up (migration
    # 0004) for every writer, so the Pipeline page is one index scan.
    next_due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    # Derived: the first reply's time, kept by triggers on response (migration 0003).
    first_reply_at: Mapped[dt.datetime | None] = mapped_column()
    # Derived, kept by triggers (migration 0007) for the stats screen: how far along the
    # funnel it got (a rank in cadence.STAGE_ORDER), whether its stage says the company
    # answered, its first dated answer (a reply or an interview) and how long after
    # applying that came.
    stage_reached: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    answered_by_stage: Mapped[bool] = mapped_column(Boolean, server_default=false())
    first_answer_at: Mapped[dt.datetime | None] = mapped_column()
    answer_seconds: Mapped[int | None] = mapped_column(Integer)  # applied_on to first answer
    company: Mapped[Company] = relationship(back_populates="applications")
    stage_changes: Mapped[list[StageChange]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="StageChange.id"
    )
    interviews: Mapped[list[Interview]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )


# The Pipeline page: active applications, soonest next follow-up first, newest first on
# a tie, read in order off this partial index (db.read.pipeline names it).
Index(
    "ix_application_active_next_due",
    Application.next_due_at,
    Application.id.desc(),
    sqlite_where=text(
        "archived = 0 AND stage IN (" + ", ".join(f"'{s}'" for s in ACTIVE_STAGES) + ")"
    ),
    postgresql_where=text(
        "NOT archived AND stage IN (" + ", ".join(f"'{s}'" for s in ACTIVE_STAGES) + ")"
    ),
)


# Stats: days from applying to the first reply, from this index alone.
Index(
    "ix_application_first_reply",
    Application.first_reply_at,
    Application.applied_on,
    sqlite_where=text("first_reply_at IS NOT NULL"),
    postgresql_where=text("first_reply_at IS NOT NULL"),
)

# Stats: the funnel and the answered count from the first index alone; days from
# applying to the first answer from the second (migration 0007).
Index(
    "ix_application_stage_reached",
    Application.stage_reached,
    Application.answered_by_stage,
    Application.first_answer_at,
)
Index(
    "ix_application_first_answer",
    Application.first_answer_at,
    Application.answer_seconds,
    Application.stage_reached,
    sqlite_where=text("first_answer_at IS NOT NULL"),
    postgresql_where=text("first_answer_at IS NOT NULL"),
)


class StageChange(Base):
    __tablename__ = "stage_change"
    # Stats: how many applications ever reached each stage, from the index alone.
    __table_args__ = (
        Index("ix_stage_change_to_stage_application_id", "to_stage", "application_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    application: Mapped[Application] = relationship(back_populates="stage_changes")


class Contact(Timestamped, Base):
    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String, index=True)
    title: Mapped[str] = mapped_column(String, default="")
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("company.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String, default="")
    phone: Mapped[str] = mapped_column(String, default="")
    profile_url: Mapped[str] = mapped_column(String, default="")
    preferred_channel: Mapped[str | None] = mapped_column(String(20))
    met_via: Mapped[str] = mapped_column(String(20), default=MetVia.OTHER.value)
    met_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    last_touched_at: Mapped[dt.datetime | None] = mapped_column()
    company: Mapped[Company | None] = relationship()


interview_participant = Table(
    "interview_participant",
    Base.metadata,
    Column("interview_id", ForeignKey("interview.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
    Column("position", Integer, nullable=False, default=0),
)


class Interview(Base):
    __tablename__ = "interview"
    __table_args__ = (
        # A page's last touch and unanswered check-ins without the table (migration 0007).
        Index("ix_interview_application_id_starts_at", "application_id", "starts_at", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[dt.datetime] = mapped_column()
    minutes: Mapped[int] = mapped_column(Integer, default=60)
    kind: Mapped[str] = mapped_column(String(20), default=InterviewKind.VIDEO.value)
    answer_by: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    application: Mapped[Application] = relationship(back_populates="interviews")
    participants: Mapped[list[Contact]] = relationship(
        secondary=interview_participant, order_by=interview_participant.c.position
    )


class Reference(Base):
    __tablename__ = "reference"
    __table_args__ = (UniqueConstraint("application_id", "contact_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))


class FollowUp(Timestamped, Base):
    __tablename__ = "follow_up"
    __table_args__ = (
        # Today's list: equality on status, range on due_at, in (due_at, id) order.
        Index("ix_follow_up_status_due_at_id", "status", "due_at", "id"),
        Index("ix_follow_up_contact_id_due_at", "contact_id", "due_at"),
        Index("ix_follow_up_application_id_status_due_at", "application_id", "status", "due_at"),
        # Sends per week on the stats screen: equality on status, range on the time.
        Index("ix_follow_up_status_status_changed_at", "status", "status_changed_at"),
        # Last touch and unanswered check-ins for a Pipeline page, from the index alone.
        Index(
            "ix_follow_up_application_id_status_kind_status_changed_at",
            "application_id",
            "status",
            "kind",
            "status_changed_at",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE")
    )
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interview.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    channel: Mapped[str] = mapped_column(String(20), default=Channel.EMAIL.value)
    due_at: Mapped[dt.datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(10), default=Status.PLANNED.value)
    status_changed_at: Mapped[dt.datetime | None] = mapped_column()
    snoozed_until: Mapped[dt.datetime | None] = mapped_column()
    subject: Mapped[str] = mapped_column(String, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String, default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    """Raised by a trigger (migration 0005) each time due_at or status changes: the
    calendar export's SEQUENCE, so a calendar takes the new time or the cancellation."""
    contact: Mapped[Contact] = relationship()
    application: Mapped[Application | None] = relationship()


class Response(Base):
    __tablename__ = "response"
    # First reply per application (stats), from the index alone.
    __table_args__ = (
        Index("ix_response_application_id_received_at", "application_id", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    received_at: Mapped[dt.datetime] = mapped_column()
    summary: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """User preferences (cadence defaults, theme) kept with the data they shape."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class MailFolder(Base):
    """Where the last sync of one mailbox folder stopped (migration 0006). A changed
    uidvalidity means the server renumbered the folder: start again from the look-back."""

    __tablename__ = "mail_folder"
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(10), unique=True)  # "inbox" or "sent"
    name: Mapped[str] = mapped_column(String)  # the server's name, e.g. "Sent Items"
    uidvalidity: Mapped[int | None] = mapped_column(Integer)
    last_uid: Mapped[int] = mapped_column(Integer, default=0)
    synced_at: Mapped[dt.datetime | None] = mapped_column()


class MailMessage(Base):
    """One message the sync found about a known person or company: only these fields are
    kept (README lists them); never the whole body, never an attachment."""

    __tablename__ = "mail_message"
    __table_args__ = (UniqueConstraint("folder_id", "uid"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    folder_id: Mapped[int] = mapped_column(ForeignKey("mail_folder.id", ondelete="CASCADE"))
    uid: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[str] = mapped_column(String, default="", index=True)
    in_reply_to: Mapped[str] = mapped_column(String, default="")
    sent_at: Mapped[dt.datetime] = mapped_column()
    sender: Mapped[str] = mapped_column(String, default="")  # "Name <addr>"
    recipients: Mapped[str] = mapped_column(Text, default="")  # "Name <addr>, ..."
    subject: Mapped[str] = mapped_column(String, default="")
    excerpt: Mapped[str] = mapped_column(Text, default="")  # at most ~500 characters


class MailProposal(Base):
    """A change the sync proposes, waiting for the user: accepted (the same service as by
    hand runs) or dismissed (and never proposed again: one row per message and kind)."""

    __tablename__ = "mail_proposal"
    __table_args__ = (
        UniqueConstraint("message_id", "kind"),
        Index("ix_mail_proposal_status", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("mail_message.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))  # db.mail.facts.ProposalKind
    label: Mapped[str] = mapped_column(String, default="")  # ReplyClass for a reply
    evidence: Mapped[str] = mapped_column(Text, default="")  # one reason per line
    payload: Mapped[str] = mapped_column(Text, default="{}")  # JSON: times, attendees...
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_up.id", ondelete="SET NULL")
    )
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interview.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column()
