"""A PostgreSQL server's password from the system keyring, when libpq has none of its own.

libpq looks in the URL, PGPASSWORD, a service file and ~/.pgpass, and those win. Only
when the server asks for a password and libpq found none does Afterview look in the
system keyring (db.target.ServerURL.connect), under

    service   afterview-postgresql
    username  USER@HOST:PORT/DBNAME   as libpq resolved them (ana@db.example:5432/afterview)

so `keyring set afterview-postgresql ana@db.example:5432/afterview` keeps one as well as
`afterview db-password` does. The password goes to libpq as a connect keyword, never into
the URL (which the mail sync's child process is given in its environment: the child
looks in the keyring itself), and is held in this process's memory only.
"""

from __future__ import annotations

import threading

from db import keychain

SERVICE = "afterview-postgresql"

_remembered: dict[str, tuple[str, str]] = {}
"""URL text -> (keyring name, password) once the keyring's password connected: the next
connection of this process (the read side's threads, the pool) goes straight to it."""
_lock = threading.Lock()


def keyring_name(pgconn) -> str:
    """USER@HOST:PORT/DBNAME of a psycopg connection, open or failed (libpq's resolved
    values: the defaults, PGUSER, PGHOST and a service file's entries included)."""

    def text(value: bytes | None) -> str:
        return (value or b"").decode("utf-8", "replace")

    return f"{text(pgconn.user)}@{text(pgconn.host)}:{text(pgconn.port)}/{text(pgconn.db)}"


def asks_for_password(exc: Exception) -> bool:
    """Whether a failed connection failed only because the server asked for a password
    and libpq had none (PQconnectionNeedsPassword)."""
    pgconn = getattr(exc, "pgconn", None)
    return bool(pgconn is not None and pgconn.needs_password)


def remembered(url_text: str) -> tuple[str, str] | None:
    with _lock:
        return _remembered.get(url_text)


def remember(url_text: str, name: str, password: str) -> None:
    with _lock:
        _remembered[url_text] = (name, password)


def drop(url_text: str) -> None:
    with _lock:
        _remembered.pop(url_text, None)


def look_up(name: str) -> str | None:
    """The kept password, None when there is none; KeychainError when the keyring
    cannot be read."""
    return keychain.read(SERVICE, name)


def keep(name: str, password: str) -> None:
    keychain.keep(SERVICE, name, password)


def forget(name: str) -> bool:
    return keychain.forget(SERVICE, name)
