"""One dialog at a time, even when it opens after a read.

A form opened on the highlighted application first reads that application as it is
stored now, off the UI thread. Keys typed in that moment used to reach the screen
underneath: a second `e` opened a second form, and the letters meant for the form acted
on the list (`m` opened the stage picker). While such a dialog is on its way, the keys
meant for the screen beneath it are ignored, Esc gives up on it, and a read that fails
lets go (the App reports it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.screen import Screen

from tui.worker import run_repo


def open_when_read(
    screen: Screen,
    call: Callable[[Any], Any],
    build: Callable[[Any], Screen],
    callback: Callable[[Any], None] | None = None,
) -> None:
    """Read `call(store)` off the UI thread, then push `build(result)` over `screen`
    (with `callback` for its answer). Ignored while another dialog is on its way."""
    app = screen.app
    if getattr(app, "opening", None) is not None:
        return

    def done(result) -> None:
        if app.opening is not screen:
            return  # given up on with Esc, or the screen has gone
        app.opening = None
        if app.screen is screen:
            app.push_screen(build(result), callback)

    def failed(error: Exception) -> None:
        if app.opening is screen:
            app.opening = None
        app.report_failure(error, "open", title="Not opened")

    app.opening = screen
    if run_repo(screen, call, done, on_failure=failed, reads_only=True) is None:
        app.opening = None  # nothing open yet: the key does nothing, as before


def held_back(app, event: events.Event) -> bool:
    """Whether a key is kept from the screen while its dialog is on its way (App.on_event).
    Esc gives up on the dialog; every other key is dropped."""
    opening = getattr(app, "opening", None)
    if opening is None or not isinstance(event, events.Key):
        return False
    if opening is not app.screen:  # the screen has changed meanwhile: nothing to hold
        app.opening = None
        return False
    if event.key == "escape":
        app.opening = None
    return True
