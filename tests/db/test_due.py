"""Due states come from the time and the user's zone, never from the words drawn."""

from __future__ import annotations

import datetime as dt

import pytest

from db.days import Settings
from db.due import DueState, due_state

BERLIN = Settings(timezone="Europe/Berlin")
NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC)  # 11:30 on Tuesday in Berlin


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("due", "state"),
    [
        (utc(2026, 11, 24, 8), DueState.TODAY),  # earlier today: due, not yet overdue
        (utc(2026, 11, 24, 23, 30), DueState.LATER),  # 23:30 UTC is Wednesday in Berlin
        (utc(2026, 11, 23, 23, 30), DueState.TODAY),  # Monday in UTC, Tuesday in Berlin
        (utc(2026, 11, 23, 22, 59), DueState.OVERDUE),  # 23:59 on Monday in Berlin
        (utc(2026, 11, 25, 8), DueState.LATER),
        (utc(2025, 1, 1, 8), DueState.OVERDUE),
    ],
)
def test_due_state_follows_the_users_day(due, state) -> None:
    assert due_state(due, NOW, BERLIN) is state


def test_nothing_due_is_none_or_a_ghosted_hint() -> None:
    assert due_state(None, NOW, BERLIN) is DueState.NONE
    assert due_state(None, NOW, BERLIN, suggest_ghosted=True) is DueState.GHOSTED
    # Something planned wins over the hint: the check-in still goes out.
    assert due_state(utc(2026, 11, 25, 8), NOW, BERLIN, suggest_ghosted=True) is DueState.LATER
