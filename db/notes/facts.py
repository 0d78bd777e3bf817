"""Facts: what a draft knows about one person and one moment, and what it reads in it.

`DraftFacts` holds plain values (no session, no clock); `facts_for` gathers them from a
follow-up as the repository hands it out. The readers turn the free text the user
typed into pieces a draft can quote: `topics` (an interview's notes), `meeting` (where
you met, from a contact's notes) and `day_in_words` ('yesterday', 'on Monday').
The letters, call plans and subject lines made from these facts are in db.notes.drafts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import arrow

from db.days import zone
from db.enums import Channel, Kind
from db.names import fold
from db.page_records import InterviewRow
from db.records import FollowUpItem

# --- Facts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftFacts:
    """What Afterview knows about this person and this moment."""

    recipient_name: str
    recipient_title: str = ""
    company: str = ""
    role: str = ""
    kind: str = Kind.CUSTOM
    channel: str = Channel.EMAIL
    interview_starts_at: dt.datetime | None = None
    interview_kind: str = ""
    interview_notes: str = ""  # topics, separated by ';' or line breaks
    other_panel_names: tuple[str, ...] = ()
    answer_by: dt.date | None = None
    timezone: str = "local"
    now: dt.datetime | None = None
    met_on: dt.date | None = None
    met_notes: str = ""  # the contact's notes: where and how you met, what you talked about
    feedback: str = ""  # what they said when they answered (a feedback thanks quotes it)
    your_name: str = ""
    signature: str = ""
    """How you sign; empty: the draft's own closing line, then your name."""
    your_phone: str = ""


def facts_for(
    item: FollowUpItem,
    *,
    interview: InterviewRow | None = None,
    recipient_title: str = "",
    timezone: str = "local",
    now: dt.datetime | None = None,
    met_on: dt.date | None = None,
    met_notes: str = "",
    feedback: str = "",
    your_name: str = "",
    signature: str = "",
    your_phone: str = "",
) -> DraftFacts:
    """The facts for a follow-up as the repository hands it out; who you are comes from
    the settings (db.days.Settings: your_name, signature, phone)."""
    panel = interview.participants if interview else ()
    return DraftFacts(
        recipient_name=item.contact_name,
        recipient_title=recipient_title,
        company=item.company,
        role=item.role,
        kind=item.kind,
        channel=item.channel,
        interview_starts_at=interview.starts_at if interview else None,
        interview_kind=interview.kind if interview else "",
        interview_notes=interview.notes if interview else "",
        other_panel_names=tuple(p.name for p in panel if p.id != item.contact_id),
        answer_by=interview.answer_by if interview else None,
        timezone=timezone,
        now=now,
        met_on=met_on,
        met_notes=met_notes,
        feedback=feedback,
        your_name=your_name,
        signature=signature,
        your_phone=your_phone,
    )


# --- Reading what the user typed -------------------------------------------------------


def topics(notes: str, limit: int = 3) -> list[str]:
    """The interview's topics, one per ';' or line, without bullets or duplicates."""
    found: dict[str, str] = {}
    for raw in re.split(r"[;\n]", notes[:5_000]):
        topic = raw.strip().lstrip("-*•· ").rstrip(".").strip()
        topic = topic.replace("[", "(").replace("]", ")")[:80]
        if topic:
            found.setdefault(fold(topic), topic)
    return list(found.values())[:limit]


def day_in_words(at: dt.datetime, now: dt.datetime | None, timezone: str) -> str:
    """'today', 'yesterday', 'on Monday' within a week, else 'on 12 November'."""
    day = arrow.get(at).to(zone(timezone))
    if now is None:
        return f"on {day.format('D MMMM YYYY')}"
    today = arrow.get(now).to(zone(timezone))
    delta = (today.date() - day.date()).days
    if delta in (0, 1, -1):
        return {0: "today", 1: "yesterday", -1: "tomorrow"}[delta]
    if abs(delta) < 7:
        return f"on {day.format('dddd')}"
    return f"on {day.format('D MMMM' if day.year == today.year else 'D MMMM YYYY')}"


MET_AT = re.compile(r"^(?:(?:we\s+)?met\s+)?((?:at|during|through|via)\s+.+)$", re.I)


def meeting(facts: DraftFacts) -> tuple[str, list[str]]:
    """From the contact's notes: where you met ('at the PyData meetup', '' when the
    notes don't say) and the other things noted, each as it was written."""
    place, rest = "", []
    for piece in topics(facts.met_notes, limit=4):
        found = MET_AT.match(piece)
        if found and not place:
            place = found.group(1)
        else:
            rest.append(piece)
    return place, rest
