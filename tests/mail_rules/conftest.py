"""Facts for the mailbox rules, built in Python (no IMAP): a small job search with a
person at Acme (an interview yesterday: a thank-you and a check-in planned), Globex (by
its website), and Initech (applied; a recruiter interviewed), and a `deliver` that
stores a message as the sync does and proposes from it."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest

from db.mail.facts import Address, MailFacts
from db.mail.propose import propose
from db.mail.sync import message_row
from db.models import Company, MailFolder, MailMessage, MailProposal
from db.write import applications, contacts, interviews

ME = Address("Sam Carter", "me@candidate.example")
JANE = Address("Jane Doe", "jane.doe@acme.example")
NOW = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC)
_uids = itertools.count(1)


def mail(
    folder: str = "inbox",
    *,
    sender: Address = JANE,
    to: tuple[Address, ...] = (ME,),
    cc: tuple[Address, ...] = (),
    subject: str = "Re: Data Engineer",
    text: str = "Thanks for your note.",
    headers: dict[str, str] | None = None,
    calendars: tuple[str, ...] = (),
    message_id: str | None = None,
    in_reply_to: str = "",
    references: tuple[str, ...] = (),
    sent_at: dt.datetime = NOW - dt.timedelta(hours=1),
) -> MailFacts:
    uid = next(_uids)
    return MailFacts(
        folder=folder,
        uid=uid,
        message_id=message_id if message_id is not None else f"<m{uid}@mail.example>",
        in_reply_to=in_reply_to,
        references=references,
        sent_at=sent_at,
        sender=sender,
        to=to,
        cc=cc,
        subject=subject,
        headers=headers or {},
        text=text,
        calendars=calendars,
    )


def deliver(store, facts: MailFacts) -> list[int]:
    """Store the message as the sync does (folder, message row) and propose from it."""
    with store.uow() as uow:
        s = uow.session
        folder = s.query(MailFolder).filter_by(role=facts.folder).one_or_none()
        if folder is None:
            folder = MailFolder(role=facts.folder, name=facts.folder.capitalize(), last_uid=0)
            s.add(folder)
            s.flush()
        row = s.query(MailMessage).filter_by(folder_id=folder.id, uid=facts.uid).one_or_none()
        if row is None:
            row = message_row(folder.id, facts)
            s.add(row)
            s.flush()
        made = propose(uow, facts, row)
        ids = [p.id for p in made]
        uow.commit()
    return ids


def proposals(store, **where) -> list[MailProposal]:
    with store.uow() as uow:
        rows = uow.session.query(MailProposal).filter_by(**where).order_by(MailProposal.id).all()
        uow.session.expunge_all()
        return rows


@dataclass
class World:
    acme: int
    globex: int
    initech: int
    jane: int
    sam_lee: int
    interview: int


@pytest.fixture
def world(store, clock) -> World:
    clock.set("2026-11-23T09:00:00+00:00")  # Monday: applied, interviewed
    acme = applications.add_application(store.uow(), "Acme", "Data Engineer")
    globex = applications.add_application(store.uow(), "Globex", "Analytics Engineer")
    initech = applications.add_application(store.uow(), "Initech", "Platform Engineer")
    jane = contacts.add_contact(
        store.uow(), "Jane Doe", email="Jane.Doe@acme.example", company="Acme", met_via="interview"
    )
    sam = contacts.add_contact(
        store.uow(), "Sam Lee", email="sam.lee@initech.example", company="Initech"
    )
    with store.uow() as uow:  # Globex is known by its website only
        company = uow.session.query(Company).filter_by(name="Globex").one()
        company.website = "https://www.globex.example/careers"
        uow.commit()
    logged = interviews.log_interview(
        store.uow(), acme.id, dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), [jane.id]
    )
    interviews.log_interview(
        store.uow(),
        initech.id,
        dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC),
        [sam.id],
        kind="phone screen",
        minutes=30,
    )
    clock.set("2026-11-24T10:30:00+00:00")
    return World(acme.id, globex.id, initech.id, jane.id, sam.id, logged.interview_id)
