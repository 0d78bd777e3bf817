"""A real IMAP server for the tests and the benchmark: Debian's Dovecot, started on
localhost with its own configuration in a temporary folder (never /etc/dovecot), a
self-signed certificate made at start, one passwd-file user and a Maildir.

    server = Dovecot.start(root)      # installs dovecot-imapd first when missing, as root
    server.imaps_port, server.imap_port, server.ca_file, server.user, server.password
    server.append("INBOX", message)   # IMAP APPEND, as a mail client would deliver
    server.stop()

Running as root (CI, this container): Dovecot refuses to open mail as uid 0, so the
Maildir belongs to `nobody` and the root folder is world-traversable; Dovecot's own
processes run as the users the package creates (dovecot, dovenull). Not as root, every
process runs as the current user.
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.certs import self_signed

USER = "ada@example.org"
PASSWORD = "horse-battery-7f3Qz!staple"  # the tests look for this string everywhere


class Unavailable(Exception):
    """Dovecot is missing and could not be installed, or did not start."""


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot") if os.path.exists(p)), None
    )


def ensure_installed() -> str:
    """The dovecot binary; installs Debian's dovecot-imapd first when it is missing and
    this process is root (as CI runs `make test`). Unavailable otherwise."""
    found = dovecot_binary()
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Unavailable("dovecot is not installed (apt-get install dovecot-imapd, as root)")
    from tests.apt import install

    failed = install(["dovecot-imapd"], dovecot_binary)
    if failed:
        raise Unavailable(failed)
    # The package starts a system-wide Dovecot on 143/993: stop it, the tests run their own.
    subprocess.run(["dovecot", "stop"], capture_output=True, timeout=30)
    found = dovecot_binary()
    if not found:
        raise Unavailable("dovecot-imapd installed, but no dovecot binary found")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login{oauth_mechanisms}
disable_plaintext_auth = yes
default_internal_user = {internal}
default_login_user = {login}
default_internal_group = {internal_group}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{root}/mail/%u
mail_uid = {uid}
mail_gid = {gid}
imap_max_line_length = 256k
passdb {{
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
{oauth_passdb}userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox "{sent}" {{
    auto = subscribe
{special_use}  }}
  mailbox Archive {{
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service stats {{
  unix_listener stats-reader {{
    user = {internal}
  }}
  unix_listener stats-writer {{
    user = {internal}
  }}
}}
"""


