"""Plain frozen values the read side (and some services) hand out; no Session ever
leaves db/. Here, what the dashboard's first frame shows (the Today and Pipeline lists,
the mail waiting), as NamedTuples: a frozen dataclass takes 0.4-0.9 ms to build here
(six generated methods, each compiled), a NamedTuple ~0.1, and these six are built
before the first frame. The records of the pages opened from the dashboard are frozen
dataclasses in db.page_records, built only when one is first needed. Both are mapped
from rows by column name (db.read.base.mapper); change one with `_replace`."""

import datetime as dt
from typing import NamedTuple


class ApplicationRow(NamedTuple):
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


class FollowUpItem(NamedTuple):
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


class DueList(NamedTuple):
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


class PipelineView(NamedTuple):
    """Which applications the Pipeline lists, and in what order."""

    search: str = ""
    """Words in the company, the role or a person's name (any case)."""
    stage: str | None = None
    """Only this stage; None for every stage of the view."""
    sort: str = "next"
    """One of PIPELINE_SORTS."""
    closed: bool = False
    """Closed and archived applications instead of the active ones."""


class PipelineSummary(NamedTuple):
    counts: dict[str, int]
    active: tuple[ApplicationRow, ...]
    active_total: int
    """How many applications the view lists in all (the rows are one page of them)."""
    view: PipelineView = PipelineView()


class MailCounts(NamedTuple):
    pending: int = 0
    """Proposals waiting for review (the badge)."""
    replies: int = 0
    sent: int = 0
    invitations: int = 0
    """Interviews, moves and cancellations together."""
