"""How due something is, as a value the screens draw (never read back from a label).

The day is the user's day: a follow-up due at 09:00 is still "today" at 14:00, and one
due yesterday evening is overdue this morning, whatever the hour in UTC.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from db.days import local_date

if TYPE_CHECKING:
    from db.days import Settings


class DueState(enum.Enum):
    OVERDUE = "overdue"
    """Due on a day before today."""
    TODAY = "today"
    """Due today, earlier or later than now."""
    LATER = "later"
    """Due on a day after today."""
    NONE = "none"
    """Nothing planned."""
    GHOSTED = "ghosted?"
    """Nothing planned, and the check-ins went unanswered: maybe mark it ghosted."""


def due_state(
    due_at: dt.datetime | None,
    now: dt.datetime,
    settings: Settings,
    *,
    suggest_ghosted: bool = False,
) -> DueState:
    """Where `due_at` falls against today in the user's zone; with nothing due, GHOSTED
    when the application looks ghosted, else NONE."""
    if due_at is None:
        return DueState.GHOSTED if suggest_ghosted else DueState.NONE
    day, today = local_date(due_at, settings), local_date(now, settings)
    if day < today:
        return DueState.OVERDUE
    return DueState.TODAY if day == today else DueState.LATER
