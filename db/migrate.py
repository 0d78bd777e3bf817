"""Bring a database file to the current schema, after a backup copy."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import DatabaseError
from db.migrations import HEAD
from db.target import ServerURL, Target, first_line

if TYPE_CHECKING:
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def read_schema(path: Path) -> tuple[str | None, bool, int]:
    """(revision, whether it holds any table, SQLite's schema counter), only reading.

    Through a plain read-write connection, on purpose: a read-only one ("mode=ro")
    leaves the -wal and -shm files it made beside a file that is then refused, and a
    "file:" URI would read "?", "#" and "%" in the path as URI syntax."""
    con = sqlite3.connect(path)
    try:
        schema_version = con.execute("PRAGMA schema_version").fetchone()[0]  # corrupt: raises
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            return None, bool(tables), schema_version
        found = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return (found[0] if found else None), True, schema_version
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} is not a readable Afterview database ({exc})") from None
    finally:
        con.close()


def has_tables(path: Path) -> bool:
    return read_schema(path)[1]


def _copy(source: Path, target: Path) -> None:
    """All pages of `source` into `target` through SQLite's backup API (one snapshot)."""
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup_copy(path: Path, revision: str | None) -> Path:
    """A consistent copy beside the file (SQLite backup API), 0600 from its first byte."""
    target = path.with_name(f"{path.name}.before-{HEAD}-from-{revision or 'none'}.bak")
    os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(target, 0o600)  # an older copy of the same name may have been looser
    _copy(path, target)
    return target


def read_server_schema(connection) -> tuple[str | None, bool]:
    """(revision, whether the schema in use holds any table) of a PostgreSQL database,
    through an open SQLAlchemy connection (the search_path's first schema)."""
    from sqlalchemy import inspect, text

    tables = set(inspect(connection).get_table_names())
    if "alembic_version" not in tables:
        return None, bool(tables)
    found = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return (found[0] if found else None), True


def check_revision(revision: str | None, tables: bool, where: str) -> None:
    """Refuse a schema from a newer Afterview, or tables that are not Afterview's."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    if revision is not None and revision not in {s.revision for s in script.walk_revisions()}:
        raise DatabaseError(
            f"{where} was written by a newer Afterview (schema {revision}); upgrade Afterview"
        )
    if revision is None and tables:
        raise DatabaseError(f"{where} holds tables that are not Afterview's; refusing to change it")


def upgrade_server(engine: Engine, url: ServerURL) -> None:
    """Upgrade a PostgreSQL database to HEAD in ONE transaction, which is its backup:
    PostgreSQL's DDL is transactional, so a failed step rolls back every step, the
    schema and the rows stay exactly as they were, and no copy is needed (pg_dump is
    the tool for keeping one anyway). An advisory lock makes a second Afterview that
    starts at the same moment wait, then find the work done."""
    from alembic import command
    from sqlalchemy import text

    cfg = alembic_config()
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(7260616)"))  # "afterview"
            revision, tables = read_server_schema(connection)
            if revision == HEAD:
                return
            check_revision(revision, tables, url.shown)
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
    except DatabaseError:
        raise
    except Exception as exc:
        raise DatabaseError(
            f"upgrading {url.shown} failed ({first_line(exc)}); nothing was changed"
        ) from None


def upgrade(engine: Engine, path: Target) -> Path | None:
    """Upgrade to HEAD; returns the backup made, or None when nothing had to change."""
    if isinstance(path, ServerURL):
        upgrade_server(engine, path)
        return None
    revision, tables, schema_version = read_schema(path)
    if revision == HEAD:
        return None
    from alembic import command

    cfg = alembic_config()
    check_revision(revision, tables, str(path))
    backup = backup_copy(path, revision) if revision is not None else None
    ended_early = False
    try:
        # One transaction: a failure rolls every step back and, in WAL mode, nothing
        # reached the database file itself, which stays byte for byte as it was.
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            try:
                command.upgrade(cfg, "head")
            except Exception:
                ended_early = not connection.connection.dbapi_connection.in_transaction
                raise
    except Exception as exc:
        engine.dispose()
        if backup and (ended_early or read_schema(path)[::2] != (revision, schema_version)):
            _copy(backup, path)  # a step committed on its own: put the copy back
        where = f"; your data is safe in {backup}" if backup else ""
        raise DatabaseError(f"upgrading {path} failed ({exc}){where}") from None
    return backup
