"""`afterview mail dismiss ID...`: not so, or not wanted; never proposed again."""

from __future__ import annotations

NAME = "dismiss"
SUMMARY = "dismiss proposals: nothing changes, and they never come back"
DESCRIPTION = (
    "Dismiss each proposal: nothing in your search changes, and a later sync does not "
    "propose it again. Every id is checked first: one that is unknown or decided already "
    "stops the command before anything changes."
)


def arguments(p) -> None:
    p.add_argument("ids", metavar="ID", nargs="+", type=int, help="proposal ids (see proposals)")


def run(args) -> int:
    from tui.cli.mail_accept import decide

    return decide(args, "dismiss")
