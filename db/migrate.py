"""Bring a database file to the current schema, after a backup copy."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from db.engine import DatabaseError
from db.migrations import HEAD

if TYPE_CHECKING:
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revision(path: Path) -> str | None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        con.execute("PRAGMA schema_version")  # raises on a corrupt file
        row = con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if row is None:
            return None
        found = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return found[0] if found else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a readable Afterview database ({exc})") from None
    finally:
        con.close()


def has_tables(path: Path) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return (
            con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] > 0
        )
    finally:
        con.close()


def backup_copy(path: Path, revision: str | None) -> Path:
    """A consistent copy beside the file (SQLite backup API), mode 0600."""
    target = path.with_name(f"{path.name}.before-{HEAD}-from-{revision or 'none'}.bak")
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    target.chmod(0o600)
    return target


def upgrade(engine: Engine, path: Path) -> Path | None:
    """Upgrade to HEAD; returns the backup made, or None when nothing had to change."""
    revision = current_revision(path)
    if revision == HEAD:
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    if revision is not None and revision not in {s.revision for s in script.walk_revisions()}:
        raise DatabaseError(
            f"{path} was written by a newer Afterview (schema {revision}); upgrade Afterview"
        )
    if revision is None and has_tables(path):
        raise DatabaseError(f"{path} holds tables that are not Afterview's; refusing to change it")
    backup = backup_copy(path, revision) if revision is not None else None
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
    except Exception as exc:
        where = f"; your data is safe in {backup}" if backup else ""
        if backup:
            shutil.copyfile(backup, path)
        raise DatabaseError(f"upgrading {path} failed ({exc}){where}") from None
    return backup
