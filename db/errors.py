"""Errors the data layer raises for a person to act on, kept apart from the modules
that raise them: any of them can raise one without importing another (db.engine opens
a file, db.migrate upgrades it: both refuse a file with a DatabaseError), and the
interface reads them (tui.worker.readable) without importing SQLAlchemy."""

from __future__ import annotations


class DatabaseError(Exception):
    """A database that cannot be opened; the message is one line a person can act on."""


class NotFound(LookupError):
    """The row asked for is gone (deleted elsewhere, or a wrong id)."""


def found(value, what: str, id_: int):
    """`value`, or NotFound when a read found nothing ('application 7 no longer exists')."""
    if value is None:
        raise NotFound(f"{what} {id_} no longer exists")
    return value
