"""The dashboard's first data, read while Textual starts.

Importing Textual and building the app takes a few hundred milliseconds; what the first
screen shows (Today, a Pipeline page, the settings and the saved theme) takes a few
milliseconds of plain SQL. The entry point starts `FirstData` in a thread before it
imports Textual, so the data is there when the main screen mounts and the first frame
already shows it. Nothing here imports Textual or SQLAlchemy: an old, new or odd file
is left to the app's own open path, which upgrades it or says what is wrong.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

PAGE = 100
"""Applications per Pipeline page."""
TODAY_LIMIT = 100
"""Overdue and this week's follow-ups listed: more than a day's work either way."""


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
    """Reads the first screen's data in a thread of its own, started at once."""

    def __init__(self, path: Path, clock: Callable[[], object] | None = None) -> None:
        from db.target import target

        self.path = target(path)  # a file, or a PostgreSQL URL
        self.clock = clock
        self.views = None
        """The read side it opened (db.read.Views), for the app to go on with."""
        self.theme: str | None = None
        self._data = None
        self._done = threading.Event()
        threading.Thread(target=self._read, name="first-data", daemon=True).start()

    def _read(self) -> None:
        try:
            from db.files import check_file
            from db.migrations import HEAD
            from db.target import ServerURL

            if not isinstance(self.path, ServerURL):
                check_file(self.path)  # before any connection, as the app's open path does
                if not self.path.exists() or not self.path.stat().st_size:
                    return  # a new database: created and migrated by the app
            from db.read import open_views

            views = open_views(self.path, self.clock)
            if views.schema_revision() != HEAD:
                views.close()  # to be upgraded first, after a backup
                return
            self.theme = views.get_setting("theme")
            self._data = fetch_main(Reading(views))
            views.release()  # the app's workers read on with it
            self.views = views
        except Exception:  # noqa: BLE001 - the app opens the file again and reports why
            self.views = self._data = None
        finally:
            self._done.set()

    def take(self, timeout: float) -> tuple | None:
        """The data, if it came within `timeout` seconds; only once."""
        if not self._done.wait(timeout):
            return None
        data, self._data = self._data, None
        return data

    def ready(self) -> bool:
        return self._done.is_set()


class Reading:
    """A read side standing where a store is expected, for reads only."""

    def __init__(self, views) -> None:
        self.views = views
