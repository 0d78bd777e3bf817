"""The Pipeline: counts per stage and a page of applications, soonest follow-up first;
and one application as the Pipeline shows it."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from db import cadence
from db.enums import Stage
from db.read.base import Connection, mapper, stamp, when
from db.read.people import like
from db.records import ApplicationRow, PipelineView

if TYPE_CHECKING:
    from db.page_records import ApplicationFootprint

# The active Pipeline's WHERE, exactly as the partial index ix_application_active_next_due
# states it (db.models): SQLite uses a partial index only for a query that repeats it.
_ACTIVE_LIST = ", ".join(f"'{stage}'" for stage in cadence.ACTIVE_STAGES)
ACTIVE_WHERE = f"a.archived = 0 AND a.stage IN ({_ACTIVE_LIST})"
SENT_INDEX = "ix_follow_up_application_id_status_kind_status_changed_at"

APPLICATION_SQL = """SELECT a.id, co.name AS company, a.role, a.stage, a.source, a.link,
       a.location, a.applied_on, a.notes, a.archived, a.next_due_at AS next_due
FROM application a {index} JOIN company co ON co.id = a.company_id"""


CLOSED_WHERE = f"(a.archived = 1 OR a.stage NOT IN ({_ACTIVE_LIST}))"
"""The other view: applications closed (accepted, rejected, ...) or archived."""

PEOPLE_SQL = """SELECT f.application_id FROM follow_up f WHERE f.contact_id IN (SELECT id FROM {named})
  UNION SELECT r.application_id FROM reference r WHERE r.contact_id IN (SELECT id FROM {named})
  UNION SELECT i.application_id FROM interview_participant p
    JOIN interview i ON i.id = p.interview_id WHERE p.contact_id IN (SELECT id FROM {named})
  UNION SELECT x.id FROM application x WHERE x.company_id IN (SELECT company_id FROM {named})"""
"""Applications a person is part of: written to, a reference, on a panel, or working at
the company. The people are found first (one pass over the contacts), then their
applications through the indexes on contact_id: `named` is a WITH table of the people
whose name matches (view_where)."""

LAST_TOUCH_SQL = f"""max(
  coalesce((SELECT max(f.status_changed_at) FROM follow_up f INDEXED BY {SENT_INDEX}
            WHERE f.application_id = a.id AND f.status = 'sent'), ''),
  coalesce((SELECT max(i.starts_at) FROM interview i
            WHERE i.application_id = a.id AND i.starts_at <= :now), ''),
  coalesce((SELECT max(r.received_at) FROM response r WHERE r.application_id = a.id), ''))"""
"""An application's last touch as stored text ('' for none), as _applications reads it."""

PER_APPLICATION = f"""(SELECT max(f.status_changed_at) FROM follow_up f INDEXED BY {SENT_INDEX}
    WHERE f.application_id = x.id AND f.status = 'sent') AS sent,
  (SELECT max(r.received_at) FROM response r WHERE r.application_id = x.id) AS replied,
  (SELECT max(i.starts_at) FROM interview i INDEXED BY ix_interview_application_id_starts_at
    WHERE i.application_id = x.id AND i.starts_at <= ?) AS held,
  (SELECT max(i.created_at) FROM interview i INDEXED BY ix_interview_application_id_starts_at
    WHERE i.application_id = x.id) AS logged,
  (SELECT f.kind FROM follow_up f INDEXED BY ix_follow_up_application_id_status_due_at
    WHERE f.application_id = x.id AND f.status = 'planned'
    ORDER BY f.due_at, f.id LIMIT 1) AS next_kind"""
"""What a page's rows need besides their columns, for an application `x`: its last note
sent, reply, interview held (`?`: now) and interview logged, as stored text (NULL for
none), and the kind of its soonest planned follow-up (the first made, of two as soon)."""

