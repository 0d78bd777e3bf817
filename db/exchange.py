"""Data in and out of Afterview: the JSON dump, the spreadsheet (CSV) and calendar (ICS)
exports, the import of spreadsheet trackers, and backups.

This is the data-exchange half of the data layer: it may query (like the write side)
but never imports the interface. Every failure a person can fix is an `ExchangeError`
whose message is one line.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import arrow
from sqlalchemy import Boolean, Date, Engine, Integer, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import validation
from db.cadence import Settings
from db.migrations import HEAD
from db.models import (
    Application,
    Base,
    Company,
    Contact,
    FollowUp,
    Interview,
    StageChange,
    UTCDateTime,
    interview_participant,
)
from db.validation import ValidationError

FORMAT = "afterview"
VERSION = 1


class ExchangeError(ValueError):
    """A file or database that cannot be read or written; one line a person can act on."""


# Columns the database derives: an export made before they existed still restores.
DERIVED = {"application": {"next_due_at", "first_reply_at"}}
# Schemas whose dumps restore as they are: 0002 only added the derived column above,
# 0003 indexes and the derived table below.
READABLE_SCHEMAS = {"0001", "0002", "0003", "0004"}


def data_tables():
    """The tables a person's data lives in; not sent_hour, which triggers derive from
    follow_up (an export leaves it out, a restore rebuilds it by inserting follow-ups)."""
    return [t for t in Base.metadata.sorted_tables if t.name != "sent_hour"]


def _read(engine: Engine) -> Session:
    """One read transaction (deferred BEGIN): a consistent snapshot, never a write lock."""
    return Session(engine.execution_options(read_only=True))


def _local(at: dt.datetime | None, settings: Settings, fmt: str = "YYYY-MM-DD") -> str:
    return arrow.get(at).to(settings.zone).format(fmt) if at else ""


# --- JSON: a complete, versioned dump ---------------------------------------------------


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


def _decode(column, value, where: str):
    if value is None:
        if not column.nullable:
            raise ExchangeError(f"{where}: {column.name} may not be empty")
        return None
    kind = column.type
    try:
        if isinstance(kind, UTCDateTime):
            at = dt.datetime.fromisoformat(value)  # 10x faster than arrow on 100k rows
            if at.tzinfo is None:
                raise ValueError
            return at.astimezone(dt.UTC)
        if isinstance(kind, Date):
            return dt.date.fromisoformat(value)
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise ValueError
            return value
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError
            return value
        if not isinstance(value, str):
            raise ValueError
        return value
    except (ValueError, TypeError):
        raise ExchangeError(f"{where}: {column.name} has a wrong value {value!r}") from None


def parse_dump(text: str, name: str) -> dict[str, list[dict]]:
    """Check an export file completely before anything is written; rows ready to insert."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExchangeError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExchangeError(f'{name} is not an Afterview export (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise ExchangeError(
            f"{name} is export version {data.get('version')!r}; this reads {VERSION}"
        )
    if data.get("schema") not in READABLE_SCHEMAS:
        raise ExchangeError(
            f"{name} was written with schema {data.get('schema')!r}; this Afterview reads {HEAD}"
        )
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise ExchangeError(f'{name} has no "tables" object')
    known = {t.name: t for t in data_tables()}
    unknown = sorted(set(tables) - set(known))
    if unknown:
        raise ExchangeError(f"{name} holds unknown tables: {', '.join(unknown)}")
    parsed = {}
    for table_name, table in known.items():
        rows = tables.get(table_name, [])
        if not isinstance(rows, list):
            raise ExchangeError(f"{name}: table {table_name} is not a list of rows")
        columns = {c.name: c for c in table.columns}
        out = []
        for index, row in enumerate(rows, 1):
            where = f"{name}: {table_name} row {index}"
            if not isinstance(row, dict):
                raise ExchangeError(f"{where} is not an object")
            extra = sorted(set(row) - set(columns))
            if extra:
                raise ExchangeError(f"{where} has unknown columns: {', '.join(extra)}")
            missing = sorted(set(columns) - set(row) - DERIVED.get(table_name, set()))
            if missing:
                raise ExchangeError(f"{where} lacks columns: {', '.join(missing)}")
            out.append({key: _decode(columns[key], value, where) for key, value in row.items()})
        parsed[table_name] = out
    return parsed


