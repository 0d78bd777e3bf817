"""The read side's plumbing: one sqlite3 connection per thread, the clock, the user's
settings, and rows mapped by column name into the frozen records of db.records.

SQLAlchemy stores datetimes as naive UTC text 'YYYY-MM-DD HH:MM:SS.ffffff', dates as
'YYYY-MM-DD' and booleans as 0/1; the converters here turn them back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, get_args

from db.days import ASKED_YOU, Settings, setting_infos, stored_settings
from db.files import PAGE_CACHE

R = TypeVar("R")

SETTING_TYPES: dict[str, type] = {
    f.name: type(getattr(Settings(), f.name)) for f in dataclasses.fields(Settings)
}
"""Each setting's key and the type its stored text is read as (one table, from the fields
of Settings: a field added there is listed here, and by `afterview config`, by itself)."""


def stamp(at: dt.datetime) -> str:
    """An aware datetime as SQLAlchemy stores it, for comparisons in SQL."""
    return at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def when(value: str | dt.datetime | None) -> dt.datetime | None:
    """A stored time (naive UTC text, as both engines give it to the views) as an aware
    datetime. The text is read with its zone appended: datetime.replace(tzinfo=...)
    after reading it cost five times the reading, ~1 us a time, 400 times for Today."""
    if value is None:
        return None
    if value.__class__ is str:
        try:
            read = _from_text(value + "+00:00")
        except ValueError:  # a zone of its own: read as before
            read = None
        if read is not None and read.tzinfo is not None:  # (a day alone loses the zone)
            return read
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


_from_text = dt.datetime.fromisoformat


def day(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _is_tuple(cls: type) -> bool:
    """A NamedTuple record (db.records), not a dataclass (db.page_records)."""
    return issubclass(cls, tuple) and hasattr(cls, "_fields")


def _annotations(cls: type) -> dict[str, Any]:
    """Each field of a record and its annotation: evaluated in db.records (a NamedTuple
    compiles each annotation given as text, so that module does without `from
    __future__ import annotations`), text in db.page_records."""
    if _is_tuple(cls):
        return {name: cls.__annotations__[name] for name in cls._fields}
    return {f.name: f.type for f in dataclasses.fields(cls)}


def _converter(kind: Any) -> Callable[[Any], Any] | None:
    """How a stored value is read for a field of this annotation: datetimes and dates
    are stored as text, booleans as 0/1."""
    if isinstance(kind, str):
        if "dt.datetime" in kind:
            return when
        if "dt.date" in kind:
            return day
        return bool if kind == "bool" else None
    options = get_args(kind) or (kind,)
    if dt.datetime in options:  # before date: a datetime is a date too
        return when
    if dt.date in options:
        return day
    return bool if kind is bool else None


@functools.cache
def _fields(cls: type) -> tuple[frozenset[str], dict[str, Callable[[Any], Any]]]:
    """A record's field names, and how to convert the stored value of each."""
    kinds = _annotations(cls)
    convert = {name: change for name, kind in kinds.items() if (change := _converter(kind))}
    return frozenset(kinds), convert


def record(cls: type[R], row: Mapping[str, Any], **given: Any) -> R:
    """`cls` from a row, field by column name. A column the record has no field for is
    an error (a typo would otherwise drop a value silently), except those named `_x`."""
    names, convert = _fields(cls)
    values = {key: row[key] for key in row.keys() if not key.startswith("_")}
    values.update(given)
    for key, value in values.items():
        if key not in names:
            raise KeyError(f"{cls.__name__} has no field for column {key!r}")
        if key in convert and value is not None:
            values[key] = convert[key](value)
    return cls(**values)


@functools.cache
def _plan(cls: type, names: tuple[str, ...]) -> tuple[tuple[int, str, Callable | None], ...]:
    """(column index, field, converter) for a query's columns, worked out once."""
    fields, convert = _fields(cls)
    plan = []
    for index, name in enumerate(names):
        if name.startswith("_"):
            continue
        if name not in fields:
            raise KeyError(f"{cls.__name__} has no field for column {name!r}")
        plan.append((index, name, convert.get(name)))
    return tuple(plan)


