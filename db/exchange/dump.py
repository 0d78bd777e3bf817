"""The JSON export's format (a complete, versioned dump of every table), read back
and checked whole, then restored into an empty database."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Boolean, Date, Engine, Integer, insert, select
from sqlalchemy.exc import IntegrityError

from db.exchange import ExchangeError
from db.exchange.bulk import DERIVED_TABLES
from db.migrations import HEAD
from db.models import Base, UTCDateTime

FORMAT = "afterview"
VERSION = 1

# Columns the database derives: an export made before they existed still restores.
DERIVED = {
    "application": {
        *("next_due_at", "first_reply_at"),
        *("stage_reached", "answered_by_stage", "first_answer_at", "answer_seconds"),  # 0007
    },
    "follow_up": {"sequence"},
}
# Schemas whose dumps restore as they are: 0002 only added the derived column above,
# 0003 indexes and the derived table below, 0005 follow_up.sequence (see _sequence),
# 0006 the mailbox's tables (an older dump has none: they restore empty), 0007 the
# derived columns above that stats read (triggers fill them as the rows go in), 0008 a
# derived table and an index, 0009 a derived table, 0010 an index on PostgreSQL alone.
READABLE_SCHEMAS = {"0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010"}


def data_tables():
    """The tables a person's data lives in; not DERIVED_TABLES (sent_hour and the other
    counts triggers derive from the rows: an export leaves them out, a restore rebuilds
    them by inserting the rows)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in DERIVED_TABLES]


def _decoder(column):
    """How one column's JSON values are read and checked (chosen once per column: a
    restore reads a value of each column for every one of 100k rows)."""
    kind, name, nullable = column.type, column.name, column.nullable

    if isinstance(kind, UTCDateTime):

        def read(value):
            at = dt.datetime.fromisoformat(value)  # 10x faster than arrow on 100k rows
            if at.tzinfo is None:
                raise ValueError
            return at.astimezone(dt.UTC)
    elif isinstance(kind, Date):
        read = dt.date.fromisoformat
    elif isinstance(kind, Boolean):

        def read(value):
            if not isinstance(value, bool):
                raise ValueError
            return value
    elif isinstance(kind, Integer):

        def read(value):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError
            return value
    else:

        def read(value):
            if not isinstance(value, str):
                raise ValueError
            return value

    def decode(value, where: str):
        if value is None:
            if not nullable:
                raise ExchangeError(f"{where}: {name} may not be empty")
            return None
        try:
            return read(value)
        except (ValueError, TypeError):
            raise ExchangeError(f"{where}: {name} has a wrong value {value!r}") from None

    return decode


def _sequence(follow_up: dict) -> int:
    """A follow-up from a dump made before 0005 starts its counter where the calendar
    export of that time left SEQUENCE (whole seconds from created to updated), plus one,
    as the migration does: a calendar that imported an earlier file takes the next."""
    created, updated = follow_up.get("created_at"), follow_up.get("updated_at")
    if created is None or updated is None or updated <= created:
        return 0
    return int((updated - created).total_seconds()) + 1


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
        decoders = {c.name: _decoder(c) for c in table.columns}
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
            decoded = {key: decoders[key](value, where) for key, value in row.items()}
            if table_name == "follow_up" and "sequence" not in decoded:
                decoded["sequence"] = _sequence(decoded)
            out.append(decoded)
        parsed[table_name] = out
    return parsed


def move_sequences(conn) -> None:
    """PostgreSQL: each table's id sequence past the ids just written with the rows (a
    SQLite rowid follows by itself), so the next row added gets a new id."""
    from sqlalchemy import text

    for table in data_tables():
        if "id" in table.c and table.c.id.primary_key:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def restore(
    engine: Engine,
    tables: dict[str, list[dict]],
    *,
    dry_run: bool = False,
    name: str = "",
    hint: str = "a JSON export restores into an empty database only (pass --db NEW.db)",
) -> int:
    """Insert a parsed dump into an EMPTY database, in one transaction; rows written."""
    total, bulk = 0, None
    try:
        with engine.begin() as conn:  # BEGIN IMMEDIATE: nobody writes between check and insert
            if any(conn.execute(select(t).limit(1)).first() for t in data_tables()):
                raise ExchangeError(f"{name or 'the database'} already holds data; {hint}")
            if conn.dialect.name == "postgresql":
                from db.exchange.bulk import insert_in_bulk

                bulk = insert_in_bulk(conn, data_tables(), tables)
            if bulk is not None:
                total = bulk
            else:
                for table in data_tables():
                    rows = tables.get(table.name, [])
                    if rows:
                        conn.execute(insert(table), rows)
                        total += len(rows)
            if conn.dialect.name == "postgresql":
                move_sequences(conn)
            if dry_run:
                conn.rollback()
    except IntegrityError as exc:
        raise ExchangeError(f"the export is inconsistent ({exc.orig}); nothing imported") from None
    if bulk is not None and not dry_run:
        from db.exchange.bulk import vacuum

        vacuum(engine, data_tables())
    return total