def restore(
    engine: Engine, tables: dict[str, list[dict]], *, dry_run: bool = False, name: str = ""
) -> int:
    """Insert a parsed dump into an EMPTY database, in one transaction; rows written."""
    total = 0
    try:
        with engine.begin() as conn:  # BEGIN IMMEDIATE: nobody writes between check and insert
            if any(conn.execute(select(t).limit(1)).first() for t in data_tables()):
                raise ExchangeError(
                    f"{name or 'the database'} already holds data; a JSON export restores into "
                    "an empty database only (pass --db NEW.db)"
                )
            for table in data_tables():
                rows = tables.get(table.name, [])
                if rows:
                    conn.execute(insert(table), rows)
                    total += len(rows)
            if dry_run:
                conn.rollback()
    except IntegrityError as exc:
        raise ExchangeError(f"the export is inconsistent ({exc.orig}); nothing imported") from None
    return total


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
        next_due = dict(
            s.execute(
                select(FollowUp.application_id, func.min(FollowUp.due_at))
                .where(FollowUp.status == "planned")
                .group_by(FollowUp.application_id)
            ).all()
        )
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
            _local(next_due.get(app.id), settings, "YYYY-MM-DD HH:mm"),
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


# --- CSV import from a spreadsheet tracker -------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    """One good row of a tracker, ready to add."""

    line: int
    company: str
    role: str
    stage: str
    applied_on: dt.date | None = None
    link: str = ""
    contact: str = ""
    email: str = ""
    notes: str = ""
    source: str = ""
    location: str = ""


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass
class Sheet:
    rows: list[ImportRow]
    bad: list[BadRow]
    kept_in_notes: list[str]  # columns we do not know: their cells go into the notes
    delimiter: str


# Header names other trackers use, compared after lower-casing and turning every run of
# punctuation into one space ("Job-URL" reads as "job url").
COLUMNS = {
    "company": ("company", "company name", "employer", "organization", "organisation"),
    "role": ("position", "role", "title", "job title", "job position", "job", "position title"),
    "stage": ("status", "stage", "application status", "list"),  # Huntr calls it list
    "applied": (
        "date applied",
        "applied",
        "applied on",
        "applied date",
        "application date",
        "date of application",
    ),
    "link": (
        "link",
        "url",
        "job link",
        "job url",
        "posting",
        "job posting",
        "posting url",
        "application link",
    ),
    "contact": ("contact", "contact name", "contact person", "recruiter"),
    "email": ("email", "e mail", "contact email", "email address"),
    "notes": ("notes", "note", "comments"),
    "source": ("source", "found via", "job board"),
    "location": ("location", "city"),
}
# Columns of our own CSV export that are computed, so an export imports back cleanly.
COMPUTED = ("people", "next follow up", "last touch", "stage history", "archived")
STAGES = {
    "wishlist": (
        "wishlist",
        "wish list",
        "saved",
        "bookmarked",
        "interested",
        "to apply",
        "applying",
    ),
    "applied": ("applied", "application sent", "submitted"),
    "screening": ("screening", "screen", "phone screen", "recruiter screen", "recruiter call"),
    "interviewing": (
        "interview",
        "interviews",
        "interviewing",
        "interview scheduled",
        "onsite",
        "on site",
        "final round",
    ),
    "offer": ("offer", "offered", "offer received", "negotiating"),
    "accepted": ("accepted", "offer accepted", "hired"),
    "rejected": ("rejected", "rejection", "not selected"),
    "ghosted": ("ghosted", "no response", "no reply"),
    "withdrawn": ("withdrawn", "withdrew", "i withdrew"),
}
STAGE_OF = {word: stage for stage, words in STAGES.items() for word in words}
MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
        "sept" if number == 9 else calendar.month_abbr[number].lower(),
    )
}
_PUNCT = re.compile(r"[^0-9a-z]+")
_TIME = re.compile(
    r"[t\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([ap]\.?m\.?)?\s*(z|[+-]\d{2}:?\d{2})?$"
)
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_WEEKDAY = r"(?:[a-z]+,?\s+)?"
_DAY_MONTH = re.compile(
    _WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?[\s/.-]+([a-z]+)\.?,?[\s/.-]+(\d{4}|\d{2})"
)
_MONTH_DAY = re.compile(
    _WEEKDAY + r"([a-z]+)\.?[\s/.-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s/.-]+(\d{4}|\d{2})"
)


