"""Days and moments typed into the forms: "today 14:00", "yesterday", "2026-11-24".

`db.dates.parse_day` reads days from today onwards (snoozing looks ahead). The forms
also record what already happened (an application sent, an interview held, a reply
received), so these helpers add the past forms first and hand the rest to it.
"""

from __future__ import annotations

import datetime as dt
import re

from db.dates import DateNotUnderstood, parse_day

_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_AGO = re.compile(r"^(\d{1,3}) (day|days|week|weeks) ago$")
_TIME = re.compile(r"^(?:(.*?)\s+)?(?:at\s+)?(\d{1,2})[:.](\d{2})$")


def _normal(text: str) -> str:
    return " ".join((text or "").strip().lower().split())


def _past(raw: str, today: dt.date) -> dt.date | None:
    if raw == "yesterday":
        return today - dt.timedelta(days=1)
    if m := _AGO.fullmatch(raw):
        n = int(m.group(1)) * (7 if m.group(2).startswith("week") else 1)
        return today - dt.timedelta(days=n)
    return None


def parse_past_day(text: str, today: dt.date) -> dt.date | None:
    """A day that has already come: ISO, "today", "yesterday", "3 days ago"; "" is None."""
    raw = _normal(text)
    if not raw:
        return None
    if raw == "today":
        return today
    if (day := _past(raw, today)) is not None:
        return day
    if _ISO.match(raw):
        return parse_day(raw, today)  # says "... is not a real date" for 2026-02-30
    raise DateNotUnderstood("Type a date as YYYY-MM-DD, 'today', 'yesterday' or '3 days ago'")


def parse_any_day(text: str, today: dt.date) -> dt.date:
    """A day either side of today: the past forms above, then whatever parse_day reads."""
    raw = _normal(text)
    return _past(raw, today) or parse_day(raw, today)


def parse_moment(
    text: str,
    today: dt.date,
    zone: dt.tzinfo,
    now: dt.datetime | None = None,
    *,
    default_time: dt.time | None = None,
) -> dt.datetime:
    """An aware time in the user's zone from "today 14:00", "2026-11-24 9:30", "now";
    a day alone is read at `default_time` when one is given."""
    raw = _normal(text)
    if raw == "now" and now is not None:
        return now.astimezone(zone)
    m = _TIME.fullmatch(raw)
    if m is None and default_time is not None:
        return dt.datetime.combine(parse_any_day(raw, today), default_time, tzinfo=zone)
    if m is None:
        raise DateNotUnderstood(
            "Type a day and a time, such as 'today 14:00', 'tomorrow 10:30' or '2026-11-24 14:00'"
        )
    day_text, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3))
    if hours > 23 or minutes > 59:
        raise DateNotUnderstood(f"{m.group(2)}:{m.group(3)} is not a time of day")
    day = parse_any_day(day_text or "today", today)
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=zone)
