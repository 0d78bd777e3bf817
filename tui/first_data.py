"""The dashboard's first data, read while Textual starts.

Importing Textual and building the app takes a hundred milliseconds or more; what the
first screen shows (Today, a Pipeline page, the settings and the saved theme) takes a
few milliseconds of plain SQL. The entry point starts `FirstData` before it imports
Textual, so the data is there when the main screen mounts and the first frame already
shows it. From the command line on Linux, for a SQLite file, the read (and the
database's check) runs in a forked child process that sends the data back pickled
(`apart`): importing the read side and running its queries in a thread took ~25 ms of
the one interpreter lock that Textual's import needs. Nothing here imports Textual or
SQLAlchemy: an old, new or odd file is left to the app's own open path, which upgrades
it or says what is wrong.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

PAGE = 100
"""Applications per Pipeline page."""
TODAY_LIMIT = 100
"""Overdue and this week's follow-ups listed: more than a day's work either way."""
_CAN_FORK = sys.platform == "linux"
"""fork is safe to use this early on Linux; elsewhere (macOS's system libraries,
Windows) the data is read in a thread."""


class MainData(NamedTuple):
    """What the main screen shows: fetch_main's answer."""

    summary: object  # db.records.PipelineSummary
    due: object  # db.records.DueList
    settings: object  # db.days.Settings
    now: object
    mail: object  # db.records.MailCounts


def fetch_main(source, pipeline_rows: int = PAGE, view=None) -> MainData:
    """What the main screen shows, from a store's (or a reading's) views, in one read
    transaction: as many Pipeline rows as are loaded, so the highlight stays on its
    application, in the Pipeline's view (db.records.PipelineView; None: the active
    ones, next due first), and the mailbox's proposals waiting for review
    (db.records.MailCounts)."""
    views = source.views
    with views.snapshot():  # one moment: the mail waiting agrees with the lists
        return MainData(
            views.pipeline_summary(limit=pipeline_rows, view=view),
            views.due_follow_ups(limit=TODAY_LIMIT),
            views.settings,
            views.now(),
            views.mail_counts(),
        )


class TodayData(NamedTuple):
    """What Today and the header show: fetch_today's answer."""

    due: object  # db.records.DueList
    settings: object  # db.days.Settings
    now: object
    mail: object  # db.records.MailCounts


def fetch_today(source) -> TodayData:
    """After a write on a follow-up: what Today and the header show, in one read
    transaction. The Pipeline follows in a read of its own (MainScreen._done), so the
    row acted on leaves Today without waiting for the Pipeline page."""
    views = source.views
    with views.snapshot():
        return TodayData(
            views.due_follow_ups(limit=TODAY_LIMIT),
            views.settings,
            views.now(),
            views.mail_counts(),
        )


