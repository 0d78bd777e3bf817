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
- `archived = 0` / `= 1` compare the boolean with false / true.

Values come back as SQLite gives them to the views: times as fixed-width naive UTC text
('YYYY-MM-DD HH:MM:SS.ffffff', the session runs in UTC), days as 'YYYY-MM-DD'; so text
order is time order on both engines and the views' Python is the same. What the seam
cannot say (SQLite's scalar max() over '' for none, its date modifiers) is a small
per-dialect branch in the view, on `self.dialect`.
"""

from __future__ import annotations

import functools
import re
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


@functools.lru_cache(maxsize=1024)
def postgres_sql(sql: str) -> str:
    """The views' SQLite text as PostgreSQL reads it (see the module's docstring)."""
    parts = _LITERAL.split(sql)
    for n in range(0, len(parts), 2):  # even parts lie outside string literals
        text = parts[n].replace("%", "%%").replace("?", "%s")
        text = _NAMED.sub(r"%(\1)s", text)
        for pattern, replacement in _REWRITES:
            text = pattern.sub(replacement, text)
        parts[n] = text
    for n in range(1, len(parts), 2):
        parts[n] = parts[n].replace("%", "%%")
    return "".join(parts)


class Row(tuple):
    """A row by position or by column name, as sqlite3.Row is."""

    __slots__ = ()
    _names: tuple[str, ...] = ()

    def keys(self) -> tuple[str, ...]:
        return self._names

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key))
        return tuple.__getitem__(self, key)


def _row_factory(cursor):
    names = tuple(c.name for c in cursor.description or ())
    kind = type("Row", (Row,), {"__slots__": (), "_names": names})
    return lambda values: kind(values)


def _loaders(adapters) -> None:
    """Times and days as the text SQLite holds (see the module's docstring)."""
    from psycopg.adapt import Loader

    class UTCText(Loader):
        def load(self, data) -> str:
            text = bytes(data).decode()  # '2026-11-24 10:30:00.5+00' in a UTC session
            text = text[: text.rindex("+")] if "+" in text[10:] else text
            whole, _, fraction = text.partition(".")
            return f"{whole}.{fraction:0<6}"

    class DayText(Loader):
        def load(self, data) -> str:
            return bytes(data).decode()

    adapters.register_loader("timestamptz", UTCText)
    adapters.register_loader("date", DayText)


class ServerCon:
    """A psycopg connection in autocommit, with sqlite3's `execute` and `in_transaction`."""

    def __init__(self, con) -> None:
        self.raw = con

    def execute(self, sql: str, parameters=()):
        cursor = self.raw.cursor(row_factory=_row_factory)
        return cursor.execute(postgres_sql(sql), parameters or None)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


class ServerConnection(Connection):
    """Read-only psycopg connections to a PostgreSQL database, one per thread."""

    dialect = "postgresql"

    def __init__(self, url: ServerURL, clock=None) -> None:
        self.path = ServerURL(url)
        self.clock = clock
        self._local = threading.local()
        self._open: list = []
        self._lock = threading.Lock()
        self._settings = None

    def _con(self) -> ServerCon:
        con = getattr(self._local, "con", None)
        if con is None:
            raw = self.path.connect(autocommit=True)
            raw.execute("SET default_transaction_read_only = on")
            _loaders(raw.adapters)
            con = ServerCon(raw)
            self._local.con = con
            with self._lock:
                self._open.append(con)
        return con

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
