"""The line a person reads after an action, composed from what the service did
(db.write.results): who, what, when, in the user's time zone. Names go through
db.names.short_name, so 'Dr. Diana Reyes' reads 'Diana' here as in the drafts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.days import Settings
from db.names import short_name
from db.records import FollowUpItem
from db.write.results import (
    InterviewLogged,
    ReferenceAdded,
    ReplyRecorded,
    Sent,
    Skipped,
    Snoozed,
    StageMoved,
)


def day(at: dt.datetime, settings: Settings) -> str:
    """'Thu 27 Nov', in the user's time zone."""
    import arrow  # English day and month names, whatever the locale

    return arrow.get(at).to(settings.zone).format("ddd D MMM")


def planned(item: FollowUpItem, settings: Settings, verb: str = "planned") -> str:
    """'Check-in with Dana planned for Thu 27 Nov'."""
    who = short_name(item.contact_name)
    return f"{item.kind.capitalize()} with {who} {verb} for {day(item.due_at, settings)}"


def sent(result: Sent, settings: Settings) -> str:
    """'Thank-you to Dana marked sent; next: check-in with Dana, Thu 3 Dec'."""
    who = short_name(result.contact_name)
    if result.reached:
        return f"Call with {who} logged as reached"
    if result.planned:
        return planned(result.planned[0], settings)
    verb = f"logged ({result.outcome})" if result.outcome else "marked sent"
    line = f"{result.kind.capitalize()} to {who} {verb}"
    if result.suggest_ghosted:
        return (
            f"{line}; {result.unanswered} check-ins unanswered: consider marking "
            f"{result.company} as ghosted"
        )
    if result.next_up is not None:
        after = planned(result.next_up, settings)
        return f"{line}; next: {after[0].lower()}{after[1:].replace(' planned for', ',')}"
    return line


def stage_moved(result: StageMoved) -> str:
    """'Acme: moved to offer; 1 pending follow-up(s) skipped'."""
    if not result.changed:
        return f"Already {result.stage}"
    line = f"{result.company}: moved to {result.stage}"
    if result.skipped:
        line += f"; {result.skipped} pending follow-up(s) skipped"
    return line


def interview_logged(result: InterviewLogged) -> str:
    names = ", ".join(short_name(name) for name in result.thanked)
    return f"Interview logged; thank-yous planned for {names}"


def reply_recorded(result: ReplyRecorded, settings: Settings | None = None) -> str:
    line = f"Reply from {result.company} recorded"
    if result.skipped:
        line += f"; {result.skipped} pending check-in(s) no longer needed"
    if result.planned and settings is not None:  # the check-in after their decision day
        after = planned(result.planned[0], settings)
        line += f"; {after[0].lower()}{after[1:]}"
    return line


def describe(result: Any, settings: Settings | None = None) -> str:
    """The notification for any service's result ('Saved' for a plain record). Only a
    follow-up's own results (sent, snoozed) and a reply planning a check-in name a day,
    and need the settings."""
    if isinstance(result, Sent):
        return sent(result, settings)
    if isinstance(result, Snoozed):
        return planned(result.item, settings, "snoozed")
    if isinstance(result, Skipped):
        line = f"{result.kind.capitalize()} to {short_name(result.contact_name)} skipped"
        if result.replied:
            line += "; kept as their reply"
            if result.ended:
                line += f", {result.ended} other pending check-in(s) ended"
        return line
    if isinstance(result, StageMoved):
        return stage_moved(result)
    if isinstance(result, InterviewLogged):
        return interview_logged(result)
    if isinstance(result, ReplyRecorded):
        return reply_recorded(result, settings)
    if isinstance(result, ReferenceAdded):
        return "Reference added"
    return "Saved"