def _norm(text: str) -> str:
    return _PUNCT.sub(" ", text.lower()).strip()


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as Excel writes it."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _numeric_order(value: str) -> str | None:
    """'dmy' or 'mdy' when a slash or dash date settles the order by itself."""
    found = _NUMERIC.fullmatch(_TIME.sub("", value.strip().lower()))
    if not found or found[2] == ".":
        return None
    first, second = int(found[1]), int(found[3])
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return None


def _is_ambiguous(value: str) -> bool:
    found = _NUMERIC.fullmatch(_TIME.sub("", value.strip().lower()))
    return bool(found and found[2] != "." and int(found[1]) <= 12 and int(found[3]) <= 12)


def parse_day(value: str, order: str | None) -> dt.date:
    """A calendar date from the formats trackers write; ValueError says why not.

    ISO (2026-11-24, 2026/11/24, 20261124) and named months (24 Nov 2026, Nov 24, 2026,
    Tue, 24 November 2026) are unambiguous. With dots (24.11.2026) the day comes first,
    as everywhere dots are used. With slashes or dashes (11/24/2026, 24-11-2026) `order`
    decides: 'dmy' or 'mdy'. A time after the date is ignored. Two-digit years are 20xx.
    """
    text = _TIME.sub("", value.strip().lower())
    try:
        if found := _ISO.fullmatch(text) or _COMPACT.fullmatch(text):
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        if found := _NUMERIC.fullmatch(text):
            first, second, year = int(found[1]), int(found[3]), _year(found[4])
            if found[2] == "." or order == "dmy":
                return dt.date(year, second, first)
            return dt.date(year, first, second)
        if (found := _DAY_MONTH.fullmatch(text)) and found[2] in MONTHS:
            return dt.date(_year(found[3]), MONTHS[found[2]], int(found[1]))
        if (found := _MONTH_DAY.fullmatch(text)) and found[1] in MONTHS:
            return dt.date(_year(found[3]), MONTHS[found[1]], int(found[2]))
    except ValueError:
        raise ValueError(f"{value.strip()!r} is not a real date") from None
    raise ValueError(f"{value.strip()!r} is not a date I can read (write it as YYYY-MM-DD)")


def _date_order(dates: list[tuple[int, str]], name: str) -> str | None:
    """Settle day-first or month-first for the whole file from the dates that show it."""
    evidence: dict[str, tuple[int, str]] = {}
    for line, value in dates:
        if (order := _numeric_order(value)) and order not in evidence:
            evidence[order] = (line, value)
    if len(evidence) == 2:
        (l1, v1), (l2, v2) = evidence["dmy"], evidence["mdy"]
        raise ExchangeError(
            f"{name}: dates mix day-first ({v1!r}, line {l1}) and month-first ({v2!r}, "
            f"line {l2}); fix one, or pass --day-first or --month-first"
        )
    if evidence:
        return next(iter(evidence))
    for line, value in dates:
        if _is_ambiguous(value):
            raise ExchangeError(
                f"{name}: a date such as {value.strip()!r} (line {line}) may be day-first or "
                "month-first; pass --day-first or --month-first"
            )
    return None


def _dialect(text: str) -> type[csv.Dialect]:
    """The separator (comma, semicolon, tab or bar) from csv.Sniffer, checked against the
    header; otherwise the one the header holds most of. Quoting stays Excel's."""
    sample = text[:65_536]
    header = next((line for line in sample.splitlines() if line.strip()), "")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ""
    if delimiter not in header or not delimiter:
        delimiter = max(",;\t|", key=header.count)

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    Dialect.skipinitialspace = True
    return Dialect


