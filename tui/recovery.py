"""A copy of a note the database would not take, kept where the person can find it.

When a save fails (disk full, a read-only remount, a lock held too long) the text stays
in the editor and is retried; meanwhile a copy goes to a file, on another file system
than the database's when there is one (the runtime directory is usually a tmpfs), so a
full disk or a crash before the retry succeeds loses nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class Note:
    """Text to be saved: which follow-up, to whom, what, and which edit it is."""

    follow_up_id: int
    to: str
    subject: str
    body: str
    revision: int
    """Counts up with every edit in the editor: a newer one replaces an older one."""


class Ledger:
    """Writes notes one at a time, the newest winning: two saves of one note can wait
    on the same database lock and wake in either order, and the older text must not be
    the one that lands last. Called from workers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._written: dict[int, int] = {}

    def write(self, save: Callable[[Note], None], note: Note) -> None:
        """`save(note)` (a write through the store), unless a newer one got there."""
        with self._lock:
            if self.holds(note):
                return
            save(note)
            self._written[note.follow_up_id] = note.revision

    def holds(self, note: Note) -> bool:
        """This revision of the note, or a newer one, is in the database."""
        return self._written.get(note.follow_up_id, -1) >= note.revision


def places(db_path: Path) -> list[Path]:
    """Where a copy may go, best first: writable folders on another device than the
    database's, then any writable one."""
    found = []
    for name in (os.environ.get("XDG_RUNTIME_DIR"), tempfile.gettempdir(), Path.home()):
        if name and os.path.isdir(name) and os.access(name, os.W_OK | os.X_OK):
            if Path(name) not in found:
                found.append(Path(name))
    try:
        db_device = os.stat(Path(db_path).resolve().parent).st_dev
    except OSError:
        return found
    return sorted(found, key=lambda folder: os.stat(folder).st_dev == db_device)


def keep_copy(note: Note, db_path: Path, reason: str, replaces: Path | None = None) -> Path | None:
    """Write `note` to a file readable by its owner alone and return where it went
    (None if nowhere would take it). A copy it `replaces` is rewritten in place, so the
    path once said stays true."""
    now = dt.datetime.now().astimezone()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", note.to).strip("-")[:30] or "note"
    text = (
        f"Afterview could not save this note to {db_path} at {now:%Y-%m-%d %H:%M:%S %Z}:\n"
        f"{reason}\n\nFollow-up {note.follow_up_id}, to {note.to}\n"
        f"Subject: {note.subject}\n\n{note.body}\n"
    )
    folders = places(db_path)
    if replaces is not None:
        folders.insert(0, replaces.parent)
    for folder in folders:
        written = _write_new(folder, f"afterview-note-{note.follow_up_id}-{slug}-", text, now)
        if written is None:
            continue
        if replaces is None:
            return written
        try:
            os.replace(written, replaces)  # whole, or not at all
            return replaces
        except OSError:
            return written  # the old copy stays too: older words beat none
    return None


def _write_new(folder: Path, prefix: str, text: str, now: dt.datetime) -> Path | None:
    try:
        fd, name = tempfile.mkstemp(  # O_EXCL and mode 0600: never someone else's file
            prefix=f"{prefix}{now:%Y%m%d-%H%M%S}-", suffix=".txt", dir=folder
        )
    except OSError:
        return None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError:  # this one is full too
        forget(Path(name))
        return None
    return Path(name)


def forget(path: Path | None) -> None:
    """The database holds the text now: the copy is not needed."""
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
