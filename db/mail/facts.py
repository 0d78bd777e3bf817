"""What one message says, as the sync hands it to the rules: plain data, no IMAP, no
database. Built by `parse.py` from the headers and the first few KB of text fetched with
BODY.PEEK; the rules (match, classify, invite, propose) read only this."""

from __future__ import annotations

import dataclasses
import datetime as dt

# Defined in db.enums so the write side can accept a proposal without importing the mail
# reader; the mail modules keep importing them from here.
from db.enums import ProposalKind, ProposalStatus, ReplyClass  # noqa: F401


@dataclasses.dataclass(frozen=True)
class Address:
    name: str  # decoded (RFC 2047), may be ""
    email: str  # lower-cased

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]


@dataclasses.dataclass(frozen=True)
class MailFacts:
    folder: str  # "inbox" or "sent": the folder's role, not its server name
    uid: int
    message_id: str  # "<...>" as in the header; "" when the message has none
    in_reply_to: str
    references: tuple[str, ...]
    sent_at: dt.datetime  # aware UTC (the Date header; INTERNALDATE when it is missing)
    sender: Address
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    subject: str  # decoded
    headers: dict[str, str]
    """The headers the rules look at, names lower-cased: auto-submitted, x-autoreply,
    x-autorespond, precedence, list-id, list-unsubscribe, content-type (only these)."""
    text: str  # the first few KB of the plain text (HTML turned to text), decoded
    calendars: tuple[str, ...] = ()
    """Every text/calendar part (inline or attached), as text: the only parts ever
    fetched beyond the first text part."""


@dataclasses.dataclass(frozen=True)
class FolderResult:
    role: str
    name: str
    found: int  # messages the server's search matched
    stored: int  # new mail_message rows
    restarted: bool  # UIDVALIDITY changed: searched again from the look-back


@dataclasses.dataclass(frozen=True)
class SyncResult:
    folders: tuple[FolderResult, ...]
    pending: int  # proposals waiting for review after this sync
    bytes_read: int
    seconds: float

    @property
    def stored(self) -> int:
        return sum(f.stored for f in self.folders)

    @property
    def found(self) -> int:
        return sum(f.found for f in self.folders)