def _records(text: str, dialect, name: str):
    """(first line number, cells) for each non-blank record; a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        # The line the record starts on: a quoted cell may run on for many lines.
        raise ExchangeError(f"{name} line {start}: {exc}") from None


def _columns(header: list[str], name: str) -> tuple[dict[str, int], dict[int, str]]:
    """Which cell holds which field; the unknown columns, to keep in the notes."""
    fields: dict[str, int] = {}
    unknown: dict[int, str] = {}
    for index, title in enumerate(header):
        key = _norm(title)
        found = next((f for f, names in COLUMNS.items() if key in names), None)
        if found in fields:
            raise ExchangeError(
                f"{name}: columns {header[fields[found]].strip()!r} and {title.strip()!r} both "
                f"mean {found}; rename one"
            )
        if found:
            fields[found] = index
        elif key not in COMPUTED:
            unknown[index] = title.strip() or f"column {index + 1}"
    for required in ("company", "role"):
        if required not in fields:
            found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "none"
            names = ", ".join(COLUMNS[required][:4])
            raise ExchangeError(
                f"{name}: no {required} column (columns found: {found}); name it one of: {names}"
            )
    return fields, unknown


def _unescape(cell: str) -> str:
    """Undo the quote our CSV export puts before a cell a spreadsheet would run."""
    cell = cell.strip()
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_START else cell


def _row(line, cells, fields, unknown, order) -> ImportRow:
    get = {f: _unescape(cells[i]) if i < len(cells) else "" for f, i in fields.items()}
    applied = None
    if get.get("applied"):
        try:
            applied = parse_day(get["applied"], order)
        except ValueError as exc:
            raise ValidationError("applied", f"date applied {exc}") from None
        validation.day(applied, "date_applied")
    stage = get.get("stage", "")
    if stage:
        if _norm(stage) not in STAGE_OF:
            raise ValidationError(
                "stage", f"unknown status {stage!r} (use one of: {', '.join(STAGES)})"
            )
        stage = STAGE_OF[_norm(stage)]
    else:
        stage = "applied" if applied else "wishlist"
    email = validation.email(get.get("email"))
    contact = get.get("contact", "") or email
    extra = [
        f"{title}: {_unescape(cells[i])}"
        for i, title in unknown.items()
        if i < len(cells) and cells[i].strip()
    ]
    notes = "\n".join(filter(None, [get.get("notes", ""), *extra]))
    return ImportRow(
        line,
        validation.name(get["company"], "company"),
        validation.line(get["role"], "role", required=True, limit=validation.MAX_NAME),
        stage,
        applied,
        validation.line(get.get("link"), "link"),
        validation.name(contact, "contact") if contact else "",
        email,
        validation.text(notes),
        validation.line(get.get("source"), "source"),
        validation.line(get.get("location"), "location"),
    )


def read_spreadsheet(text: str, name: str, *, day_first: bool | None = None) -> Sheet:
    """Every row of a tracker's CSV, each either good or bad with its line and reason.

    Nothing here touches a database. `day_first` settles 03/04/2026; left as None the
    file settles it (a date like 24/11/2026 shows the order for all), and a file whose
    every such date could be read either way is refused rather than guessed.
    """
    dialect = _dialect(text)
    records = _records(text, dialect, name)
    first = next(records, None)
    if first is None:
        raise ExchangeError(f"{name} is empty")
    header = first[1]
    fields, unknown = _columns(header, name)
    records = list(records)
    if day_first is None:
        column = fields.get("applied")
        dates = [(ln, c[column]) for ln, c in records if column is not None and len(c) > column]
        order = _date_order(dates, name)
    else:
        order = "dmy" if day_first else "mdy"
    rows, bad = [], []
    for line, cells in records:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            reason = f"{len(cells)} cells but the header has {len(header)} (a separator in a cell?)"
            bad.append(BadRow(line, reason))
            continue
        try:
            rows.append(_row(line, cells, fields, unknown, order))
        except ValidationError as exc:
            bad.append(BadRow(line, exc.message[0].lower() + exc.message[1:]))
    used = {i for i in unknown for _, cells in records if i < len(cells) and cells[i].strip()}
    return Sheet(rows, bad, [title for i, title in unknown.items() if i in used], dialect.delimiter)


@dataclass
class ImportResult:
    added: int = 0
    duplicates: int = 0
    companies: int = 0
    contacts: int = 0
    lines: list[int] = field(default_factory=list)  # lines of the rows added


def _key(company: str, role: str, applied: dt.date | None) -> tuple:
    return (company.casefold(), role.casefold(), applied)


def import_rows(
    engine: Engine, rows: list[ImportRow], clock: Callable, *, dry_run: bool = False
) -> ImportResult:
    """Add the rows in ONE transaction; a row whose company, role and applied date
    (case-insensitive) are already there, in the database or earlier in the file, is
    left out, so importing the same file twice adds nothing the second time."""
    from db import cadence
    from db.write.uow import read_settings, sessions, utc

    now = utc(clock())
    result = ImportResult()
    with sessions(engine).begin() as s:  # stamped with `now` on flush
        s.info["now"] = now
        settings = read_settings(s)
        companies = {c.name.casefold(): c for c in s.scalars(select(Company))}
        contacts = {
            (person.casefold(), (firm or "").casefold())
            for person, firm in s.execute(
                select(Contact.name, Company.name).outerjoin(Contact.company)
            )
        }
        seen = {
            _key(name, role, applied)
            for name, role, applied in s.execute(
                select(Company.name, Application.role, Application.applied_on).join(
                    Application.company
                )
            )
        }
        for row in rows:
            key = _key(row.company, row.role, row.applied_on)
            if key in seen:
                result.duplicates += 1
                continue
            seen.add(key)
            company = companies.get(row.company.casefold())
            if company is None:
                company = companies[row.company.casefold()] = Company(name=row.company)
                s.add(company)
                result.companies += 1
            app = Application(
                company=company,
                role=row.role,
                stage=row.stage,
                source=row.source,
                link=row.link,
                location=row.location,
                applied_on=row.applied_on,
                notes=row.notes,
            )
            s.add(app)
            # The history we know: applied on its day, then where it stands now.
            if row.applied_on and row.stage != "wishlist":
                applied_at = cadence.at_send_hour(row.applied_on, settings)
                s.add(StageChange(application=app, to_stage="applied", changed_at=applied_at))
                if row.stage != "applied":
                    s.add(
                        StageChange(
                            application=app,
                            from_stage="applied",
                            to_stage=row.stage,
                            changed_at=max(now, applied_at),
                        )
                    )
            else:
                s.add(StageChange(application=app, to_stage=row.stage, changed_at=now))
            if row.contact:
                person = (row.contact.casefold(), company.name.casefold())
                if person not in contacts:
                    contacts.add(person)
                    s.add(Contact(name=row.contact, email=row.email, company=company))
                    result.contacts += 1
            result.added += 1
            result.lines.append(row.line)
        s.flush()  # once: the unit of work inserts each table in batches
        if dry_run:
            s.rollback()
    return result


# --- Backups --------------------------------------------------------------------------------


def default_backup_path(path: Path, now: arrow.Arrow) -> Path:
    stamp = now.format("YYYYMMDD-HHmmss")
    return path.with_name(f"{path.stem}-backup-{stamp}{path.suffix or '.db'}")


def backup(path: Path, target: Path) -> int:
    """A consistent copy with SQLite's backup API, safe while the dashboard writes;
    created 0600 and checked. Returns its size in bytes."""
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        # Not mode=ro: a read-only connection leaves -wal and -shm files behind it.
        src = sqlite3.connect(path)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)  # all pages in one step: one read snapshot
                check = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if check != "ok":
            raise ExchangeError(f"the copy in {target} failed its check ({check})")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    os.chmod(target, 0o600)
    return target.stat().st_size