PG_PER_APPLICATION = """SELECT 1 AS k, application_id, max(status_changed_at) AS at,
    NULL::timestamptz AS at2, NULL AS kind
  FROM follow_up WHERE application_id IN ({marks}) AND status = 'sent' GROUP BY application_id
UNION ALL SELECT 2, application_id, max(received_at), NULL, NULL
  FROM response WHERE application_id IN ({marks}) GROUP BY application_id
UNION ALL SELECT 3, application_id, max(starts_at) FILTER (WHERE starts_at <= ?), max(created_at),
    NULL FROM interview WHERE application_id IN ({marks}) GROUP BY application_id
UNION ALL SELECT * FROM (SELECT DISTINCT ON (application_id) 4, application_id,
    NULL::timestamptz, NULL::timestamptz, kind
  FROM follow_up WHERE application_id IN ({marks}) AND status = 'planned'
  ORDER BY application_id, due_at, id) soonest
UNION ALL SELECT 5, application_id, status_changed_at, NULL, NULL FROM follow_up
  WHERE application_id IN ({marks}) AND status = 'sent' AND kind = 'check-in'"""
"""PER_APPLICATION and the sent check-ins on PostgreSQL, in one statement of tagged rows:
(1, id, last sent), (2, id, last reply), (3, id, last held, last logged), (4, id, -, -,
next kind), (5, id, a check-in sent). Each part reads the page's ids off an index in one
pass, where the correlated subqueries ran five subplans per row: 1.1 ms against 1.8 ms
for a page of 100 at 5,000 applications, and one statement fewer."""

ORDER_BY = {
    "next": "a.next_due_at IS NULL, a.next_due_at, a.id DESC",
    "touch": f"{LAST_TOUCH_SQL} DESC, a.id DESC",
    "company": "co.name COLLATE NOCASE, a.role COLLATE NOCASE, a.id DESC",
    "applied": "a.applied_on IS NULL, a.applied_on DESC, a.id DESC",
}
# PostgreSQL: greatest() skips NULLs (no '' for none: a time is not text there), and
# lower() stands for SQLite's NOCASE.
PG_ORDER_BY = {
    **ORDER_BY,
    "touch": "greatest("
    "(SELECT max(f.status_changed_at) FROM follow_up f "
    " WHERE f.application_id = a.id AND f.status = 'sent'), "
    "(SELECT max(i.starts_at) FROM interview i "
    " WHERE i.application_id = a.id AND i.starts_at <= :now), "
    "(SELECT max(r.received_at) FROM response r WHERE r.application_id = a.id)"
    ") DESC NULLS LAST, a.id DESC",
    "company": "lower(co.name), lower(a.role), a.id DESC",
}
SEARCH_WORDS = 6
"""Words of a search that count: each must match the company, the role or a person."""


def view_where(view: PipelineView) -> tuple[str, str, dict]:
    """The WITH clause (people matching each word, found once), the WHERE of a
    Pipeline view, and their parameters."""
    where, args, named = [CLOSED_WHERE if view.closed else ACTIVE_WHERE], {}, []
    if view.stage:
        where.append("a.stage = :stage")
        args["stage"] = view.stage
    for n, word in enumerate(view.search.split()[:SEARCH_WORDS]):
        q = f"q{n}"
        args[q] = like(word)
        named.append(
            f"named{n} AS MATERIALIZED (SELECT id, company_id FROM contact "
            f"WHERE name LIKE :{q} ESCAPE '\\')"
        )
        where.append(
            f"(co.name LIKE :{q} ESCAPE '\\' OR a.role LIKE :{q} ESCAPE '\\' "
            f"OR a.id IN ({PEOPLE_SQL.format(named=f'named{n}')}))"
        )
    return ("WITH " + ", ".join(named) + " ") if named else "", " AND ".join(where), args


