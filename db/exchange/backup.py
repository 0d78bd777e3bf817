"""Backups: a consistent copy of the database file, safe while the dashboard writes."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import arrow

from db.exchange import ExchangeError


def default_backup_path(path: Path, now: arrow.Arrow) -> Path:
    stamp = now.format("YYYYMMDD-HHmmss")
    return path.with_name(f"{path.stem}-backup-{stamp}{path.suffix or '.db'}")


def backup(path: Path, target: Path) -> int:
    """A consistent copy with SQLite's backup API, safe while the dashboard writes;
    created 0600 and checked. Returns its size in bytes."""
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        # Not mode=ro: a read-only connection leaves -wal and -shm files behind it.
        src = sqlite3.connect(path)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)  # all pages in one step: one read snapshot
                check = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if check != "ok":
            raise ExchangeError(f"the copy in {target} failed its check ({check})")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    os.chmod(target, 0o600)
    return target.stat().st_size
