"""The Afterview application: thin. Screens orchestrate, widgets display, db/ decides."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from db.text import clean_line
from tui import style_sheets
from tui.commands import CommandsProvider
from tui.mail_sync import MailSync, tell_the_sync_a_write_waits
from tui.messages import DataChanged, OpenFailed
from tui.opening import held_back
from tui.quitting import Quitting
from tui.textual_fixes import (
    frames_soon_after_frames,
    keep_memory_flat,
    toasts_leave_between_keys,
)
from tui.warming import Warming

if TYPE_CHECKING:
    from db.lazy_store import LazyStore
    from db.read import Views as Reader
    from db.store import Store
    from tui.first_data import FirstData

POLL_SECONDS = 1.0
REPEAT_SECONDS = 30.0


class AfterviewApp(MailSync, Quitting, Warming, App):
    """Follow-ups for a job search, in a terminal tab. Quitting (tui.quitting) saves
    every note first; Warming (tui.warming) loads what the first keys and the first write
    need, ahead of them."""

    # The dashboard's; the screens' are read in the warm-up (tui/style_sheets.py).
    CSS_PATH: ClassVar = [style_sheets.APP]
    TITLE = "Afterview"
    COMMAND_PALETTE_BINDING = "ctrl+p"
    COMMANDS = App.COMMANDS | {CommandsProvider}
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-standard"), (160, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Every key, per screen"),
        Binding("c", "contacts", "Contacts", id="contacts", tooltip="People you know"),
        Binding("S", "stats", "Stats", id="stats", tooltip="Funnel, reply rate, pace"),
        Binding(
            "Y",
            "you",
            "You & rules",
            id="you",
            tooltip="Your name, signature, phone, zone; the rules' numbers",
            show=False,  # rarely needed: in help and the palette, not in a crowded footer
        ),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        # Tab moves the focus as it arrives (priority), so the letters typed after it
        # in one burst (a paste, a fast typist, tmux) land in the next field, not this one.
        # No description: help lists tab under "Moving" already.
        Binding("tab", "focus_next", "", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "", show=False, priority=True),
    ]

    def __init__(
        self, db_path: Path, clock=None, *, poll: bool = True, first_data: FirstData | None = None
    ) -> None:
        super().__init__()
        keep_memory_flat()  # Textual keeps every widget it ever drew: see tui.textual_fixes
        toasts_leave_between_keys()  # a toast's exit lays the screen out: not mid-keys
        frames_soon_after_frames()  # a key just after a frame does not wait 16 ms
        self.last_key_at = 0.0
        """time.monotonic() of the last key pressed (a toast waits for a pause to leave)."""
        from db.target import target

        self.db_path = target(db_path)
        """The SQLite file (a Path) or the PostgreSQL database (a db.target.ServerURL)."""
        self.clock = clock
        self.first_data = first_data
        """The first screen's data, being read since before Textual was imported."""
        self.reader: Reader | None = None
        """Plain-SQL reads, ready first (in a worker, after the first frame)."""
        self.store: Store | LazyStore | None = None
        """Reads and writes (db.store); on a database opened at its current schema, a
        LazyStore whose write side (the ORM) loads on the first write or when one is
        near (prepare_to_write)."""
        self.store_ready = threading.Event()
        self.first_data_shown = threading.Event()
        """Set by the main screen once its lists are filled."""
        self.generation = 0
        """Bumped on every change; screens compare it to know when to reload."""
        self.undo_history: list = []
        """Actions done in this window that `u` can take back, latest last
        (tui.screens.undoing)."""
        self._poll = poll
        self._watcher = None
        self.on_settled: Callable[[], None] | None = None
        """Called on the UI thread when the data is shown and the warm-up is done, and
        again when the write side has loaded: the entry point's hook for process-wide
        settings (tui/__main__.py)."""
        self.opening = None
        """The screen whose dialog is being read (tui.opening): its keys are held back."""
        self._reported: dict[tuple[str, str], float] = {}
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

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.last_key_at = time.monotonic()
        if held_back(self, event):  # a dialog is on its way: see tui/opening.py
            return
        await super().on_event(event)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_database(self) -> None:
        """Show data from a plain-SQL reader at once; the store (ORM-backed writes)
        follows. An old or new database takes the slow path: open and upgrade
        first (db.engine.open_database), then read."""
        from db.engine import watch
        from db.files import check_file
        from db.migrations import HEAD
        from db.read import open_views
        from db.target import ServerURL

        on_server = isinstance(self.db_path, ServerURL)
        if not on_server:
            check_file(self.db_path)  # before any connection: see db.engine.open_database
        first = self.first_data
        reader = first.views if first is not None and first.ready() else None
        if reader is not None:
            # Read while Textual started; shown in the first frame unless it came late.
            shown = self.first_data_shown.is_set()
            self.call_from_thread(self._reader_ready, reader, None, reload=not shown)
        elif on_server or (self.db_path.exists() and self.db_path.stat().st_size):
            reader = open_views(self.db_path, self.clock)
            if reader.schema_revision() == HEAD:
                # Data read apart (tui/first_data.py) may be on screen already.
                shown = self.first_data_shown.is_set()
                self.call_from_thread(
                    self._reader_ready, reader, reader.get_setting("theme"), reload=not shown
                )
                # Let the first data reach the screen before the warm-up takes the GIL.
                self.first_data_shown.wait(3)
            else:
                reader.close()  # an older schema: upgraded first, after a backup
                reader = None
        from db.lazy_store import LazyStore

        try:
            if reader is not None:
                # Data is on screen: the write side (the ORM) loads on the first write,
                # or when one is near (prepare_to_write). A read-only file says so now.
                if not on_server:
                    from db.files import check_writable

                    check_writable(self.db_path)
                store = LazyStore(
                    self.db_path,
                    self.clock,
                    reader,
                    before_write=tell_the_sync_a_write_waits,  # see tui/mail_sync.py
                    loaded=self._write_side_loaded,
                )
            else:  # a new or older database: created or upgraded (after a backup) now
                from db.engine import open_database
                from db.store import Store

                store = Store(open_database(self.db_path, checked=True), self.clock)
                store.before_write = tell_the_sync_a_write_waits
            store.views.settings  # noqa: B018 - read once here, not on the UI thread
            # Before the event: a worker waiting on it reads `self.store` at once.
            self.store = store
        finally:
            self.store_ready.set()  # waiting workers go on, and fail clearly if it failed
        watcher = watch(self.db_path) if self._poll else None
        if not on_server:
            from db.files import shared_place_warning

            if warning := shared_place_warning(self.db_path):
                self.call_from_thread(self.notify, warning, title="Where your data is", timeout=20)
        if reader is None:
            views = store.views
            self.call_from_thread(self._reader_ready, views, views.get_setting("theme"))
        self.call_from_thread(self._opened, store, watcher)

    def _reader_ready(self, reader, theme: str | None, *, reload: bool = True) -> None:
        self.reader = reader
        if theme and theme in self.available_themes:
            self.theme = theme
        if reload:
            self.data_changed()

    def _opened(self, store: Store | LazyStore, watcher) -> None:
        self._watcher = watcher
        if watcher is not None:
            self.set_interval(POLL_SECONDS, self._poll_outside_changes)
        self.warm_up()  # the dialogs, at once: the first `a`, `i` or `z` opens at once
        self.start_mail_sync()  # every few minutes, when a mailbox is set up
        self._ask_about_you()  # once per database: who you are, for the drafts

    def _ask_about_you(self) -> None:
        """On a database where nothing about you was ever set, ask once (in a worker: one
        small read), unless another dialog is open by then. The dialog's module (and
        Textual's TextArea) is imported only then: not on the UI thread while the first
        keys after the data are being answered."""
        from tui.worker import run_repo

        def asked(store):
            views = store.views
            return views.asked_about_you(), views.settings

        def then(found) -> None:
            done, settings = found
            if not done and not self.screen.is_modal:
                from tui.modals.you_dialog import YouDialog

                self.push_screen(YouDialog(settings))

        run_repo(self, asked, then, group="you-ask")

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
            if self.reader is not None:
                self.reader.forget_settings()  # `afterview config` may have changed one
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
            if theme == self.reader.get_setting("theme"):  # shown as stored: no write
                return
            from db.write import settings
            from tui.worker import run_in_thread

            store = self.store
            run_in_thread(
                self,
                lambda: settings.set_setting(store.uow(), "theme", theme),
                group="theme",
                title="Theme not saved",
                exclusive=True,
            )

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:
        """Notifications often carry names people typed: never parse them as markup."""
        super().notify(clean_line(message), markup=False, **kwargs)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The app's own @work workers (open, poll, warm-up). The rest start through
        # tui.worker, which reports for them: Textual tells only a worker's own node.
        if event.state == WorkerState.ERROR and event.worker.node is self:
            if not getattr(event.worker.error, "reported", False):
                self.report_failure(event.worker.error, event.worker.group)

    def report_failure(
        self, error: BaseException, group: str, *, title: str = "Not done", more: str = ""
    ) -> None:
        """The one place a failure becomes a message a person can read. The same words
        within REPEAT_SECONDS are not shown again (a save retried every few seconds)."""
        import time

        from db.errors import NotFound
        from tui.worker import readable

        with contextlib.suppress(AttributeError):  # the app's own workers see it next
            error.reported = True  # type: ignore[attr-defined]
        message = f"{readable(error)}. {more}" if more else readable(error)
        now = time.monotonic()
        if now - self._reported.get((title, message), -REPEAT_SECONDS) >= REPEAT_SECONDS:
            self._reported[(title, message)] = now
            self.notify(message, title=title, severity="error", timeout=10)
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
        yield SystemCommand(
            "You & rules", "Your name, signature, phone; the rules' numbers", self.action_you
        )

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

    def action_you(self) -> None:
        from tui.screens.settings_screen import SettingsScreen

        SettingsScreen.open(self)