OAUTH_PASSDB = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/oauth2.conf
}}
"""
OAUTH_CONF = """\
introspection_mode = post
introspection_url = {url}
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
"""


@dataclass
class Dovecot:
    root: Path
    imaps_port: int
    imap_port: int
    sent: str = "Sent"
    user: str = USER
    password: str = PASSWORD
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def ca_file(self) -> Path:
        return self.root / "cert.pem"

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def maildir(self) -> Path:
        return self.root / "mail" / self.user

    @classmethod
    def start(
        cls,
        parent: Path | None = None,
        *,
        sent: str = "Sent",
        special_use: bool = True,
        oauth_url: str = "",
    ):
        """A running server in a new folder under `parent` (a temp folder by default).
        With `oauth_url`, XOAUTH2 logins too: Dovecot posts each token to that OAuth2
        introspection URL (tests/mail/oauth.py serves one) and lets in its `username`."""
        binary = ensure_installed()
        root = Path(tempfile.mkdtemp(prefix="afterview-dovecot-", dir=parent))
        os.chmod(root, 0o755)  # Dovecot's unprivileged processes read their config here
        server = cls(root, free_port(), free_port(), sent=sent)
        server._configure(special_use, oauth_url)
        server._run(binary)
        return server

    def _configure(self, special_use: bool, oauth_url: str = "") -> None:
        root = self.root
        self_signed(root)  # cert.pem and key.pem, for localhost and 127.0.0.1
        if os.geteuid() == 0:
            mail_user = pwd.getpwnam("nobody")
            internal, login = "dovecot", "dovenull"
        else:
            mail_user = pwd.getpwuid(os.geteuid())
            internal = login = mail_user.pw_name
        uid, gid = mail_user.pw_uid, mail_user.pw_gid
        for sub in ("run", "state", "mail"):
            (root / sub).mkdir()
        os.chown(root / "mail", uid, gid)
        (root / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        os.chmod(root / "passwd", 0o644)
        os.chmod(root / "key.pem", 0o600)
        text = CONFIG.format(
            root=root,
            internal=internal,
            login=login,
            internal_group=internal if internal == "dovecot" else grp.getgrgid(gid).gr_name,
            uid=uid,
            gid=gid,
            sent=self.sent,
            special_use="    special_use = \\Sent\n" if special_use else "",
            imap_port=self.imap_port,
            imaps_port=self.imaps_port,
            oauth_mechanisms=" xoauth2 oauthbearer" if oauth_url else "",
            oauth_passdb=OAUTH_PASSDB.format(root=root) if oauth_url else "",
        )
        if oauth_url:
            (root / "oauth2.conf").write_text(OAUTH_CONF.format(url=oauth_url))
            os.chmod(root / "oauth2.conf", 0o644)
        (root / "dovecot.conf").write_text(text)
        self._uid, self._gid = uid, gid

    def _run(self, binary: str) -> None:
        self.process = subprocess.Popen(
            [binary, "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Unavailable(f"dovecot did not start: {self._why()}")
            try:
                with socket.create_connection(("127.0.0.1", self.imaps_port), timeout=0.5):
                    with socket.create_connection(("127.0.0.1", self.imap_port), timeout=0.5):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise Unavailable(f"dovecot did not listen within 15 s: {self._why()}")

    def _why(self) -> str:
        log = self.root / "dovecot.log"
        lines = log.read_text(errors="replace").splitlines() if log.exists() else []
        err = self.process.stderr.read() if self.process and self.process.poll() is not None else ""
        return " | ".join((lines + (err or "").splitlines())[-3:]) or "no log"

    def restart(self) -> None:
        """Stop and start again on the same ports (a server that went away and came back)."""
        self.stop()
        self._run(ensure_installed())

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    # -- as a mail client would deliver -------------------------------------------------

    def client(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.ca_file))
        conn = imaplib.IMAP4_SSL(self.host, self.imaps_port, ssl_context=context, timeout=30)
        conn.login(self.user, self.password)
        return conn

    def append(self, folder: str, message: bytes, *, when: float | None = None) -> None:
        conn = self.client()
        try:
            self.append_with(conn, folder, message, when=when)
        finally:
            conn.logout()

    @staticmethod
    def append_with(conn, folder: str, message: bytes, *, when: float | None = None) -> None:
        stamp = imaplib.Time2Internaldate(when if when is not None else time.time())
        kind, data = conn.append(_quote(folder), "", stamp, message)
        if kind != "OK":
            raise RuntimeError(f"APPEND to {folder} failed: {data!r}")

    def flags(self, folder: str) -> dict[int, bytes]:
        """{uid: FLAGS} of every message in `folder`, read with EXAMINE."""
        conn = self.client()
        try:
            conn.select(_quote(folder), readonly=True)
            kind, data = conn.uid("FETCH", "1:*", "(FLAGS)")
            out = {}
            for line in data:
                text = line if isinstance(line, bytes) else (line or b"")[0]
                uid, flags = re.search(rb"UID (\d+)", text), re.search(rb"FLAGS \(([^)]*)\)", text)
                if uid and flags:
                    out[int(uid[1])] = flags[1]
            return out
        finally:
            conn.logout()

    def clear(self) -> None:
        """Every message gone and the folders renumbered (UIDVALIDITY changes)."""
        self.stop()
        shutil.rmtree(self.maildir, ignore_errors=True)
        self._run(ensure_installed())

    def write_maildir(self, folder: str, messages) -> int:
        """Deliver many messages straight into the Maildir, before the server reads it
        (a fixture for the benchmark: APPEND of 25,000 messages would take minutes).
        `messages` yields (bytes, unix time). Returns how many were written."""
        base = self.maildir if folder.upper() == "INBOX" else self.maildir / f".{folder}"
        for sub in ("cur", "new", "tmp"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        count = 0
        for count, (data, when) in enumerate(messages, 1):
            name = base / "cur" / f"{int(when)}.M{count}P{os.getpid()}.bench,S={len(data)}:2,S"
            name.write_bytes(data)
            os.utime(name, (when, when))
        for path in [self.root / "mail", *self.maildir.parent.rglob("*")]:
            os.chown(path, self._uid, self._gid)
        return count


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
