"""Plain frozen values the read side (and some services) hand out; no Session ever
leaves db/. Here, what the dashboard's first frame shows (the Today and Pipeline lists,
the mail waiting); the records of the pages opened from it are in db.page_records, made
only when one is first needed: a frozen dataclass takes ~1.3 ms to build, and start-up
built eighteen of them (~19 ms) to use six."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
class MailCounts:
    pending: int = 0
    """Proposals waiting for review (the badge)."""
    replies: int = 0
    sent: int = 0
    invitations: int = 0
    """Interviews, moves and cancellations together."""
