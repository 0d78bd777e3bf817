"""Bench-only hooks: one clock that parent and child processes share, and a frame probe.

Nothing here imports textual at module level, so a start-up child can import it first
without moving any of the app's own imports.

What counts as a frame: one call to `App._display` that is handed a compositor update
and is not held back by a batch. That is the end of a screen refresh: layout, every
dirty widget rendered into strips, and the update built. Headless apps stop there and
skip turning the update into terminal escape sequences; the probe does that step too
(and throws the text away), so a headless frame costs what a real one costs minus the
write to the terminal.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from pathlib import Path

SIZE = (120, 36)
"""Terminal size for every run: a laptop terminal tab (the snapshot tests use it too)."""

FrameListener = Callable[[object, float], None]


def now() -> float:
    """CLOCK_MONOTONIC, in seconds: system-wide on Linux, so a parent and its child agree."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


class FrameProbe:
    """Mixin for a textual App: calls each of `frame_listeners(screen, at)` after a frame."""

    def __init__(self, *args, **kwargs) -> None:
        self.frame_listeners: list[FrameListener] = []
        super().__init__(*args, **kwargs)

    def _display(self, screen, renderable) -> None:
        super()._display(screen, renderable)
        if renderable is None or self._batch_count or not self._running or self._closed:
            return
        render = getattr(renderable, "render_segments", None)
        if render is not None and self.is_headless:
            render(self.console)
        at = now()
        for listener in tuple(self.frame_listeners):
            listener(screen, at)


def css_paths(base: type) -> list[Path]:
    """`base.CSS_PATH`, made absolute: Textual reads it relative to the subclass's file."""
    paths = base.CSS_PATH or []
    paths = [paths] if isinstance(paths, str | Path) else paths
    folder = Path(inspect.getfile(base)).parent
    return [folder / path for path in paths]


def drawn(screen, *selectors: str) -> bool:
    """Each selector matches a widget that has been laid out with a non-empty region."""
    for selector in selectors:
        found = screen.query(selector)
        if not found or not found.first().region.area:
            return False
    return True


def table_ready(table) -> bool:
    """Rows are in the table and its size has been worked out (DataTable does it on idle)."""
    return bool(table.row_count) and not getattr(table, "_require_update_dimensions", False)


PANES = ("#today", "#pipeline")
"""The first frame: both panes laid out and drawn (border, title, "Loading…")."""

TABLES = ("#today-table", "#pipeline-table")


def panes_filled(screen) -> bool:
    """Today and Pipeline both show rows: the "data on screen" condition. Found by id
    (Textual keeps those lookups): a query walked the whole screen on every frame,
    ~3.7 ms of each mark sent that was the probe's, not the app's."""
    from textual.css.query import NoMatches

    for selector in TABLES:
        try:
            table = screen.query_one(selector)
        except NoMatches:
            return False
        if not table_ready(table):
            return False
    return True


def is_main_screen(screen) -> bool:
    return type(screen).__name__ == "MainScreen"
