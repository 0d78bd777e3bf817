"""Follow-ups as calendar events (iCalendar, RFC 5545) that stay true as plans change.

Every follow-up is an event with a stable UID, `follow-up-<id>@afterview`, so a
calendar that imports the file again, or refreshes a subscription to it, updates the
events it has instead of adding copies:

- a planned one is CONFIRMED at its due time, with an alarm at that time;
- a sent or skipped one stays in the file as CANCELLED, at the time it was last due,
  without an alarm, its summary saying what happened. A VEVENT has no "done" status
  (COMPLETED belongs to to-dos), and a calendar drops or strikes out a cancelled event,
  where one merely left out of the file would stay in a calendar that imported it.
  It stays for KEEP_CANCELLED after it was sent or skipped: a calendar that imports
  the file at least that often sees every cancellation (a subscribed one refreshes
  every REFRESH), and a long search's history does not swell the file (at 1,000
  applications: 18,700 past follow-ups, 10 MB and 12 s of CPU per write when kept for
  good; 4,800 within 60 days);
- SEQUENCE is `follow_up.sequence`, which the database raises each time the due time
  or the status changes (migration 0005), so a snooze or a cancellation outranks what
  the calendar holds;
- DTSTAMP and LAST-MODIFIED are when the event's content last changed: the latest
  change to the follow-up, its contact, application or company (a calendar file with
  no METHOD gives DTSTAMP that meaning); the file is the same on every run until then.

Times are written in UTC: every calendar shows them in its own zone with its own DST
rules, and "local", the default zone setting, has no name a VTIMEZONE could carry.
Written with the icalendar library (line folding, escaping, the property types) rather
than by hand.
"""

from __future__ import annotations

import datetime as dt

import arrow
from sqlalchemy import Engine, func, or_, select

from db.days import Settings
from db.engine import read_session
from db.models import Application, Company, Contact, FollowUp, Status

# How long each reminder blocks out (as free time: TRANSP is TRANSPARENT).
LENGTH = dt.timedelta(minutes=15)
# Asks a subscribing calendar to look for changes this often (RFC 7986, and Outlook's).
REFRESH = dt.timedelta(minutes=15)
# How long a follow-up sent or skipped stays in the file, cancelled.
KEEP_CANCELLED = dt.timedelta(days=60)
# What a follow-up that is no longer due says it became, by channel for one sent.
DONE = {"phone": "Called", "in person": "Met"}


def uid(follow_up_id: int) -> str:
    return f"follow-up-{follow_up_id}@afterview"


def calendar_ics(engine: Engine, settings: Settings, now: dt.datetime, version: str = "") -> bytes:
    """Each follow-up planned, or sent or skipped within KEEP_CANCELLED of `now`, as a
    VEVENT (see the module's notes), soonest first."""
    from icalendar import Calendar

    ended = func.coalesce(FollowUp.status_changed_at, FollowUp.updated_at)

    with read_session(engine) as s:
        rows = s.execute(
            select(
                FollowUp,
                Contact,
                Application.role,
                Application.stage,
                Application.updated_at,
                Company.name,
                Company.updated_at,
            )
            .join(Contact, Contact.id == FollowUp.contact_id)
            .outerjoin(Application, Application.id == FollowUp.application_id)
            .outerjoin(Company, Company.id == Application.company_id)
            .where(or_(FollowUp.status == Status.PLANNED, ended >= now - KEEP_CANCELLED))
            .order_by(FollowUp.due_at, FollowUp.id)
        ).all()
    cal = Calendar()
    cal.add("prodid", f"-//Afterview//Afterview {version}//EN" if version else "-//Afterview//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Afterview follow-ups")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT15M")
    for fu, contact, role, stage, app_changed, company, company_changed in rows:
        revised = max(
            t for t in (fu.updated_at, contact.updated_at, app_changed, company_changed) if t
        )
        cal.add_component(_event(fu, contact, role, stage, company, revised, settings))
    return cal.to_ical()


def _event(fu: FollowUp, contact: Contact, role, stage, company, revised, settings: Settings):
    from icalendar import Alarm, Event

    summary = f"{fu.kind.capitalize()}: {contact.name}" + (f" ({company})" if company else "")
    verb = {"phone": "Call", "in person": "Meet"}.get(fu.channel, "Write to")
    lines = [f"{verb} {contact.name}" + (f", {contact.title}" if contact.title else "")]
    lines.append(f"{fu.kind.capitalize()} by {fu.channel}.")
    if company:
        lines.append(f"Application: {role} at {company} ({stage}).")
    lines += [f"Email: {contact.email}"] if contact.email else []
    lines += [f"Phone: {contact.phone}"] if contact.phone else []
    due = fu.status == Status.PLANNED
    if due:
        lines += [f"Subject: {fu.subject}"] if fu.subject else []
        lines += ["", fu.body] if fu.body.strip() else []
    else:
        done = DONE.get(fu.channel, "Sent") if fu.status == Status.SENT else "Skipped"
        summary = f"{done} — {summary}"
        lines.insert(0, _what_happened(fu, done, settings))
    event = Event()
    event.add("uid", uid(fu.id))
    event.add("dtstamp", revised)
    event.add("created", fu.created_at)
    event.add("last-modified", revised)
    event.add("sequence", fu.sequence)
    event.add("status", "CONFIRMED" if due else "CANCELLED")
    event.add("dtstart", fu.due_at)
    event.add("duration", LENGTH)
    event.add("summary", summary)
    event.add("description", "\n".join(lines))
    event.add("categories", [fu.kind])
    event.add("transp", "TRANSPARENT")  # a reminder, not busy time
    if due:
        if contact.email and fu.channel == "email":
            event.add("url", f"mailto:{contact.email}")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", dt.timedelta(0))
        event.add_component(alarm)
    return event


def _what_happened(fu: FollowUp, done: str, settings: Settings) -> str:
    when = fu.status_changed_at or fu.updated_at
    line = f"{done} on {arrow.get(when).to(settings.zone).format('ddd D MMM YYYY, HH:mm')}"
    if fu.outcome:
        line += f" ({fu.outcome})"
    if fu.status == Status.SKIPPED and fu.reason:
        line += f": {fu.reason}"
    return line + ". No longer due."
