"""The read side on PostgreSQL: the same views, the same SQL text, through psycopg.

`ServerConnection` replaces the sqlite3 plumbing of db.read.base.Connection and nothing
else: one psycopg connection per thread, snapshots as REPEATABLE READ READ ONLY
transactions, and one seam (`postgres_sql`, worked out once per SQL text) where the
views' SQLite dialect becomes PostgreSQL's:

- `?` and `:name` placeholders become `%s` and `%(name)s`; a `%` of the text is doubled
  (outside string literals the placeholders are read; inside them nothing changes but
  the doubling, which psycopg undoes);
- `INDEXED BY ix` (SQLite's planner hint) is dropped: PostgreSQL plans for itself;
- `LIKE` becomes `ILIKE` (SQLite's LIKE ignores case, as the searches expect);
- `archived = 0` / `= 1` compare the boolean with false / true;
- `IN (?,?,...)` (a page's ids, a list of stages) becomes `= ANY(%s)` with the values
  passed as one array: one SQL text for any number of ids, so one prepared statement.

Every statement is prepared on its first use and planned once for any parameters
(plan_cache_mode = force_generic_plan): the views' queries are index lookups whose
plan does not depend on the values, and planning one cost more than running it. JIT
compilation is off: a generic plan's estimate for `LIMIT %s` is a tenth of the table,
which passes jit_above_cost, and compiling took 25 ms for a page of 200 contacts
that reads in 3.

Values come back as SQLite gives them to the views: times as fixed-width naive UTC text
('YYYY-MM-DD HH:MM:SS.ffffff', the session runs in UTC), days as 'YYYY-MM-DD'; so text
order is time order on both engines and the views' Python is the same. What the seam
cannot say (SQLite's scalar max() over '' for none, its date modifiers) is a small
per-dialect branch in the view, on `self.dialect`.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from db.read.base import Connection
from db.target import ServerURL

_LITERAL = re.compile(r"('(?:[^']|'')*')")
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_REWRITES = (
    (re.compile(r"\s+INDEXED BY \w+", re.I), ""),
    (re.compile(r"\bNOT LIKE\b"), "NOT ILIKE"),
    (re.compile(r"(?<!NOT )\bLIKE\b"), "ILIKE"),
    (re.compile(r"\b(archived)\s*=\s*0\b"), r"\1 = false"),
    (re.compile(r"\b(archived)\s*=\s*1\b"), r"\1 = true"),
)


_MARKS = re.compile(r"(?P<not>\bNOT\s+)?\bIN\s*\(\s*\?(?P<more>(?:\s*,\s*\?)*)\s*\)|\?", re.I)


def postgres_sql(sql: str) -> str:
    """The views' SQLite text as PostgreSQL reads it (see the module's docstring)."""
    return postgres_statement(sql)[0]


@functools.lru_cache(maxsize=1024)
def postgres_statement(sql: str) -> tuple[str, tuple[int | None, ...] | None]:
    """The PostgreSQL text, and how its positional parameters are grouped: for each
    `%s`, None for one value or the number of values an `IN (?,...)` list gathers into
    one array (None as a whole when there is no such list)."""
    parts = _LITERAL.split(sql)
    shape: list[int | None] = []

    def mark(found: re.Match) -> str:
        if found.group(0) == "?":
            shape.append(None)
            return "%s"
        shape.append(1 + found.group("more").count("?"))
        return "<> ALL(%s)" if found.group("not") else "= ANY(%s)"

    for n in range(0, len(parts), 2):  # even parts lie outside string literals
        text = _MARKS.sub(mark, parts[n].replace("%", "%%"))
        text = _NAMED.sub(r"%(\1)s", text)
        for pattern, replacement in _REWRITES:
            text = pattern.sub(replacement, text)
        parts[n] = text
    for n in range(1, len(parts), 2):
        parts[n] = parts[n].replace("%", "%%")
    grouped = any(size is not None for size in shape)
    return "".join(parts), (tuple(shape) if grouped else None)


def grouped(parameters, shape: tuple[int | None, ...]) -> list:
    """Positional parameters with each IN list's values gathered into one array."""
    values, out, at = list(parameters), [], 0
    for size in shape:
        if size is None:
            out.append(values[at])
            at += 1
        else:
            out.append(array(values[at : at + size]))
            at += size
    return out


def array(values: list):
    """An IN list as one parameter. A list of whole numbers (a page's ids) goes as the
    array's text, '{3,1,2}', of unknown type (the server reads it as the column's): psycopg
    dumps a Python list value by value, which cost 0.1 ms for a page of 100 ids, more
    than the index lookups it feeds. Anything else goes as a list."""
    if all(type(value) is int for value in values):
        return "{" + ",".join(map(str, values)) + "}"
    return values


