"""What is kept of the mailbox, for `afterview mail status`, and its removal (`forget`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from db.mail.account import MailAccount, load
from db.models import MailFolder, MailMessage, MailProposal, Setting


@dataclass(frozen=True)
class Status:
    account: MailAccount | None
    folders: dict[str, MailFolder]
    messages: int
    pending: int
    decided: int


def read_status(session: Session) -> Status:
    folders = {f.role: f for f in session.scalars(select(MailFolder))}
    for folder in folders.values():
        session.expunge(folder)  # plain values, read after the transaction ends
    counts = dict(
        session.execute(
            select(MailProposal.status, func.count()).group_by(MailProposal.status)
        ).all()
    )
    pending = counts.pop("pending", 0)
    messages = session.scalar(select(func.count()).select_from(MailMessage)) or 0
    return Status(load(session), folders, messages, pending, sum(counts.values()))


@dataclass(frozen=True)
class Forgotten:
    account: MailAccount | None
    messages: int
    proposals: int


def forget(session: Session) -> Forgotten:
    """Every mail_* row and mail_* setting deleted (the caller commits)."""
    before = read_status(session)
    proposals = session.scalar(select(func.count()).select_from(MailProposal)) or 0
    session.execute(delete(MailProposal))
    session.execute(delete(MailMessage))
    session.execute(delete(MailFolder))
    session.execute(delete(Setting).where(text("key LIKE 'mail\\_%' ESCAPE '\\'")))
    return Forgotten(before.account, before.messages, proposals)
