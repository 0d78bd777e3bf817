"""Where the database lives and how it is opened.

Nothing here runs at import time: the entry point calls `open_database(path)`.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import DatabaseError  # also imported from here by older callers
from db.files import PAGE_CACHE, check_file, check_writable
from db.target import ServerURL, Target

if TYPE_CHECKING:  # SQLAlchemy costs ~250 ms to import: only where an engine is built
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

BUSY_TIMEOUT_MS = 10_000


def prepare_file(path: Path) -> None:
    """Create the folder 0700 and the file 0600 before SQLite touches them."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)


def _on_connect(dbapi_conn: sqlite3.Connection, _record) -> None:
    # Let SQLAlchemy own transactions; we emit BEGIN ourselves below.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute(f"PRAGMA cache_size = {PAGE_CACHE}")
    cur.close()


def _on_begin(conn) -> None:
    # BEGIN IMMEDIATE takes the write lock up front, so a read-then-write transaction
    # waits for it instead of failing with "database is locked" at commit. Readers keep
    # a deferred BEGIN: in WAL mode they never wait for a writer.
    options = conn.get_execution_options()
    # A rehearsal asks not to wait for the lock (busy_timeout_ms=0): set per checkout,
    # and back to the default on the next transaction that does not ask.
    wait = options.get("busy_timeout_ms", BUSY_TIMEOUT_MS)
    if options.get("read_only"):
        if conn.info.get("busy_timeout_ms", BUSY_TIMEOUT_MS) != wait:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait)}")
        conn.exec_driver_sql("BEGIN")
    else:  # it leaves busy_timeout at `wait` for the statements that follow
        _take_write_lock(conn.connection.dbapi_connection, wait)
    conn.info["busy_timeout_ms"] = wait


LOOK_EVERY = 0.001
"""How often a waiting writer asks for SQLite's write lock again (seconds)."""


def _take_write_lock(dbapi_conn: sqlite3.Connection, wait_ms: float) -> None:
    """BEGIN IMMEDIATE, asking again every millisecond for up to `wait_ms`. SQLite's own
    wait backs off to 100 ms between tries and is not fair: behind another process that
    writes in short transactions back to back (the mailbox sync, a day's import), it
    kept missing the moments the lock was free, and a mark sent waited seconds. Asked
    this often, it gets the lock at the next pause between two of them."""
    import time

    deadline = time.monotonic() + wait_ms / 1000
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout = 0")
        while True:
            try:
                cursor.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    from sqlalchemy.exc import OperationalError

                    # As SQLAlchemy would have raised it: callers catch its type.
                    raise OperationalError("BEGIN IMMEDIATE", (), exc) from None
            time.sleep(LOOK_EVERY)
    finally:
        cursor.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        cursor.close()


def make_engine(path: Path) -> Engine:
    from sqlalchemy import URL, create_engine, event

    # URL.create keeps the path as it is: in "sqlite:///{path}" a "?" in a folder or file
    # name would start the query string, and SQLAlchemy would open another file.
    url = URL.create("sqlite", database=str(path))
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


CHANNEL = "afterview"
"""The LISTEN/NOTIFY channel every committed write on PostgreSQL announces itself on."""

WRITER_LOCK = (
    "SELECT pg_advisory_xact_lock(hashtext('afterview:' || current_schema())), "
    f"pg_notify('{CHANNEL}', '') FROM set_config('lock_timeout', %s, true)"
)
"""PostgreSQL's BEGIN IMMEDIATE, in one round trip: how long to wait for it (a
transaction-local lock_timeout, set first: it is the FROM clause), the one writer lock
per person's schema (see _on_server_begin), and the announcement that open dashboards
hear (NOTIFY is transactional: delivered when the write commits, dropped if it rolls
back)."""


def _on_server_begin(conn) -> None:
    # The follow-up rules read, then write (the gap per person, unanswered check-ins).
    # As SQLite's BEGIN IMMEDIATE does, a writer first takes the one write lock (a
    # transaction-level advisory lock, let go at commit or rollback), then reads: in
    # READ COMMITTED each statement sees every write committed before the lock was
    # granted, so two writers never plan from the same stale state, and no transaction
    # fails and has to be retried. Readers (read_only, and the read side) never take it.
    options = conn.get_execution_options()
    if options.get("read_only"):
        # A read (an export, a dump) sees one committed state from start to end.
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return
    wait = options.get("busy_timeout_ms", BUSY_TIMEOUT_MS)
    conn.exec_driver_sql(WRITER_LOCK, (str(max(int(wait), 1)),))


