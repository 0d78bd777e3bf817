"""The dashboard's reads, in plain SQL over sqlite3.

Importing SQLAlchemy and mapping the models costs 300-400 ms, more than the whole
start-up budget, so the reads the first screen needs (Today, Pipeline) and the other
list screens (contacts, stats) live here and need neither. `Repository` delegates
to a `Reader`; the dashboard uses one on its own until the ORM has loaded in the
background. The SQL follows db/models.py: SQLAlchemy stores datetimes as naive UTC
text 'YYYY-MM-DD HH:MM:SS.ffffff', dates as 'YYYY-MM-DD' and booleans as 0/1.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from db import cadence
from db.cadence import Settings
from db.enums import Stage
from db.records import (
    ApplicationRow,
    ContactRow,
    DueList,
    FollowUpItem,
    InterviewRow,
    NoteContext,
    PipelineSummary,
    Stats,
)

# The derived application.next_due_at, recomputed for the applications a write touched.
REFRESH_NEXT_DUE = """
UPDATE application SET next_due_at = (
    SELECT min(due_at) FROM follow_up
    WHERE follow_up.application_id = application.id AND follow_up.status = 'planned')
"""

# The active Pipeline's WHERE, exactly as the partial index ix_application_active_next_due
# states it (db.models): SQLite uses a partial index only for a query that repeats it.
_ACTIVE_LIST = ", ".join(f"'{stage}'" for stage in cadence.ACTIVE_STAGES)
ACTIVE_WHERE = f"a.archived = 0 AND a.stage IN ({_ACTIVE_LIST})"
SENT_INDEX = "ix_follow_up_application_id_status_kind_status_changed_at"

SETTING_TYPES = {f: type(getattr(Settings(), f)) for f in Settings.__dataclass_fields__}
ITEM_SQL = """
SELECT f.id, f.kind, f.channel, f.due_at, f.status, f.contact_id, c.name, c.email, c.phone,
       co.name, a.role, f.application_id, f.interview_id, f.subject, f.outcome, f.reason,
       f.status_changed_at, f.snoozed_until, f.updated_at
FROM follow_up f JOIN contact c ON c.id = f.contact_id
LEFT JOIN application a ON a.id = f.application_id
LEFT JOIN company co ON co.id = a.company_id
"""

CONTACT_SQL = """
SELECT c.id, c.name, c.title, coalesce(co.name, ''), c.email, c.phone, c.profile_url,
       c.preferred_channel, c.met_via, c.met_on, c.notes, c.last_touched_at
FROM contact c LEFT JOIN company co ON co.id = c.company_id
"""


def stamp(at: dt.datetime) -> str:
    """An aware datetime as SQLAlchemy stores it, for comparisons in SQL."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def when(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


