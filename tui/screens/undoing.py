"""Undo in this window: the actions done here that can be taken back, latest last, and
the call that takes one back (db.write.undo does the work and checks it is safe).

Each undoable action's result (`Undoable`) is remembered when its line is shown; a
change that cannot be undone (an interview logged, an edit) forgets them all, so `u`
never reaches past it to an older action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

    from db.write.results import Undoable

KEPT = 20
"""How many actions back `u` can go."""


def history(app: App) -> list[Undoable]:
    """The app's list of undoable actions (one per window: it lives in memory)."""
    return app.undo_history  # type: ignore[attr-defined]


def remember(app: App, result: Any) -> tuple[Any, str]:
    """(the action's own result, the words to add to its line): an undoable one is kept
    and says "u to undo"; any other change forgets what came before it."""
    from db.write.results import Undoable, Undone
    from tui.words import UNDO_HINT

    kept = history(app)
    if isinstance(result, Undoable):
        kept.append(result)
        del kept[:-KEPT]
        return result.result, UNDO_HINT
    if result is not None and not isinstance(result, Undone):
        kept.clear()
    return result, ""


def take_last(app: App) -> Undoable | None:
    """The latest undoable action, taken off the list (None, said, when there is none)."""
    kept = history(app)
    if not kept:
        app.notify("Nothing to undo in this window")
        return None
    return kept.pop()


def undo_call(done: Undoable):
    """`store -> Undone` taking `done` back."""

    def call(store):
        from db.write import undo

        return undo.undo(store.uow(), done)

    return call


def not_undone(app: App, done: Undoable, error: Exception) -> None:
    """Undo failed: when the rows have changed since, nothing older can be undone either
    (the history is cleared); any other failure (a busy database) keeps it to try again."""
    from db.validation import ValidationError

    if isinstance(error, ValidationError):
        history(app).clear()
    else:
        history(app).append(done)
    app.report_failure(error, "write", title="Not undone")
