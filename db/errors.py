"""Errors the data layer raises that the interface turns into words (tui.worker.readable).

Here, apart from the write side, so reading them needs no SQLAlchemy import."""

from __future__ import annotations


class NotFound(LookupError):
    """The row asked for is gone (deleted elsewhere, or a wrong id)."""


def found(value, what: str, id_: int):
    """`value`, or NotFound when a read found nothing ('application 7 no longer exists')."""
    if value is None:
        raise NotFound(f"{what} {id_} no longer exists")
    return value
