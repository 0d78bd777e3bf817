"""`afterview mail accept ID...`: do what the proposals say, as by hand."""

from __future__ import annotations

import sys

from tui.cli.common import Failure, db_path, env_clock, open_existing

NAME = "accept"
SUMMARY = "accept proposals: the same change as making it by hand"
DESCRIPTION = (
    "Accept each proposal: a sent note is marked sent at the time it went out, a reply "
    "is recorded (its pending check-ins end), an invitation is logged with its panel "
    "(a thank-you planned for each). Every id is checked first: one that is unknown or "
    "decided already stops the command before anything changes."
)


def arguments(p) -> None:
    p.add_argument("ids", metavar="ID", nargs="+", type=int, help="proposal ids (see proposals)")


def run(args) -> int:
    return decide(args, "accept")


def decide(args, verb: str) -> int:
    """Check every id, then accept (or dismiss) each in its own transaction, one line
    per id; a proposal that cannot be accepted is said in one line and left pending."""
    import arrow

    from db.store import Store
    from db.write import mail
    from tui.cli import describe
    from tui.words import mail_decided

    store = Store(open_existing(db_path(args)), env_clock() or arrow.utcnow)
    try:
        ids = list(dict.fromkeys(args.ids))
        for pid in ids:
            row = store.views.mail_proposal(pid)
            if row is None:
                raise Failure(f"no proposal {pid}: `afterview mail proposals` lists them")
            if row.status != "pending":
                raise Failure(f"proposal {pid} was {row.status} already; nothing changed")
        failed = 0
        settings = store.views.settings
        for pid in ids:
            try:
                result = getattr(mail, verb)(store.uow(), pid)
            except Exception as exc:  # noqa: BLE001 - said per id, the others go on
                print(f"afterview: proposal {pid}: {describe(exc)}", file=sys.stderr)
                failed += 1
                continue
            print(f"{pid}: {mail_decided(result, settings)}")
    finally:
        store.close()
    return 1 if failed else 0
