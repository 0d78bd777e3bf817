"""The line a person reads after an action, composed from what the service did
(db.write.results): who, what, when, in the user's time zone. Names go through
db.names.short_name, so 'Dr. Diana Reyes' reads 'Diana' here as in the drafts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.days import Settings
from db.names import short_name
from db.records import ApplicationFootprint, FollowUpItem
from db.write.results import (
    Archived,
    Deleted,
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


def reply_recorded(result: ReplyRecorded) -> str:
    line = f"Reply from {result.company} recorded"
    if result.skipped:
        line += f"; {result.skipped} pending check-in(s) no longer needed"
    return line


def counted(n: int, noun: str) -> str:
    """'1 interview', '3 interviews', '1 reply', '2 replies'."""
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"


def listed(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def delete_question(company: str, role: str, footprint: ApplicationFootprint) -> tuple[str, str]:
    """The title and line of the question before deleting an application: what goes
    with it, said plainly."""
    parts = [
        counted(n, noun)
        for n, noun in (
            (footprint.interviews, "interview"),
            (footprint.follow_ups, "follow-up"),
            (footprint.replies, "reply"),
            (footprint.stage_changes, "stage change"),
        )
        if n
    ]
    goes = f"Its {listed(parts)} go with it" if parts else "Nothing else goes with it"
    if len(parts) == 1 and parts[0].startswith("1 "):
        goes = goes.replace(" go ", " goes ")
    return f"Delete {company} — {role}?", f"{goes}; people stay in Contacts."


def archived(result: Archived) -> str:
    what = f"{result.company} — {result.role}"
    if result.archived:
        return f"{what} archived: h shows closed & archived"
    return f"{what} restored to the Pipeline"


def describe(result: Any, settings: Settings | None = None) -> str:
    """The notification for any service's result ('Saved' for a plain record). Only a
    follow-up's own results (sent, snoozed) name a day, and need the settings."""
    if isinstance(result, Sent):
        return sent(result, settings)
    if isinstance(result, Snoozed):
        return planned(result.item, settings, "snoozed")
    if isinstance(result, Skipped):
        return f"{result.kind.capitalize()} to {short_name(result.contact_name)} skipped"
    if isinstance(result, StageMoved):
        return stage_moved(result)
    if isinstance(result, InterviewLogged):
        return interview_logged(result)
    if isinstance(result, ReplyRecorded):
        return reply_recorded(result)
    if isinstance(result, Archived):
        return archived(result)
    if isinstance(result, Deleted):
        return f"{result.company} — {result.role} deleted"
    if isinstance(result, ReferenceAdded):
        return "Reference added"
    return "Saved"
