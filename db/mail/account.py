"""The mailbox account as it is kept: rows of the setting table under mail_* keys (host,
port, user, TLS mode, CA file, where the secret comes from, the two folders' names, the
look-back and the sync interval). Never the password or token itself: only the name of
the keyring entry's owner, or the command the user named."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING

from db.mail.imap import Account
from db.mail.secrets import SecretSource

if TYPE_CHECKING:  # the dashboard reads the account through its views, before the ORM
    from sqlalchemy.orm import Session

PREFIX = "mail_"
LOOK_BACK_DAYS = 90
SYNC_MINUTES = 5


@dataclass(frozen=True)
class MailAccount:
    host: str
    user: str
    port: int = 993
    security: str = "tls"  # "tls" or "starttls"
    ca_file: str = ""
    secret: str = "keyring"  # "keyring", "password-command" or "token-command"
    command: str = ""  # the password or token command, when secret names one
    inbox: str = "INBOX"
    sent: str = "Sent"
    look_back_days: int = LOOK_BACK_DAYS
    sync_minutes: int = SYNC_MINUTES  # the dashboard syncs this often; 0: only on a key

    @property
    def imap(self) -> Account:
        return Account(self.host, self.port, self.user, self.security, self.ca_file)

    @property
    def source(self) -> SecretSource:
        return SecretSource(self.secret, self.command)

    def rows(self) -> dict[str, str]:
        return {f"{PREFIX}{k}": str(v) for k, v in asdict(self).items()}


def check(account: MailAccount) -> None:
    """ValueError with a message a person can act on, for a value that cannot work."""
    if not account.host.strip() or any(c.isspace() for c in account.host):
        raise ValueError("the server name is missing or has spaces")
    if not account.user.strip():
        raise ValueError("the user name is missing")
    if not 0 < account.port < 65536:
        raise ValueError(f"port must be from 1 to 65535, not {account.port}")
    if account.security not in ("tls", "starttls"):
        raise ValueError("security must be tls or starttls")
    if account.secret not in ("keyring", "password-command", "token-command"):
        raise ValueError("the secret comes from the keyring, a password command or a token command")
    if account.secret != "keyring" and not account.command.strip():
        raise ValueError("the command is empty")
    if not 1 <= account.look_back_days <= 3650:
        raise ValueError("look-back must be from 1 to 3650 days")
    if not 0 <= account.sync_minutes <= 1440:
        raise ValueError("sync interval must be from 0 (never) to 1440 minutes")


def load(session: Session) -> MailAccount | None:
    """The stored account, or None when none is set up."""
    from sqlalchemy import text

    rows = dict(
        session.execute(
            text("SELECT key, value FROM setting WHERE key LIKE 'mail\\_%' ESCAPE '\\'")
        ).all()
    )
    return from_rows(rows)


def from_rows(rows: dict[str, str]) -> MailAccount | None:
    if not rows.get(f"{PREFIX}host") or not rows.get(f"{PREFIX}user"):
        return None
    values = {}
    for f in fields(MailAccount):
        raw = rows.get(f"{PREFIX}{f.name}")
        if raw is None:
            continue
        if f.type == "int":
            try:
                values[f.name] = int(raw)
            except ValueError:
                continue
        else:
            values[f.name] = raw
    return MailAccount(**values)


def save(session: Session, account: MailAccount) -> None:
    from db.models import Setting

    for key, value in account.rows().items():
        session.merge(Setting(key=key, value=value))
