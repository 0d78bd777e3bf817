"""The dashboard's mailbox sync: one pass in a thread worker on `app.sync_mail` (the
review screen binds `s` to it) and every few minutes when an account is set up (its
sync_minutes; 0: only on the key). A failure is one notification, never the end of the
app, and never blocks a key: the sync runs in a process of its own (not even a thread
of this one, whose Python it would share), and its writes are short transactions per
batch. After a sync that kept something, the screens reload."""

from __future__ import annotations

import sys


def tell_the_sync_a_write_waits() -> None:
    """Before each write of the dashboard's: a sync running in its process lets the
    write lock go after the message in hand (db.mail.apart.writer_waiting), instead of
    at the end of its turn. Nothing is imported when no sync has run."""
    apart = sys.modules.get("db.mail.apart")
    if apart is not None:
        apart.writer_waiting()


class MailSync:
    """Mixed into the App (which has run_repo's `store`, `notify`, `data_changed`)."""

    _mail_running = False
    _mail_timer = None

    def start_mail_sync(self) -> None:
        """Once the store is open: read the account's interval, start the timer."""
        from tui.worker import run_repo

        def minutes(store) -> int:
            from db.mail.account import from_rows

            # Through the read side: a unit of work would take the write lock, and wait
            # behind another window's or a command's write before the timer starts.
            account = from_rows(store.views.mail_account_settings())
            return account.sync_minutes if account is not None else 0

        run_repo(self, minutes, self._every, group="mail-account", title="Mail")

    def _every(self, minutes: int) -> None:
        if self._mail_timer is not None:
            self._mail_timer.stop()
            self._mail_timer = None
        if minutes:
            self._mail_timer = self.set_interval(minutes * 60, self._sync_quietly)

    def _sync_quietly(self) -> None:
        self._sync(announce=False)

    def action_sync_mail(self) -> None:
        """Read new mail now (Inbox and Sent, read only)."""
        self._sync(announce=True)

    def _sync(self, *, announce: bool) -> None:
        if self._mail_running:
            if announce:
                self.notify("A mail sync is already running.", title="Mail")
            return
        from tui.worker import run_repo

        path, clock = self.db_path, self.clock

        def one_pass(_store):
            # In a process apart: in this one, it held the keys back (db/mail/apart.py).
            from db.dates import utc  # not db.write: the ORM stays unloaded
            from db.mail.apart import sync_apart

            return sync_apart(path, utc(clock()) if clock is not None else None)

        def done(result) -> None:
            self._mail_running = False
            if result is not None and result.stored:
                self.data_changed()
            if announce and result is not None:
                from tui.cli.mail_sync import summary

                self.notify(summary(result), title="Mail")

        def failed(exc: Exception) -> None:
            from db.mail.imap import MailError

            self._mail_running = False
            if isinstance(exc, MailError):  # no account, wrong password, server away
                if announce:  # the timer's own pass says nothing: the next one retries
                    self.notify(str(exc), title="Mail", severity="warning", markup=False)
                return
            self.report_failure(exc, "mail-sync", title="Mail sync failed")

        self._mail_running = True
        if run_repo(self, one_pass, done, on_failure=failed, group="mail-sync") is None:
            self._mail_running = False
