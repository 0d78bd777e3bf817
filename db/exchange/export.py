"""Writing the data out: the complete JSON dump (see `dump` for its format), one CSV
row per application for a spreadsheet, and planned follow-ups as calendar events."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict

import arrow
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db.days import Settings
from db.exchange.dump import FORMAT, VERSION, data_tables
from db.migrations import HEAD
from db.models import (
    Application,
    Company,
    Contact,
    FollowUp,
    Interview,
    StageChange,
    interview_participant,
)


def _read(engine: Engine) -> Session:
    """One read transaction (deferred BEGIN): a consistent snapshot, never a write lock."""
    return Session(engine.execution_options(read_only=True))


def _local(at: dt.datetime | None, settings: Settings, fmt: str = "YYYY-MM-DD") -> str:
    return arrow.get(at).to(settings.zone).format(fmt) if at else ""


def _encode(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def dump(engine: Engine) -> dict:
    """Every table, rows ordered by primary key, in plain JSON values."""
    tables = {}
    with _read(engine) as s:
        for table in data_tables():
            rows = s.execute(select(table).order_by(*table.primary_key.columns))
            tables[table.name] = [
                {key: _encode(value) for key, value in row._mapping.items()} for row in rows
            ]
    return {"format": FORMAT, "version": VERSION, "schema": HEAD, "tables": tables}


def dump_json(engine: Engine) -> bytes:
    """The dump with one row per line: easy to read, diff and grep, and written by the
    C encoder (an `indent` would switch to the slow pure-Python one)."""
    data = dump(engine)
    lines = ["{"] + [f" {json.dumps(k)}: {json.dumps(data[k])}," for k in data if k != "tables"]
    lines.append(' "tables": {')
    for n, (name, rows) in enumerate(data["tables"].items()):
        comma = "," if n < len(data["tables"]) - 1 else ""
        body = ",\n".join("   " + json.dumps(row, ensure_ascii=False) for row in rows)
        lines.append(
            f"  {json.dumps(name)}: [\n{body}\n  ]{comma}" if rows else f'  "{name}": []{comma}'
        )
    lines += [" }", "}", ""]
    return "\n".join(lines).encode()


# --- CSV: one row per application, for a spreadsheet ------------------------------------

CSV_COLUMNS = [
    "Company",
    "Role",
    "Stage",
    "Date applied",
    "Source",
    "Location",
    "Link",
    "People",
    "Next follow-up",
    "Last touch",
    "Stage history",
    "Notes",
    "Archived",
]
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def applications_csv(engine: Engine, settings: Settings) -> bytes:
    """UTF-8 with a byte-order mark and CRLF: what Excel, Numbers and Sheets open as is."""
    ip = interview_participant
    history: dict[int, list[str]] = defaultdict(list)
    people: dict[int, list[str]] = defaultdict(list)
    with _read(engine) as s:
        apps = s.execute(
            select(Application, Company.name)
            .join(Company, Company.id == Application.company_id)
            .order_by(Application.applied_on.is_(None), Application.applied_on, Application.id)
        ).all()
        for app_id, stage, at in s.execute(
            select(
                StageChange.application_id, StageChange.to_stage, StageChange.changed_at
            ).order_by(StageChange.application_id, StageChange.changed_at, StageChange.id)
        ):
            history[app_id].append(f"{stage} {_local(at, settings)}")
        for app_id, name in s.execute(
            select(Interview.application_id, Contact.name)
            .join(ip, ip.c.interview_id == Interview.id)
            .join(Contact, Contact.id == ip.c.contact_id)
            .order_by(Interview.starts_at, ip.c.position)
        ):
            if name not in people[app_id]:
                people[app_id].append(name)
        # Next follow-up is application.next_due_at, which the database keeps. Last touch
        # is still computed here: no column holds it.
        last_touch = dict(
            s.execute(
                select(FollowUp.application_id, func.max(FollowUp.status_changed_at))
                .where(FollowUp.status == "sent")
                .group_by(FollowUp.application_id)
            ).all()
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for app, company in apps:
        row = [
            company,
            app.role,
            app.stage,
            app.applied_on.isoformat() if app.applied_on else "",
            app.source,
            app.location,
            app.link,
            "; ".join(people[app.id]),
            _local(app.next_due_at, settings, "YYYY-MM-DD HH:mm"),
            _local(last_touch.get(app.id), settings),
            " → ".join(history[app.id]),
            app.notes,
            "yes" if app.archived else "",
        ]
        writer.writerow([_cell(str(v)) for v in row])
    return out.getvalue().encode("utf-8-sig")


# --- ICS: planned follow-ups as calendar events that remind -----------------------------


def calendar_ics(engine: Engine, settings: Settings, version: str = "") -> bytes:
    """Each planned follow-up as a VEVENT at its due time, with an alarm at that time.

    UIDs are `follow-up-<id>@afterview`, so importing the file again updates the same
    events rather than adding copies; DTSTAMP is the follow-up's last change, so the
    file is the same on every run until something changes."""
    from icalendar import Alarm, Calendar, Event

    with _read(engine) as s:
        rows = s.execute(
            select(FollowUp, Contact, Application.role, Application.stage, Company.name)
            .join(Contact, Contact.id == FollowUp.contact_id)
            .outerjoin(Application, Application.id == FollowUp.application_id)
            .outerjoin(Company, Company.id == Application.company_id)
            .where(FollowUp.status == "planned")
            .order_by(FollowUp.due_at, FollowUp.id)
        ).all()
    cal = Calendar()
    cal.add("prodid", f"-//Afterview//Afterview {version}//EN" if version else "-//Afterview//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Afterview follow-ups")
    for fu, contact, role, stage, company in rows:
        summary = f"{fu.kind.capitalize()}: {contact.name}" + (f" ({company})" if company else "")
        verb = {"phone": "Call", "in person": "Meet"}.get(fu.channel, "Write to")
        lines = [f"{verb} {contact.name}" + (f", {contact.title}" if contact.title else "")]
        lines.append(f"{fu.kind.capitalize()} by {fu.channel}.")
        if company:
            lines.append(f"Application: {role} at {company} ({stage}).")
        lines += [f"Email: {contact.email}"] if contact.email else []
        lines += [f"Phone: {contact.phone}"] if contact.phone else []
        lines += [f"Subject: {fu.subject}"] if fu.subject else []
        lines += ["", fu.body] if fu.body.strip() else []
        event = Event()
        event.add("uid", f"follow-up-{fu.id}@afterview")
        event.add("dtstamp", fu.updated_at)
        event.add("created", fu.created_at)
        event.add("last-modified", fu.updated_at)
        # Grows with every change, so a calendar that imports the file again takes the
        # new time of a snoozed follow-up instead of keeping the old one.
        event.add("sequence", max(0, int((fu.updated_at - fu.created_at).total_seconds())))
        event.add("dtstart", fu.due_at)
        event.add("duration", dt.timedelta(minutes=15))
        event.add("summary", summary)
        event.add("description", "\n".join(lines))
        event.add("categories", [fu.kind])
        event.add("transp", "TRANSPARENT")  # a reminder, not busy time
        if contact.email and fu.channel == "email":
            event.add("url", f"mailto:{contact.email}")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", dt.timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
