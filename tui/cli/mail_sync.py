"""`afterview mail sync`: one pass over Inbox and Sent, for cron or a systemd timer."""

from __future__ import annotations

from tui.cli.common import Failure, count, db_path, env_clock, open_existing

NAME = "sync"
SUMMARY = "read new mail once (for cron or a systemd timer)"
DESCRIPTION = (
    "Searches Inbox and Sent for mail to and from the people and companies Afterview "
    "knows, reads only the headers and the first few KB of text (never attachments "
    "other than calendar invitations), and lists what it finds for review (`afterview "
    "mail proposals`). Read only: nothing on the server changes. Prints one line; on a "
    "failure, one line saying why, and exit status 1."
)


def arguments(p) -> None:
    pass


def run(args) -> int:
    import arrow

    from db.mail.imap import MailError
    from db.mail.sync import sync
    from db.store import Store

    store = Store(open_existing(db_path(args)), env_clock() or arrow.utcnow)
    try:
        result = sync(store)
    except MailError as exc:
        raise Failure(f"mail sync failed: {exc}") from None
    finally:
        store.close()
    print(summary(result))
    return 0


def summary(result) -> str:
    """'Synced Inbox and Sent: 4 new messages kept, 3 proposals waiting (12 KB read, 0.4 s).'"""
    names = " and ".join(f.name for f in result.folders)
    kb = max(1, round(result.bytes_read / 1024))
    return (
        f"Synced {names}: {count(result.stored, 'new message')} kept, "
        f"{count(result.pending, 'proposal')} waiting ({kb:,} KB read, {result.seconds:.1f} s)."
    )