_DESCRIBED = sqlite3.connect(":memory:", check_same_thread=False)
_DESCRIBED_LOCK = threading.Lock()


@functools.lru_cache(maxsize=512)
def _described(names: tuple[str, ...]) -> sqlite3.Cursor:
    """A finished sqlite3 cursor whose description holds `names`: what sqlite3.Row
    reads its column names from."""
    columns = ", ".join('NULL AS "{}"'.format(name.replace('"', '""')) for name in names)
    with _DESCRIBED_LOCK:
        cursor = _DESCRIBED.execute(f"SELECT {columns or 'NULL'}")
        cursor.fetchall()
    return cursor


def _names(cursor) -> tuple[str, ...]:
    """The column names of the statement just run, straight from libpq's result: a
    psycopg cursor's `description` builds a Column object per column on every call
    (with a type lookup each), ~1 ms of a mark sent's reads on a page of rows."""
    result = cursor.pgresult
    if result is None:
        return ()
    return tuple(result.fname(n).decode() for n in range(result.nfields))


def _row_factory(cursor):
    """Rows as sqlite3.Row, the type the views get from SQLite: by position or by column
    name, both in C (a Python __getitem__ cost more than the query for a page)."""
    described = _described(_names(cursor))
    return lambda values: sqlite3.Row(described, tuple(values))


_PADDING = {19: ".000000", **{n: "0" * (26 - n) for n in range(21, 26)}}
"""What a time's text lacks of six digits of microseconds (the server writes none for
whole seconds, and drops trailing zeros), by its length."""


def _loaders(adapters) -> None:
    """Times and days as the text SQLite holds (see the module's docstring)."""
    from psycopg.adapt import Loader

    class UTCText(Loader):
        def load(self, data) -> str:
            text = str(data, "ascii")  # '2026-11-24 10:30:00.5+00' in a UTC session
            if text[-3] == "+":
                text = text[:-3]
            elif "+" in text[10:]:
                text = text[: text.rindex("+")]
            return text + _PADDING.get(len(text), "")

    class DayText(Loader):
        def load(self, data) -> str:
            return bytes(data).decode()

    adapters.register_loader("timestamptz", UTCText)
    adapters.register_loader("date", DayText)


class Fetched:
    """A statement's rows, fetched at once (one C call for the lot: a psycopg cursor
    steps through rows in Python, one call per row), read as a sqlite3 cursor is: by
    iteration, fetchone, fetchall and description. The views' reads are pages."""

    __slots__ = ("description", "_rows")

    def __init__(self, cursor) -> None:
        names = _names(cursor)
        # As sqlite3 gives it: a 7-tuple per column, the name first; None for no rows.
        self.description = _described(names).description if names else None
        self._rows = iter(cursor.fetchall() if names else ())
        cursor.close()

    def __iter__(self):
        return self._rows

    def fetchone(self):
        return next(self._rows, None)

    def fetchall(self) -> list:
        return list(self._rows)


class ServerCon:
    """A psycopg connection in autocommit, with sqlite3's `execute` and `in_transaction`."""

    def __init__(self, con) -> None:
        self.raw = con

    def execute(self, sql: str, parameters=()):
        text, shape = postgres_statement(sql)
        if shape is not None and parameters and not isinstance(parameters, dict):
            parameters = grouped(parameters, shape)
        cursor = self.raw.cursor(row_factory=_row_factory)
        return Fetched(cursor.execute(text, parameters or None))

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


class ServerConnection(Connection):
    """Read-only psycopg connections to a PostgreSQL database, one per thread at a time
    (handed on as db.read.base.Connection hands on SQLite's)."""

    dialect = "postgresql"

    def __init__(self, url: ServerURL, clock=None) -> None:
        self.path = ServerURL(url)
        self.clock = clock
        self._local = threading.local()
        self._open: list = []
        self._spare: list = []
        self._lock = threading.Lock()
        self._settings = None

    def _connect(self) -> ServerCon:
        raw = self.path.connect(autocommit=True)
        raw.execute("SET default_transaction_read_only = on")
        raw.execute("SET plan_cache_mode = force_generic_plan")
        raw.execute("SET jit = off")  # see the module's docstring
        raw.prepare_threshold = 0  # prepared on first use (see the module's docstring)
        _loaders(raw.adapters)
        return ServerCon(raw)

    @contextmanager
    def snapshot(self) -> Iterator[ServerCon]:
        """One REPEATABLE READ READ ONLY transaction: every query of it sees the same
        committed state, as a SQLite read transaction does."""
        con = self._con()
        if con.in_transaction:
            yield con
            return
        con.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield con
        finally:
            con.raw.execute("COMMIT")

    def schema_revision(self) -> str | None:
        from db.target import server_schema

        return server_schema(self._con().raw)[0]
