"""Work-arounds for Textual behaviour that costs Afterview something a person notices:
bugs, each to be removed once Textual fixes it upstream (the Footer's own leak is
worked around in tui/widgets/footer.py), and two timing choices Textual has no seam for
(when a toast leaves, how soon a frame may follow the last), and one cost of every
drawn line (`strips_make_caches_when_used`)."""

from __future__ import annotations

import time
from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.cache import FIFOCache
from textual.color import Color
from textual.strip import Strip
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


STRIP_CACHES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}
"""The caches each Textual 8.2 Strip makes in its constructor, and their sizes."""
STRIP_SLOTS = {*STRIP_CACHES, "_segments", "_cell_length", "_render_cache", "_link_ids"}
STRIP_SLOTS |= {"_cell_count"}


_textual_strip_init = Strip.__init__


def _strip_init(self, segments, cell_length=None) -> None:
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _strip_cache(self, name: str):
    """Called only for a slot not set yet: a cache is made the first time it is used."""
    size = STRIP_CACHES.get(name)
    if size is None:
        raise AttributeError(name)
    cache = FIFOCache(size)
    setattr(self, name, cache)
    return cache


def strips_make_caches_when_used() -> bool:
    """Every line Textual draws is a Strip, and each Strip made seven small caches in
    its constructor (crop, divide, style, filter...), ~1.1 KB and 2.8 us a line,
    although most lines are drawn once and never cropped, divided or restyled: ~6,000
    of them before the first frame, and every line kept in a widget's or the
    compositor's cache holds its seven. Each cache is now made the first time it is
    used (a slot not yet set is looked up through `__getattr__`), so what a Strip does
    is unchanged. Applied only to the Strip it was written for (the same slots);
    returns whether it was. Idempotent."""
    if Strip.__init__ is _strip_init:
        return True
    if set(Strip.__slots__) != STRIP_SLOTS or hasattr(Strip, "__getattr__"):
        return False  # another Textual: leave its Strip as it is
    Strip.__init__ = _strip_init
    Strip.__getattr__ = _strip_cache
    return True
