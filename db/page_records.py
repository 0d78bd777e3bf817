"""The records of what is opened from the dashboard (an application's page, a person,
the stats, a note, the mail review): plain frozen values like db.records', kept apart so
that start-up does not build them (see db.records)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from db.records import ApplicationRow, FollowUpItem


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    title: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    profile_url: str = ""
    preferred_channel: str | None = None
    met_via: str = "other"
    met_on: dt.date | None = None
    notes: str = ""
    last_touched_at: dt.datetime | None = None


@dataclass(frozen=True)
class InterviewRow:
    id: int
    application_id: int
    starts_at: dt.datetime
    minutes: int
    kind: str
    answer_by: dt.date | None
    notes: str
    participants: tuple[ContactRow, ...] = ()


@dataclass(frozen=True)
class ResponseRow:
    id: int
    application_id: int
    contact_name: str | None
    received_at: dt.datetime
    summary: str


@dataclass(frozen=True)
class StageChangeRow:
    from_stage: str | None
    to_stage: str
    changed_at: dt.datetime


@dataclass(frozen=True)
class ApplicationFootprint:
    """What goes with an application when it is deleted."""

    interviews: int
    follow_ups: int
    replies: int
    stage_changes: int


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # stage, interview, follow-up, reply
    text: str
    follow_up_id: int | None = None
    """A follow-up's row: which one (its note read back when sent, or brought back
    when skipped)."""


@dataclass(frozen=True)
class PersonTouch:
    """One touch with a person, for their page: a follow-up (planned, sent or
    skipped; a call is one by phone), an interview they sat on, or a reply from them."""

    at: dt.datetime
    source: str  # follow-up, interview, reply
    kind: str  # the follow-up's or interview's kind; 'reply' for a reply
    company: str = ""
    role: str = ""
    application_id: int | None = None
    follow_up_id: int | None = None
    channel: str = ""
    status: str = ""
    outcome: str | None = None
    note: str = ""
    """A skip's reason, or what the reply said."""
    subject: str = ""
    body: str = ""


@dataclass(frozen=True)
class ApplicationDetail:
    application: ApplicationRow
    stages: tuple[StageChangeRow, ...]
    interviews: tuple[InterviewRow, ...]
    follow_ups: tuple[FollowUpItem, ...]
    responses: tuple[ResponseRow, ...]
    references: tuple[ContactRow, ...]
    timeline: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class Stats:
    funnel: dict[str, int]
    reply_rate: float | None  # applications answered / applications sent
    median_days_to_reply: float | None
    conversion: dict[str, float | None]  # share of applications that reached each stage
    sent_per_week: tuple[tuple[dt.date, int], ...]
    follow_ups_sent: int
    reached: dict[str, int] = field(default_factory=dict)  # how many reached each stage
    step_conversion: dict[str, float | None] = field(default_factory=dict)
    """Of those that reached a stage, the share that reached the next."""
    applied: int = 0  # applications sent (reached applied)
    answered: int = 0  # of those, how many the company answered in any way


@dataclass(frozen=True)
class NoteContext:
    """Everything the note editor needs to draft and check one note."""

    item: FollowUpItem
    recipient_title: str
    interview: InterviewRow | None
    # (recipient name, body) of the notes to the rest of the same panel.
    panel_notes: tuple[tuple[str, str], ...]
    recipient_notes: str = ""
    """The contact's own notes: where and how you met (an event follow-up uses them)."""
    met_on: dt.date | None = None
    reply: str = ""
    """The latest reply's words, for a feedback thanks to quote (else '')."""


@dataclass(frozen=True)
class PanelSeat:
    """One person of an invitation's panel: a contact already, or new (no contact_id)."""

    name: str
    email: str
    contact_id: int | None = None


@dataclass(frozen=True)
class MailProposalRow:
    """A change the mailbox proposes, as the review list and `afterview mail proposals`
    show it: what, about whom and which application, why (evidence), from which message."""

    id: int
    kind: str
    label: str
    evidence: str
    status: str
    folder: str
    subject: str
    excerpt: str
    sent_at: dt.datetime
    sender: str
    recipients: str
    contact_id: int | None = None
    contact_name: str = ""
    application_id: int | None = None
    company: str = ""
    role: str = ""
    follow_up_id: int | None = None
    follow_up_kind: str = ""
    interview_id: int | None = None
    starts_at: dt.datetime | None = None
    """An invitation's (or its update's) time."""
    minutes: int | None = None
    stage: str = ""
    """The stage a rejection or an offer proposes."""
    panel: tuple[PanelSeat, ...] = ()

    @property
    def who(self) -> str:
        """The person it is about: a contact by name, else the message's other side."""
        if self.contact_name:
            return self.contact_name
        return self.recipients if self.folder == "sent" else self.sender

    @property
    def who_name(self) -> str:
        """`who` without the address when there is a name: for a narrow column."""
        name = self.who.partition(" <")[0].strip()
        return name or self.who

    @property
    def application(self) -> str:
        return f"{self.company} · {self.role}" if self.company else ""
