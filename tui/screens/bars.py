"""The dashboard's header, note editor and footer ("the bars"): mounted after the data,
in a pause in the typing, so that keys pressed at start-up do not wait for a layout of
the whole screen. A mixin of MainScreen, which supplies `app`, `set_timer`, `mount` and
`query`; two plain lines hold the header's and footer's places until then.

expect_bars()          in __init__
bars_at_the_latest()   in on_mount: a timer, for a database that shows no data soon
bars_after_the_data()  when the data is shown
mount_bars()           now (a note opened before them awaits it)
editor                 the note editor, or a stand-in until it is mounted
"""

from __future__ import annotations

import asyncio
import time
from functools import partial
from typing import TYPE_CHECKING

from tui.worker import run_in_thread

if TYPE_CHECKING:
    from tui.widgets.note_editor import NoteEditor

BARS_AT_LATEST = 1.0
"""Seconds after the first frame by which the bars are mounted even if no data has come
(a new database is created and migrated first)."""
BARS_IN_A_PAUSE = 0.25
"""After the data, the bars are mounted in the first pause of this many seconds in the
typing: mounting them lays the whole screen out (40-60 ms here), and a key pressed
meanwhile would wait for it. A person holding j at start-up sees the list move at once
and the bars when they stop."""
BARS_WAIT_AT_MOST = 3.0
"""...but no longer than this after the data."""


def _import_bars() -> None:
    import tui.widgets.footer  # noqa: F401
    import tui.widgets.header  # noqa: F401  (Textual's Header with it)
    import tui.widgets.note_editor  # noqa: F401


class _NotYet:
    """Stands in for the note editor until it is mounted (just after the first data)."""

    item = None
    has_focus_within = False

    def flush(self) -> None:
        pass

    def take_pending(self) -> None:
        return None


class Bars:
    def expect_bars(self) -> None:
        self._editor: NoteEditor | None = None
        self._bars_mounted = False
        self._bars_asked = False
        self._bars_lock = asyncio.Lock()
        """Held while they mount: a note opened meanwhile waits for its editor."""

    @property
    def editor(self) -> NoteEditor | _NotYet:
        return self._editor if self._editor is not None else _NotYet()

    def bars_at_the_latest(self) -> None:
        self.set_timer(BARS_AT_LATEST, self._bars_if_no_data)

    async def _bars_if_no_data(self) -> None:
        if not self.app.first_data_shown.is_set():  # else they come in a pause
            await self.mount_bars()

    def bars_after_the_data(self) -> None:
        if self._bars_asked:
            return
        self._bars_asked = True
        # Once the data is painted (not meanwhile: the import would share the GIL with
        # the first frame), their modules (Textual's Header and TextArea among them) are
        # imported off the UI thread: keys pressed just after the data do not wait.
        self.call_after_refresh(self._import_then_mount)

    def _import_then_mount(self) -> None:
        by = time.monotonic() + BARS_WAIT_AT_MOST
        run_in_thread(self, _import_bars, lambda _: self._mount_in_a_pause(by), group="bars")

    def _mount_in_a_pause(self, by: float) -> None:
        now = time.monotonic()
        typed_since = now - self.app.last_key_at
        if typed_since < BARS_IN_A_PAUSE and now < by:
            self.set_timer(BARS_IN_A_PAUSE - typed_since, partial(self._mount_in_a_pause, by))
        else:
            self.call_later(self.mount_bars)

    async def mount_bars(self) -> None:
        """Header, note editor and footer, once. A second call waits for the first."""
        async with self._bars_lock:
            if self._bars_mounted or not self.is_attached:  # done, or quitting
                return
            from tui.widgets.footer import Footer
            from tui.widgets.header import Header
            from tui.widgets.note_editor import NoteEditor

            with self.app.batch_update():  # the slots go and the bars come in one frame
                await self.query(".bar-slot").remove()
                self.mount(Header(), before="#main")
                editor = NoteEditor(id="editor")
                await self.query_one("#main").mount(editor)
                await self.mount(Footer())
            self._editor = editor
            self._bars_mounted = True
        self.refresh_bindings()  # the footer shows keys when told the bindings changed
