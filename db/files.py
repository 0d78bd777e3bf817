"""Checking a database file before SQLite opens it: what is not an Afterview-readable
SQLite file (a folder, another format, a truncated copy, a read-only file) is refused
with one line, and nothing is written. Plain os and bytes: no SQLAlchemy, so the
dashboard's first read can check a file as the full open does."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from db.errors import DatabaseError

SQLITE_MAGIC = b"SQLite format 3\x00"


def _read_header(path: Path) -> bytes:
    """The file's first 100 bytes, read without closing a descriptor SQLite relies on.

    On POSIX, closing ANY descriptor of a file drops every lock this process holds on
    it. After a plain open()/close() here, a connection already open in this process
    (a reader opened first) would hold no lock: another process closing its last
    connection would then checkpoint and delete the -wal and -shm still in use here,
    and what either side writes next is lost. So when this process has the file open
    already, that descriptor is read (pread moves nothing); only otherwise is the file
    opened, and closing it then drops no lock."""
    here = os.stat(path)
    for fd in _descriptors():
        try:
            seen = os.fstat(fd)
        except OSError:
            continue
        if (seen.st_dev, seen.st_ino) == (here.st_dev, here.st_ino):
            return os.pread(fd, 100, 0)
    with open(path, "rb") as fh:
        return fh.read(100)


def _descriptors() -> list[int]:
    """This process's open file descriptors (Linux and macOS; none where unknown)."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return [int(name) for name in os.listdir(folder)]
        except (OSError, ValueError):
            continue
    return []


def check_file(path: Path) -> None:
    """Refuse what is not an Afterview-readable SQLite file, without writing to it."""
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    if not path.exists():
        return
    if not os.access(path, os.R_OK):
        raise DatabaseError(f"cannot read {path}: permission denied")
    size = path.stat().st_size
    if size == 0:
        return
    header = _read_header(path)
    if not header.startswith(SQLITE_MAGIC):
        raise DatabaseError(f"{path} is not an Afterview database (not SQLite)")
    if len(header) < 100:
        raise DatabaseError(f"{path} is truncated or corrupt")
    page_size = int.from_bytes(header[16:18], "big") or 65536
    if page_size == 1:
        page_size = 65536
    pages = int.from_bytes(header[28:32], "big")
    if pages and size < page_size * pages and not Path(f"{path}-wal").exists():
        raise DatabaseError(f"{path} is truncated ({size} of {page_size * pages} bytes)")


def check_writable(path: Path) -> None:
    """Refuse a file its owner made read-only. The mode bits count as well as access:
    root may write anywhere, but whoever set 0400 meant "do not change this"."""
    if path.is_file() and (
        not os.access(path, os.W_OK) or not stat.S_IMODE(path.stat().st_mode) & 0o222
    ):
        raise DatabaseError(f"{path} is read-only: Afterview needs to write to it")
