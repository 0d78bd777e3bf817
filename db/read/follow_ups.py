"""Follow-ups: Today's list, one follow-up, those of an application or interview, and
everything the note editor needs to draft and check one note."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING

from db import days
from db.enums import Kind
from db.read.base import Connection, day, mapper, record, stamp
from db.read.people import CONTACT_SQL
from db.records import DueList, FollowUpItem

if TYPE_CHECKING:
    from db.page_records import InterviewRow, NoteContext

ITEM_COLUMNS = """f.id, f.kind, f.channel, f.due_at, f.status, f.contact_id,
       c.name AS contact_name, c.email AS contact_email, c.phone AS contact_phone,
       coalesce(co.name, '') AS company, coalesce(a.role, '') AS role,
       f.application_id, f.interview_id, f.subject, f.outcome, f.reason,
       f.status_changed_at, f.snoozed_until, f.updated_at,
       coalesce(cc.name, '') AS contact_company, c.title AS contact_title"""
ITEM_FROM = """FROM follow_up f JOIN contact c ON c.id = f.contact_id
LEFT JOIN application a ON a.id = f.application_id
LEFT JOIN company co ON co.id = a.company_id
LEFT JOIN company cc ON cc.id = c.company_id"""
ITEM_SQL = f"SELECT {ITEM_COLUMNS}\n{ITEM_FROM}"
"""A follow-up as lists show it: no body (a note can be a megabyte)."""
ITEM_WITH_BODY_SQL = f"SELECT {ITEM_COLUMNS}, f.body\n{ITEM_FROM}"

DUE = "f.status = 'planned' AND f.due_at < ? ORDER BY f.due_at, f.id"
DUE_SQL = f"{ITEM_SQL} WHERE {DUE} LIMIT ?"
"""Today's list, read in order off ix_follow_up_status_due_at_id (status, due_at, id)."""
PLANNED_BEFORE = (
    "(SELECT coalesce(sum(planned), 0) FROM planned_hour WHERE hour < ?) + "
    "(SELECT count(*) FROM follow_up WHERE status = 'planned' AND due_at >= ? AND due_at < ?)"
)
"""How many follow-ups are planned before a time: those of the hours before its hour,
kept by triggers (planned_hour, migration 0009), and those inside its hour up to it,
off ix_follow_up_status_due_at_id. Counting them one by one walked every overdue one."""
PLANNED_BEFORE_SQL = f"SELECT {PLANNED_BEFORE}, {PLANNED_BEFORE}, {PLANNED_BEFORE}"
"""Before the start of today, of tomorrow and of the day after the week."""

INTERVIEW_SQL = (
    "SELECT id, application_id, starts_at, minutes, kind, answer_by, notes FROM interview"
)


def before(at: dt.datetime) -> tuple[str, str, str]:
    """PLANNED_BEFORE's parameters for `at`: its hour as planned_hour keys it, the start
    of that hour and `at`, as stored times."""
    hour = stamp(at)[:13]
    return hour, f"{hour}:00:00.000000", stamp(at)


def item(row: sqlite3.Row) -> FollowUpItem:
    body = row["body"] if "body" in row.keys() else None
    return record(FollowUpItem, row, body=body or "")


def interview(con: sqlite3.Connection, row: sqlite3.Row) -> InterviewRow:
    """An interview with its panel, in the order they were entered."""
    from db.page_records import ContactRow, InterviewRow

    people = con.execute(
        CONTACT_SQL + " JOIN interview_participant p ON p.contact_id = c.id "
        "WHERE p.interview_id = ? ORDER BY p.position",
        (row["id"],),
    )
    return record(InterviewRow, row, participants=tuple(record(ContactRow, p) for p in people))


