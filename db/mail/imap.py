"""One read-only IMAP session: connect over TLS (implicit, or STARTTLS, never plain),
certificate verified; LOGIN or AUTHENTICATE XOAUTH2; EXAMINE (never SELECT), UID SEARCH
on the server, and BODY.PEEK fetches of only what the rules read: a few header fields,
the structure, the first KB of the first text part and any calendar part. Nothing is
marked read, moved, flagged or deleted; no whole message and no other attachment is
ever asked for. Every byte read from the socket is counted (`bytes_read`).

The standard library's imaplib is enough: it speaks TLS and STARTTLS with a given
SSLContext, AUTHENTICATE, EXAMINE (`select(readonly=True)`) and UID commands; what it
leaves to the caller, reading FETCH and BODYSTRUCTURE answers, is db/mail/wire.py."""

from __future__ import annotations

import datetime as dt
import imaplib
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field

from db.mail import wire
from db.mail.secrets import Secret, scrub

HEADER_FIELDS = (
    "FROM TO CC DATE SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES AUTO-SUBMITTED X-AUTOREPLY "
    "X-AUTORESPOND PRECEDENCE LIST-ID LIST-UNSUBSCRIBE CONTENT-TYPE"
)
TEXT_BYTES = 4096  # of the first text part, as sent (base64 or quoted-printable)
CALENDAR_BYTES = 64 * 1024  # a calendar part larger than this is left on the server
BATCH = 200  # messages per FETCH command
SEARCH_BYTES = 6_000  # of OR-ed terms in one SEARCH (servers accept lines of 8 KB at least)


class MailError(Exception):
    """A failure said in one line a person can act on; never holds the secret."""


@dataclass(frozen=True)
class Account:
    host: str
    port: int
    user: str
    security: str = "tls"  # "tls" (implicit, 993) or "starttls" (143)
    ca_file: str = ""  # a self-hosted server's CA; empty: the system's trusted ones
    timeout: float = 30.0

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Folder:
    name: str  # as the server lists it
    flags: frozenset[str]  # lower-cased: "\\sent", "\\noselect", ...


@dataclass(frozen=True)
class Examined:
    uidvalidity: int
    uidnext: int
    exists: int


@dataclass
class Fetched:
    """What was fetched of one message: only these, never the rest."""

    uid: int
    internaldate: dt.datetime | None
    header: bytes
    text: tuple[wire.Part, bytes] | None = None
    calendars: list[tuple[wire.Part, bytes]] = field(default_factory=list)


class _Counting:
    """Counts every byte imaplib reads from the socket."""

    bytes_read = 0

    def read(self, size):
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def readline(self):
        line = super().readline()
        self.bytes_read += len(line)
        return line


class _Plain(_Counting, imaplib.IMAP4):
    pass


class _TLS(_Counting, imaplib.IMAP4_SSL):
    pass


