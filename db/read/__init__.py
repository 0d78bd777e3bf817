"""The read side: every query the screens and commands need, in one place.

`Views` answers in plain frozen records (db.records), rows mapped by column name
(db.read.base.record). It runs on sqlite3 alone, so the dashboard shows its first data
before SQLAlchemy's ORM is imported (that import costs more than the whole start-up
budget); the write side (db.write) never reads through it inside a transaction.

    base.py        connections (one per thread), clock, settings, the row mapper
    follow_ups.py  Today, one follow-up, an application's follow-ups, a note's context
    pipeline.py    the Pipeline page and one application
    people.py      contacts
    stats.py       funnel, reply rate, days to reply, sends per week
    detail.py      one application in full, with its timeline
    mail.py        the mailbox's proposals waiting for review
"""

from __future__ import annotations

from db.read.base import Connection
from db.read.detail import DetailViews
from db.read.follow_ups import FollowUpViews
from db.read.mail import MailViews
from db.read.people import PeopleViews
from db.read.pipeline import PipelineViews
from db.read.server import ServerConnection
from db.read.stats import StatsViews
from db.target import ServerURL

QUERIES = (FollowUpViews, PipelineViews, PeopleViews, StatsViews, DetailViews, MailViews)
"""Every group of queries, the same on both engines (one list, so neither lacks one)."""


class Views(*QUERIES, Connection):
    """Read-only queries over one database file, one sqlite3 connection per thread."""


class ServerViews(*QUERIES, ServerConnection):
    """The same queries over one PostgreSQL database, one psycopg connection per thread."""


def open_views(target, clock=None) -> Views | ServerViews:
    """The read side of a SQLite file (Views, as it always was) or of a PostgreSQL
    database (ServerViews)."""
    if isinstance(target, ServerURL):
        return ServerViews(target, clock)
    return Views(target, clock)


__all__ = ["ServerViews", "Views", "open_views"]
