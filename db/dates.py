"""Dates a person types: "tomorrow", "in 3 days", "friday", "2026-12-01", "1 Dec"."""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


class DateNotUnderstood(ValueError):
    pass


def parse_day(text: str, today: dt.date) -> dt.date:
    """A day on or after `today` from what a person typed; raises DateNotUnderstood."""
    raw = " ".join((text or "").strip().lower().split())
    if not raw:
        raise DateNotUnderstood("Type a date, such as 'in 3 days', 'friday' or '2026-12-01'")
    if raw == "today":
        return today
    if raw == "tomorrow":
        return today + dt.timedelta(days=1)
    if m := re.fullmatch(r"in (\d{1,3}) (day|days|week|weeks)", raw):
        n = int(m.group(1)) * (7 if m.group(2).startswith("week") else 1)
        return today + dt.timedelta(days=n)
    name = raw.removeprefix("next ").removeprefix("on ")
    for index, day in enumerate(WEEKDAYS):
        if name in (day, day[:3]):
            ahead = (index - today.weekday()) % 7 or 7
            return today + dt.timedelta(days=ahead)
    if ISO.match(raw):
        try:
            return dt.date.fromisoformat("-".join(f"{int(p):02d}" for p in raw.split("-")))
        except ValueError:
            raise DateNotUnderstood(f"{text.strip()} is not a real date") from None
    import dateparser  # slow to import; only for the less common forms

    found = dateparser.parse(
        raw,
        settings={
            "PREFER_DATES_FROM": "future",
            "DATE_ORDER": "DMY",
            "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)),
            "REQUIRE_PARTS": ["day"],
        },
    )
    if found is None:
        raise DateNotUnderstood(
            f"Could not read {text.strip()!r} as a date; try 'in 3 days', 'friday' or '2026-12-01'"
        )
    return found.date()
