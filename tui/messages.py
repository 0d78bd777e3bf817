"""Messages that cross screens. Plain classes: a dataclass costs ~0.15 ms to build, at
every start (see db/records.py)."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """The database changed (here or in another process): visible panes reload."""

    def __init__(self, generation: int) -> None:
        super().__init__()
        self.generation = generation


class OpenFailed(Message):
    """The database could not be opened: the panes say so instead of "Loading…"."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
