"""Work-arounds for Textual behaviour that costs Afterview something a person notices:
bugs, each to be removed once Textual fixes it upstream (the Footer's own leak is
worked around in tui/widgets/footer.py), and two timing choices Textual has no seam for
(when a toast leaves, how soon a frame may follow the last)."""

from __future__ import annotations

import time
from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def keep_memory_flat() -> None:
    """`StylesCache.get_inner_outer` is an lru_cache on a method, so its keys hold the
    widget's StylesCache itself, with every line the widget last drew: each widget
    ever drawn (every key in every footer, every toast, every dialog) stayed until
    1,024 of them were held, 6-8 MB by the end of the bench's simulated hour
    (Textualize/textual#6665, open in Textual 8.2). The colours are all it needs, so
    the cache here is keyed by them alone. Idempotent."""
    if getattr(StylesCache, "get_inner_outer", None) is not _inner_outer:
        StylesCache.get_inner_outer = staticmethod(_inner_outer)


QUIET_BEFORE_A_TOAST_GOES = 0.4
"""Seconds without a key before a toast whose time is up leaves the screen."""


def _toast_mounted(toast, _event) -> None:
    toast.set_timer(toast._timeout, lambda: _leave_between_keys(toast))


def _leave_between_keys(toast) -> None:
    waited = time.monotonic() - getattr(toast.app, "last_key_at", 0.0)
    if waited < QUIET_BEFORE_A_TOAST_GOES:
        again = min(max(QUIET_BEFORE_A_TOAST_GOES - waited, 0.05), QUIET_BEFORE_A_TOAST_GOES)
        toast.set_timer(again, lambda: _leave_between_keys(toast))
    else:
        toast._expire()  # a click still dismisses it at once: Toast's own handler


def toasts_leave_between_keys() -> None:
    """A toast leaving makes Textual lay the whole screen out again (~10-20 ms at
    Afterview's size): on time, it landed in the middle of j/k presses (the key that met
    it took 24-28 ms, against 11 at p95) and most often just after a mark sent, whose
    toast times out while you go on down the list. It now waits for a pause of
    QUIET_BEFORE_A_TOAST_GOES seconds in the typing (the app keeps `last_key_at`).
    Not a Textual bug, a choice Textual's Toast leaves no seam for. Idempotent."""
    from textual.widgets._toast import Toast

    if Toast.__dict__.get("_on_mount") is not _toast_mounted:
        Toast._on_mount = _toast_mounted


FRAMES_A_SECOND = 240
"""How often a screen may draw: a key that comes just after a frame waits at most
1/FRAMES_A_SECOND s for its own."""


def frames_soon_after_frames() -> None:
    """A screen draws at most TEXTUAL_FPS frames a second (60 by default), so a key that
    comes within 16.7 ms of the last frame waits for the next tick with nothing to do.
    When nothing else draws, the last frame is long past and the key's frame comes at
    once; but while the mailbox syncs the dashboard redraws every second, and Pipeline
    j/k then took 21.8 ms at p95 (37 at most) with the process idle for half of it;
    at 120 frames a second 11.0 and 17.9 ms (20 at most) in two runs, at 240 9.3 and
    9.2 ms (14 at most, with CPU p95 8.4: no waiting left), against 8-11 ms with no
    sync (tests/bench/mail_keys.py). A frame is drawn only when something changed, so
    an idle dashboard draws no more than before.
    Textual reads TEXTUAL_FPS once, at import, into its screen module's UPDATE_PERIOD:
    that is set here, unless TEXTUAL_FPS was given (then it is the person's choice).
    Idempotent."""
    import os

    import textual.screen

    if "TEXTUAL_FPS" not in os.environ:
        textual.screen.UPDATE_PERIOD = 1 / FRAMES_A_SECOND