class PipelineViews(Connection):
    def pipeline_summary(
        self,
        *,
        limit: int = 100,
        offset: int = 0,
        include_closed: bool = False,
        view: PipelineView | None = None,
    ):
        """Counts per stage, and a page of applications, soonest next follow-up first;
        or, given a `view`, a page of the applications it lists in its order."""
        from db.records import PipelineSummary

        with self.snapshot() as con:
            counts = dict.fromkeys([str(s) for s in Stage], 0)
            counts.update(
                (r["stage"], r["n"])
                for r in con.execute(
                    "SELECT stage, sum(n) AS n FROM application_tally "
                    "WHERE archived = 0 GROUP BY stage"
                )
            )
            if view is not None and view != PipelineView():
                return self._view_page(con, counts, view, limit, offset)
            stages = [str(s) for s in (Stage if include_closed else cadence.ACTIVE_STAGES)]
            total = sum(counts.get(s, 0) for s in stages)
            marks = ",".join("?" * len(stages))
            where = f"a.archived = 0 AND a.stage IN ({marks})"
            # Those with a next follow-up first, soonest first, then the rest. The usual
            # page (active ones) is read in order off a partial index whose WHERE the
            # query must repeat word for word (literals, not parameters); the planner
            # would otherwise sort every scheduled application.
            if include_closed:
                scheduled = APPLICATION_SQL.format(index="INDEXED BY ix_application_next_due_at")
                scheduled += f" WHERE {where}"
            else:
                scheduled = APPLICATION_SQL.format(
                    index="INDEXED BY ix_application_active_next_due"
                )
                scheduled += f" WHERE {ACTIVE_WHERE}"
            rows = con.execute(
                scheduled + " AND a.next_due_at IS NOT NULL "
                "ORDER BY a.next_due_at, a.id DESC LIMIT ? OFFSET ?",
                (*(stages if include_closed else ()), limit, offset),
            ).fetchall()
            if len(rows) < limit:
                skip = 0
                if not rows:
                    planned = con.execute(
                        f"SELECT count(*) FROM application WHERE archived = 0 AND stage IN ({marks})"
                        " AND next_due_at IS NOT NULL",
                        stages,
                    ).fetchone()[0]
                    skip = max(0, offset - planned)
                rows += con.execute(
                    APPLICATION_SQL.format(index="")
                    + f" WHERE {where} AND a.next_due_at IS NULL ORDER BY a.id DESC LIMIT ? OFFSET ?",
                    (*stages, limit - len(rows), skip),
                ).fetchall()
            return PipelineSummary(counts, self._applications(con, rows), total)

    def _view_page(self, con, counts: dict, view: PipelineView, limit: int, offset: int):
        """A page of a searched, filtered, sorted or closed view: at most a few thousand
        applications match, so a count and one sorted page are a few milliseconds."""
        from db.records import PipelineSummary

        with_, where, args = view_where(view)
        orders = PG_ORDER_BY if self.dialect == "postgresql" else ORDER_BY
        order = orders.get(view.sort, orders["next"])
        total = con.execute(
            f"{with_}SELECT count(*) FROM application a "
            f"JOIN company co ON co.id = a.company_id WHERE {where}",
            args,
        ).fetchone()[0]
        rows = con.execute(
            f"{with_}{APPLICATION_SQL.format(index='')} WHERE {where} "
            f"ORDER BY {order} LIMIT :limit OFFSET :offset",
            {**args, "limit": limit, "offset": offset, "now": stamp(self.now())},
        ).fetchall()
        return PipelineSummary(counts, self._applications(con, rows), total, view)

    def application_footprint(self, application_id: int) -> ApplicationFootprint:
        """How many interviews, follow-ups, replies and stage changes an application has."""
        from db.page_records import ApplicationFootprint

        count = "SELECT count(*) FROM {} WHERE application_id = :id"
        sql = "SELECT " + ", ".join(
            f"({count.format(table)}) AS {name}"
            for table, name in (
                ("interview", "interviews"),
                ("follow_up", "follow_ups"),
                ("response", "replies"),
                ("stage_change", "stage_changes"),
            )
        )
        row = self._con().execute(sql, {"id": application_id}).fetchone()
        return ApplicationFootprint(**dict(zip(row.keys(), row, strict=True)))

    def application(self, application_id: int) -> ApplicationRow | None:
        """One application as the Pipeline shows it (archived or closed ones too)."""
        with self.snapshot() as con:
            rows = con.execute(
                APPLICATION_SQL.format(index="") + " WHERE a.id = ?", (application_id,)
            ).fetchall()
            return self._applications(con, rows)[0] if rows else None

    def _applications(self, con: sqlite3.Connection, rows: list) -> tuple[ApplicationRow, ...]:
        """Rows of a page, with last touch, next kind and ghosting: two statements on SQLite,
        one on PostgreSQL (PG_PER_APPLICATION)."""
        if not rows:
            return ()
        ids = [r["id"] for r in rows]
        marks = ",".join("?" * len(ids))

        # Per application, in one statement (one index lookup each): its last note
        # sent, last reply, last interview held and last one logged (for the last touch
        # and for the check-ins since the company last answered), and the kind of its
        # soonest planned follow-up. Every follow-up lookup names an index that starts
        # (application_id, status): otherwise the planner may walk the status index
        # through every planned row in the base.
        last_touch, replied, logged, next_kind = {}, {}, {}, {}
        if self.dialect == "postgresql":
            facts, check_ins = self._per_application_pg(con, ids, marks)
        else:
            facts = con.execute(
                f"SELECT x.id, {PER_APPLICATION} FROM application x WHERE x.id IN ({marks})",
                [stamp(self.now()), *ids],
            )
            check_ins = None
        for aid, sent, reply, held, made, kind in facts:
            # Times are stored as fixed-width UTC text, so text order is time order.
            touches = [at for at in (sent, reply, held) if at is not None]
            if touches:
                last_touch[aid] = max(touches)
            if reply is not None:
                replied[aid] = reply
            if made is not None:
                logged[aid] = made
            next_kind[aid] = kind
        unanswered = self._unanswered(con, ids, marks, replied, logged, check_ins)
        settings = self.settings
        make = mapper(ApplicationRow, [(name,) for name in rows[0].keys()])  # one query's
        return tuple(
            make(
                r,
                last_touch=when(last_touch.get(r["id"])),
                next_kind=next_kind.get(r["id"]),
                suggest_ghosted=cadence.suggest_ghosted(
                    Stage(r["stage"]), unanswered[r["id"]], settings
                ),
            )
            for r in rows
        )

    def _per_application_pg(self, con, ids: list[int], marks: str) -> tuple[list, dict]:
        """PER_APPLICATION's rows (id, sent, reply, held, logged, next kind) and each
        application's sent check-ins, from PG_PER_APPLICATION."""
        facts = {aid: [aid, None, None, None, None, None] for aid in ids}
        check_ins: dict[int, list] = {aid: [] for aid in ids}
        sql = PG_PER_APPLICATION.format(marks=marks)
        for tag, aid, at, at2, kind in con.execute(
            sql, [*ids, *ids, stamp(self.now()), *ids, *ids, *ids]
        ):
            if tag == 5:
                check_ins[aid].append(at)
            elif tag == 3:
                facts[aid][3], facts[aid][4] = at, at2
            elif tag == 4:
                facts[aid][5] = kind
            else:
                facts[aid][tag] = at  # 1: last sent, 2: last reply
        return list(facts.values()), check_ins

    def _unanswered(
        self,
        con: sqlite3.Connection,
        ids: list[int],
        marks: str,
        replied: dict,
        logged: dict,
        sent: dict[int, list] | None = None,
    ) -> dict[int, int]:
        """Check-ins sent since the company last answered, by the one rule in
        cadence.unanswered_since, fed the sent check-ins (read here unless given) and
        each application's last reply and last interview logged (the earlier ones
        cannot change the count). The times stay as stored: one fixed-width UTC format,
        so text order is time order and a page needs no conversion of hundreds of them."""
        if sent is None:
            sent = {aid: [] for aid in ids}
            for aid, at in con.execute(
                "SELECT application_id, status_changed_at FROM follow_up "
                f"INDEXED BY {SENT_INDEX} "
                f"WHERE application_id IN ({marks}) AND status = 'sent' AND kind = 'check-in'",
                ids,
            ):
                sent[aid].append(at)
        return {
            aid: cadence.unanswered_since(
                times,
                [replied[aid]] if aid in replied else [],
                [logged[aid]] if aid in logged else [],
            )
            if times
            else 0
            for aid, times in sent.items()
        }
