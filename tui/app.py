"""The Afterview application: thin. Screens orchestrate, widgets display, db/ decides."""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from db.text import clean_line
from tui.commands import CommandsProvider
from tui.messages import DataChanged, OpenFailed
from tui.textual_fixes import keep_memory_flat

if TYPE_CHECKING:
    from db.read import Views as Reader
    from db.store import Store

POLL_SECONDS = 1.0
GC_THRESHOLDS = (10_000, 10, 10)
"""The collector's thresholds once the app has warmed up (Python's are 700, 10, 10).
A mark sent allocates a few thousand objects; at 700 every one ran a young collection
or two (1-2 ms each) and, every few, a full one (16-18 ms) inside the key's frame.
Only cyclic garbage waits longer for it: refcounting frees the rest at once."""


class AfterviewApp(App):
    """Follow-ups for a job search, in a terminal tab."""

    # The dashboard only: dialogs, forms and the other screens bring their own
    # (dialogs.tcss, forms.tcss, pages.tcss) when first opened.
    CSS_PATH = "styles/app.tcss"
    TITLE = "Afterview"
    COMMAND_PALETTE_BINDING = "ctrl+p"
    COMMANDS = App.COMMANDS | {CommandsProvider}
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-standard"), (160, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Every key, per screen"),
        Binding("c", "contacts", "Contacts", id="contacts", tooltip="People you know"),
        Binding("S", "stats", "Stats", id="stats", tooltip="Funnel, reply rate, pace"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, db_path: Path, clock=None, *, poll: bool = True) -> None:
        super().__init__()
        keep_memory_flat()  # Textual keeps every widget it ever drew: see tui.textual_fixes
        self.db_path = Path(db_path)
        self.clock = clock
        self.reader: Reader | None = None
        """Plain-SQL reads, ready first (in a worker, after the first frame)."""
        self.store: Store | None = None
        """Reads and writes (db.store), ready once the ORM has loaded (a moment later)."""
        self.store_ready = threading.Event()
        self.first_data_shown = threading.Event()
        """Set by the main screen once its lists are filled."""
        self.generation = 0
        """Bumped on every change; screens compare it to know when to reload."""
        self._poll = poll
        self._watcher = None
        self._look_again = False

    def get_default_screen(self):
        # The dashboard is the app's first screen itself: no blank screen underneath
        # to compose, lay out and paint before it.
        from tui.screens.main_screen import MainScreen

        return MainScreen()

    def on_mount(self) -> None:
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            # The terminal closed or the system is stopping: keep what was typed.
            loop.add_signal_handler(sig, self.save_and_exit)

    def on_ready(self) -> None:
        # Still inside start-up, which holds every frame (Textual paints nothing until
        # it ends): the app's own queue runs after it, as the first frame is painted.
        # The plain-SQL reader shows data at once; the ORM import (~300 ms) follows it.
        self.call_later(self.open_database)

    def save_unsaved(self) -> None:
        """Write any note text still waiting for autosave, on this thread."""
        from tui.widgets.note_editor import NoteEditor

        for screen in self.screen_stack:
            for editor in screen.query(NoteEditor):
                editor.save_sync()

    def save_and_exit(self) -> None:
        try:
            self.save_unsaved()
        finally:
            self.exit(return_code=0)

    async def action_quit(self) -> None:
        self.save_and_exit()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_database(self) -> None:
        """Show data from a plain-SQL reader at once; the store (ORM-backed writes)
        follows. An old or new database takes the slow path: open and upgrade
        first (db.engine.open_database), then read."""
        from db.engine import ChangeWatcher, check_file
        from db.migrations import HEAD
        from db.read import Views as Reader

        check_file(self.db_path)  # before any connection: see db.engine.open_database
        reader = None
        if self.db_path.exists() and self.db_path.stat().st_size:
            reader = Reader(self.db_path, self.clock)
        if reader is not None and reader.schema_revision() == HEAD:
            self.call_from_thread(self._reader_ready, reader, reader.get_setting("theme"))
            # Let the first data reach the screen before the ORM import takes the GIL.
            self.first_data_shown.wait(3)
        elif reader is not None:
            reader.close()
            reader = None
        import arrow

        from db.engine import open_database
        from db.store import Store

        try:
            engine = open_database(self.db_path, checked=True)
            store = Store(engine, self.clock or arrow.utcnow, views=reader)
            store.views.settings  # noqa: B018 - read once here, not on the UI thread
        finally:
            self.store_ready.set()  # waiting workers go on, and fail clearly if it failed
        watcher = ChangeWatcher(self.db_path) if self._poll else None
        if reader is None:
            views = store.views
            self.call_from_thread(self._reader_ready, views, views.get_setting("theme"))
        self.call_from_thread(self._opened, store, watcher)

    def _reader_ready(self, reader, theme: str | None) -> None:
        self.reader = reader
        if theme and theme in self.available_themes:
            self.theme = theme
        self.data_changed()

    def _opened(self, store: Store, watcher) -> None:
        self.store = store
        self._watcher = watcher
        if watcher is not None:
            self.set_interval(POLL_SECONDS, self._poll_outside_changes)
        self.set_timer(0.5, self.warm_up)

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def warm_up(self) -> None:
        """Import the dialogs and their parsers now, so the first `a`, `i` or `z` opens at
        once instead of after a pause in which typed keys would reach the lists below;
        and rehearse opening a note and marking it sent on a unit of work that never
        commits, so the first `s` is as quick as the rest (cold, the first mark sent at
        5,000 applications took ~55 ms longer)."""
        import importlib

        for name in (
            "tui.modals.snooze_dialog",
            "tui.modals.skip_dialog",
            "tui.modals.call_outcome_dialog",
            "tui.modals.confirm_dialog",
            "tui.modals.application_form",
            "tui.modals.interview_form",
            "tui.modals.reply_form",
            "tui.modals.stage_picker",
            "tui.screens.detail_screen",
            "db.notes.drafts",
            "db.notes.guards",
            "dateparser",
        ):
            importlib.import_module(name)
        try:
            self._rehearse()
        finally:
            # What is loaded now lives as long as the app. Moved out of the collector's
            # reach, a full collection no longer walks it: those walks took 100-130 ms
            # at 5,000 applications, a pause that landed on a keypress every few seconds.
            gc.freeze()
            gc.set_threshold(*GC_THRESHOLDS)

    def _rehearse(self) -> None:
        """Open the soonest follow-up's note and mark it sent, then keep nothing: every
        statement of triage is compiled. Best effort: locked by another window (it does
        not wait), read-only, nothing planned: any reason is reason enough to skip it."""
        from db.write import follow_ups

        store = self.store
        if store is None:
            return
        try:
            first = store.views.due_follow_ups(limit=1).all
            if first:
                store.views.note_context(first[0].id)
                follow_ups.mark_sent(store.rehearsal(), first[0].id)
        except Exception:
            pass

    def _poll_outside_changes(self) -> None:
        """Each second, on this thread: two stat calls and nothing else while nothing is
        written (a worker thread every second kept an idle app at over twice the CPU of
        a bare one). Only when the database or its log changed on disk does a worker ask
        SQLite whether another connection committed; and once more on the next tick, for
        a commit landing after the look but within the same tick of the file clock."""
        watcher = self._watcher
        if watcher is None:
            return
        touched = watcher.touched()
        if touched or self._look_again:
            self._check_outside_changes()
        self._look_again = touched

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _check_outside_changes(self) -> None:
        if self._watcher is not None and self._watcher.changed():
            self.call_from_thread(self.data_changed)

    def bump_generation(self) -> int:
        """Count a change the current screen has already shown; others reload later."""
        self.generation += 1
        return self.generation

    def data_changed(self) -> None:
        """Something changed: the visible screen reloads; others reload when shown."""
        self.generation += 1
        self.screen.post_message(DataChanged(self.generation))

    def watch_theme(self, theme: str) -> None:
        if self.store is not None and self.reader is not None:
            if theme == self.reader.get_setting("theme", self.theme):
                return
            from db.write import settings

            store = self.store
            self.run_worker(
                lambda: settings.set_setting(store.uow(), "theme", theme),
                thread=True,
                group="theme",
                exclusive=True,
            )

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:
        """Notifications often carry names people typed: never parse them as markup."""
        super().notify(clean_line(message), markup=False, **kwargs)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The app's own workers (open, poll, warm-up). Screens' database calls report
        # through run_repo: Textual tells only a worker's own node of its state.
        if event.state == WorkerState.ERROR:
            self.report_failure(event.worker.error, event.worker.group)

    def report_failure(self, error: BaseException, group: str) -> None:
        """The one place a failed database call becomes a message a person can read."""
        from db.errors import NotFound
        from tui.worker import readable

        self.notify(readable(error), title="Could not do that", severity="error", timeout=8)
        if group == "open":
            self.sub_title = "database not open"
            self.screen.post_message(OpenFailed(readable(error)))
        elif isinstance(error, NotFound) and "load" not in group:
            # Something was deleted elsewhere: show the lists as they are now. (Never
            # after a failed load, which would only fail again, and again.)
            self.data_changed()

    def get_system_commands(self, screen):
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Every key on every screen", self.action_help)
        yield SystemCommand("Contacts", "People you know", self.action_contacts)
        yield SystemCommand("Stats", "Funnel, reply rate, pace", self.action_stats)

    def action_help(self) -> None:
        from tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_contacts(self) -> None:
        from tui.screens.contacts_screen import ContactsScreen

        if not isinstance(self.screen, ContactsScreen):
            self.push_screen(ContactsScreen())

    def action_stats(self) -> None:
        from tui.screens.stats_screen import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())
