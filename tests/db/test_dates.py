"""The three date readers: a day typed, a moment in the past, a day in the future.

Today is Tuesday 24 November 2026, 10:30 UTC, like the rest of the suite."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from db.dates import (
    DateNotUnderstood,
    future_day,
    past_moment,
    shown_day,
    shown_moment,
    typed_day,
    written_day,
)

TUE = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC)
BERLIN = ZoneInfo("Europe/Berlin")


# --- typed_day ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-20", dt.date(2026, 11, 20)),
        ("16 Nov", dt.date(2026, 11, 16)),
        ("16 november 2025", dt.date(2025, 11, 16)),
        ("last monday", dt.date(2026, 11, 23)),
        ("monday", dt.date(2026, 11, 23)),  # when something happened: the one just gone
        ("today", TUE),
        ("yesterday", dt.date(2026, 11, 23)),
        ("tomorrow", dt.date(2026, 11, 25)),
        ("3 days ago", dt.date(2026, 11, 21)),
        ("2 weeks ago", dt.date(2026, 11, 10)),
        ("  Yesterday  ", dt.date(2026, 11, 23)),
    ],
)
def test_typed_day_reads_what_people_type(text, day):
    assert typed_day(text, TUE) == day


def test_typed_day_honours_the_date_order():
    assert typed_day("12/01", TUE, "mdy", prefer="future") == dt.date(2026, 12, 1)
    assert typed_day("12/01", TUE, "dmy", prefer="future") == dt.date(2027, 1, 12)
    assert typed_day("12/01", TUE, "dmy") == dt.date(2026, 1, 12)  # the past: this January
    assert typed_day("03/04/2026", TUE, "mdy") == dt.date(2026, 3, 4)
    assert typed_day("03/04/2026", TUE, "dmy") == dt.date(2026, 4, 3)


def test_typed_day_leaning_to_the_future_reads_weekdays_and_months_ahead():
    assert typed_day("friday", TUE, prefer="future") == dt.date(2026, 11, 27)
    assert typed_day("5 Jan", TUE, prefer="future") == dt.date(2027, 1, 5)
    assert typed_day("3 days ago", TUE, prefer="future") == dt.date(2026, 11, 21)  # as said


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2026-02-30", "not a real date"),
        ("31/04/2026", "not a real date"),
        ("next year", "type YYYY-MM-DD"),  # a year is not a day
        ("someday", "type YYYY-MM-DD, '16 Nov', 'last monday'"),
        ("", "Type a date, such as YYYY-MM-DD"),
    ],
)
def test_typed_day_says_what_to_type(text, says):
    with pytest.raises(DateNotUnderstood, match=says):
        typed_day(text, TUE)


def test_a_long_text_is_cut_in_the_message():
    with pytest.raises(DateNotUnderstood) as caught:
        typed_day("x" * 5_000, TUE)
    assert len(str(caught.value)) < 200 and "…" in str(caught.value)


def test_written_day_reads_a_file_date_or_returns_none():
    assert written_day("Tuesday, 24 November 2026", None) == TUE
    assert written_day("24.11.2026", "mdy") == TUE  # dots: always day first
    assert written_day("16 Nov", "dmy") is None  # no year: not a file date
    with pytest.raises(DateNotUnderstood, match="not a real date"):
        written_day("30 Feb 2026", "dmy")


# --- past_moment --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("monday 9:00", dt.datetime(2026, 11, 23, 9, 0)),  # typed on Tuesday: yesterday
        ("last friday 14:00", dt.datetime(2026, 11, 20, 14, 0)),
        ("today 2pm", dt.datetime(2026, 11, 24, 14, 0)),
        ("yesterday 3pm", dt.datetime(2026, 11, 23, 15, 0)),
        ("3pm yesterday", dt.datetime(2026, 11, 23, 15, 0)),
        ("yesterday at 10:30", dt.datetime(2026, 11, 23, 10, 30)),
        ("friday 12am", dt.datetime(2026, 11, 20, 0, 0)),
        ("today 9.15", dt.datetime(2026, 11, 24, 9, 15)),
        ("2026-11-24 9:30", dt.datetime(2026, 11, 24, 9, 30)),
        ("16 Nov 14:00", dt.datetime(2026, 11, 16, 14, 0)),
        ("14:00", dt.datetime(2026, 11, 24, 14, 0)),  # a time alone is today
    ],
)
def test_past_moment_reads_when_something_happened(text, moment):
    assert past_moment(text, NOW, BERLIN) == moment.replace(tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        # Typed on Tuesday at 11:30 (Berlin): a weekday is the latest such moment gone.
        ("tuesday 9:00", dt.datetime(2026, 11, 24, 9, 0)),  # this morning, not last week
        ("tue 11:30", dt.datetime(2026, 11, 24, 11, 30)),  # this very minute
        ("tuesday 14:00", dt.datetime(2026, 11, 17, 14, 0)),  # not yet today: last week
        ("last tuesday 9:00", dt.datetime(2026, 11, 17, 9, 0)),  # 'last' is never today
        ("on mon 9am", dt.datetime(2026, 11, 23, 9, 0)),
        ("sunday 10:00", dt.datetime(2026, 11, 22, 10, 0)),
        ("wednesday 9:00", dt.datetime(2026, 11, 18, 9, 0)),
    ],
)
def test_past_moment_reads_a_weekday_backwards_to_today_at_most(text, moment):
    assert past_moment(text, NOW, BERLIN) == moment.replace(tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2026-11-23T09:00", dt.datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)),
        ("2026-11-23 09:00:00", dt.datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)),
        ("2026-11-23T09:00:00Z", dt.datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)),
        ("2026-11-23T09:00+01:00", dt.datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)),
    ],
)
def test_past_moment_reads_plain_iso(text, moment):
    at = past_moment(text, NOW, BERLIN)
    assert at == moment and at.tzinfo is BERLIN  # shown on the user's clock


def test_a_bare_weekday_for_a_past_day_may_be_today():
    assert typed_day("tuesday", TUE) == TUE  # 'applied on: tuesday', typed on a Tuesday
    assert typed_day("last tuesday", TUE) == dt.date(2026, 11, 17)
    assert typed_day("tuesday", TUE, prefer="future") == dt.date(2026, 12, 1)


def test_the_understood_day_is_shown_in_english_with_the_year_when_not_this_one():
    assert shown_day(dt.date(2026, 11, 23), TUE) == "Mon 23 Nov"
    assert shown_day(dt.date(2027, 1, 12), TUE) == "Tue 12 Jan 2027"
    assert shown_moment(dt.datetime(2026, 11, 23, 9, 5), TUE) == "Mon 23 Nov, 09:05"


def test_past_moment_now_and_a_day_alone():
    assert past_moment("now", NOW, BERLIN) == NOW
    assert past_moment("yesterday", NOW, BERLIN, default_time=dt.time(12)) == dt.datetime(
        2026, 11, 23, 12, tzinfo=BERLIN
    )
    # "today" is the user's: at 23:30 UTC it is already Wednesday in Berlin.
    late = dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC)
    assert past_moment("today 1:00", late, BERLIN).date() == dt.date(2026, 11, 25)


def test_past_moment_honours_the_date_order():
    assert past_moment("12/11 9:00", NOW, BERLIN, "dmy").date() == dt.date(2026, 11, 12)
    assert past_moment("11/12 9:00", NOW, BERLIN, "mdy").date() == dt.date(2026, 11, 12)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("yesterday", "Type a day and a time, such as 'today 14:00'"),
        ("", "Type a day and a time"),
        ("today 25:00", "25:00 is not a time of day"),
        ("today 13pm", "13pm is not a time of day"),
        ("2026-02-30 10:00", "not a real date"),
        ("2026-02-30T10:00", "not a real date"),
        ("2026-02-30", "not a real date"),
        ("someday 10:00", "is an unknown date: type YYYY-MM-DD"),
    ],
)
def test_past_moment_says_what_to_type(text, says):
    with pytest.raises(DateNotUnderstood, match=says):
        past_moment(text, NOW, BERLIN)


# --- future_day ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("tomorrow", dt.date(2026, 11, 25)),
        ("in 3 days", dt.date(2026, 11, 27)),
        ("in 2 weeks", dt.date(2026, 12, 8)),
        ("friday", dt.date(2026, 11, 27)),
        ("on fri", dt.date(2026, 11, 27)),
        ("tuesday", dt.date(2026, 12, 1)),  # typed on a Tuesday: next week's
        ("next monday", dt.date(2026, 11, 30)),
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("1 Dec", dt.date(2026, 12, 1)),
        ("next business day", dt.date(2026, 11, 25)),
    ],
)
def test_future_day_reads_a_day_to_come_back(text, day):
    assert future_day(text, TUE) == day


def test_next_business_day_skips_the_weekend():
    assert future_day("next business day", dt.date(2026, 11, 27)) == dt.date(2026, 11, 30)
    assert future_day("next business day", dt.date(2026, 11, 28)) == dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("today", "Tue 24 Nov 2026 is not after today: pick a later day"),
        ("2026-11-01", "is not after today"),
        ("last friday", "is not after today"),
        ("2026-02-30", "not a real date"),
        ("someday", "type 'in 3 days', 'friday', 'next business day' or '2026-12-01'"),
        ("", "Type a date, such as 'in 3 days'"),
    ],
)
def test_future_day_says_what_to_type(text, says):
    with pytest.raises(DateNotUnderstood, match=says):
        future_day(text, TUE)
