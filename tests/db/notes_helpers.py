"""Facts and checks shared by the tests of db/notes: one interview, one panel."""

from __future__ import annotations

import datetime as dt
import re

from db.enums import Channel, Kind
from db.notes.drafts import DraftFacts
from db.notes.guards import check_note

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)  # a Friday
MONDAY = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
TOPICS = "their Postgres to ClickHouse move; on-call load\n- mentoring juniors"
PROMPT = re.compile(r"\[[^\[\]\n]+\]")


def facts(name: str = "Diana Reyes", **changes) -> DraftFacts:
    values = dict(
        recipient_name=name,
        recipient_title="Head of Data",
        company="Acme Corp",
        role="Data Engineer",
        kind=Kind.THANK_YOU,
        channel=Channel.EMAIL,
        interview_starts_at=MONDAY,
        interview_kind="panel",
        interview_notes=TOPICS,
        answer_by=dt.date(2026, 11, 27),
        timezone="Europe/London",
        now=NOW,
    )
    values.update(changes)
    return DraftFacts(**values)


def codes(warnings) -> list[str]:
    return [w.code for w in warnings]


def check(body: str, name: str = "Diana Reyes", company: str = "Acme Corp", **kw):
    return check_note(body, recipient_name=name, company=company, **kw)