def mapper(cls: type[R], description) -> Callable[..., R]:
    """`row, **given -> cls`, fields by column name as `record` maps them, for every row
    of one query (its cursor's `description`). The names are matched once, and the
    mapping is compiled to one function, so a list of 200 rows costs what positional
    code did. `given` values are passed as they are.

    A NamedTuple record (db.records) is made with tuple.__new__ from its values in
    order (_compiled_tuple). A frozen dataclass's __init__ sets each field through
    object.__setattr__ (~4.5 us for 21 fields), so a dataclass record without
    __post_init__ or __slots__ (db.page_records) is made as that __init__ would leave
    it, its fields written to its __dict__ at once (0.4 us). Either way a field missing
    from the columns gets its default, and a `given` name that is not a field, or a
    field without a default missing from both, is a TypeError as __init__ raises."""
    return _compiled(cls, tuple(column[0] for column in description))


@functools.cache
def _compiled(cls: type[R], names: tuple[str, ...]) -> Callable[..., R]:
    scope: dict[str, object] = {"cls": cls, "new": object.__new__}
    values = {}  # field: the expression of its value
    for index, name, change in _plan(cls, names):
        if change is None:
            values[name] = f"row[{index}]"
        else:
            scope[f"to_{name}"] = change
            values[name] = f"None if row[{index}] is None else to_{name}(row[{index}])"
    if _is_tuple(cls):
        return _compiled_tuple(cls, values, scope)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if hasattr(cls, "__post_init__") or not hasattr(cls, "__dict__"):
        arguments = [f"{name}={value}" for name, value in values.items()]
        source = f"def make(row, **given):\n    return cls({', '.join([*arguments, '**given'])})\n"
        exec(source, scope)  # noqa: S102 - built from the record's own field names only
        return scope["make"]  # type: ignore[return-value]
    required = set()
    for f in fields:
        if f.name in values:
            continue
        if f.default is not dataclasses.MISSING:
            scope[f"default_{f.name}"] = f.default
            values[f.name] = f"default_{f.name}"
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"factory_{f.name}"] = f.default_factory
            values[f.name] = f"factory_{f.name}()"
        else:
            required.add(f.name)
    scope["fields"] = frozenset(f.name for f in fields)
    scope["required"] = frozenset(required)
    entries = ", ".join(f"{name!r}: {value}" for name, value in values.items())
    source = (
        "def make(row, **given):\n"
        "    made = new(cls)\n"
        f"    made.__dict__.update({{{entries}}})\n"
        "    if given or required:\n"
        "        if not fields.issuperset(given) or not required.issubset(given):\n"
        "            return cls(**{**made.__dict__, **given})  # raises as __init__ does\n"
        "        made.__dict__.update(given)\n"
        "    return made\n"
    )
    exec(source, scope)  # noqa: S102 - built from the record's own field names only
    return scope["make"]  # type: ignore[return-value]


def _compiled_tuple(cls: type[R], values: dict[str, str], scope: dict) -> Callable[..., R]:
    """`make(row, **given)` for a NamedTuple record: its fields in order, each from its
    column, else from `given`, else its default; handed to tuple.__new__ at once (the
    record's own __new__ takes keywords, ~2x the time). A `given` name that is not a
    field, or a field without a default missing from both, goes to the record's own
    __new__, which raises as it would."""
    scope |= {"tuple_new": tuple.__new__, "fields": frozenset(cls._fields)}
    defaults = cls._field_defaults
    items, required = [], set()
    for name in cls._fields:
        if name in values:
            items.append(values[name])
            continue
        if name in defaults:
            scope[f"default_{name}"] = defaults[name]
        else:
            required.add(name)
        items.append(
            f"given.get({name!r}, default_{name})" if name in defaults else f"given[{name!r}]"
        )
    scope["required"], scope["taken"] = frozenset(required), frozenset(values)
    columns = ", ".join(f"{name!r}: {value}" for name, value in values.items())
    source = (
        "def make(row, **given):\n"
        "    if given and (not fields.issuperset(given) or not taken.isdisjoint(given)) "
        "or not required.issubset(given):\n"
        f"        return cls(**{{{columns}, **given}})  # raises as __new__ does\n"
        f"    return tuple_new(cls, ({', '.join(items)},))\n"
    )
    exec(source, scope)  # noqa: S102 - built from the record's own field names only
    return scope["make"]  # type: ignore[return-value]


