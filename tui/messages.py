"""Messages that cross screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message):
    """The database changed (here or in another process): visible panes reload."""

    generation: int


@dataclass
class OpenFailed(Message):
    """The database could not be opened: the panes say so instead of "Loading…"."""

    reason: str