def make_server_engine(url: ServerURL) -> Engine:
    """An engine over a PostgreSQL database. libpq reads the URL itself (a `creator`,
    not SQLAlchemy's URL parser), so service files, sslmode, options=-csearch_path...
    and the password sources (~/.pgpass, PGPASSWORD) all work as in psql. Writers take
    one lock first and announce their commit in the same statement (_on_server_begin)."""
    from sqlalchemy import create_engine, event

    engine = create_engine(
        "postgresql+psycopg://",
        creator=lambda: url.connect(),
        isolation_level="READ COMMITTED",
        pool_pre_ping=True,  # a server restarted under an open dashboard: reconnect
    )
    event.listen(engine, "begin", _on_server_begin)
    engine.afterview_target = url  # the URL as typed, for target_of
    return engine


def target_of(engine: Engine) -> Target:
    """Where an engine's data is: its SQLite file, or the PostgreSQL URL it was made from."""
    if engine.dialect.name == "sqlite":
        return Path(engine.url.database)
    return engine.afterview_target


def read_session(engine: Engine) -> Session:
    """An ORM session for reading only: one read transaction (a deferred BEGIN on SQLite,
    REPEATABLE READ READ ONLY on PostgreSQL), a consistent snapshot that never takes
    the write lock."""
    from sqlalchemy.orm import Session

    return Session(engine.execution_options(read_only=True))


def open_database(path: Target, *, migrate: bool = True, checked: bool = False) -> Engine:
    """Open (creating if needed) the database at `path`, upgraded to the current schema.
    A ServerURL opens a PostgreSQL database instead (which must exist; its tables are
    created by the upgrade).

    `checked`: the caller ran `check_file` before opening any SQLite connection to the
    file. The header check opens and closes the file, and on POSIX closing any
    descriptor of a file drops every lock this process holds on it, those of open
    SQLite connections included; so it must never run while one is open."""
    if isinstance(path, ServerURL):
        return open_server(path, migrate=migrate)
    if not checked:
        check_file(path)
    if not path.exists():
        try:
            prepare_file(path)
        except OSError as exc:
            raise DatabaseError(f"cannot create {path}: {exc.strerror}") from None
    check_writable(path)
    engine = make_engine(path)
    if migrate:
        from db.migrate import upgrade

        try:
            upgrade(engine, path)
        except DatabaseError:
            engine.dispose()
            raise
    return engine


def open_server(url: ServerURL, *, migrate: bool = True) -> Engine:
    """A PostgreSQL database, checked by connecting once (a server that is down, a wrong
    password: one line, nothing changed), then upgraded in one transaction."""
    url.connect().close()
    engine = make_server_engine(url)
    if migrate:
        from db.migrate import upgrade

        try:
            upgrade(engine, url)
        except DatabaseError:
            engine.dispose()
            raise
    return engine


class ChangeWatcher:
    """Notices commits made by any other connection, through `PRAGMA data_version`.

    One private connection, asked only when `touched` says the files changed on disk.
    """

    def __init__(self, path: Path) -> None:
        self._files = (Path(path), Path(f"{path}-wal"))
        self._stamp_seen = self._stamp()
        self._con = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._seen = self._version()

    def _stamp(self) -> tuple:
        stamps = []
        for file in self._files:
            try:
                found = os.stat(file)
            except OSError:
                stamps.append(None)
            else:
                stamps.append((found.st_mtime_ns, found.st_size, found.st_ino))
        return tuple(stamps)

    def touched(self) -> bool:
        """Whether the database file or its write-ahead log changed on disk since last
        asked: two stat calls, no SQLite, cheap enough for an interface's own thread
        every second. A commit always writes one of them; `changed` then tells a commit
        from, say, a checkpoint."""
        stamp = self._stamp()
        touched, self._stamp_seen = stamp != self._stamp_seen, stamp
        return touched

    def _version(self) -> int:
        return self._con.execute("PRAGMA data_version").fetchone()[0]

    def changed(self) -> bool:
        version = self._version()
        changed, self._seen = version != self._seen, version
        return changed

    def close(self) -> None:
        self._con.close()


class ServerChangeWatcher:
    """ChangeWatcher on PostgreSQL: one listening connection (LISTEN afterview); every
    writer's transaction sends NOTIFY afterview, heard when it commits (WRITER_LOCK). `touched`
    reads what the server pushed, without a round trip, so an idle dashboard costs the
    server nothing."""

    def __init__(self, url: ServerURL) -> None:
        self._con = url.connect(autocommit=True)
        self._con.execute(f"LISTEN {CHANNEL}")
        self._heard = False

    def touched(self) -> bool:
        for _ in self._con.notifies(timeout=0):
            self._heard = True
        return self._heard

    def changed(self) -> bool:
        self.touched()
        heard, self._heard = self._heard, False
        return heard

    def close(self) -> None:
        self._con.close()


def watch(target: Target) -> ChangeWatcher | ServerChangeWatcher:
    """Something that notices other connections' commits, for either engine."""
    if isinstance(target, ServerURL):
        return ServerChangeWatcher(target)
    return ChangeWatcher(target)