class FollowUpViews(Connection):
    def due_follow_ups(
        self, day: dt.date | None = None, *, week_days: int = 7, limit: int = 200
    ) -> DueList:
        """Planned follow-ups: overdue (before `day`), due on `day`, then the next days.
        List items carry no body (a note can be a megabyte); open one for that."""
        settings = self.settings
        today = day or days.local_date(self.now(), settings)

        def midnight(days_on: int) -> dt.datetime:
            # Local midnights: the day the clocks change is 23 or 25 hours long.
            on = today + dt.timedelta(days=days_on)
            return dt.datetime.combine(on, dt.time(), tzinfo=settings.zone).astimezone(dt.UTC)

        start, end_today, end_week = midnight(0), midnight(1), midnight(week_days + 1)
        with self.snapshot() as con:
            cursor = con.execute(
                DUE_SQL,
                (stamp(end_week), limit),
            )
            rows = cursor.fetchall()
            make = mapper(FollowUpItem, cursor.description)
            items = [make(r) for r in rows]
            counts = None
            if len(rows) == limit:  # cut short: count them all
                edges = (start, end_today, end_week)
                args = [value for at in edges for value in before(at)]
                by_today, by_tomorrow, by_week = con.execute(PLANNED_BEFORE_SQL, args).fetchone()
                counts = (by_today, by_tomorrow - by_today, by_week - by_tomorrow)
        return DueList(
            tuple(i for i in items if i.due_at < start),
            tuple(i for i in items if start <= i.due_at < end_today),
            tuple(i for i in items if i.due_at >= end_today),
            counts,
        )

    def follow_up(self, follow_up_id: int) -> FollowUpItem | None:
        """One follow-up with its note, or None if it no longer exists."""
        row = self._con().execute(ITEM_WITH_BODY_SQL + " WHERE f.id = ?", (follow_up_id,))
        found = row.fetchone()
        return item(found) if found else None

    def follow_ups_for(
        self, *, application_id: int | None = None, interview_id: int | None = None
    ) -> list[FollowUpItem]:
        """Those of an application and/or an interview, soonest first, with their notes."""
        where, args = [], []
        if application_id is not None:
            where.append("f.application_id = ?")
            args.append(application_id)
        if interview_id is not None:
            where.append("f.interview_id = ?")
            args.append(interview_id)
        sql = ITEM_WITH_BODY_SQL + (" WHERE " + " AND ".join(where) if where else "")
        cursor = self._con().execute(sql + " ORDER BY f.due_at, f.id", args)
        make = mapper(FollowUpItem, cursor.description)
        return [make(r) for r in cursor]

    def note_context(self, follow_up_id: int) -> NoteContext | None:
        """The follow-up with its note, the recipient's title, the interview and the
        other panel members' notes (for the guards); None if it no longer exists."""
        from db.page_records import NoteContext

        with self.snapshot() as con:
            row = con.execute(
                f"SELECT {ITEM_COLUMNS}, f.body, c.title AS _title, c.notes AS _notes, "
                f"c.met_on AS _met_on {ITEM_FROM} WHERE f.id = ?",
                (follow_up_id,),
            ).fetchone()
            if row is None:
                return None
            found = item(row)
            meeting, panel = None, ()
            if found.interview_id is not None:
                at = con.execute(INTERVIEW_SQL + " WHERE id = ?", (found.interview_id,)).fetchone()
                if at is not None:
                    meeting = interview(con, at)
                panel = tuple(
                    (name, body)
                    for name, body in con.execute(
                        "SELECT c.name, f.body FROM follow_up f "
                        "JOIN contact c ON c.id = f.contact_id WHERE f.interview_id = ? "
                        "AND f.contact_id != ? AND f.status != 'skipped' ORDER BY f.id",
                        (found.interview_id, found.contact_id),
                    )
                )
            reply = ""
            if found.kind == Kind.FEEDBACK_THANKS and found.application_id is not None:
                said = con.execute(
                    "SELECT summary FROM response WHERE application_id = ? "
                    "ORDER BY received_at DESC, id DESC LIMIT 1",
                    (found.application_id,),
                ).fetchone()
                reply = said[0] if said else ""
        return NoteContext(
            found, row["_title"] or "", meeting, panel,
            row["_notes"] or "", day(row["_met_on"]), reply,
        )  # fmt: skip
