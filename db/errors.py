"""Errors the data layer raises for a person to act on, kept apart from the modules
that raise them so any of them can raise one without importing another (db.engine
opens a file, db.migrate upgrades it: both refuse a file with a DatabaseError)."""


class DatabaseError(Exception):
    """A database that cannot be opened; the message is one line a person can act on."""
