"""One pass over Inbox and Sent: search on the server for known people and companies,
fetch what the rules read of each candidate, keep it as a mail_message row and hand it
to the rules (db.mail.propose), a batch at a time.

Incremental: each folder's UIDVALIDITY and last UID are kept in mail_folder; a sync asks
only for UIDs above the last one (the first looks back `look_back_days`), except for
search keys not asked before (a contact or company added since the last sync), which
are searched for over the whole look-back. A changed
UIDVALIDITY (the server renumbered the folder) starts the folder again from the
look-back, and a message found again by its Message-ID keeps its row and proposals, so
nothing is proposed twice. Resumable: each batch is stored in short transactions of a
few messages, each together with the folder's new last UID, so a connection lost
mid-fetch leaves every part either whole or absent, and the next sync carries on from
the last whole one; a key pressed meanwhile waits for one short transaction at most."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time

from sqlalchemy import func, select, update

from db.engine import read_session
from db.mail import imap, parse
from db.mail.account import MailAccount, load
from db.mail.facts import FolderResult, MailFacts, SyncResult
from db.mail.match import DIRECTORY, Directory
from db.mail.propose import propose
from db.mail.secrets import Secret, SecretError, get
from db.mail.terms import search_terms
from db.models import MailFolder, MailMessage, MailProposal, Setting


def sync(store, *, secret: Secret | None = None, connect=imap.Session) -> SyncResult:
    """One pass. MailError (or SecretError) in one line when it cannot be done; what was
    stored before a failure stays, whole."""
    started = time.monotonic()
    with store.uow() as uow:
        account = load(uow.session)
        if account is None:
            raise imap.MailError("no mailbox is set up: run `afterview mail setup`")
        addresses, domains = search_terms(uow.session)
        now = uow.now
    if secret is None:
        try:
            secret = get(account.source, account.user, account.host)
        except SecretError as exc:
            raise imap.MailError(str(exc)) from None
    session = connect(account.imap, secret)
    results = []
    with session:
        # Sent first: a reply in Inbox then finds the note it answers already kept,
        # and is matched by its thread rather than by its sender alone.
        for role, name in (("sent", account.sent), ("inbox", account.inbox)):
            results.append(_folder(store, session, role, name, account, addresses, domains, now))
    with store.uow() as uow:
        pending = uow.session.scalar(
            select(func.count()).select_from(MailProposal).where(MailProposal.status == "pending")
        )
    return SyncResult(tuple(results), pending or 0, session.bytes_read, time.monotonic() - started)


def _folder(store, session, role, name, account: MailAccount, addresses, domains, now):
    examined = session.examine(name)
    with store.uow() as uow:
        row = uow.session.scalar(select(MailFolder).where(MailFolder.role == role))
        if row is None:
            row = MailFolder(role=role, name=name, uidvalidity=None, last_uid=0)
            uow.session.add(row)
            uow.session.flush()
        restarted = row.uidvalidity is not None and (
            row.uidvalidity != examined.uidvalidity or row.name != name
        )
        if restarted:  # renumbered: free the old UIDs, keep the rows for their Message-IDs
            uow.session.execute(
                update(MailMessage)
                .where(MailMessage.folder_id == row.id, MailMessage.uid > 0)
                .values(uid=-MailMessage.id)
            )
            row.last_uid = 0
        row.uidvalidity, row.name = examined.uidvalidity, name
        folder_id, after = row.id, row.last_uid
        searched = _searched(uow.session, role) if after else frozenset()
        uow.commit()
    upto = examined.uidnext - 1 if examined.uidnext else 2**32 - 1
    since = (now - dt.timedelta(days=account.look_back_days)).date()
    terms = _terms(role, addresses, domains)
    uids = session.search(since=since, after_uid=after, upto_uid=upto, terms=terms)
    new = [t for t in terms if _digest(t) not in searched]
    if after and new:  # a contact or company added since: its older mail too
        older = session.search(since=since, after_uid=0, upto_uid=min(after, upto), terms=new)
        uids = sorted(set(uids) | (set(older) - _stored_uids(store, folder_id)))
    stored = 0
    known = set(addresses)
    for batch in session.fetch(uids):
        found = [parse.facts(role, got) for got in batch]
        kept = [f for f in found if _about(f, known, domains)]
        stored += _store_in_turns(store, folder_id, kept, max(got.uid for got in batch))
    with store.uow() as uow:  # nothing more up to UIDNEXT: the next sync starts above it
        _advance(uow, folder_id, upto if examined.uidnext else max(uids, default=after))
        uow.session.merge(Setting(key=f"{SEARCHED}{role}", value=" ".join(map(_digest, terms))))
        uow.commit()
    return FolderResult(role, name, len(uids), stored, restarted)


SEARCHED = "mail_searched_"
"""Setting key (+ role) of the search keys a folder has been searched with, as short
digests: a key not among them is new (a contact added since), and is searched for below
the last UID as well. Kept only once a pass over the folder is whole, so a sync cut
short searches its older mail again next time."""


def _searched(session, role: str) -> frozenset[str]:
    value = session.get(Setting, f"{SEARCHED}{role}")
    return frozenset(value.value.split()) if value is not None else frozenset()


def _digest(term: str) -> str:
    return hashlib.blake2b(term.encode(), digest_size=6).hexdigest()


def _stored_uids(store, folder_id: int) -> set[int]:
    with store.uow() as uow:
        return set(
            uow.session.scalars(select(MailMessage.uid).where(MailMessage.folder_id == folder_id))
        )


def _terms(role: str, addresses: list[str], domains: list[str]) -> list[str]:
    """Search keys for `role`: who wrote to you (inbox), whom you wrote to (sent).

    The server matches substrings, so `FROM "nimbuslabs.com"` already finds every
    address at that company: an address at a searched domain is asked for only in Cc.
    Each key is one more test of every message in the window, so the fewer the
    faster (614 keys took 4.5 s on 20,000 messages in Dovecot; 414, 3 s)."""
    main, cc = ("FROM", "CC") if role == "inbox" else ("TO", "CC")
    usable = [d for d in domains if d.isascii()]
    out = [f"{main} {imap.wire.quoted(d)}" for d in usable]
    for a in addresses:
        if not a.isascii():
            continue
        if not _covered(a, usable):
            out.append(f"{main} {imap.wire.quoted(a)}")
        out.append(f"{cc} {imap.wire.quoted(a)}")
    return out


def _covered(address: str, domains: list[str]) -> bool:
    domain = address.rpartition("@")[2]
    return any(domain == d or domain.endswith(f".{d}") for d in domains)


def _about(facts: MailFacts, addresses: set[str], domains: list[str]) -> bool:
    """Whether the message is to or from a known address or a company domain exactly
    (the server's search matches substrings, and display names too)."""
    people = (facts.sender, *facts.cc) if facts.folder == "inbox" else (*facts.to, *facts.cc)
    for person in people:
        if person.email in addresses:
            return True
        if any(person.domain == d or person.domain.endswith(f".{d}") for d in domains):
            return True
    return False


TURN = 10
"""Messages stored per transaction. The rules take a few ms per message, and the write
lock is held meanwhile: a mark sent pressed during a first sync waited up to a second
behind transactions of a whole fetched batch (200). In turns of 10 it waits tens of ms."""


BREATH = 0.003
"""Seconds the sync leaves the write lock free after each turn."""


WRITER_WAITING = threading.Event()
"""Set when the dashboard is about to write (db.mail.apart passes its word on to the
sync's process): the turn in hand is committed after its current message."""


def _store_in_turns(store, folder_id: int, found: list[MailFacts], last_uid: int) -> int:
    """A fetched batch stored in short transactions, each with the folder's last UID up
    to its own messages (the last one up to the whole batch's), so a sync stopped
    between them resumes after the last whole one. A turn ends early when a writer
    waits (WRITER_WAITING): a turn of 10 held the lock 33 ms at the median, 46 at p95.
    The people and companies are read once per batch, as before."""
    stored, directory, at = 0, None, 0
    while True:
        turn = found[at : at + TURN]
        done, directory, handled = _store(
            store, folder_id, turn, last_uid if at + len(turn) >= len(found) else None, directory
        )
        stored, at = stored + done, at + handled
        WRITER_WAITING.clear()
        time.sleep(BREATH)  # a writer waiting for the lock takes it now (db.engine)
        if at >= len(found):
            return stored


def _store(
    store, folder_id: int, found: list[MailFacts], last_uid: int | None, directory=None
) -> tuple[int, Directory | None, int]:
    """Messages and their proposals, and the folder's new last UID: one transaction,
    so they are kept together or not at all. Returns how many were new, the directory
    of people and companies the rules read (read here when not given), and how many of
    `found` it took: all, or fewer when a writer is waiting (WRITER_WAITING). The last
    UID is `last_uid` once all are taken (None: the highest of those taken)."""
    stored, handled = 0, len(found)
    if found and directory is None:
        # Read apart from the turn's transaction: inside it, reading every contact of
        # the search held the write lock (tens of ms at 5,000 applications), and a
        # mark sent pressed as a batch began waited that long.
        with read_session(store.engine) as session:
            directory = Directory.read(session)
    with store.uow() as uow:
        uow.session.info[DIRECTORY] = directory  # None: nothing to match
        ids = {f.message_id for f in found if f.message_id}
        known = {
            row.message_id: row
            for row in uow.session.scalars(
                select(MailMessage).where(
                    MailMessage.folder_id == folder_id, MailMessage.message_id.in_(ids)
                )
            )
        }
        for index, facts in enumerate(found):
            if index and WRITER_WAITING.is_set():  # the rest in the next turn
                handled = index
                break
            row = known.get(facts.message_id) if facts.message_id else None
            if row is not None:  # seen before the folder was renumbered: its new UID
                if row.uid <= 0:
                    row.uid = facts.uid
                continue
            row = message_row(folder_id, facts)
            uow.session.add(row)
            if facts.message_id:
                known[facts.message_id] = row
            stored += 1
            uow.session.flush()  # the rules read the row's id and what came before
            propose(uow, facts, row)
        taken = found[:handled]
        if handled < len(found) or last_uid is None:
            last_uid = max((f.uid for f in taken), default=0)
        _advance(uow, folder_id, last_uid)
        uow.commit()
    return stored, directory, handled


def message_row(folder_id: int, facts: MailFacts) -> MailMessage:
    """What is kept of one message (README: "What is searched and kept"), and no more."""
    return MailMessage(
        folder_id=folder_id,
        uid=facts.uid,
        message_id=facts.message_id,
        in_reply_to=facts.in_reply_to,
        sent_at=facts.sent_at,
        sender=parse.shown(facts.sender),
        recipients=", ".join(parse.shown(a) for a in (*facts.to, *facts.cc)),
        subject=facts.subject,
        excerpt=parse.excerpt(facts.text),
    )


def _advance(uow, folder_id: int, last_uid: int) -> None:
    row = uow.session.get(MailFolder, folder_id)
    if last_uid > row.last_uid:
        row.last_uid = last_uid
    row.synced_at = uow.now
