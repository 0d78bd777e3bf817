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
PAGE_CACHE = -512
"""Each connection's SQLite page cache (`PRAGMA cache_size`, KiB when negative): 512 KiB,
against SQLite's 2 MiB. A long-running dashboard keeps three connections (two read, one
write), whose caches filled over its first half hour; pages left out come back from the
system's file cache. Over the bench's simulated hour RSS grew 8.7 and 9.2 MB with the
default, 6.2 and 6.8 with this; the panes' queries took ~0.1 ms longer (~1 ms each at
5,000 applications)."""


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


NETWORK_FILE_SYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre",
    "davfs", "fuse.sshfs", "fuse.rclone", "fuse.davfs2", "fuse.gvfsd-fuse", "fuse.s3fs",
}  # fmt: skip
SYNC_FOLDERS = {
    "dropbox": "Dropbox", "onedrive": "OneDrive", "google drive": "Google Drive",
    "googledrive": "Google Drive", "my drive": "Google Drive", "icloud drive": "iCloud Drive",
    "mobile documents": "iCloud Drive", "nextcloud": "Nextcloud", "owncloud": "ownCloud",
    "pcloud drive": "pCloud", "synologydrive": "Synology Drive", "mega": "MEGA",
}  # fmt: skip
SYNC_MARKERS = {".dropbox": "Dropbox", ".stfolder": "Syncthing", ".sync": "Resilio Sync"}


def _mount_type(path: Path) -> str | None:
    """The file system type of the mount holding `path` (Linux's mountinfo; None
    elsewhere): the mount point that is the longest prefix of the path wins."""
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return None
    best, kind = "", None
    target = str(path)
    for line in lines:
        left, _, right = line.partition(" - ")
        fields = left.split()
        if len(fields) < 5 or not right:
            continue
        point = fields[4].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, right.split()[0]
    return kind


def shared_place(path: Path) -> str | None:
    """Why a SQLite file here risks corruption, or None: on a network file system (where
    SQLite's locks and WAL do not hold) or in a folder a sync tool copies between
    machines, which copies a file mid-write and loses one side's changes."""
    path = Path(path).expanduser().absolute()
    kind = _mount_type(path.parent)
    if kind in NETWORK_FILE_SYSTEMS:
        return f"on a network file system ({kind})"
    for folder in path.parents:
        named = SYNC_FOLDERS.get(folder.name.lower()) or (
            "OneDrive" if folder.name.lower().startswith("onedrive") else None
        )
        if named:
            return f"in a {named} folder"
        for marker, tool in SYNC_MARKERS.items():
            if (folder / marker).exists():
                return f"in a folder {tool} keeps in sync"
        if folder == Path.home():
            break
    return None


def shared_place_warning(path: Path) -> str | None:
    """The sentence for a SQLite file in a shared place, the first time only for this
    file (a marker in the user's state folder remembers it was said); else None."""
    import hashlib

    import platformdirs

    why = shared_place(path)
    if why is None:
        return None
    key = hashlib.sha256(str(Path(path).expanduser().absolute()).encode()).hexdigest()[:20]
    marker = Path(platformdirs.user_state_dir("afterview", appauthor=False)) / "warned" / key
    if marker.exists():
        return None
    try:
        marker.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        marker.touch(mode=0o600)
    except OSError:
        pass  # said again next time: better than never
    return (
        f"{path} is {why}: sync tools and network file systems can corrupt a SQLite "
        "file. For more than one machine, use a PostgreSQL server (--db postgresql://...; "
        "`afterview copy` moves your data). Shown once."
    )