class Session:
    """`with Session(account, secret) as s:` a logged-in read-only session."""

    def __init__(self, account: Account, secret: Secret) -> None:
        self.account = account
        self._secret = secret
        self._conn: _Plain | _TLS | None = None
        self._doing = "connecting"

    # -- connect ----------------------------------------------------------------

    def __enter__(self) -> Session:
        self.open()
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def open(self) -> None:
        a = self.account
        try:
            context = ssl.create_default_context(cafile=a.ca_file or None)
        except (OSError, ssl.SSLError) as exc:
            raise MailError(f"the CA file {a.ca_file} could not be read: {_reason(exc)}") from None
        try:
            self._connect(context)
        except BaseException:
            self.close()
            raise

    def _connect(self, context: ssl.SSLContext) -> None:
        a = self.account
        with self._failures():
            if a.security == "starttls":
                self._conn = _Plain(a.host, a.port, timeout=a.timeout)
                if "STARTTLS" not in self._conn.capabilities:
                    raise MailError(
                        f"{a.where} does not offer STARTTLS; refusing to send the password in clear"
                    )
                self._doing = "starting TLS"
                self._conn.starttls(context)
            else:
                self._conn = _TLS(a.host, a.port, ssl_context=context, timeout=a.timeout)
            self._doing = "logging in"
            self._login()

    def _login(self) -> None:
        conn, user, value = self._conn, self.account.user, self._secret.value
        try:
            if self._secret.kind == "token":
                blob = f"user={user}\x01auth=Bearer {value}\x01\x01".encode()
                said = []  # a second challenge is the server's error (JSON): answer empty

                def respond(challenge: bytes) -> bytes:
                    said.append(challenge)
                    return blob if len(said) == 1 else b""

                conn.authenticate("XOAUTH2", respond)
            else:
                conn.login(user, value)
        except imaplib.IMAP4.abort:
            raise
        except imaplib.IMAP4.error as exc:
            said = scrub(_reason(exc), value)
            raise MailError(f"{self.account.host} refused the login for {user}: {said}") from None

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        self._last_bytes = conn.bytes_read
        try:
            conn.logout()
        except Exception:  # already gone: nothing to tidy
            try:
                conn.shutdown()
            except Exception:
                pass

    @property
    def bytes_read(self) -> int:
        return self._conn.bytes_read if self._conn is not None else self._last_bytes

    _last_bytes = 0

    # -- read -------------------------------------------------------------------

    def folders(self) -> list[Folder]:
        self._doing = "listing folders"
        with self._failures():
            kind, data = self._conn.list()
            self._ok(kind, data, "LIST")
        found = []
        for item in data:
            parsed = wire.values([item])
            if len(parsed) >= 3 and isinstance(parsed[0], list):
                flags = frozenset(wire.text(f).lower() for f in parsed[0])
                found.append(Folder(wire.text(parsed[2]), flags))
        return found

    def examine(self, name: str) -> Examined:
        """Open `name` read-only (EXAMINE: flags stay as they are)."""
        self._doing = f"opening {name}"
        with self._failures():
            kind, data = self._conn.select(wire.quoted(name), readonly=True)
            if kind != "OK":
                raise MailError(f"{self.account.host} has no folder {name!r}: {_said(data)}")
            validity = self._conn.response("UIDVALIDITY")[1]
            uidnext = self._conn.response("UIDNEXT")[1]
        return Examined(
            int(validity[0]) if validity and validity[0] else 0,
            int(uidnext[0]) if uidnext and uidnext[0] else 0,
            int(data[0]) if data and data[0] else 0,
        )

    def search(
        self, *, since: dt.date, after_uid: int, upto_uid: int, terms: list[str]
    ) -> list[int]:
        """UIDs in (after_uid, upto_uid] on or after `since` matching any of `terms`
        (e.g. 'FROM "a@b.com"'), ascending; OR-ed on the server, a few dozen a command."""
        if not terms or upto_uid <= after_uid:
            return []
        self._doing = "searching"
        found: set[int] = set()
        stamp = f"{since.day:02d}-{_MONTHS[since.month - 1]}-{since.year}"
        for chunk in _chunks(terms):
            either = chunk[-1]
            for term in reversed(chunk[:-1]):
                either = f"OR {term} {either}"
            with self._failures():
                kind, data = self._conn.uid(
                    "SEARCH", "SINCE", stamp, "UID", f"{after_uid + 1}:{upto_uid}", either
                )
                self._ok(kind, data, "SEARCH")
            for line in data:
                found.update(int(n) for n in (line or b"").split() if n.isdigit())
        return sorted(uid for uid in found if after_uid < uid <= upto_uid)

    def fetch(self, uids: list[int]) -> Iterator[list[Fetched]]:
        """What the rules read of each of `uids`, a batch at a time (a generator: the
        caller stores one batch before the next is fetched)."""
        for start in range(0, len(uids), BATCH):
            yield self._fetch_batch(uids[start : start + BATCH])

    def _fetch_batch(self, uids: list[int]) -> list[Fetched]:
        self._doing = "fetching headers"
        items = f"(UID INTERNALDATE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})])"
        with self._failures():
            kind, data = self._conn.uid("FETCH", ",".join(map(str, uids)), items)
            self._ok(kind, data, "FETCH")
        got: dict[int, Fetched] = {}
        plans: dict[int, dict[str, wire.Part]] = {}
        wanted: dict[tuple[str, ...], list[int]] = {}
        for answer in wire.fetched(data):
            uid = int(wire.text(answer.get("UID")) or 0)
            if uid not in uids:
                continue  # an unsolicited FETCH (flags changed elsewhere)
            header = next((v for k, v in answer.items() if k.startswith("BODY[HEADER")), b"")
            item = Fetched(uid, _internaldate(answer.get("INTERNALDATE")), header or b"")
            got[uid] = item
            specs = tuple(_plan(item, wire.parts(answer.get("BODYSTRUCTURE"))))
            if specs:
                wanted.setdefault(tuple(s for s, _ in specs), []).append(uid)
                plans[uid] = dict(specs)
        self._doing = "fetching text"
        for specs, group in wanted.items():
            items = "(UID " + " ".join(specs) + ")"
            with self._failures():
                kind, data = self._conn.uid("FETCH", ",".join(map(str, group)), items)
                self._ok(kind, data, "FETCH")
            for answer in wire.fetched(data):
                item = got.get(int(wire.text(answer.get("UID")) or 0))
                if item is None:
                    continue
                for spec, part in plans[item.uid].items():
                    key = "BODY[" + spec.split("[", 1)[1].split("]")[0] + "]"
                    body = next((v for k, v in answer.items() if k.startswith(key)), None) or b""
                    if part.type in ("text/calendar", "application/ics"):
                        item.calendars.append((part, body))
                    else:
                        item.text = (part, body)
        return [got[uid] for uid in uids if uid in got]

    # -- failures ---------------------------------------------------------------

    def _ok(self, kind: str, data, command: str) -> None:
        if kind != "OK":
            raise MailError(f"{self.account.host} refused {command}: {_said(data)}")

    def _failures(self):
        return _Failures(self)


