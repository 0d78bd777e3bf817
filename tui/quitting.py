"""Leaving with nothing lost: every note's unsaved text is written first. When one cannot
be written, `ctrl+q` asks before going, and what is printed after the app has gone says
where its recovery copy is. A mixin of AfterviewApp, which supplies `store`,
`screen_stack`, `exit` and `push_screen`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from tui.recovery import Note


class Quitting:
    def save_unsaved(self) -> list[tuple[Note, str, Path | None]]:
        """Write any note text still unsaved, on this thread: what could not be written,
        why, and where its recovery copy went."""
        from tui.widgets.note_editor import NoteEditor

        not_saved = []
        for screen in self.screen_stack:
            for editor in screen.query(NoteEditor):
                not_saved += editor.save_sync()
        return not_saved

    def save_note(self, note: Note) -> None:
        """Write a note's text now, on this thread (quitting, signals)."""
        from db.write import follow_ups
        from tui.worker import Trouble

        if self.store is None:
            raise Trouble("The database is not open")
        follow_ups.save_note(self.store.uow(), note.follow_up_id, note.subject, note.body)

    def save_and_exit(self) -> None:
        """The terminal closed or the system is stopping: save, or keep a copy, and go."""
        not_saved: list = []
        try:
            not_saved = self.save_unsaved()
        finally:
            self.exit(return_code=1 if not_saved else 0, message=left_behind(not_saved))

    async def action_quit(self) -> None:
        """Quit; while a note cannot be saved, ask first (its copy's place is said)."""
        from tui.modals.confirm_dialog import ConfirmDialog

        if isinstance(self.screen, ConfirmDialog) and self.screen.id == "confirm-quit":
            return
        not_saved = self.save_unsaved()
        if not not_saved:
            self.exit()
            return
        lines = []
        for note, reason, copy in not_saved:
            lines.append(f"The note to {note.to} is NOT saved: {reason}")
            lines.append(f"A copy is in {copy}" if copy else "No copy could be written anywhere")

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(return_code=1, message=left_behind(not_saved))

        self.push_screen(
            ConfirmDialog(
                "Quit with a note not saved?", lines, yes="Quit anyway", id="confirm-quit"
            ),
            answered,
        )


def left_behind(not_saved: list) -> str | None:
    """Printed after the app has gone: where each unsaved note's copy is."""
    if not not_saved:
        return None
    lines = ["Afterview could not save every note:"]
    for note, reason, copy in not_saved:
        where = f"a copy is in {copy}" if copy else "no copy could be written"
        lines.append(f"  the note to {note.to}: {reason}; {where}")
    return "\n".join(lines)
