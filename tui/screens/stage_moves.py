"""Moving an application to another stage, from the main screen or its detail screen.
A move that closes it (accepted, rejected, withdrawn, ghosted) asks first, saying
plainly which planned follow-ups it would skip: the rules are run on a rehearsal (a
unit of work that never commits), so the question says what the move will do."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.worker import run_repo

if TYPE_CHECKING:
    from textual.screen import Screen

    from db.days import Settings
    from db.records import ApplicationRow

CLOSING = ("accepted", "rejected", "withdrawn", "ghosted")


def move_call(aid: int, stage: str):
    """`store -> result` moving application `aid` to `stage`, undoable."""

    def call(store):
        from db.write import applications, undo

        return undo.journaled(store.uow(), applications.move_stage, aid, stage)

    return call


def move_asking_first(
    screen: Screen,
    application: ApplicationRow,
    stage: str,
    settings: Settings,
    go: Callable[[Callable], None],
) -> None:
    """`go(call)` with the move's call: at once for an open stage, after a yes for a
    stage that closes the application (Esc or n leaves everything as it was)."""
    call = move_call(application.id, stage)
    if stage not in CLOSING:
        go(call)
        return
    aid = application.id

    def rehearse(store):
        from sqlalchemy.exc import OperationalError

        from db.write import applications, undo

        try:
            return undo.journaled(store.rehearsal(), applications.move_stage, aid, stage)
        except OperationalError:  # another window holds the write lock: ask all the same
            return None

    def ask(preview) -> None:
        from tui.modals.confirm_dialog import ConfirmDialog
        from tui.words import move_question

        title, lines = move_question(
            application.company, stage, getattr(preview, "changes", None), settings
        )

        def answered(yes: bool | None) -> None:
            if yes:
                go(call)

        screen.app.push_screen(
            ConfirmDialog(title, lines, yes=f"Move to {stage}", id="confirm-close"), answered
        )

    run_repo(screen, rehearse, ask, group="move-preview", title="Stage not changed")
