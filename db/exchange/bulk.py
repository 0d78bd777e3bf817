"""A restore into PostgreSQL in bulk: the rows sent by COPY with the derived values
worked out once at the end, instead of row by row.

Row by row, each application, stage change, interview, reply and follow-up inserted
fires the PL/pgSQL triggers of migrations 0003, 0004 and 0007, and each of those updates
its application again: copying 5,000 applications (100k follow-ups) took minutes.
Here, inside the restore's one transaction:

1. the tables' own triggers are switched off (ALTER TABLE ... DISABLE TRIGGER USER: it
   takes the table's exclusive lock until the commit, and another session never sees
   them off, as DDL in PostgreSQL is transactional; foreign keys still hold, their
   triggers are the system's);
2. each table's rows go in by one COPY, in the tables' dependency order;
3. every derived value is worked out once for all rows, by the set statements the
   migrations themselves use to fill them (sent_hour, next_due_at, first_reply_at, then
   stage_reached / answered_by_stage and first_answer_at / answer_seconds, then the
   counts of application_tally, planned_hour and answer_wait), which give what the
   triggers would have given row by row;
4. the triggers are switched back on, and the planner's statistics gathered (ANALYZE):
   without them the first reads of a freshly filled database are planned blind;
5. after the commit, VACUUM marks the new rows visible to all, so the reads that an
   index answers alone (counts, stats) need not visit the table.

Switching triggers off needs the tables' owner (who ran the migrations). A role that
only reads and writes rows gets the row-by-row insert instead: slower, the same result.
"""

from __future__ import annotations

import importlib
from functools import cache

from sqlalchemy import text

DERIVED_TABLES = ("sent_hour", "application_tally", "planned_hour", "answer_wait")
"""Tables triggers keep from the others: never exported, rebuilt by a restore."""


@cache
def _migration(name: str):
    return importlib.import_module(f"db.migrations.versions.{name}")


def derived_statements() -> list[str]:
    """The set statements that fill every derived value from the rows (PostgreSQL),
    in an order where each reads only what is already filled."""
    sends = _migration("0003_page_indexes_and_sends_per_hour")
    answers = _migration("0007_answers_by_triggers")
    tally = _migration("0008_application_tally")
    planned = _migration("0009_planned_and_answer_counts")
    return [
        "DELETE FROM sent_hour",
        "INSERT INTO sent_hour (hour, sent) "
        f"SELECT {sends.PG_HOUR.format(which='follow_up')}, count(*) FROM follow_up "
        "WHERE status = 'sent' GROUP BY 1",
        "UPDATE application SET first_reply_at = (SELECT min(received_at) FROM response "
        "WHERE response.application_id = application.id)",
        "UPDATE application SET next_due_at = (SELECT min(due_at) FROM follow_up "
        "WHERE follow_up.application_id = application.id AND follow_up.status = 'planned')",
        answers.PG_REACHED.format(where="true"),
        *answers.PG_FIRST_ANSWER.format(where="true").split(";"),
        "DELETE FROM application_tally",
        tally.FILL,
        "DELETE FROM planned_hour",
        planned.PG_FILL,
        "DELETE FROM answer_wait",
        planned.PG_ANSWER_FILL,
    ]


def owns_tables(conn, names: list[str]) -> bool:
    """Whether this role owns every one of the tables (and so may switch triggers)."""
    return bool(
        conn.execute(
            text(
                "SELECT coalesce(bool_and(pg_has_role(current_user, c.relowner, 'USAGE')), false)"
                " FROM pg_class c WHERE c.oid = ANY(CAST(:names AS regclass[]))"
            ),
            {"names": names},
        ).scalar()
    )


def triggered_tables(conn, names: list[str]) -> list[str]:
    """Those of the tables that have triggers of their own (not foreign-key checks)."""
    return [
        row[0]
        for row in conn.execute(
            text(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE NOT t.tgisinternal AND c.oid = ANY(CAST(:names AS regclass[]))"
            ),
            {"names": names},
        )
    ]


def copy_rows(conn, table, rows: list[dict]) -> None:
    """`rows` into `table` by one COPY, on the transaction's own psycopg connection. The
    columns are those every row has (a derived column an old dump lacks is filled at
    the end)."""
    names = [c.name for c in table.columns if all(c.name in row for row in rows)]
    raw = conn.connection.driver_connection
    quoted = ", ".join(f'"{name}"' for name in names)
    with raw.cursor() as cursor:
        with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[name] for name in names])


def insert_in_bulk(conn, tables, rows_of: dict[str, list[dict]]) -> int | None:
    """Every table's rows, as the module's docstring says; the rows written, or None when
    this role may not switch the triggers off (the caller inserts row by row)."""
    names = [t.name for t in tables]
    if not owns_tables(conn, names):
        return None
    switched = triggered_tables(conn, names)
    for name in switched:
        conn.execute(text(f'ALTER TABLE "{name}" DISABLE TRIGGER USER'))
    total = 0
    for table in tables:
        rows = rows_of.get(table.name, [])
        if rows:
            copy_rows(conn, table, rows)
            total += len(rows)
    for statement in derived_statements():
        if statement.strip():
            conn.execute(text(statement))
    for name in switched:
        conn.execute(text(f'ALTER TABLE "{name}" ENABLE TRIGGER USER'))
    for name in names:
        conn.execute(text(f'ANALYZE "{name}"'))
    for name in DERIVED_TABLES:
        conn.execute(text(f"ANALYZE {name}"))
    return total


def vacuum(engine, tables) -> None:
    """VACUUM (FREEZE, ANALYZE) each table (outside any transaction, as it must run).

    FREEZE: inserting the rows that point at a company or a contact locked each of those
    rows (the foreign key's check, FOR KEY SHARE), and a plain VACUUM left every page
    of such a table not all-visible (company: 0 of 47 pages at 5,000 applications), so
    index-only scans went to the heap for each row until some later vacuum. Frozen, the
    pages are all-visible at once. ANALYZE: the planner has the new table sizes."""
    names = [t.name for t in tables] + list(DERIVED_TABLES)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for name in names:
            conn.execute(text(f'VACUUM (FREEZE, ANALYZE) "{name}"'))
        # The first table, vacuumed the moment the copy committed, was still left with
        # no page all-visible (company, in every try); once more, a moment later, does.
        for (name,) in conn.execute(
            text(
                "SELECT relname FROM pg_class WHERE relname = ANY(:names)"
                " AND relnamespace = to_regnamespace(current_schema())"
                " AND relkind = 'r' AND relallvisible < relpages"
            ),
            {"names": names},
        ):
            conn.execute(text(f'VACUUM (FREEZE) "{name}"'))
