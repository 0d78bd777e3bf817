"""The note editor's saving, kept apart from its display (NoteEditor mixes it in).

Every edit gets a revision, and the open note counts as saved only once the database
has confirmed its latest revision. A save that fails keeps the text (in the editor, or
here when another note has been opened since), writes a copy to a recovery file, says
so through `App.report_failure`, and is tried again every few seconds and on the next
keystroke; quitting asks first while anything is unsaved (App.action_quit).
"""

from __future__ import annotations

from pathlib import Path

from tui.recovery import Ledger, Note, forget, keep_copy

RETRY_SECONDS = 5.0
"""How often a note the database would not take is offered to it again."""


class SavesNotes:
    """The saving half of NoteEditor (a Textual widget with `item`, `subject`, `body`,
    an `Edited` message and `_show_status`)."""

    def _init_saving(self) -> None:
        # Revisions count across notes, so they only grow.
        self._revision = self._handed = self._saved = 0
        self._stored = False  # the database holds a body for the open note
        self._failure: str | None = None  # why the open note's last save failed
        self._orphans: dict[int, Note] = {}  # failed notes no longer open, kept to retry
        self._copies: dict[int, Path] = {}  # the recovery file of each failed note
        self._waiting: list[tuple[int, object]] = []  # F3/F4, waiting for a save
        self._ledger = Ledger()
        self._retrying = False
        self._save_timer = self._retry_timer = None

    def _note(self) -> Note:
        """The open note as it stands on screen."""
        assert self.item is not None
        return Note(
            self.item.id, self.item.contact_name, self.subject.value, self.body.text, self._revision
        )

    def flush(self) -> None:
        """Hand unsaved text to the screen now (autosave, blur, leaving, quitting)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.item is not None and self._revision > self._handed:
            self._handed = self._revision
            self.post_message(self.Edited(self._note()))
            self._show_status()

    def take_pending(self) -> Note | None:
        """The open note if the database may not hold it yet, for a write that saves it
        first; the write reports back with `written` or `failed`."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.item is None or self._revision <= self._saved:
            return None
        self._handed = self._revision
        return self._note()

    def write(self, save, note: Note) -> None:
        """Save `note` with `save` (a write through the store, in a worker), never over
        a newer revision."""
        self._ledger.write(save, note)

    def written(self, note: Note) -> None:
        """`note` is in the database."""
        fid = note.follow_up_id
        if fid in self._orphans and self._orphans[fid].revision <= note.revision:
            del self._orphans[fid]
            self._saved_elsewhere(note)
        if self.item is not None and self.item.id == fid and note.revision > self._saved:
            self._saved, self._stored = note.revision, True
            if self._failure is not None and self._saved >= self._revision:
                self._failure = None
                self._saved_elsewhere(note)
        self._settled(note)

    def _saved_elsewhere(self, note: Note) -> None:
        forget(self._copies.pop(note.follow_up_id, None))
        self.notify(f"The note to {note.to} is saved now")

    def failed(self, note: Note, error: Exception) -> Path | None:
        """`note` could not be saved: keep it, keep a copy, say so, try again. Returns
        where the copy went."""
        if self._ledger.holds(note):  # the note was written; what followed it failed
            self.written(note)
            return None
        from tui.worker import readable

        fid, reason = note.follow_up_id, readable(error)
        is_open = self.item is not None and self.item.id == fid
        if is_open:
            if note.revision <= self._saved:
                self._settled(note)
                return None  # a newer save got through meanwhile
            self._failure, note = reason, self._note()  # the copy has the latest words
        elif note.revision >= self._orphans.get(fid, note).revision:
            self._orphans[fid] = note
        copy = keep_copy(note, self.app.db_path, reason, replaces=self._copies.get(fid))
        if copy is not None:
            self._copies[fid] = copy
        kept = "It stays in the editor" if is_open else "It is kept here"
        where = f"; a copy is in {copy}" if copy else "; no copy could be written anywhere"
        self.app.report_failure(
            error,
            f"save-{fid}",
            title=f"Note to {note.to} NOT saved",
            more=f"{kept}{where}. Trying again every {RETRY_SECONDS:g} s.",
        )
        if self._retry_timer is None:
            self._retry_timer = self.set_interval(RETRY_SECONDS, self._retry)
        self._settled(note)
        return copy

    def _settled(self, note: Note) -> None:
        """A save came back, either way: go on with what waited for it."""
        self._retrying = False
        ready = [act for rev, act in self._waiting if rev <= note.revision]
        self._waiting = [(rev, act) for rev, act in self._waiting if rev > note.revision]
        if self._retry_timer is not None and not self.unsaved_notes():
            self._retry_timer.stop()
            self._retry_timer = None
        self._show_status()
        for act in ready:
            act()

    def _retry(self) -> None:
        if self._retrying:  # the last try is still waiting for the database
            return
        notes = self.unsaved_notes()
        self._retrying = bool(notes)
        for note in notes:
            self.post_message(self.Edited(note))

    def unsaved_notes(self) -> list[Note]:
        """Every note here the database may not hold: failed ones and the open one."""
        notes = list(self._orphans.values())
        if self.item is not None and self._revision > self._saved:
            notes.append(self._note())
        return notes

    def save_sync(self) -> list[tuple[Note, str, Path | None]]:
        """Save every unsaved note now, on this thread (quitting, signals); what could
        not be saved, why, and where its copy went."""
        from tui.worker import Trouble, readable

        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        not_saved = []
        save = getattr(self.app, "save_note", None)  # the App writes; widgets never do
        for note in self.unsaved_notes():
            self._handed = max(self._handed, note.revision)
            try:
                if save is None:
                    raise Trouble("The database is not open")
                self.write(save, note)
            except Exception as exc:
                not_saved.append((note, readable(exc), self.failed(note, exc)))
            else:
                self.written(note)
        return not_saved

    def _let_go(self) -> None:
        """Before another note (or none) is shown: a failed open note stays in reach."""
        self.flush()
        if self.item is not None and self._failure is not None:
            self._orphans[self.item.id] = self._note()
        self._failure = None
        self._saved = self._handed = self._revision

    def _then_save(self, action) -> None:
        """Run `action` once the open note has been saved (or failed to be, and is kept)."""
        note = self.take_pending()
        if note is None:
            action()
            return
        self._waiting.append((note.revision, action))
        self.post_message(self.Edited(note))
