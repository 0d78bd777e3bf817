"""Run database calls off the UI thread and hand the result back on it.

Validation problems go to `on_error` when the caller wants to show them in place
(a form field); anything else fails the worker and goes to `App.report_failure`,
the one place that turns it into a readable notification.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode
from textual.worker import Worker


def run_repo(
    node: DOMNode,
    call: Callable[[Any], Any],
    then: Callable[[Any], None] | None = None,
    *,
    on_error: Callable[[Exception], None] | None = None,
    group: str = "repo",
    exclusive: bool = False,
    reads_only: bool = False,
    description: str = "",
) -> Worker | None:
    """`call(store)` in a thread (a db.store.Store: `store.views` reads, services take
    `store.uow()`); `then(result)` back on the UI thread.

    With `reads_only`, the call may get only the App's plain-SQL reader as
    `store.views` (ready first at start-up); otherwise it waits for the store, which
    follows shortly."""
    app = node.app
    if getattr(app, "reader", None) is None and getattr(app, "store", None) is None:
        return None  # nothing open yet: the App reloads every screen once it is

    def work() -> Any:
        source = app.store
        if source is None and reads_only and app.reader is not None:
            source = Reading(app.reader)
        if source is None:
            app.store_ready.wait(60)
            source = app.store
        if source is None:
            error = RuntimeError("the database could not be opened")
            app.call_from_thread(app.report_failure, error, group)
            raise error
        try:
            result = call(source)
        except Exception as exc:
            from db.validation import ValidationError

            if on_error is not None and isinstance(exc, ValidationError):
                app.call_from_thread(on_error, exc)
                return None
            app.call_from_thread(app.report_failure, exc, group)
            raise
        if then is not None:
            app.call_from_thread(then, result)
        return result

    return node.run_worker(
        work,
        thread=True,
        group=group,
        exclusive=exclusive,
        # A failure was reported above (App.report_failure, a notification); Textual's
        # default would end the app with a traceback.
        exit_on_error=False,
        description=description or getattr(call, "__name__", "repo"),
    )


class Reading:
    """The start-up reader standing in for the store in a reads-only call."""

    def __init__(self, views) -> None:
        self.views = views


def readable(error: BaseException) -> str:
    """One line a person can act on, whatever went wrong."""
    from db.engine import DatabaseError
    from db.errors import NotFound
    from db.validation import ValidationError

    if isinstance(error, ValidationError):
        return error.message
    if isinstance(error, NotFound):
        return f"That item is gone ({error}); the list has been refreshed"
    if isinstance(error, DatabaseError):
        return str(error)
    text = str(error)
    if "database is locked" in text:
        return "The database is busy in another window; try again in a moment"
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return f"Something went wrong: {first[:200]}"
