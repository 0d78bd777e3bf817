"""The dashboard's store before its first write: the read side at once, the write side
later. The write side is SQLAlchemy's ORM, the models and the services: about 400 ms of
CPU and 23 MB here. A dashboard opened to look at the day and closed again never loads
it; one that writes loads it on the first write, or ahead of it when a write is near
(the app calls `prepare` when a dialog, a form or the note editor opens).

    store = LazyStore(target, clock, views)
    store.views                        reads, at once (plain SQL)
    follow_ups.mark_sent(store.uow(), fid)   loads the write side first, on this thread
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.read import Views
    from db.store import Store
    from db.target import Target
    from db.write.uow import Rehearsal, UnitOfWork


class LazyStore:
    """A db.store.Store whose engine and sessions are made on first use. `views` is the
    read side the dashboard opened first; `uow()` and `rehearsal()` are the Store's."""

    def __init__(
        self,
        target: Target,
        clock: Callable[[], object] | None,
        views: Views,
        *,
        before_write: Callable[[], None] | None = None,
        loaded: Callable[[], None] | None = None,
    ) -> None:
        self.target = target
        self.clock = clock
        self.views = views
        self.before_write = before_write
        self._on_loaded = loaded
        """Called once, on the loading thread, when the write side has loaded."""
        self._store: Store | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._store is not None

    def store(self) -> Store:
        """The whole store. The first call loads the write side on its own thread; a
        call meanwhile waits for that one. A failure (the disk, the lock, the server) is
        raised to the caller, and the next call tries again."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = self._open()
                    if self._on_loaded is not None:
                        self._on_loaded()
        return self._store

    def _open(self) -> Store:
        from db.engine import open_database
        from db.store import Store

        # The file was checked before the read side opened it (db.files.check_file
        # must not run while a connection to it is open).
        engine = open_database(self.target, checked=True)
        store = Store(engine, self.clock, views=self.views)
        store.before_write = self.before_write
        return store

    def uow(self) -> UnitOfWork:
        return self.store().uow()

    def rehearsal(self) -> Rehearsal:
        return self.store().rehearsal()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        else:
            self.views.close()
