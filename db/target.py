"""Where the data is: a SQLite file (a Path, the default) or a PostgreSQL database named
by a libpq URL (`ServerURL`).

    postgresql://user@host/dbname            postgresql:///?service=afterview
    postgresql://user@host/db?sslmode=verify-full&options=-csearch_path%3Dana

The choice is made by the scheme alone: `postgresql://` or `postgres://` is a server,
anything else a file path exactly as typed (a "?" or "#" in a file name stays part of
the name). libpq reads the URL itself, so every libpq parameter works (service, sslmode,
options for a search_path, target_session_attrs...), and the password comes from where
libpq finds it (~/.pgpass, PGPASSWORD, a service file) or, when it finds none, from the
system keyring (db.server_password): Afterview never stores one in its own files, and
never prints one that was typed into the URL.

Plain Python and psycopg only (no SQLAlchemy): the read side opens servers too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from db.errors import DatabaseError
from db.keychain import scrub

SCHEMES = ("postgresql://", "postgres://")


class ServerURL(str):
    """A PostgreSQL database's libpq URL, as typed (its password hidden when shown)."""

    __slots__ = ()

    def __new__(cls, text: str) -> ServerURL:
        url = super().__new__(cls, text.strip())
        url.parameters()  # a malformed URL is refused here, before anything connects
        return url

    def parameters(self) -> dict[str, Any]:
        """libpq's reading of the URL (host, dbname, service...)."""
        from psycopg.conninfo import conninfo_to_dict

        try:
            return conninfo_to_dict(self.text)
        except Exception as exc:  # psycopg.ProgrammingError: libpq could not read it
            raise DatabaseError(
                f"{self.shown} is not a PostgreSQL URL libpq can read ({first_line(exc)})"
            ) from None

    @property
    def text(self) -> str:
        """The URL as typed, password and all: only for libpq."""
        return str.__str__(self)

    @property
    def shown(self) -> str:
        """The URL for messages: a password typed into it is replaced by ***."""
        return re.sub(r"(://[^:/@?#]*):[^@/?#]*@", r"\1:***@", self.text)

    def __str__(self) -> str:  # every message that names the database hides the password
        return self.shown

    def __format__(self, spec: str) -> str:
        return format(self.shown, spec)

    def __repr__(self) -> str:
        return f"ServerURL({self.shown!r})"

    def connect(self, *, autocommit: bool = False, **kwargs):
        """A psycopg connection whose session reads and shows times in UTC (the read
        side compares timestamptz columns with UTC text, as on SQLite), or a
        DatabaseError in one line (server down, wrong password, no such database).

        The password is libpq's to find (the URL, PGPASSWORD, a service file, ~/.pgpass);
        when the server asks for one and libpq found none, the system keyring's
        (db.server_password), given as a keyword: the URL is never rewritten."""
        import psycopg

        try:
            con = self._open(**kwargs)
            con.execute("SET TIME ZONE 'UTC'")
            con.autocommit = autocommit
            return con
        except psycopg.Error as exc:
            raise DatabaseError(f"cannot connect to {self.shown}: {first_line(exc)}") from None

    def _open(self, **kwargs):
        """An autocommit psycopg connection, trying libpq's own password sources first,
        then the keyring's (remembered by this process once it connected)."""
        import psycopg

        from db import server_password as keyring

        kept = None if "password" in kwargs else keyring.remembered(self.text)
        if kept is None:
            try:
                return psycopg.connect(self.text, autocommit=True, **kwargs)
            except psycopg.OperationalError as exc:
                if "password" in kwargs or not keyring.asks_for_password(exc):
                    raise
                name = keyring.keyring_name(exc.pgconn)
            kept = name, self._from_keyring(name)
        name, password = kept
        try:
            con = psycopg.connect(self.text, autocommit=True, password=password, **kwargs)
        except psycopg.OperationalError as exc:
            keyring.drop(self.text)
            why = scrub(first_line(exc), password)
        else:
            keyring.remember(self.text, name, password)
            return con
        # Raised out here: the failed attempt (which holds the password) is not its context.
        again = "; `afterview db-password` replaces it" if "password" in why else ""
        raise DatabaseError(
            f"cannot connect to {self.shown}: {why} (the password came from the system "
            f"keyring, {keyring.SERVICE} {name}{again})"
        )

    def _from_keyring(self, name: str) -> str:
        """The keyring's password for `name`, or the one line saying where one can come
        from."""
        from db import server_password as keyring
        from db.keychain import KeychainError

        try:
            password = keyring.look_up(name)
            unreadable = ""
        except KeychainError as exc:
            password, unreadable = None, f" ({exc})"
        if password:
            return password
        raise DatabaseError(
            f"cannot connect to {self.shown}: the server asks for a password and none was "
            f"found{unreadable}: put it in ~/.pgpass or PGPASSWORD, or in the system keyring "
            f"with `afterview db-password` (service {keyring.SERVICE}, user {name})"
        )

    def try_without_keyring(self) -> tuple[str, bool, str | None]:
        """One connection attempt with libpq's password sources alone: (the keyring's
        user name for this database, USER@HOST:PORT/DBNAME as libpq resolved them;
        whether the server asked for a password libpq did not have; why it failed
        otherwise, None when it connected). The name is known even when the server is
        down."""
        import psycopg

        from db import server_password as keyring

        try:
            con = psycopg.connect(self.text, connect_timeout=10)
        except psycopg.OperationalError as exc:
            if exc.pgconn is None:
                failed = first_line(exc)
            else:
                asks = keyring.asks_for_password(exc)
                return keyring.keyring_name(exc.pgconn), asks, None if asks else first_line(exc)
        else:
            try:
                return keyring.keyring_name(con.pgconn), False, None
            finally:
                con.close()
        raise DatabaseError(f"cannot connect to {self.shown}: {failed}")


Target = Path | ServerURL


def server_schema(con) -> tuple[str | None, bool]:
    """(Alembic revision or None, whether the schema in use holds any table) of a
    PostgreSQL database, through a psycopg connection: PostgreSQL's read_revision."""
    tables = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
    ).fetchone()[0]
    if not con.execute("SELECT to_regclass('alembic_version') IS NOT NULL").fetchone()[0]:
        return None, bool(tables)
    found = con.execute("SELECT version_num FROM alembic_version").fetchone()
    return (found[0] if found else None), True


def first_line(exc: BaseException) -> str:
    """An error's message on one line (libpq's run over several, with hints)."""
    text = " ".join(str(exc).split())
    return text.removeprefix("connection failed: ") or type(exc).__name__


def is_server(text: str | os.PathLike) -> bool:
    return isinstance(text, str) and text.strip().lower().startswith(SCHEMES)


def target(text: str | os.PathLike) -> Target:
    """A server URL when the scheme says so; otherwise the path exactly as given."""
    if isinstance(text, ServerURL):
        return text
    if is_server(text):
        return ServerURL(str(text))
    return Path(text).expanduser()


ENV_VAR = "AFTERVIEW_DB"


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("afterview", appauthor=False)) / "afterview.db"


def resolve_path(cli_path: str | os.PathLike | None = None) -> Target:
    """`--db PATH` wins over `AFTERVIEW_DB`, which wins over the data directory. Either
    may be a PostgreSQL URL (decided by the scheme alone). Here, not in db.engine, so
    naming the database does not import sqlite3."""
    if cli_path:
        return target(cli_path)
    if env := os.environ.get(ENV_VAR):
        return target(env)
    return default_path()
