"""Writing the data out: the complete JSON dump (see `dump` for its format) and one
CSV row per application for a spreadsheet. Follow-ups as calendar events: `ics`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict

import arrow
from sqlalchemy import Engine, func, select

from db.days import Settings
from db.engine import read_session
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


def _local(at: dt.datetime | None, settings: Settings, fmt: str = "YYYY-MM-DD") -> str:
    return arrow.get(at).to(settings.zone).format(fmt) if at else ""


def _encode(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def dump(engine: Engine) -> dict:
    """Every table, rows ordered by primary key, in plain JSON values."""
    tables = {}
    with read_session(engine) as s:
        for table in data_tables():
            rows = s.execute(select(table).order_by(*table.primary_key.columns))
            keys = list(rows.keys())
            tables[table.name] = [dict(zip(keys, map(_encode, row), strict=True)) for row in rows]
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
    with read_session(engine) as s:
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
