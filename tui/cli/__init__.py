"""The `afterview` command line: the dashboard, the sample data, and what a script, a
shell prompt or a cron job needs (today, export, import, backup, config).

One module per command (dashboard, demo, today, export, imports, backup, config), each with its
NAME, SUMMARY, DESCRIPTION, `arguments(parser)` and `run(args)`; what they share is in
`common`. This module builds the parser and turns every failure into one line.

Heavy modules (SQLAlchemy, Textual) are imported inside the commands, so `--help` is
instant and `afterview today` starts quickly; only the dashboard imports Textual. Every
failure a person can fix ends as one line on stderr starting with "afterview: " and a
non-zero exit, and leaves the database file as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap

from tui.cli import (
    backup,
    config,
    copy,
    dashboard,
    db_password,
    demo,
    export,
    imports,
    mail,
    stats,
    today,
)
from tui.cli.common import Failure, one_line, version

COMMANDS = (demo, today, export, imports, backup, copy, stats, config, mail, db_password)

EPILOG = """\
environment:
  AFTERVIEW_DB     the database used when --db is not given
                   (default: afterview.db in your data folder)
  AFTERVIEW_CLOCK  pretend it is this moment, in ISO 8601, e.g. 2026-11-24T10:30:00+01:00
                   (no offset means UTC): fixes "now" for demo, today and the dashboard,
                   for screenshots and tests
  AFTERVIEW_DEBUG  set to 1 to see a traceback instead of a one-line error

exit status: 0 done, 1 failed (one line on stderr), 2 wrong usage, 130 interrupted"""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """A usage error in one line rather than argparse's usage block."""
        self.exit(2, f"afterview: {one_line(message)} (see `{self.prog} --help`)\n")


class CommandParser(Parser):
    """A command's parser, whose arguments and description are added only when the
    command is chosen (or its help asked for): building all of them cost every start of
    the dashboard ~3 ms for parsers it never uses (build_parser 6.0 -> 2.9 ms)."""

    def __init__(self, *args, command=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.command = command

    def parse_known_args(self, args=None, namespace=None):
        if self.command is not None:
            command, self.command = self.command, None
            self.description = "\n\n".join(
                textwrap.fill(part, 80) for part in command.DESCRIPTION.split("\n\n")
            )
            command.arguments(self)
        return super().parse_known_args(args, namespace)


class VersionAction(argparse.Action):
    """`--version`, reading the installed version only when asked (importlib.metadata
    costs ~17 ms, on every start otherwise)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"afterview {version()}")
        parser.exit()


def build_parser() -> Parser:
    db_help = "the database file (default: $AFTERVIEW_DB, else afterview.db in your data folder)"
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    formatter = argparse.RawDescriptionHelpFormatter
    parser = Parser(
        prog="afterview",
        description="Follow-ups for a job search. With no command, opens the dashboard.",
        epilog=EPILOG,
        formatter_class=formatter,
    )
    parser.add_argument("--db", metavar="PATH", default=None, help=db_help)
    parser.add_argument("--version", action=VersionAction)
    parser.set_defaults(run=dashboard.run)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=CommandParser)
    for command in COMMANDS:
        p = sub.add_parser(
            command.NAME,
            parents=[common] if getattr(command, "SHARES_DB", True) else [],
            help=command.SUMMARY,
            epilog=EPILOG,
            formatter_class=formatter,
            command=command,
        )
        p.set_defaults(run=command.run)  # looked up now, so a test may replace it
    return parser


def describe(exc: BaseException) -> str:
    from db.engine import DatabaseError
    from db.exchange import ExchangeError  # the package alone: no SQLAlchemy
    from db.validation import ValidationError

    if isinstance(exc, Failure | DatabaseError | ExchangeError):
        text = str(exc)
    elif isinstance(exc, ValidationError):
        text = exc.message
    elif isinstance(exc, OSError) and exc.strerror:
        text = f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    elif isinstance(exc, ValueError) and "null byte" in str(exc):
        text = "a file name cannot hold a NUL character"
    elif "database is locked" in str(exc):
        text = "the database is busy (another program is writing to it); try again"
    elif type(exc).__module__.startswith(("sqlalchemy", "sqlite3", "psycopg")):
        text = f"database error: {getattr(exc, 'orig', None) or exc}"
    else:
        text = f"unexpected {type(exc).__name__}: {exc} (AFTERVIEW_DEBUG=1 shows where)"
    return one_line(text)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except KeyboardInterrupt:
        print("afterview: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`afterview today | head -1`): not an error worth a word.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("AFTERVIEW_DEBUG"):
            raise
        print(f"afterview: {describe(exc)}", file=sys.stderr)
        return 1
