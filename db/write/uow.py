"""A unit of work: one write transaction that commits only when told.

    with uow:
        ...uow.session, uow.now, uow.settings...
        uow.commit()

Leaving the block without `commit()` rolls everything back (cosmicpython's pattern).
A service called inside another's open unit of work joins it: its `with` and `commit()`
do nothing of their own, and the outermost block commits or rolls back the whole (the
mailbox's accept runs mark_sent, log_interview... in the same transaction as the
proposal it decides).

Writers take turns, on both engines, before they read: the follow-up rules read then
write (the gap per person, unanswered check-ins), so a writer must never plan from a
state another writer is changing. SQLite: BEGIN IMMEDIATE takes the file's write lock
(db.engine._on_begin). PostgreSQL: the first statement takes one transaction-level
advisory lock per schema (db.engine._on_server_begin), in READ COMMITTED, so every
read after it sees whatever the writer before committed. Chosen over SERIALIZABLE with
a retry: nothing fails and nothing is run twice (a service's result reaches the user
once), and a person's writes are few; the cost is that writers wait, as on SQLite.
Each committed write on PostgreSQL sends NOTIFY afterview, which open dashboards hear.
A `Rehearsal` is a unit of work whose commit does nothing and which never waits for
the write lock: running a service on one compiles its statements (a warm-up) and
changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from db.dates import utc
from db.days import Settings

Clock = Callable[[], object]


class StampedSession(Session):
    """A session that stamps created_at / updated_at from `info["now"]` (the unit of
    work's injected clock), so demo data and tests are repeatable. Only sessions made
    by `sessions()` are stamped; the `Session` class itself is left alone."""


@event.listens_for(StampedSession, "before_flush")
def _stamp(session: Session, _context, _instances) -> None:
    now = session.info.get("now")
    if now is None:
        return
    for obj in session.new:
        if hasattr(obj, "created_at") and obj.created_at is None:
            obj.created_at = now
        if hasattr(obj, "updated_at"):
            obj.updated_at = now
    for obj in session.dirty:
        if hasattr(obj, "updated_at") and session.is_modified(obj, include_collections=False):
            obj.updated_at = now


def sessions(engine: Engine, **options) -> sessionmaker[StampedSession]:
    """Stamped write sessions (BEGIN IMMEDIATE, see db.engine) over `engine`, with
    the given execution options (busy_timeout_ms: how long to wait for the lock)."""
    bind = engine.execution_options(**options) if options else engine
    return sessionmaker(bind, class_=StampedSession, expire_on_commit=False)


def read_settings(session: Session) -> Settings:
    from db.days import stored_settings

    rows = session.execute(text("SELECT key, value FROM setting")).all()
    return stored_settings(rows)


class UnitOfWork:
    """One write transaction over `factory`'s sessions, timed by `clock`.

    `committed` is called after each commit (the store uses it to let the read side
    forget settings that changed)."""

    def __init__(
        self,
        factory: sessionmaker,
        clock: Clock,
        *,
        committed: Callable[[UnitOfWork], None] | None = None,
    ) -> None:
        self._factory = factory
        self._clock = clock
        self._committed = committed
        self.session: Session | None = None
        self.now: dt.datetime | None = None
        self._settings: Settings | None = None
        self.settings_changed = False
        """Set by a service that changed a setting, for whoever caches them."""
        self.journal = None
        """A db.write.undo.Journal to note what the service writes, so it can be undone."""
        self._joined = 0
        """How many services are running inside the open block (see the module's note)."""

    def __enter__(self) -> UnitOfWork:
        if self.session is not None:
            self._joined += 1
            return self
        self.now = utc(self._clock())
        self.session = self._factory()
        self.session.info["now"] = self.now
        if self.journal is not None:
            self.session.info["journal"] = self.journal
        self._settings = None
        self.settings_changed = False
        return self

    def __exit__(self, *_exc) -> None:
        if self._joined:
            self._joined -= 1  # the outer block decides
            return
        try:
            self.rollback()  # after a commit there is nothing left to roll back
        finally:
            self.session.close()
            self.session = None

    @property
    def settings(self) -> Settings:
        """The user's settings, read in this transaction the first time they are asked."""
        if self._settings is None:
            self._settings = read_settings(self.session)
        return self._settings

    def commit(self) -> None:
        if self._joined:
            self.session.flush()
            return
        self._close_journal()
        self.session.commit()
        if self._committed is not None:
            self._committed(self)

    def rollback(self) -> None:
        self.session.rollback()

    def _close_journal(self) -> None:
        """Let the journal, if any, read what is about to be kept (everything flushed)."""
        if self.journal is not None:
            self.session.flush()
            self.journal.close(self.session)


class Rehearsal(UnitOfWork):
    """A unit of work that never commits: a service run on it does everything but keep
    its changes. Its sessions should not wait for the write lock (see `Store`), so a
    rehearsal behind another window's write fails at once instead of after 10 s."""

    def commit(self) -> None:
        self.session.flush()  # every statement a real commit would send, then nothing
        self._close_journal()