def spans(bounds) -> list:
    """[b0, b1, b1, b2, ...]: the (from, to) parameters of consecutive ranges."""
    return [edge for pair in zip(bounds, bounds[1:], strict=False) for edge in pair]


class Connection:
    """Read-only sqlite3 connections, one per thread at a time, with the clock and
    settings. (db.read.server.ServerConnection: the same on PostgreSQL.)

    A thread done reading hands its connection back (`release`, which the dashboard's
    workers call at their end), and the next thread to read takes the one used last:
    each connection keeps its own page cache (~3 MB once the panes have been read at
    5,000 applications), and one per worker thread ever started had the dashboard
    grow by that much for each new thread."""

    dialect = "sqlite"
    """Which SQL the few per-dialect branches of the views speak."""

    def __init__(self, path: Path, clock: Callable[[], object] | None = None) -> None:
        self.path = Path(path)
        self.clock = clock
        self._local = threading.local()
        self._open: list[sqlite3.Connection] = []
        self._spare: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._settings: Settings | None = None

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA busy_timeout = 10000")
        con.execute("PRAGMA query_only = 1")
        con.execute(f"PRAGMA cache_size = {PAGE_CACHE}")
        return con

    def _con(self):
        """This thread's connection: the one it holds, else the one released last, else
        a new one."""
        con = getattr(self._local, "con", None)
        if con is None:
            with self._lock:
                con = self._spare.pop() if self._spare else None
            if con is None:
                con = self._connect()
                with self._lock:
                    self._open.append(con)
            self._local.con = con
        return con

    def release(self) -> None:
        """This thread is done reading for now: its connection goes to the next thread
        that reads (never in the middle of a snapshot)."""
        con = getattr(self._local, "con", None)
        if con is not None and not con.in_transaction:
            self._local.con = None
            with self._lock:
                if con in self._open:  # not closed meanwhile
                    self._spare.append(con)

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: no write from elsewhere lands between its queries."""
        con = self._con()
        if con.in_transaction:  # already inside one (a view calling another)
            yield con
            return
        con.execute("BEGIN")
        try:
            yield con
        finally:
            con.execute("COMMIT")

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
            self._settings = stored_settings(rows)
        return self._settings

    def forget_settings(self) -> None:
        self._settings = None

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self._con().execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def stored_keys(self) -> frozenset[str]:
        """The settings given a value of their own (the rest are at their default)."""
        return frozenset(r[0] for r in self._con().execute("SELECT key FROM setting"))

    def asked_about_you(self) -> bool:
        """Whether the first-start question about you is settled: answered or put off
        (asked_you), or anything about you (name, zone, ...) already set another way, as
        `afterview config` or the sample data (which sets its zone) do."""
        keys = (ASKED_YOU, *(i.name for i in setting_infos() if i.group == "you"))
        marks = ", ".join("?" * len(keys))
        found = self._con().execute(f"SELECT 1 FROM setting WHERE key IN ({marks})", keys)
        return found.fetchone() is not None

    def schema_revision(self) -> str | None:
        """The schema the file is at, or None for an empty or foreign file."""
        return read_revision(self._con())[0]

    def close(self) -> None:
        """Close every connection this reader opened, in any thread."""
        with self._lock:
            for con in self._open:
                con.close()
            self._open.clear()
            self._spare.clear()
        self._local = threading.local()


def read_revision(con: sqlite3.Connection) -> tuple[str | None, bool]:
    """(Alembic revision or None, whether the file holds any table): the one place the
    schema's revision is read, by the dashboard, the upgrade and the command line."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "alembic_version" not in tables:
        return None, bool(tables)
    found = con.execute("SELECT version_num FROM alembic_version").fetchone()
    return (found[0] if found else None), True
