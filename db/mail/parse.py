"""What was fetched of one message (a few header fields, the first KB of text, calendar
parts) as `facts.MailFacts`: names decoded (RFC 2047), addresses lower-cased, HTML
turned into text, dates in aware UTC, and any charset read tolerantly (an unknown or
wrong one never stops a sync: the odd character becomes U+FFFD)."""

from __future__ import annotations

import base64
import binascii
import codecs
import datetime as dt
import email.utils
import quopri
import re
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser

from db.exchange.html_text import html_to_text
from db.mail.facts import Address, MailFacts
from db.mail.imap import Fetched
from db.mail.wire import Part

RULE_HEADERS = (
    "auto-submitted",
    "x-autoreply",
    "x-autorespond",
    "precedence",
    "list-id",
    "list-unsubscribe",
    "content-type",
)
EXCERPT = 500


def facts(folder: str, got: Fetched) -> MailFacts:
    """`folder` is the role ("inbox" or "sent")."""
    head = BytesHeaderParser(policy=policy.compat32).parsebytes(got.header)
    sent_at = _date(head.get("date")) or got.internaldate or dt.datetime.now(dt.UTC)
    refs = tuple(re.findall(r"<[^<>\s]+>", _header(head, "references")))
    return MailFacts(
        folder=folder,
        uid=got.uid,
        message_id=_first_id(_header(head, "message-id")),
        in_reply_to=_first_id(_header(head, "in-reply-to")),
        references=refs,
        sent_at=sent_at,
        sender=next(iter(addresses(head.get_all("from") or [])), Address("", "")),
        to=tuple(addresses(head.get_all("to") or [])),
        cc=tuple(addresses(head.get_all("cc") or [])),
        subject=_header(head, "subject"),
        headers={k: _header(head, k) for k in RULE_HEADERS if head.get(k) is not None},
        text=body_text(*got.text) if got.text else "",
        calendars=tuple(decoded(part, raw) for part, raw in got.calendars),
    )


def addresses(values: list) -> list[Address]:
    out = []
    for name, addr in email.utils.getaddresses([str(v) for v in values]):
        if "@" not in addr:
            continue
        out.append(Address(_decode_words(name).strip(), addr.strip().lower()))
    return out


def body_text(part: Part, raw: bytes) -> str:
    text = decoded(part, raw)
    if part.type == "text/html":
        text = html_to_text(text)
    return text


def decoded(part: Part, raw: bytes) -> str:
    """A part's bytes (perhaps cut short) as text, by its transfer encoding and charset."""
    data = raw or b""
    if part.encoding == "base64":
        squeezed = re.sub(rb"[^A-Za-z0-9+/=]", b"", data)
        squeezed = squeezed[: len(squeezed) // 4 * 4]
        try:
            data = base64.b64decode(squeezed)
        except (binascii.Error, ValueError):
            data = b""
    elif part.encoding == "quoted-printable":
        data = quopri.decodestring(re.sub(rb"=[0-9A-Fa-f]?$", b"", data))
    text = data.decode(_codec(part.charset), "replace")
    return text.rstrip("\ufffd").replace("\r\n", "\n")


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The first words of a message on one line, at most `limit` characters; quoted
    lines (> ...) left out."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    flat = " ".join(" ".join(lines).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def shown(address: Address) -> str:
    """'Jörg Müller <joerg@...>' as a person reads it (not RFC 2047 encoded again)."""
    if not address.name:
        return address.email
    name = address.name.replace('"', "'")
    if any(c in name for c in ",;:<>@()[]"):
        name = f'"{name}"'
    return f"{name} <{address.email}>"


def _codec(charset: str) -> str:
    try:
        return codecs.lookup(charset or "utf-8").name
    except LookupError:
        return "utf-8"


def _decode_words(value: str) -> str:
    # Raw 8-bit header bytes arrive as surrogate escapes: read them as UTF-8.
    value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        return str(make_header(decode_header(value)))
    except (UnicodeDecodeError, LookupError, binascii.Error, ValueError):
        return value


def _header(head, name: str) -> str:
    value = head.get(name)
    if value is None:
        return ""
    return " ".join(_decode_words(str(value)).split())


def _first_id(value: str) -> str:
    found = re.search(r"<[^<>\s]+>", value)
    return found.group() if found else value.strip()


def _date(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        at = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if at is None:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
