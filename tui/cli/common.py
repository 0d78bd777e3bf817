"""What the commands share: the one-line failure, printing what was typed safely, the
fixed clock of AFTERVIEW_CLOCK, checking a database before use, writing a file whole."""

from __future__ import annotations

import os
import sys
from pathlib import Path


class Failure(Exception):
    """Something a person can fix, said in one line."""


def printable(text: object) -> str:
    """A path or value as typed, on one line, with its control characters (ESC, bell,
    line breaks) written as escapes such as \\x1b: shown, never sent to the terminal."""
    from db.text import escape_controls

    return escape_controls(text)


def one_line(text: str, limit: int = 500) -> str:
    """A message on one printable line of at most `limit` characters. A long one loses
    its middle, where the value a person typed is echoed: the reason comes last."""
    text = printable(" ".join(text.split()))
    half = (limit - 3) // 2
    return text if len(text) <= limit else f"{text[:half]} … {text[-half:]}"


def env_clock(*, plain: bool = False):
    """The fixed clock of AFTERVIEW_CLOCK, or None for the real one. Parsed with the
    standard library, so starting the dashboard does not wait for arrow's import
    (~30 ms); the clock makes arrow times when first called, or aware datetimes with
    `plain` (the dashboard's reads take those without importing arrow at all)."""
    value = os.environ.get("AFTERVIEW_CLOCK", "").strip()
    if not value:
        return None
    import datetime as dt

    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Failure(
            f"AFTERVIEW_CLOCK={value!r} is not an ISO 8601 time such as 2026-11-24T10:30:00+01:00"
        ) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    if plain:
        return lambda: at

    def fixed():
        import arrow

        return arrow.Arrow.fromdatetime(at)

    return fixed


def db_path(args) -> Path:
    from db.target import resolve_path

    return resolve_path(args.db)


def check_server(url, *, must_exist: bool) -> tuple[str | None, bool]:
    """A PostgreSQL database: reachable (one line if the server is down, the password
    wrong, the database missing) and Afterview's, reading only."""
    from db.target import server_schema

    con = url.connect(autocommit=True)
    try:
        revision, has_tables = server_schema(con)
    finally:
        con.close()
    if revision is None and must_exist and not has_tables:
        raise Failure(f"{url.shown} holds no Afterview data yet: start `afterview` once")
    return revision, has_tables


def check_database(path: Path, *, must_exist: bool, warn: bool = True) -> None:
    """Refuse, without writing, what Afterview could not open; before any UI starts.
    `warn`: say once if the file is in a sync folder or on a network file system (the
    dashboard says it in a notification instead)."""
    from db.files import check_file, check_writable
    from db.target import ServerURL

    if isinstance(path, ServerURL):
        revision, has_tables = check_server(path, must_exist=must_exist)
        check_schema(path.shown, revision, has_tables, must_exist=must_exist)
        return
    check_file(path)
    if warn:
        from db.files import shared_place_warning

        if message := shared_place_warning(path):
            print(f"afterview: note: {one_line(message)}", file=sys.stderr)
    check_writable(path)
    if not path.exists() or path.stat().st_size == 0:
        if must_exist:
            what = f"{path} is an empty file" if path.exists() else f"no database at {path}"
            raise Failure(f"{what}: start `afterview` once to create it, or pass --db PATH")
        return
    revision, has_tables = read_schema(path)
    check_schema(str(path), revision, has_tables, must_exist=must_exist)


def check_schema(path: str, revision: str | None, has_tables: bool, *, must_exist: bool) -> None:
    """Refuse tables that are not Afterview's, or a schema a newer Afterview wrote."""
    from db.errors import DatabaseError
    from db.migrations import HEAD

    if revision == HEAD:
        return
    if revision is None:
        if has_tables:
            raise DatabaseError(f"{path} holds tables that are not Afterview's; refusing to use it")
        if must_exist:
            raise Failure(f"{path} holds no Afterview data yet")
        return
    from alembic.script import ScriptDirectory

    from db.migrate import alembic_config

    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision not in known:
        raise DatabaseError(
            f"{path} was written by a newer Afterview (schema {revision}); upgrade Afterview"
        )


def read_schema(path: Path) -> tuple[str | None, bool]:
    """(schema revision, whether it holds any table), reading only, leaving nothing beside
    the file (see db.migrate.read_schema)."""
    from db.migrate import read_schema as schema

    revision, tables, _ = schema(path)
    return revision, tables


def open_existing(path: Path):
    check_database(path, must_exist=True)
    from db.engine import open_database

    return open_database(path)


def write_output(data: bytes, output: str | None) -> None:
    """To stdout, or to a file written whole (temp file, then rename), mode 0600."""
    if output in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(output).expanduser()
    if target.is_dir():
        raise Failure(f"{target} is a folder; give a file name")
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def remove_database(path: Path, *, keep_empty: bool = False) -> None:
    """Undo a database this command created (or filled, when it was an empty file)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if keep_empty:
        path.touch(mode=0o600)


def count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("afterview")
    except PackageNotFoundError:
        return "unknown"
