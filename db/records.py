"""Plain frozen values the read side (and some services) hand out; no Session ever
leaves db/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    company: str
    role: str
    stage: str
    source: str = ""
    link: str = ""
    location: str = ""
    applied_on: dt.date | None = None
    notes: str = ""
    archived: bool = False
    last_touch: dt.datetime | None = None
    next_due: dt.datetime | None = None
    next_kind: str | None = None
    suggest_ghosted: bool = False


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
class FollowUpItem:
    id: int
    kind: str
    channel: str
    due_at: dt.datetime
    status: str
    contact_id: int
    contact_name: str
    contact_email: str = ""
    contact_phone: str = ""
    company: str = ""
    role: str = ""
    application_id: int | None = None
    interview_id: int | None = None
    subject: str = ""
    body: str = ""
    outcome: str | None = None
    reason: str = ""
    status_changed_at: dt.datetime | None = None
    snoozed_until: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    contact_company: str = ""
    """Where the person works (someone met at an event has no application)."""
    contact_title: str = ""


@dataclass(frozen=True)
class DueList:
    overdue: tuple[FollowUpItem, ...]
    today: tuple[FollowUpItem, ...]
    week: tuple[FollowUpItem, ...]
    counts: tuple[int, int, int] | None = None
    """How many are overdue, due today and later this week in all, when the lists
    stop at a limit before the end; None when they hold every one."""

    @property
    def totals(self) -> tuple[int, int, int]:
        return self.counts or (len(self.overdue), len(self.today), len(self.week))

    @property
    def all(self) -> tuple[FollowUpItem, ...]:
        return self.overdue + self.today + self.week


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


PIPELINE_SORTS = ("next", "touch", "company", "applied")
"""The Pipeline's orders: next follow-up soonest first, latest touch first, company
A to Z, latest applied first."""


@dataclass(frozen=True)
class PipelineView:
    """Which applications the Pipeline lists, and in what order."""

    search: str = ""
    """Words in the company, the role or a person's name (any case)."""
    stage: str | None = None
    """Only this stage; None for every stage of the view."""
    sort: str = "next"
    """One of PIPELINE_SORTS."""
    closed: bool = False
    """Closed and archived applications instead of the active ones."""


@dataclass(frozen=True)
class PipelineSummary:
    counts: dict[str, int]
    active: tuple[ApplicationRow, ...]
    active_total: int
    """How many applications the view lists in all (the rows are one page of them)."""
    view: PipelineView = PipelineView()


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


@dataclass(frozen=True)
class MailCounts:
    pending: int = 0
    """Proposals waiting for review (the badge)."""
    replies: int = 0
    sent: int = 0
    invitations: int = 0
    """Interviews, moves and cancellations together."""