def _chunks(terms: list[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = 0
    for term in terms:
        if chunk and size + len(term) + 4 > SEARCH_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append(term)
        size += len(term) + 4
    if chunk:
        yield chunk


def _plan(item: Fetched, parts: list[wire.Part]) -> Iterator[tuple[str, wire.Part]]:
    """The BODY.PEEK items worth fetching: the first text part (plain before HTML),
    partially; each calendar part whole, unless larger than CALENDAR_BYTES."""
    texts = [p for p in parts if not p.attachment and p.type in ("text/plain", "text/html")]
    text = next((p for p in texts if p.type == "text/plain"), texts[0] if texts else None)
    if text is not None:
        yield f"BODY.PEEK[{text.section}]<0.{TEXT_BYTES}>", text
    calendars = [p for p in parts if p.type == "text/calendar"] or [
        p for p in parts if p.type == "application/ics"
    ]
    for part in calendars:
        if part.size <= CALENDAR_BYTES:
            yield f"BODY.PEEK[{part.section}]", part


class _Failures:
    """Turns what the socket, TLS and imaplib raise into one MailError line."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, _tb) -> bool:
        if exc is None or isinstance(exc, MailError):
            return False
        s = self.session
        where, doing = s.account.where, s._doing
        if isinstance(exc, ssl.SSLCertVerificationError):
            message = (
                f"the certificate of {where} is not trusted ({exc.verify_message}); "
                "for a self-hosted server give its CA with --ca-file"
            )
        elif isinstance(exc, ssl.SSLError):
            message = f"TLS with {where} failed while {doing}: {_reason(exc)}"
        elif isinstance(exc, ConnectionRefusedError):
            message = f"cannot reach {where}: connection refused (is the port right?)"
        elif isinstance(exc, socket.gaierror):
            message = f"cannot find the server {s.account.host}: {exc.strerror or exc}"
        elif isinstance(exc, TimeoutError | socket.timeout):
            message = f"{where} gave no answer within {s.account.timeout:g} s while {doing}"
        elif isinstance(exc, imaplib.IMAP4.abort | EOFError | ConnectionError | OSError):
            message = f"the connection to {where} was closed while {doing}"
        elif isinstance(exc, imaplib.IMAP4.error):
            message = f"{where} answered with an error while {doing}: {_reason(exc)}"
        else:
            return False
        if s._conn is not None:
            s._last_bytes = s._conn.bytes_read
            s._conn = None  # the socket is unusable; nothing left to log out of
        raise MailError(scrub(message, s._secret.value)) from None


def _reason(exc: BaseException) -> str:
    said = exc.args[0] if exc.args else exc
    if isinstance(said, bytes):
        said = said.decode("utf-8", "replace")
    return " ".join(str(said).split())[:300] or type(exc).__name__


def _said(data) -> str:
    return " ".join(wire.text(d) for d in (data or []) if isinstance(d, bytes))[:300]


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _internaldate(value) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(wire.text(value), "%d-%b-%Y %H:%M:%S %z").astimezone(dt.UTC)
    except ValueError:
        return None
