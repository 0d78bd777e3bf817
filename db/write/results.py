"""What each service hands back: data, never words. The interface (tui.words) turns
these into the line a person reads; tests assert on the fields.

Planned follow-ups are `FollowUpItem`s (kind, contact id and name, due time, ...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from db.records import FollowUpItem


@dataclass(frozen=True)
class Sent:
    """A follow-up marked sent (or a call logged with its outcome)."""

    follow_up_id: int
    kind: str
    contact_name: str
    company: str = ""
    outcome: str | None = None
    reached: bool = False
    """A call that reached them: that is their reply, and the other check-ins end."""
    planned: tuple[FollowUpItem, ...] = ()
    next_up: FollowUpItem | None = None
    """Nothing new planned: the application's next planned follow-up, if any."""
    unanswered: int = 0
    """Check-ins sent to the company since it last answered."""
    suggest_ghosted: bool = False
    skipped: int = 0


@dataclass(frozen=True)
class Snoozed:
    item: FollowUpItem
    """The follow-up, at its new due time."""

    @property
    def planned(self) -> tuple[FollowUpItem, ...]:
        return (self.item,)


@dataclass(frozen=True)
class Skipped:
    follow_up_id: int
    kind: str
    contact_name: str
    replied: bool = False
    """Skipped because they replied already: kept as their reply."""
    ended: int = 0
    """Other pending check-ins that reply ended."""


@dataclass(frozen=True)
class StageMoved:
    application_id: int
    company: str
    stage: str
    changed: bool = True
    """False when the application was already at that stage (nothing done)."""
    planned: tuple[FollowUpItem, ...] = ()
    skipped: int = 0
    """Pending follow-ups the move made pointless, now skipped."""
    response_id: int | None = None
    """The reply the move recorded, when it is the company answering (an offer, a
    rejection): it counts in the reply rate; undoing the move should remove it."""


@dataclass(frozen=True)
class InterviewLogged:
    interview_id: int
    application_id: int
    company: str
    thanked: tuple[str, ...]
    """The panel's names, in order: each gets a thank-you."""
    planned: tuple[FollowUpItem, ...] = ()
    skipped: int = 0
    """Older planned check-ins the new one replaces."""
    moved_to: str | None = None
    """The stage the interview moved the application to, if it moved."""


@dataclass(frozen=True)
class InterviewMoved:
    interview_id: int
    application_id: int
    company: str
    was: dt.datetime
    """The old start."""
    starts_at: dt.datetime
    planned: tuple[FollowUpItem, ...] = ()
    """Its planned thank-yous and check-in, at their new due times."""


@dataclass(frozen=True)
class InterviewCancelled:
    interview_id: int
    application_id: int
    company: str
    starts_at: dt.datetime
    skipped: int = 0
    """Planned thank-yous for it, now skipped."""


@dataclass(frozen=True)
class ReplyRecorded:
    application_id: int
    company: str
    skipped: int = 0
    """Pending check-ins the reply made pointless."""
    planned: tuple[FollowUpItem, ...] = ()
    """What the reply planned: a thank-you for the feedback when it answers a feedback
    request, and the check-in after the day they said they would decide by."""


@dataclass(frozen=True)
class ReferenceAdded:
    application_id: int
    contact_id: int
    planned: tuple[FollowUpItem, ...] = ()


# --- follow-ups by hand -----------------------------------------------------------------


@dataclass(frozen=True)
class Replanned:
    """A follow-up planned by hand, rescheduled, or brought back from skipped: it keeps
    the day it was given, and the same person's other discretionary follow-ups moved
    later where the gap between touches asked for it."""

    item: FollowUpItem
    moved: tuple[FollowUpItem, ...] = ()
    """Others to the same person, at their new due times."""

    @property
    def planned(self) -> tuple[FollowUpItem, ...]:
        return (self.item,)


@dataclass(frozen=True)
class PlannedByHand(Replanned):
    pass


@dataclass(frozen=True)
class Rescheduled(Replanned):
    channel_changed: bool = False


@dataclass(frozen=True)
class BroughtBack(Replanned):
    pass


# --- undo -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowChange:
    """One row an action wrote: `before` is empty for a row it added (undo removes it);
    `after` holds the columns as the action left them, which undo checks are still so."""

    table: str
    row_id: int
    before: Mapping[str, Any]
    after: Mapping[str, Any]

    @property
    def added(self) -> bool:
        return not self.before


@dataclass(frozen=True)
class Changes:
    """Everything one action wrote, row by row (db.write.undo keeps the record)."""

    rows: tuple[RowChange, ...]
    skipped: tuple[FollowUpItem, ...] = ()
    """Follow-ups the action skipped (as they were before it)."""
    planned: tuple[FollowUpItem, ...] = ()
    """Follow-ups the action added."""


@dataclass(frozen=True)
class Undoable:
    """An action's own result, with what it wrote: enough to undo it later."""

    result: Any
    changes: Changes


@dataclass(frozen=True)
class Undone:
    """The last action, taken back."""

    undone: Any
    """What the action had returned (StageMoved, Sent, ...)."""
    stage: str | None = None
    """The stage the application is back at, when the action had moved it."""
    planned_again: tuple[FollowUpItem, ...] = ()
    """Follow-ups back to planned (skipped or sent by the action), at their due times."""
    removed: int = 0
    """Follow-ups the action had planned, now gone again."""


@dataclass(frozen=True)
class Archived:
    """An application archived (out of the active Pipeline) or restored to it."""

    application_id: int
    company: str
    role: str
    archived: bool


@dataclass(frozen=True)
class Deleted:
    """An application deleted, with what went with it (its people stay)."""

    company: str
    role: str
    interviews: int = 0
    follow_ups: int = 0
    replies: int = 0


# --- the mailbox --------------------------------------------------------------------------


@dataclass(frozen=True)
class MailAccepted:
    """A mail proposal accepted: `done` is what the service run by hand returns (Sent,
    ReplyRecorded, StageMoved, InterviewLogged, InterviewMoved, InterviewCancelled), or
    None for the cancellation of an invitation that was never logged."""

    proposal_id: int
    kind: str
    label: str
    done: Any
    new_contacts: tuple[str, ...] = ()
    """People of the panel who were not contacts yet, added first."""
    settled: int = 0
    """Other proposals this decision settled (the reply a rejection's move keeps, the
    pending invitation a cancellation calls off)."""


@dataclass(frozen=True)
class MailDismissed:
    proposal_id: int
    kind: str
    label: str
