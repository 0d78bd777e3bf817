"""Times in words, relative to now in the user's zone (tui/relative.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from db.days import Settings
from tui.relative import describe_due, describe_past

BERLIN = Settings(timezone="Europe/Berlin")


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (utc(2026, 11, 24, 14), "today 15:00"),
        (utc(2026, 11, 25, 8), "tomorrow"),
        (utc(2026, 11, 26, 8), "in 2 days"),
        (utc(2026, 11, 21, 8), "3 days overdue"),
        (utc(2026, 11, 23, 8), "1 day overdue"),
        # Whole units, never rounded up: 16 days is not "a month".
        (utc(2026, 11, 8, 8), "2 weeks overdue"),
        (utc(2026, 9, 15, 8), "2 months overdue"),
        (utc(2026, 12, 10, 8), "in 2 weeks"),
    ],
)
def test_rule_11_due_times_read_relative_in_local_time(due, words) -> None:
    assert describe_due(due, utc(2026, 11, 24, 10, 30), BERLIN) == words


@pytest.mark.parametrize(
    ("at", "words"),
    [
        (utc(2026, 11, 24, 8), "today"),
        (utc(2026, 11, 23, 22, 30), "yesterday"),  # 23:30 in Berlin
        (utc(2026, 11, 23, 23, 30), "today"),  # 00:30 in Berlin: already today there
        (utc(2026, 11, 21, 8), "3 days ago"),
        (utc(2026, 10, 27, 8), "4 weeks ago"),
    ],
)
def test_past_times_read_relative_in_local_time(at, words) -> None:
    assert describe_past(at, utc(2026, 11, 24, 10, 30), BERLIN) == words


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (utc(2026, 11, 24, 14), "due today 15:00"),
        (utc(2026, 11, 25, 8), "due tomorrow"),
        (utc(2026, 11, 26, 8), "due in 2 days"),
        # Mistake 7: the note's header said "due 12 days overdue".
        (utc(2026, 11, 12, 8), "12 days overdue"),
    ],
)
def test_a_due_time_as_a_phrase_of_its_own_never_reads_due_overdue(due, words) -> None:
    from tui.relative import due_phrase  # new with the fix

    assert due_phrase(due, utc(2026, 11, 24, 10, 30), BERLIN) == words
