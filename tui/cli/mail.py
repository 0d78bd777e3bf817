"""`afterview mail ...`: the read-only mailbox, for scripts, cron and a systemd timer.

Each subcommand is a module of its own with NAME, SUMMARY, DESCRIPTION, `arguments(p)`
and `run(args)`, as the top-level commands are; SUBCOMMANDS lists them in the order
`afterview mail --help` shows them."""

from __future__ import annotations

NAME = "mail"
SUMMARY = "read your mailbox (read only) for replies, sent notes and invitations"
DESCRIPTION = (
    "Afterview reads Inbox and Sent over IMAP, read only: nothing is marked read, moved "
    "or deleted. What it finds waits for your review: nothing changes until you accept "
    "it. Start with `afterview mail setup`."
)


def _subcommands() -> tuple:
    from tui.cli import (
        mail_accept,
        mail_dismiss,
        mail_forget,
        mail_proposals,
        mail_setup,
        mail_status,
        mail_sync,
    )

    return (
        mail_setup,
        mail_sync,
        mail_proposals,
        mail_accept,
        mail_dismiss,
        mail_status,
        mail_forget,
    )


SUBCOMMANDS: tuple = _subcommands()


def arguments(p) -> None:
    import argparse

    from tui.cli import Parser

    common = Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="the database file")
    sub = p.add_subparsers(title="subcommands", metavar="SUBCOMMAND", required=True)
    for command in SUBCOMMANDS:
        q = sub.add_parser(  # a CommandParser, as `p` is: filled in when chosen
            command.NAME,
            parents=[common],
            help=command.SUMMARY,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            command=command,
        )
        q.set_defaults(run=command.run)


def run(args) -> int:  # only reached with no subcommand, which argparse refuses first
    raise SystemExit(2)
