"""Interview invitations from a message's text/calendar parts, as Google Calendar and
Outlook send them: METHOD:REQUEST (a new invitation, or an update with a higher
SEQUENCE) and METHOD:CANCEL. Times come back aware, in UTC, whatever the part used: UTC
"Z" times, a TZID with its VTIMEZONE, or Outlook's Windows zone names."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from db.mail.facts import Address

ROOMS = ("ROOM", "RESOURCE")
ROOM_DOMAINS = ("resource.calendar.google.com",)


@dataclass(frozen=True)
class Invite:
    method: str  # "REQUEST" or "CANCEL"
    uid: str
    sequence: int
    starts_at: dt.datetime | None  # aware UTC; None when the part has no DTSTART
    minutes: int
    summary: str
    organizer: Address | None
    attendees: tuple[Address, ...]
    """The people invited, in order: the user and rooms left out."""
    location: str = ""


def invites(calendars: tuple[str, ...], me: tuple[str, ...] = ()) -> list[Invite]:
    """Every REQUEST or CANCEL event in the parts (`me`: the user's own addresses,
    which are never a member of the panel). A part that does not parse is skipped."""
    import icalendar

    found = []
    for part in calendars:
        try:
            cal = icalendar.Calendar.from_ical(part)
        except Exception:  # noqa: BLE001 - a broken part is a message we cannot read, not an error
            continue
        method = str(cal.get("METHOD", "")).upper()
        if method not in ("REQUEST", "CANCEL"):
            continue
        for event in cal.walk("VEVENT"):
            invite = _invite(event, method, {m.lower() for m in me})
            if invite is not None:
                found.append(invite)
    return found


def _invite(event, method: str, me: set[str]) -> Invite | None:
    uid = str(event.get("UID", "")).strip()
    if not uid:
        return None
    starts = _utc(event.get("DTSTART"))
    ends = _utc(event.get("DTEND"))
    minutes = 60
    if starts is not None and ends is not None and ends > starts:
        minutes = round((ends - starts).total_seconds() / 60)
    elif event.get("DURATION") is not None:
        minutes = round(event.get("DURATION").dt.total_seconds() / 60) or 60
    attendees = []
    for prop in _list(event.get("ATTENDEE")):
        person = _address(prop)
        if person is None or person.email in me or _is_room(prop, person):
            continue
        if person.email not in {a.email for a in attendees}:
            attendees.append(person)
    organizer = _address(event.get("ORGANIZER")) if event.get("ORGANIZER") else None
    try:
        sequence = int(str(event.get("SEQUENCE", 0)))
    except ValueError:
        sequence = 0
    return Invite(
        method=method,
        uid=uid,
        sequence=sequence,
        starts_at=starts,
        minutes=minutes,
        summary=str(event.get("SUMMARY", "")).strip(),
        organizer=organizer,
        attendees=tuple(attendees),
        location=str(event.get("LOCATION", "")).strip(),
    )


def _utc(prop) -> dt.datetime | None:
    if prop is None:
        return None
    value = prop.dt
    if not isinstance(value, dt.datetime):
        return None  # an all-day event is not an interview time
    if value.tzinfo is None:
        tzid = prop.params.get("TZID")
        zone = _zone(tzid) if tzid else None
        value = value.replace(tzinfo=zone or dt.UTC)
    return value.astimezone(dt.UTC)


def _zone(tzid: str):
    """A zone by IANA or Windows name (Outlook sends "Pacific Standard Time")."""
    import zoneinfo

    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = WINDOWS_TO_OLSON.get(tzid, tzid)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _address(prop) -> Address | None:
    text = str(prop).strip()
    email = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE).strip().lower()
    if "@" not in email:
        return None
    name = str(prop.params.get("CN", "")).strip().strip('"') if hasattr(prop, "params") else ""
    if name.lower() == email:
        name = ""
    return Address(name, email)


def _is_room(prop, person: Address) -> bool:
    params = getattr(prop, "params", {})
    return (
        str(params.get("CUTYPE", "")).upper() in ROOMS
        or str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT"
        or person.domain in ROOM_DOMAINS
    )


def name_from_address(email: str) -> str:
    """A name to start from when the invitation gives none: jane.doe@ -> Jane Doe."""
    local = email.partition("@")[0]
    parts = [p for p in re.split(r"[._\-+]+", local) if p and not p.isdigit()]
    return " ".join(p.capitalize() for p in parts) or email
