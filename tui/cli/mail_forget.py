"""`afterview mail forget`: every stored mail datum goes, and the keyring's password."""

from __future__ import annotations

import sys

from tui.cli.common import Failure, count, db_path, env_clock, open_existing

NAME = "forget"
SUMMARY = "remove the account and everything read from the mailbox"
DESCRIPTION = (
    "Deletes the account's settings, every kept message and proposal and each folder's "
    "sync state, and the password from the system keyring. What you accepted stays: it "
    "is your own data now. Asks first unless --yes."
)


def arguments(p) -> None:
    p.add_argument("--yes", action="store_true", help="do not ask")


def run(args) -> int:
    import arrow

    from db.mail.status import forget
    from db.store import Store

    store = Store(open_existing(db_path(args)), env_clock() or arrow.utcnow)
    try:
        if not args.yes:
            if not sys.stdin.isatty():
                raise Failure("forget asks first: run it in a terminal, or pass --yes")
            answer = input("Remove the mailbox account and every message read from it? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print("Nothing removed.")
                return 0
        with store.uow() as uow:
            gone = forget(uow.session)
            uow.commit()
    finally:
        store.close()
    keyring = ""
    if gone.account is not None and gone.account.secret == "keyring":
        from db.mail.secrets import forget_keyring

        removed = forget_keyring(gone.account.user, gone.account.host)
        keyring = "; the keyring's password removed" if removed else ""
    print(
        f"Forgotten: the account, {count(gone.messages, 'message')} and "
        f"{count(gone.proposals, 'proposal')}{keyring}."
    )
    return 0
