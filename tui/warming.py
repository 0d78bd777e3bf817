"""Ahead of the keys: what the first dialog and the first write need, loaded before they
come. A mixin of AfterviewApp, which supplies `store`, `last_key_at`, `on_settled` and
`call_from_thread`.

- warm_up: after the data, the dialogs' modules (so the first `a`, `i` or `z` opens at
  once, and keys typed meanwhile do not reach the lists below).
- read_style_sheets: then, in a pause, the screens' style sheets (tui/style_sheets.py).
- prepare_to_write: when a write is near, the write side (db/lazy_store.py: the ORM,
  ~400 ms of CPU here), then a rehearsed mark sent that commits nothing, so the first
  `s` is as quick as the rest.
"""

from __future__ import annotations

import threading
import time

from textual import work

STYLE_SHEETS_QUIET = 0.3
"""Seconds without a key before the screens' style sheets are read."""


class Warming:
    _preparing = False

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def warm_up(self) -> None:
        """Import the dialogs and their parsers now, so the first `a`, `i` or `z` opens at
        once instead of after a pause in which typed keys would reach the lists below.
        Where the write side is already loaded (a database just created or upgraded),
        rehearse a mark sent too (see prepare_to_write)."""
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
            "tui.modals.follow_up_form",
            "tui.modals.reschedule_form",
            "tui.screens.detail_screen",
            "db.notes.drafts",
            "db.notes.guards",
        ):
            importlib.import_module(name)
        try:
            if self.store.loaded:
                self._rehearse()
        finally:
            self.call_from_thread(self.read_style_sheets)
            if self.on_settled is not None:
                self.call_from_thread(self.on_settled)

    def read_style_sheets(self) -> None:
        """The screens' style sheets, read and applied once no key has come for a moment,
        so the first dialog or page opens without restyling the dashboard under it (see
        tui/style_sheets.py). On the UI thread: ~10 ms, once."""
        from tui import style_sheets

        if time.monotonic() - self.last_key_at < STYLE_SHEETS_QUIET:
            self.set_timer(STYLE_SHEETS_QUIET, self.read_style_sheets)
            return
        sheet = self.stylesheet
        unread = [path for path in style_sheets.SCREENS if not sheet.has_source(path, "")]
        if unread:
            sheet.read_all(unread)
            sheet.reparse()
            sheet.update(self)

    def prepare_to_write(self) -> None:
        """A write is near (a dialog, a form or another screen opened over the dashboard,
        or the note editor took the focus): load the write side now, in a thread, while
        the person reads and types, and rehearse a mark sent on it, so that the first
        write is as quick as the rest. Called again, it does nothing."""
        store = self.store
        if store is None or store.loaded or self._preparing:
            return
        self._preparing = True
        self._load_write_side()

    @work(thread=True, group="write-side", exit_on_error=False)
    def _load_write_side(self) -> None:
        try:
            self.store.store()
        except Exception:
            return  # the write that needs it reports why, and tries again
        finally:
            self._preparing = False
        self._rehearse()  # every statement of triage compiled: the first `s` is quick

    def _write_side_loaded(self) -> None:
        """On the thread that loaded the write side: what it brought lives as long as the
        process, so the entry point's hook (gc.freeze) runs again for it."""
        if self.on_settled is None:
            return
        if self._thread_id == threading.get_ident():  # a note saved as the app quits
            self.on_settled()
        else:
            self.call_from_thread(self.on_settled)

    def _rehearse(self) -> None:
        """Open the soonest follow-up's note and mark it sent, then keep nothing: every
        statement of triage is compiled. Best effort: locked by another window (it does
        not wait), read-only, nothing planned: any reason is reason enough to skip it."""
        from db.write import follow_ups, undo

        store = self.store
        if store is None:
            return
        try:
            first = store.views.due_follow_ups(limit=1).all
            if first:
                store.views.note_context(first[0].id)
                # As `s` runs it: journaled, so that u can take it back.
                undo.journaled(store.rehearsal(), follow_ups.mark_sent, first[0].id)
        except Exception:
            pass
