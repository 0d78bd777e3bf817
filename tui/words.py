"""The line a person reads after an action, composed from what the service did
(db.write.results): who, what, when, in the user's time zone. Names go through
db.names.short_name, so 'Dr. Diana Reyes' reads 'Diana' here as in the drafts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.days import Settings
from db.enums import Kind
from db.names import short_name
from db.page_records import ApplicationFootprint
from db.records import FollowUpItem
from db.write.results import (
    Archived,
    BroughtBack,
    Changes,
    Deleted,
    InterviewCancelled,
    InterviewLogged,
    InterviewMoved,
    MailAccepted,
    MailDismissed,
    PlannedByHand,
    ReferenceAdded,
    Replanned,
    ReplyRecorded,
    Rescheduled,
    Sent,
    Skipped,
    Snoozed,
    StageMoved,
    Undone,
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
    for item in result.planned:
        if item.kind == Kind.FEEDBACK_THANKS:
            line += f"; thank {short_name(item.contact_name)} for the feedback (in Today)"
        elif settings is not None:  # the check-in after their decision day
            after = planned(item, settings)
            line += f"; {after[0].lower()}{after[1:]}"
    return line


def nothing_to_read_back(kind: str, status: str | None) -> str:
    """Why Enter on a timeline row shows no text: only a sent note has any."""
    if status == "planned":
        return "Not sent yet: write it from Today"
    if status == "skipped":
        return "Skipped: nothing was sent"
    return f"Nothing to read back on this row ({kind}): only a sent note has text"


def addendum_planned(item: FollowUpItem) -> str:
    """'Addendum to Dana planned: write it from Today'."""
    return f"Addendum to {short_name(item.contact_name)} planned: write it from Today"


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
    if isinstance(result, Archived):
        return archived(result)
    if isinstance(result, Deleted):
        return f"{result.company} — {result.role} deleted"
    if isinstance(result, ReferenceAdded):
        return "Reference added"
    if isinstance(result, Replanned):
        return replanned(result, settings)
    if isinstance(result, Undone):
        return undone(result, settings)
    if isinstance(result, MailAccepted | MailDismissed | InterviewMoved | InterviewCancelled):
        return mail_decided(result, settings)
    return "Saved"


UNDO_HINT = " · u to undo"
"""Added to the line after an action that can be taken back."""


def replanned(result: Replanned, settings: Settings) -> str:
    """'Thank-you to Dana by handwritten planned for Wed 25 Nov; check-in with Dana
    moved to Mon 30 Nov to keep the gap'."""
    item = result.item
    who, when = short_name(item.contact_name), day(item.due_at, settings)
    if isinstance(result, BroughtBack):
        line = f"{item.kind.capitalize()} to {who} brought back for {when}"
    elif isinstance(result, Rescheduled):
        line = f"{item.kind.capitalize()} to {who} now due {when}"
        if result.channel_changed:
            line += f", by {item.channel}"
    else:
        verb = "planned" if isinstance(result, PlannedByHand) else "saved"
        line = f"{item.kind.capitalize()} to {who} by {item.channel} {verb} for {when}"
    for other in result.moved:
        line += (
            f"; {other.kind} to {short_name(other.contact_name)} moved to "
            f"{day(other.due_at, settings)} to keep the gap"
        )
    return line


def undone(result: Undone, settings: Settings) -> str:
    """'Undone: Acme back at offer; 3 follow-ups planned again'."""
    action, again = result.undone, result.planned_again
    if result.stage is not None:
        company = getattr(action, "company", "") or "The application"
        line = f"Undone: {company} back at {result.stage}"
        if again:
            line += f"; {_count(len(again), 'follow-up')} planned again"
        return line
    if isinstance(action, Snoozed | Replanned):
        item = action.item
        who = f"{item.kind} to {short_name(item.contact_name)}"
        if isinstance(action, PlannedByHand):
            return f"Undone: the {who} is no longer planned"
        if isinstance(action, BroughtBack):
            return f"Undone: the {who} is skipped again"
        return f"Undone: the {who} is due as before"
    if again:  # marked sent or skipped, now planned again
        first = again[0]
        line = f"Undone: {first.kind} to {short_name(first.contact_name)} planned again"
        line += f" for {day(first.due_at, settings)}"
        if len(again) > 1:
            line += f", with {_count(len(again) - 1, 'other')}"
        return line
    return "Undone"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def move_question(
    company: str, stage: str, changes: Changes | None, settings: Settings
) -> tuple[str, list[str]]:
    """The title and lines of the question before a move that closes an application:
    'Move Acme to accepted? 3 planned follow-ups will be skipped', and which."""
    title = f"Move {company} to {stage}?"
    if changes is None:  # the rules could not be asked (another window was writing)
        return title, ["Any follow-ups still planned for it may be skipped", "u undoes the move"]
    skipped, planned_now = changes.skipped, changes.planned
    if skipped:
        title += f" {_count(len(skipped), 'planned follow-up')} will be skipped"
    lines = [
        f"Skipped: the {i.kind} to {i.contact_name}, due {day(i.due_at, settings)}"
        for i in skipped[:4]
    ]
    if len(skipped) > 4:
        lines.append(f"… and {len(skipped) - 4} more")
    if not skipped:
        lines.append("Nothing planned is skipped")
    lines += [
        f"Planned: a {i.kind} to {i.contact_name} for {day(i.due_at, settings)}"
        for i in planned_now
    ]
    lines.append(
        f"u undoes the move afterwards, planning {'it' if len(skipped) == 1 else 'them'} again"
        if skipped
        else "u undoes the move"
    )
    return title, lines


# --- the mailbox ------------------------------------------------------------------------

PROPOSAL_WORDS = {
    "sent": "Sent",
    "reply": "Reply",
    "stage": "Move",
    "interview": "Interview",
    "moved": "Moved",
    "cancelled": "Cancelled",
}
"""The review list's first column: what accepting would do, in a word."""


def proposal_what(row) -> str:
    """What accepting a proposal (db.page_records.MailProposalRow) does, in a few words:
    'thank-you marked sent', 'reply: rejection', 'move to rejected', 'interview Tue 1 Dec,
    3 people'."""
    if row.kind == "sent":
        return f"{row.follow_up_kind or row.label} marked sent"
    if row.kind == "reply":
        return f"reply: {row.label}"
    if row.kind == "stage":
        return f"move to {row.stage or row.label}"
    if row.kind == "interview":
        return f"interview, panel of {len(row.panel)}" if row.panel else "interview"
    if row.kind == "moved":
        return "interview moved"
    return "interview called off"


def mail_decided(result: Any, settings: Settings | None = None) -> str:
    """The line after accepting or dismissing a proposal: what the service did."""
    if isinstance(result, MailDismissed):
        return f"Proposal {result.proposal_id} dismissed: it will not be proposed again"
    if isinstance(result, InterviewMoved):
        line = f"{result.company}: interview moved"
        if settings is not None:
            line += f" to {day(result.starts_at, settings)}"
        if result.planned:
            line += f"; {counted(len(result.planned), 'follow-up')} moved with it"
        return line
    if isinstance(result, InterviewCancelled):
        line = f"{result.company}: interview cancelled"
        if result.skipped:
            line += f"; {counted(result.skipped, 'thank-you')} skipped"
        return line
    if result.done is None:
        return "The invitation was never logged: its proposals are settled, nothing else changed"
    line = describe(result.done, settings)
    if result.new_contacts:
        line += f" (new contacts: {', '.join(result.new_contacts)})"
    return line
