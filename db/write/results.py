"""What each service hands back: data, never words. The interface (tui.words) turns
these into the line a person reads; tests assert on the fields.

Planned follow-ups are `FollowUpItem`s (kind, contact id and name, due time, ...).
"""

from __future__ import annotations

from dataclasses import dataclass

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
class ReplyRecorded:
    application_id: int
    company: str
    skipped: int = 0
    """Pending check-ins the reply made pointless."""
    planned: tuple[FollowUpItem, ...] = ()
    """The check-in after the day they said they would decide by, if they gave one."""


@dataclass(frozen=True)
class ReferenceAdded:
    application_id: int
    contact_id: int
    planned: tuple[FollowUpItem, ...] = ()