class FirstData:
    """Reads the first screen's data as soon as it is made: in a thread of its own, or
    with `apart`, where the system can fork, in a child process (see `_fork`)."""

    def __init__(
        self,
        path: Path,
        clock: Callable[[], object] | None = None,
        *,
        apart: bool = False,
        check: Callable[[], None] | None = None,
    ) -> None:
        """`check`: what refuses a database Afterview could not open (the command line's
        check_database), raising. Run first, here, or in the child when read apart; what
        it raised there comes back, to be raised by `check()`."""
        from db.target import ServerURL, target

        self.path = target(path)  # a file, or a PostgreSQL URL
        self.clock = clock
        self.views = None
        """The read side it opened (db.read.Views), for the app to go on with; None when
        read apart (the app opens its own after the first frame)."""
        self.theme: str | None = None
        self.rows = None
        """Today's and the Pipeline's first rows (tui.rows.first_rows), when the child
        built them; None: the panes build them."""
        self._data = None
        self._done = threading.Event()
        self._child: int | None = None
        self._check = check
        self._checked = False
        self._refused: BaseException | None = None
        # A server's check may wait on the network or ask to unlock the keyring: here,
        # where it can take its time and the password is remembered for the app.
        if apart and _CAN_FORK and not isinstance(self.path, ServerURL) and self._fork():
            return
        if check is not None:
            check()
        self._checked = True
        threading.Thread(target=self._read, name="first-data", daemon=True).start()

    def _gather(self):
        """(read side, theme, MainData), or None for a file the app must open itself."""
        from db.files import check_file
        from db.migrations import HEAD
        from db.target import ServerURL

        if not isinstance(self.path, ServerURL):
            check_file(self.path)  # before any connection, as the app's open path does
            if not self.path.exists() or not self.path.stat().st_size:
                return None  # a new database: created and migrated by the app
        from db.read import open_views

        views = open_views(self.path, self.clock)
        if views.schema_revision() != HEAD:
            views.close()  # to be upgraded first, after a backup
            return None
        theme = views.get_setting("theme")
        data = fetch_main(Reading(views))
        views.release()  # the app's workers read on with it
        return views, theme, data

    def _read(self) -> None:
        try:
            found = self._gather()
            if found is not None:
                self.views, self.theme, self._data = found
        except Exception:  # noqa: BLE001 - the app opens the file again and reports why
            self.views = self._data = None
        finally:
            self._done.set()

    def _fork(self) -> bool:
        """The check and the read in a forked child, which sends back what they found
        (pickled) and exits. Importing the read side and running its queries then takes
        nothing from this process's one interpreter lock, which Textual's import holds
        meanwhile: the data comes for free instead of delaying the first frame. Forked
        before any thread or database connection exists here. False when the system
        will not fork (a process limit reached): the caller reads in a thread instead."""
        import os
        import signal

        # Held across the fork: a Ctrl+C landing as it returns would otherwise raise in
        # the child before it is inside its own try, and unwind into the caller's code.
        held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            into, out = os.pipe()
        except OSError:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            return False
        try:
            pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(into)
            os.close(out)
            return False
        if pid == 0:  # the child: never returns into the caller's code
            code = 1
            try:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                os.close(into)
                with open(out, "wb") as pipe:
                    pipe.write(self._answer())
                code = 0
            finally:
                os._exit(code)  # no atexit handlers, no flushing the parent's buffers
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(out)
        self._child = pid
        threading.Thread(target=self._receive, args=(into,), name="first-data", daemon=True).start()
        return True

    def _answer(self) -> bytes:
        """In the child: ("refused", what the check raised), or ("checked", theme,
        data, rows), the data None for a file the app must open itself, and rows the
        panes' first rows (built here too: ~3 ms less before the first frame there)."""
        import pickle

        try:
            if self._check is not None:
                self._check()
        except Exception as exc:  # noqa: BLE001 - raised again in the parent
            try:
                return pickle.dumps(("refused", exc), pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - it will not travel: the parent checks again
                return b""
        try:
            found = self._gather()
        except Exception:  # noqa: BLE001 - as in _read: the app opens the file itself
            found = None
        theme = data = rows = None
        if found is not None:
            views, theme, data = found
            views.close()
            try:
                from tui.rows import first_rows

                rows = first_rows(data)
            except Exception:  # noqa: BLE001 - the panes build them
                rows = None
        try:
            return pickle.dumps(("checked", theme, data, rows), pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - the rows would not travel: the data alone
            return pickle.dumps(("checked", theme, data, None), pickle.HIGHEST_PROTOCOL)

    def _receive(self, into: int) -> None:
        import os
        import pickle

        try:
            with open(into, "rb") as pipe:
                sent = pipe.read()  # until the child exits or closes it
            if sent:
                answer = pickle.loads(sent)
                if answer[0] == "refused":
                    self._refused, self._checked = answer[1], True
                elif answer[0] == "checked":
                    self.theme, self._data, self.rows = answer[1:4]
                    self._checked = True
        except Exception:  # noqa: BLE001 - as in _read: the app opens the file itself
            self._data = None
        finally:
            self._done.set()
            try:
                os.waitpid(self._child, 0)
            except ChildProcessError:
                pass

    def check(self, timeout: float = 10.0) -> None:
        """Raise what the check given to __init__ raised, once it is known; when the
        child could not say (it died, took too long or its answer would not travel),
        run the check here."""
        if self._child is not None and not self._done.wait(timeout):
            self._give_up()
        if self._refused is not None:
            raise self._refused
        if not self._checked and self._check is not None:
            self._check()
            self._checked = True

    def take(self, timeout: float) -> tuple | None:
        """The data, if it came within `timeout` seconds; only once."""
        if not self._done.wait(timeout):
            self._give_up()
            return None
        data, self._data = self._data, None
        return data

    def _give_up(self) -> None:
        """A child still reading past the wait is stopped: the app reads for itself."""
        if self._child is not None and not self._done.is_set():
            import os
            import signal

            try:
                os.kill(self._child, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def ready(self) -> bool:
        return self._done.is_set()


class Reading:
    """A read side standing where a store is expected, for reads only."""

    def __init__(self, views) -> None:
        self.views = views
