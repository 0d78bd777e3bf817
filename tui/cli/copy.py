"""`afterview copy SRC DEST`: everything from one database into another, empty one; a
SQLite file to a PostgreSQL database, or back."""

from __future__ import annotations

from tui.cli.common import Failure, check_database, count, open_existing, printable

NAME = "copy"
SUMMARY = "move all data between a SQLite file and PostgreSQL"
DESCRIPTION = (
    "Copies every row of SRC into DEST, which must be empty (a new file, or a PostgreSQL "
    "database with no Afterview data yet); SRC is only read. Each is a file path or a "
    "postgresql:// URL. Afterwards both are dumped and compared: the copy is done only if "
    "they hold the same rows. Point --db or AFTERVIEW_DB at DEST to go on there."
)


def arguments(p) -> None:
    p.add_argument("source", metavar="SRC", help="the database to copy from")
    p.add_argument("destination", metavar="DEST", help="an empty database to copy into")


TABLE_WORDS = {
    "company": ("company", "companies"),
    "follow_up": ("follow-up",),
    "interview_participant": ("panel seat",),
    "reference": ("reference",),
    "response": ("reply", "replies"),
    "setting": ("setting",),
    "mail_message": ("mail message",),
    "mail_proposal": ("mail proposal",),
}
"""What each table's rows are called in the summary (the rest: the table's name)."""


def shown(target) -> str:
    return printable(getattr(target, "shown", target))


def run(args) -> int:
    from db.engine import open_database
    from db.exchange.copy import copy_all
    from db.target import ServerURL, target

    source, destination = target(args.source), target(args.destination)
    if str(source) == str(destination):
        raise Failure("SRC and DEST are the same database")
    check_database(destination, must_exist=False)
    fresh_file = not isinstance(destination, ServerURL) and (
        not destination.exists() or destination.stat().st_size == 0
    )
    src = open_existing(source)
    try:
        dest = open_database(destination)
        try:
            copied = copy_all(src, dest, name=shown(destination))
        except BaseException:
            dest.dispose()
            if fresh_file:  # leave no half-made file behind
                from tui.cli.common import remove_database

                remove_database(destination)
            raise
        dest.dispose()
    finally:
        src.dispose()
    what = ", ".join(
        count(n, *TABLE_WORDS.get(t, (t.replace("_", " "),))) for t, n in copied.tables.items() if n
    )
    print(f"Copied {count(copied.rows, 'row')} from {shown(source)} to {shown(destination)}")
    print(f"Both hold the same: {what}")
    return 0