class Reader:
    """Read-only queries with one sqlite3 connection per thread."""

    def __init__(self, path: Path, clock: Callable[[], object] | None = None) -> None:
        self.path = Path(path)
        self.clock = clock
        self._local = threading.local()
        self._open: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._settings: Settings | None = None

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            con.execute("PRAGMA busy_timeout = 10000")
            con.execute("PRAGMA query_only = 1")
            self._local.con = con
            with self._lock:
                self._open.append(con)
        return con

    def now(self) -> dt.datetime:
        if self.clock is None:
            return dt.datetime.now(dt.UTC)
        value = self.clock()
        if isinstance(value, dt.datetime):  # the dashboard's fixed clock: no arrow import
            return value.astimezone(dt.UTC)
        import arrow

        return arrow.get(value).to("utc").datetime

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            rows = self._con().execute("SELECT key, value FROM setting").fetchall()
            values = {k: SETTING_TYPES[k](v) for k, v in rows if k in SETTING_TYPES}
            self._settings = Settings(**values)
        return self._settings

    def forget_settings(self) -> None:
        self._settings = None

    def schema_revision(self) -> str | None:
        """The schema the file is at, or None for an empty or foreign file."""
        con = self._con()
        found = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if found is None:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self._con().execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    # --- Today ---------------------------------------------------------------------

    def due_follow_ups(
        self, day: dt.date | None = None, *, week_days: int = 7, limit: int = 200
    ) -> DueList:
        """Planned follow-ups: overdue (before `day`), due on `day`, then the next days.
        List items carry no body (a note can be a megabyte); open one for that."""
        settings = self.settings
        today = day or cadence.local_date(self.now(), settings)
        start = dt.datetime.combine(today, dt.time(), tzinfo=settings.zone).astimezone(dt.UTC)
        end_today = start + dt.timedelta(days=1)
        end_week = start + dt.timedelta(days=week_days + 1)
        con = self._con()
        rows = con.execute(
            ITEM_SQL
            + " WHERE f.status = 'planned' AND f.due_at < ? ORDER BY f.due_at, f.id LIMIT ?",
            (stamp(end_week), limit),
        ).fetchall()
        items = [_item(r) for r in rows]
        counts = None
        if len(rows) == limit:  # cut short: count them all, three index range counts
            span = "SELECT count(*) FROM follow_up WHERE status = 'planned' AND due_at >= ? AND due_at < ?"
            bounds = ("", stamp(start), stamp(end_today), stamp(end_week))
            counts = con.execute(
                f"SELECT ({span}), ({span}), ({span})",
                spans(bounds),
            ).fetchone()
        return DueList(
            tuple(i for i in items if i.due_at < start),
            tuple(i for i in items if start <= i.due_at < end_today),
            tuple(i for i in items if i.due_at >= end_today),
            counts,
        )

    # --- Pipeline --------------------------------------------------------------------

    def pipeline_summary(
        self, *, limit: int = 100, offset: int = 0, include_closed: bool = False
    ) -> PipelineSummary:
        """Counts per stage, and a page of applications, soonest next follow-up first."""
        con = self._con()
        counts = dict.fromkeys([str(s) for s in Stage], 0)
        counts.update(
            con.execute("SELECT stage, count(*) FROM application WHERE archived = 0 GROUP BY stage")
        )
        stages = [str(s) for s in (Stage if include_closed else cadence.ACTIVE_STAGES)]
        total = sum(counts.get(s, 0) for s in stages)
        marks = ",".join("?" * len(stages))
        select = """SELECT a.id, co.name, a.role, a.stage, a.source, a.link, a.location,
                           a.applied_on, a.notes, a.archived, a.next_due_at
                    FROM application a {index} JOIN company co ON co.id = a.company_id
                    WHERE {where}"""
        where = f"a.archived = 0 AND a.stage IN ({marks})"
        # Those with a next follow-up first, soonest first, then the rest. The usual
        # page (active ones) is read in order off a partial index whose WHERE the query
        # must repeat word for word (literals, not parameters); the planner would
        # otherwise sort every scheduled application.
        scheduled = (
            select.format(index="INDEXED BY ix_application_next_due_at", where=where)
            if include_closed
            else select.format(
                index="INDEXED BY ix_application_active_next_due", where=ACTIVE_WHERE
            )
        )
        rows = con.execute(
            scheduled + " AND a.next_due_at IS NOT NULL "
            "ORDER BY a.next_due_at, a.id DESC LIMIT ? OFFSET ?",
            (*(stages if include_closed else ()), limit, offset),
        ).fetchall()
        if len(rows) < limit:
            skip = 0
            if not rows:
                scheduled = con.execute(
                    f"SELECT count(*) FROM application WHERE archived = 0 AND stage IN ({marks})"
                    " AND next_due_at IS NOT NULL",
                    stages,
                ).fetchone()[0]
                skip = max(0, offset - scheduled)
            rows += con.execute(
                select.format(index="", where=where)
                + " AND a.next_due_at IS NULL ORDER BY a.id DESC LIMIT ? OFFSET ?",
                (*stages, limit - len(rows), skip),
            ).fetchall()
        return PipelineSummary(counts, self._applications(con, rows), total)

    def application(self, application_id: int) -> ApplicationRow | None:
        """One application as the Pipeline shows it (archived or closed ones too)."""
        con = self._con()
        rows = con.execute(
            """SELECT a.id, co.name, a.role, a.stage, a.source, a.link, a.location,
                      a.applied_on, a.notes, a.archived, a.next_due_at
               FROM application a JOIN company co ON co.id = a.company_id WHERE a.id = ?""",
            (application_id,),
        ).fetchall()
        return self._applications(con, rows)[0] if rows else None

    def _applications(self, con: sqlite3.Connection, rows: list) -> tuple[ApplicationRow, ...]:
        """Rows of a page, with last touch, next kind and ghosting, in five set queries."""
        if not rows:
            return ()
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))

        def per_app(sql: str) -> dict:
            return dict(con.execute(sql.format(marks=marks), ids).fetchall())

        last_touch = per_app(
            "SELECT application_id, max(status_changed_at) FROM follow_up "
            f"INDEXED BY {SENT_INDEX} "
            "WHERE application_id IN ({marks}) AND status = 'sent' GROUP BY application_id"
        )
        last_reply = per_app(
            "SELECT application_id, max(received_at) FROM response "
            "WHERE application_id IN ({marks}) GROUP BY application_id"
        )
        last_interview = per_app(
            "SELECT application_id, max(created_at) FROM interview "
            "WHERE application_id IN ({marks}) GROUP BY application_id"
        )
        # Every set query names an index that starts (application_id, status): otherwise
        # the planner may walk the status index through every planned row in the base.
        soonest: dict[int, tuple[str, str]] = {}
        for aid, due, kind in con.execute(
            "SELECT application_id, due_at, kind FROM follow_up "
            "INDEXED BY ix_follow_up_application_id_status_due_at "
            f"WHERE application_id IN ({marks}) AND status = 'planned'",
            ids,
        ):
            if aid not in soonest or due < soonest[aid][0]:
                soonest[aid] = (due, kind)
        next_kind = {aid: kind for aid, (_, kind) in soonest.items()}
        # Check-ins sent since the company last answered (a reply, or an interview).
        unanswered = dict.fromkeys(ids, 0)
        for aid, at in con.execute(
            "SELECT application_id, status_changed_at FROM follow_up "
            f"INDEXED BY {SENT_INDEX} "
            f"WHERE application_id IN ({marks}) AND status = 'sent' AND kind = 'check-in'",
            ids,
        ):
            reply, interview = last_reply.get(aid), last_interview.get(aid)
            if (reply is None or at > reply) and (interview is None or at >= interview):
                unanswered[aid] += 1
        settings = self.settings
        return tuple(
            ApplicationRow(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                day(r[7]),
                r[8],
                bool(r[9]),
                when(last_touch.get(r[0])),
                when(r[10]),
                next_kind.get(r[0]),
                cadence.suggest_ghosted(Stage(r[3]), unanswered[r[0]], settings),
            )
            for r in rows
        )

    # --- One note ----------------------------------------------------------------------

    def note_context(self, follow_up_id: int) -> NoteContext | None:
        """The follow-up with its note, the recipient's title, the interview and the
        other panel members' notes (for the guards); None if it no longer exists."""
        con = self._con()
        con.execute("BEGIN")  # one snapshot: no write lands between these reads
        try:
            return self._note_context(con, follow_up_id)
        finally:
            con.execute("COMMIT")

    def _note_context(self, con: sqlite3.Connection, follow_up_id: int) -> NoteContext | None:
        row = con.execute(
            "SELECT i.*, f.body, c.title FROM (" + ITEM_SQL + " WHERE f.id = ?) i "
            "JOIN follow_up f ON f.id = i.id JOIN contact c ON c.id = f.contact_id",
            (follow_up_id,),
        ).fetchone()
        if row is None:
            return None
        item = _item(row, body=row[-2] or "")
        interview, panel = None, ()
        if item.interview_id is not None:
            found = con.execute(
                "SELECT id, application_id, starts_at, minutes, kind, answer_by, notes "
                "FROM interview WHERE id = ?",
                (item.interview_id,),
            ).fetchone()
            if found is not None:
                people = con.execute(
                    CONTACT_SQL + " JOIN interview_participant p ON p.contact_id = c.id "
                    "WHERE p.interview_id = ? ORDER BY p.position",
                    (found[0],),
                )
                interview = InterviewRow(
                    found[0], found[1], when(found[2]), found[3], found[4], day(found[5]),
                    found[6], tuple(_contact(r) for r in people),
                )  # fmt: skip
            panel = tuple(
                con.execute(
                    "SELECT c.name, f.body FROM follow_up f JOIN contact c ON c.id = f.contact_id "
                    "WHERE f.interview_id = ? AND f.contact_id != ? AND f.status != 'skipped' "
                    "ORDER BY f.id",
                    (item.interview_id, item.contact_id),
                )
            )
        return NoteContext(item, row[-1] or "", interview, panel)

    # --- Contacts and stats ------------------------------------------------------------

    def contacts(self, search: str = "", limit: int = 200) -> list[ContactRow]:
        """People by name; `search` matches name, title, company or email."""
        sql = CONTACT_SQL
        args: tuple = ()
        if search:
            like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            sql += """ WHERE c.name LIKE :q ESCAPE '\\' OR c.title LIKE :q ESCAPE '\\'
                       OR co.name LIKE :q ESCAPE '\\' OR c.email LIKE :q ESCAPE '\\'"""
            args = {"q": like}  # type: ignore[assignment]
        sql += " ORDER BY c.name, c.id LIMIT :limit" if search else " ORDER BY c.name, c.id LIMIT ?"
        params = {**args, "limit": limit} if search else (limit,)
        return [_contact(r) for r in self._con().execute(sql, params)]

    def stats(self, weeks: int = 12) -> Stats:
        """Funnel, reply rate, median days to first reply, sends per week (user's zone)."""
        con, settings = self._con(), self.settings
        funnel = dict.fromkeys([str(s) for s in Stage], 0)
        funnel.update(con.execute("SELECT stage, count(*) FROM application GROUP BY stage"))
        reached = dict(
            con.execute(
                "SELECT to_stage, count(DISTINCT application_id) FROM stage_change GROUP BY to_stage"
            )
        )
        total = sum(funnel.values())
        past_wishlist = total - funnel.get(Stage.WISHLIST, 0)
        # Days from applying to the first reply, the reply's day taken in the user's zone
        # at today's offset (an hour's difference can only matter for a midnight reply).
        # Julian day numbers start at noon: +0.5 and truncating gives the day, so the
        # median is found in SQL without a date() call per row or a row per reply here.
        now = self.now()
        shift = now.astimezone(settings.zone).utcoffset().total_seconds() / 86400
        first = "FROM application INDEXED BY ix_application_first_reply WHERE first_reply_at IS NOT NULL"
        replied, dated = con.execute(f"SELECT count(*), count(applied_on) {first}").fetchone()
        middle = con.execute(
            "SELECT days FROM (SELECT CAST(julianday(first_reply_at) + ? + 0.5 AS INTEGER)"
            " - CAST(julianday(applied_on) + 0.5 AS INTEGER) AS days "
            f"{first} AND applied_on IS NOT NULL) ORDER BY days LIMIT ? OFFSET ?",
            (shift, 2 - dated % 2, (dated - 1) // 2),
        ).fetchall()
        median_days = sum(d for (d,) in middle) / len(middle) if middle else None
        today = cadence.local_date(now, settings)
        monday = today - dt.timedelta(days=today.weekday())
        starts = [monday - dt.timedelta(weeks=w) for w in range(weeks - 1, -1, -1)]
        per_week = dict.fromkeys(starts, 0)
        # Each week runs from Monday 00:00 in the user's zone, whatever its offset then
        # (daylight saving included). Where every boundary falls on a whole UTC hour, the
        # sends-per-hour counts (sent_hour, kept by triggers) answer in one statement;
        # a half- or quarter-hour zone counts the sends themselves, to the minute.
        bounds = [
            dt.datetime.combine(day, dt.time(), tzinfo=settings.zone).astimezone(dt.UTC)
            for day in [*starts, starts[-1] + dt.timedelta(weeks=1)]
        ]
        if all(b.minute == 0 and b.second == 0 for b in bounds):
            hours = [b.strftime("%Y-%m-%d %H") for b in bounds]
            week_sums = " UNION ALL ".join(
                "SELECT (SELECT coalesce(sum(sent), 0) FROM sent_hour WHERE hour >= ? AND hour < ?)"
                for _ in starts
            )
            for start, (count,) in zip(starts, con.execute(week_sums, spans(hours)), strict=True):
                per_week[start] = count
        else:
            since = bounds[0]
            for start, end, minutes in offset_spans(since, now, settings.zone):
                for monday_text, count in con.execute(
                    "SELECT date(status_changed_at, ?, 'weekday 0', '-6 days') AS wk, count(*) "
                    "FROM follow_up WHERE status = 'sent' AND status_changed_at >= ? "
                    "AND status_changed_at < ? GROUP BY wk",
                    (f"{minutes} minutes", stamp(start), stamp(end)),
                ):
                    key = dt.date.fromisoformat(monday_text)
                    if key in per_week:
                        per_week[key] += count
        sent = con.execute("SELECT coalesce(sum(sent), 0) FROM sent_hour").fetchone()[0]
        conversion = {
            str(s): (reached.get(str(s), 0) / total if total else None) for s in cadence.STAGE_ORDER
        }
        return Stats(
            funnel,
            replied / past_wishlist if past_wishlist else None,
            median_days,
            conversion,
            tuple(per_week.items()),
            sent,
        )

    def close(self) -> None:
        """Close every connection this reader opened, in any thread."""
        with self._lock:
            for con in self._open:
                con.close()
            self._open.clear()
        self._local = threading.local()


def spans(bounds) -> list:
    """[b0, b1, b1, b2, ...]: the (from, to) parameters of consecutive ranges."""
    return [edge for pair in zip(bounds, bounds[1:], strict=False) for edge in pair]


def offset_spans(start: dt.datetime, now: dt.datetime, zone: dt.tzinfo):
    """(from, to, UTC offset in minutes) stretches covering [start, far future)."""

    def minutes(at: dt.datetime) -> int:
        return int(at.astimezone(zone).utcoffset().total_seconds() // 60)

    spans, begin, current = [], start, minutes(start)
    at, end = start, now + dt.timedelta(days=8)
    while at < end:  # a day at a time; to the hour where the offset changes
        step = at + dt.timedelta(days=1)
        if minutes(step) != current:
            step = at + dt.timedelta(hours=1)
            while minutes(step) == current:
                step += dt.timedelta(hours=1)
            spans.append((begin, step, current))
            begin, current = step, minutes(step)
        at = step
    spans.append((begin, dt.datetime(9999, 1, 1, tzinfo=dt.UTC), current))
    return spans


def _contact(r) -> ContactRow:
    return ContactRow(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], day(r[9]), r[10], when(r[11])
    )


def _item(r, body: str = "") -> FollowUpItem:
    return FollowUpItem(
        r[0],
        r[1],
        r[2],
        when(r[3]),
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        r[9] or "",
        r[10] or "",
        r[11],
        r[12],
        r[13],
        body,
        r[14],
        r[15],
        when(r[16]),
        when(r[17]),
        when(r[18]),
    )
