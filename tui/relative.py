"""Times in words, relative to now in the user's zone: 'today 09:00', 'tomorrow',
'in 2 days', '3 days overdue', 'yesterday', '3 weeks ago'. Words a person reads, so
they live in the interface; the dashboard and `afterview today` share them."""

from __future__ import annotations

import datetime as dt

from db.days import Settings, local_date


def distance(days: int) -> str:
    """'1 day', '12 days', '3 weeks', '2 months': whole units, never rounded up."""
    days = abs(days)
    if days < 14:
        return f"{days} day" + ("s" if days != 1 else "")
    if days < 60:
        return f"{days // 7} weeks"
    months = days // 30
    return f"{months} month" + ("s" if months != 1 else "")


def describe_due(due: dt.datetime, now: dt.datetime, settings: Settings) -> str:
    """'today 09:00', 'tomorrow', 'in 2 days', '3 days overdue'."""
    today, day = local_date(now, settings), local_date(due, settings)
    if day == today:
        return "today " + due.astimezone(settings.zone).strftime("%H:%M")
    if day == today + dt.timedelta(days=1):
        return "tomorrow"
    gap = distance((day - today).days)
    return f"{gap} overdue" if day < today else f"in {gap}"


def due_phrase(due: dt.datetime, now: dt.datetime, settings: Settings) -> str:
    """describe_due as a phrase of its own: 'due today 09:00', 'due tomorrow', 'due in
    2 days', but '12 days overdue' (never 'due 12 days overdue')."""
    words = describe_due(due, now, settings)
    return words if words.endswith("overdue") else f"due {words}"


def describe_past(at: dt.datetime, now: dt.datetime, settings: Settings) -> str:
    """'today', 'yesterday', '3 days ago'."""
    today, day = local_date(now, settings), local_date(at, settings)
    if day >= today:
        return "today"
    if day == today - dt.timedelta(days=1):
        return "yesterday"
    return f"{distance((today - day).days)} ago"
