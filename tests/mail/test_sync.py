"""A sync against a real IMAP server (Dovecot, tests/mail/conftest.py): what is kept,
what is never touched or downloaded, and what a fault leaves behind."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from db.mail import imap
from db.mail.sync import sync
from db.models import Contact, MailFolder, MailMessage
from tests.mail import corpus
from tests.mail.people import account_for, know_corpus, use_account
from tests.mail.proxy import CuttingProxy

INBOX_KEPT = {
    "Re: Thank you for today",
    "Your application to Orbital",
    "Next steps",
    "The slides from our talk",
    "Automatic reply: Following up",
    "Nimbus Labs monthly: November",
}


@pytest.fixture
def password_command(tmp_path_factory, dovecot):
    folder = tmp_path_factory.mktemp("secret")
    (folder / "pw").write_text(dovecot.password + "\n")
    return f"cat {folder / 'pw'}"


@pytest.fixture
def mail_store(store, dovecot, password_command):
    know_corpus(store)
    use_account(store, account_for(dovecot, command=password_command))
    return store


def messages(store) -> dict[str, MailMessage]:
    with store.uow() as uow:
        found = {m.subject: m for m in uow.session.scalars(select(MailMessage))}
        uow.session.expunge_all()  # plain values after the unit of work ends
        return found


def folders(store) -> dict[str, MailFolder]:
    with store.uow() as uow:
        found = {f.role: f for f in uow.session.scalars(select(MailFolder))}
        uow.session.expunge_all()
        return found


def test_a_sync_keeps_the_messages_about_known_people_and_companies(mail_store) -> None:
    result = sync(mail_store)
    kept = messages(mail_store)
    # Every invitation, update and cancellation (three by Google, one by Outlook) too.
    invitations = {s for s in kept if "Interview: Ada Lovelace" in s}
    assert len(invitations) == 4
    assert INBOX_KEPT <= set(kept) and "Thank you for today" in kept
    assert "Lunch?" not in kept  # a stranger: no search term matches
    assert result.stored == len(kept) == 11
    reply, thanks = kept["Re: Thank you for today"], kept["Thank you for today"]
    assert reply.in_reply_to == thanks.message_id == "<thanks-1@example.org>"
    assert reply.sender == "Jörg Müller <joerg.mueller@nimbuslabs.com>"  # RFC 2047 decoded
    assert "two references by Friday" in kept["Next steps"].excerpt  # HTML only, as text
    assert "<" not in kept["Next steps"].excerpt
    assert kept["Your application to Orbital"].sender.endswith("<no-reply@greenhouse.io>")
    assert all(len(m.excerpt) <= 500 for m in kept.values())
    assert str(reply.sent_at)[:16] == "2026-11-11 09:00"


def test_a_sync_changes_no_flag_on_the_server(mail_store, dovecot) -> None:
    def flags(folder):
        return {
            uid: re.sub(rb"\\Recent ?", b"", f).strip() for uid, f in dovecot.flags(folder).items()
        }

    before = flags("INBOX"), flags("Sent")
    sync(mail_store)
    after = flags("INBOX"), flags("Sent")
    assert after == before
    assert not any(b"\\Seen" in f for folder in after for f in folder.values())


def test_the_20_mb_attachment_is_never_downloaded(mail_store) -> None:
    result = sync(mail_store)
    assert "The slides from our talk" in messages(mail_store)
    assert result.bytes_read < 200_000  # the message is 27 MB as sent


def test_a_second_sync_with_nothing_new_fetches_nothing(mail_store) -> None:
    sync(mail_store)
    again = sync(mail_store)
    assert again.stored == 0 and again.found == 0
    assert again.bytes_read < 3_000  # greeting, login, two EXAMINEs: no SEARCH, no FETCH


def test_a_contact_added_after_a_sync_has_their_older_mail_found(mail_store) -> None:
    sync(mail_store)
    assert "Lunch?" not in messages(mail_store)  # a stranger when the mail arrived
    with mail_store.uow() as uow:  # ...who becomes a contact a week later
        uow.session.add(Contact(name="Max Mustermann", email="max@unrelated.example"))
        uow.commit()
    again = sync(mail_store)
    assert again.stored == 1 and messages(mail_store)["Lunch?"].sender.startswith("Max")
    third = sync(mail_store)  # searched for once: not again
    assert (third.found, third.stored) == (0, 0) and third.bytes_read < 3_000


def test_the_password_is_in_no_file_and_no_message(mail_store, dovecot, db_path) -> None:
    sync(mail_store)
    mail_store.close()
    secret = dovecot.password.encode()
    for path in db_path.parent.rglob("*"):
        if path.is_file():
            assert secret not in path.read_bytes(), path


def test_a_changed_uidvalidity_starts_again_without_proposing_twice(
    store, fresh_dovecot, tmp_path
) -> None:
    (tmp_path / "pw").write_text(fresh_dovecot.password)
    know_corpus(store)
    use_account(store, account_for(fresh_dovecot, command=f"cat {tmp_path / 'pw'}"))
    first = sync(store)
    validity = folders(store)["inbox"].uidvalidity
    fresh_dovecot.clear()  # the server renumbers: every folder gets a new UIDVALIDITY
    conn = fresh_dovecot.client()
    for mail in corpus.corpus():
        if mail.name != "big-attachment":
            fresh_dovecot.append_with(conn, mail.folder, mail.data, when=mail.when)
    conn.logout()
    again = sync(store)
    assert folders(store)["inbox"].uidvalidity != validity
    assert {f.restarted for f in again.folders} == {True}
    assert again.stored == 0  # the same messages, found again by Message-ID
    with store.uow() as uow:
        rows = list(uow.session.scalars(select(MailMessage)))
        uow.session.expunge_all()
    assert len(rows) == first.stored and all(r.uid > 0 for r in rows)


def test_a_wrong_password_is_one_line_without_the_password(mail_store, dovecot) -> None:
    from db.mail.secrets import Secret

    wrong = "not-the-" + dovecot.password
    with pytest.raises(imap.MailError) as caught:
        sync(mail_store, secret=Secret("password", wrong))
    message = str(caught.value)
    assert "refused the login" in message and "\n" not in message
    assert wrong not in message and dovecot.password not in message
    assert messages(mail_store) == {}


def test_a_stopped_server_is_one_line_and_keeps_nothing(store, tmp_path, fresh_dovecot) -> None:
    (tmp_path / "pw").write_text(fresh_dovecot.password)
    know_corpus(store)
    use_account(store, account_for(fresh_dovecot, command=f"cat {tmp_path / 'pw'}"))
    fresh_dovecot.stop()
    with pytest.raises(imap.MailError, match="connection refused"):
        sync(store)
    assert messages(store) == {}
    fresh_dovecot.restart()
    assert sync(store).stored == 10  # the fresh server has no 20 MB message


def test_a_server_closing_mid_fetch_leaves_whole_batches_and_the_next_sync_resumes(
    store, tmp_path, dovecot, monkeypatch
) -> None:
    (tmp_path / "pw").write_text(dovecot.password)
    know_corpus(store)
    monkeypatch.setattr(imap, "BATCH", 3)  # several batches, so some are kept
    proxy = CuttingProxy(dovecot.imaps_port, cut_after=9_000)
    account = account_for(dovecot, command=f"cat {tmp_path / 'pw'}")
    use_account(store, account.__class__(**{**account.__dict__, "port": proxy.port}))
    with pytest.raises(imap.MailError) as caught:
        sync(store)
    proxy.close()
    assert "closed while fetching" in str(caught.value)
    partial = messages(store)
    inbox = folders(store)["inbox"]
    with store.uow() as uow:
        uids = sorted(m.uid for m in uow.session.scalars(select(MailMessage)))
    # What was kept is whole batches, and the folder's last UID covers exactly those.
    assert 0 < len(partial) < 11 and inbox.last_uid >= max(uids)
    use_account(store, account)
    resumed = sync(store)
    assert len(messages(store)) == 11
    assert resumed.stored == 11 - len(partial)


def test_a_writer_waiting_ends_the_turn_after_the_message_in_hand(mail_store, monkeypatch):
    """The dashboard about to write (WRITER_WAITING) has the sync commit after the
    message in hand, not at the end of its turn; the rest follow in the next turns, and
    the folder's last UID stays that of the last message kept, so nothing is lost."""
    from db.mail import sync as syncing

    class AlwaysWaiting:  # a writer waiting at every message
        def is_set(self) -> bool:
            return True

        def clear(self) -> None:
            pass

    handled = []
    store_turn = syncing._store

    def counted(store, folder_id, found, last_uid, directory=None):
        stored, directory, taken = store_turn(store, folder_id, found, last_uid, directory)
        handled.append(taken)
        return stored, directory, taken

    monkeypatch.setattr(syncing, "WRITER_WAITING", AlwaysWaiting())
    monkeypatch.setattr(syncing, "_store", counted)
    result = sync(mail_store)
    assert result.stored == len(messages(mail_store)) == 11
    assert set(handled) <= {0, 1}, handled  # one message per transaction
    assert sync(mail_store).stored == 0  # resumed after the last one kept: none again


