"""One open database: its read side and the units of work its writes run in.

store.views               db.read.Views: every read, plain SQL
follow_ups.mark_sent(store.uow(), fid)   a write: a service over a unit of work
store.rehearsal()         a unit of work that never commits (warm-up)
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from db.engine import target_of
from db.read import Views, open_views
from db.write.uow import Rehearsal, UnitOfWork, sessions


class Store:
    loaded = True
    """Its write side is there from the start (db.lazy_store.LazyStore's comes later)."""

    def __init__(
        self, engine: Engine, clock: Callable[[], object] | None = None, views: Views | None = None
    ) -> None:
        import arrow

        self.engine = engine
        self.clock = clock or arrow.utcnow
        self.views = views or open_views(target_of(engine), self.clock)
        """The read side, on the same file; shared with a dashboard that started with it."""
        self._sessions = sessions(engine)
        self._rehearsals = sessions(engine, busy_timeout_ms=0)
        self.before_write: Callable[[], None] | None = None
        """Called as each unit of work is handed out (the dashboard: tell its mail sync,
        which holds the write lock for a few messages at a time, to let it go)."""

    def _committed(self, uow: UnitOfWork) -> None:
        if uow.settings_changed:
            self.views.forget_settings()

    def uow(self) -> UnitOfWork:
        """A fresh unit of work: `with` it once, commit inside."""
        if self.before_write is not None:
            self.before_write()
        return UnitOfWork(self._sessions, self.clock, committed=self._committed)

    def rehearsal(self) -> Rehearsal:
        """A unit of work that never commits and never waits for another writer."""
        return Rehearsal(self._rehearsals, self.clock)

    def data_version(self) -> int:
        """Changes whenever another connection commits; cheap enough to poll."""
        with self.engine.connect() as conn:
            return conn.exec_driver_sql("PRAGMA data_version").scalar_one()

    def close(self) -> None:
        """Close the read side's connections and the engine's pool."""
        self.views.close()
        self.engine.dispose()
