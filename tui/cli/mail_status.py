"""`afterview mail status`: the account (never a secret), each folder's last sync, counts."""

from __future__ import annotations

from tui.cli.common import count, db_path, env_clock, open_existing, printable

NAME = "status"
SUMMARY = "the mailbox account, the last sync and what is kept"
DESCRIPTION = "The account as kept (no password: only where it comes from), each folder's last sync and the numbers of kept messages and proposals."


def arguments(p) -> None:
    pass


def run(args) -> int:
    import arrow

    from db.mail.status import read_status
    from db.store import Store

    store = Store(open_existing(db_path(args)), env_clock() or arrow.utcnow)
    try:
        with store.uow() as uow:
            status = read_status(uow.session)
    finally:
        store.close()
    account = status.account
    if account is None:
        print("No mailbox is set up: `afterview mail setup`.")
        return 0
    tls = "STARTTLS" if account.security == "starttls" else "TLS"
    lines = [
        f"Account   {printable(account.user)} at {printable(account.imap.where)} ({tls})",
        f"CA file   {printable(account.ca_file) or 'the system trusted ones'}",
        f"Secret    from {printable(account.source.describe())}",
        f"Look-back {account.look_back_days} days; dashboard sync "
        + (f"every {account.sync_minutes} min" if account.sync_minutes else "only on a key"),
    ]
    for role, name in (("inbox", account.inbox), ("sent", account.sent)):
        folder = status.folders.get(role)
        when = "never synced"
        if folder and folder.synced_at:
            when = f"synced {folder.synced_at:%Y-%m-%d %H:%M} UTC, up to UID {folder.last_uid}"
        lines.append(f"{role.capitalize():<9} {printable(name)!r}: {when}")
    lines.append(
        f"Kept      {count(status.messages, 'message')}, "
        f"{count(status.pending, 'proposal')} waiting, {status.decided:,} decided"
    )
    print("\n".join(lines))
    return 0