def test_the_people_are_read_before_the_write_lock_is_taken(mail_store, monkeypatch):
    """Every contact and company the rules match against is read once per batch, and
    takes tens of ms in a large search: read inside the turn's transaction, it held the
    write lock meanwhile, and a mark sent pressed as a batch began waited that long.
    Another connection can take the lock while the sync reads them."""
    import sqlite3

    from db.engine import target_of
    from db.mail import match

    path = target_of(mail_store.engine)  # a SQLite file: the store fixture's engine
    free: list[bool] = []
    read = match.Directory.read.__func__

    def read_and_try_the_lock(cls, session):
        directory = read(cls, session)  # its reads have begun the session's transaction
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            free.append(True)
        except sqlite3.OperationalError:
            free.append(False)
        finally:
            other.close()
        return directory

    monkeypatch.setattr(match.Directory, "read", classmethod(read_and_try_the_lock))
    assert sync(mail_store).stored == 11
    assert free and all(free), free


def test_the_dashboard_s_word_reaches_the_sync_s_process() -> None:
    """db.mail.apart.writer_waiting writes a byte to each running sync's stdin, and the
    child's listener sets WRITER_WAITING on it (and ends with its stdin)."""
    import subprocess
    import sys
    from pathlib import Path

    from db.mail import apart

    child_code = (
        "import threading\n"
        "from db.mail import apart\n"
        "from db.mail.sync import WRITER_WAITING\n"
        "threading.Thread(target=apart._listen_to_parent, daemon=True).start()\n"
        "print('ready', flush=True)\n"
        "print('heard' if WRITER_WAITING.wait(20) else 'nothing', flush=True)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", child_code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert child.stdout.readline().strip() == b"ready"
        with apart._LOCK:
            apart._RUNNING.add(child)
        apart.writer_waiting()
        assert child.stdout.readline().strip() == b"heard"
    finally:
        with apart._LOCK:
            apart._RUNNING.discard(child)
        child.stdin.close()
        child.wait(timeout=20)


def test_a_sync_writes_in_short_turns_so_a_key_waits_for_a_few_messages_at_most(
    mail_store, monkeypatch
) -> None:
    """A mark sent pressed during a sync waits for the sync's open transaction: a turn of
    a few messages, never a whole fetched batch (up to a second behind a first sync's
    200 in tests/bench/mail_keys.py)."""
    from db.mail import sync as syncing

    turns = []
    store_turn = syncing._store

    def counted(store, folder_id, found, last_uid, directory=None):
        turns.append(len(found))
        return store_turn(store, folder_id, found, last_uid, directory)

    monkeypatch.setattr(syncing, "TURN", 2)
    monkeypatch.setattr(syncing, "_store", counted)
    result = sync(mail_store)
    assert result.stored == len(messages(mail_store)) == 11  # all of it, as in one go
    assert max(turns) <= 2 and sum(turns) >= 11
