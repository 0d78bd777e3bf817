"""Work off the UI thread, one policy for all of it: a failure never ends the app.

Every thread worker in tui/ starts here (`run_in_thread`, or `run_repo` for database
calls) or passes `exit_on_error=False` and lets `App.on_worker_state_changed` report
it. Either way a failure reaches `App.report_failure`, the one place that turns it into
a notification a person can read (with `readable`). Validation problems may instead go
to `on_error`, for a form to show them in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker


class Trouble(Exception):
    """A failure whose message is already written for a person (no "went wrong" prefix)."""


def run_in_thread(
    node: DOMNode,
    work: Callable[[], Any],
    then: Callable[[Any], None] | None = None,
    *,
    group: str,
    title: str = "Not done",
    on_failure: Callable[[Exception], None] | None = None,
    exclusive: bool = False,
    description: str = "",
) -> Worker:
    """`work()` in a thread; `then(result)` back on the UI thread.

    With `exclusive`, starting another worker of the same group on the same node
    replaces this one: its answer, if it comes after that, is dropped, so a list read
    twice shows the later read even when the earlier one finishes last.
    A failure goes to `on_failure` (on the UI thread) when given, which then reports it
    itself through `App.report_failure` in its own words; otherwise straight to
    `App.report_failure` under `title`."""
    app = node.app

    def deliver(worker: Worker, result: Any) -> Any:
        if exclusive and worker.is_cancelled:  # replaced by a later one of its group
            return None
        return then(result)

    def run() -> Any:
        try:
            result = work()
        except Exception as exc:
            if on_failure is not None:
                app.call_from_thread(on_failure, exc)
            else:
                app.call_from_thread(app.report_failure, exc, group, title=title)
            raise
        if then is not None:
            app.call_from_thread(deliver, get_current_worker(), result)
        return result

    return node.run_worker(
        run,
        thread=True,
        group=group,
        exclusive=exclusive,
        # Reported above; Textual's default would end the app with a traceback.
        exit_on_error=False,
        description=description or getattr(work, "__name__", group),
    )


def run_repo(
    node: DOMNode,
    call: Callable[[Any], Any],
    then: Callable[[Any], None] | None = None,
    *,
    on_error: Callable[[Exception], None] | None = None,
    on_failure: Callable[[Exception], None] | None = None,
    title: str = "Not done",
    group: str = "repo",
    exclusive: bool = False,
    reads_only: bool = False,
    description: str = "",
) -> Worker | None:
    """`call(store)` in a thread (a db.store.Store: `store.views` reads, services take
    `store.uow()`); `then(result)` back on the UI thread (it may be async).

    With `reads_only`, the call may get only the App's plain-SQL reader as
    `store.views` (ready first at start-up); otherwise it waits for the store, which
    follows shortly.
    A `ValidationError` goes to `on_error` when given; any other failure as in
    `run_in_thread`."""
    app = node.app
    if getattr(app, "reader", None) is None and getattr(app, "store", None) is None:
        return None  # nothing open yet: the App reloads every screen once it is
    errors: list[Exception] = []

    def work() -> Any:
        source = app.store
        if source is None and reads_only and app.reader is not None:
            from tui.first_data import Reading

            source = Reading(app.reader)
        if source is None:
            app.store_ready.wait(60)
            source = app.store
        if source is None:
            raise Trouble("The database could not be opened")
        try:
            return call(source)
        except Exception as exc:
            from db.validation import ValidationError

            if on_error is not None and isinstance(exc, ValidationError):
                errors.append(exc)
                return None
            raise
        finally:
            source.views.release()  # its connection (and page cache) to the next reader

    def done(result: Any) -> Any:
        if errors:
            return on_error(errors[0])
        if then is not None:
            return then(result)  # a coroutine is awaited (Textual's call_from_thread)
        return None

    return run_in_thread(
        node,
        work,
        done,
        group=group,
        title=title,
        on_failure=on_failure,
        exclusive=exclusive,
        description=description or getattr(call, "__name__", "repo"),
    )


# What SQLite says, and what it means for the person at the keyboard.
_SQLITE_MEANINGS = (
    ("database or disk is full", "The disk is full"),
    ("readonly database", "The database file is read-only"),
    ("read-only", "The database file is read-only"),
    ("disk i/o error", "The disk could not be written"),
    ("unable to open database", "The database file could not be opened"),
)


def readable(error: BaseException) -> str:
    """One line a person can act on, whatever went wrong."""
    from db.errors import DatabaseError, NotFound
    from db.validation import ValidationError

    if isinstance(error, ValidationError):
        return error.message
    if isinstance(error, NotFound):
        return f"That item is gone ({error}); the list has been refreshed"
    if isinstance(error, (DatabaseError, Trouble)):
        return str(error)
    text = str(getattr(error, "orig", None) or error)  # SQLAlchemy wraps sqlite3's error
    if "database is locked" in text:
        return "The database is busy in another window; try again in a moment"
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    lowered = first.lower()
    for said, meaning in _SQLITE_MEANINGS:
        if said in lowered:
            return f"{meaning} ({first[:120]}); nothing was written"
    return f"Something went wrong: {first[:200]}"
