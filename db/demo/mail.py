"""The sample's mailbox: a few messages as a sync would have stored them, and what they
propose, waiting for review (a note found in Sent, a reply in a thank-you's thread, an
invitation with a panel of three, a rejection sent through an applicant tracking system)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from db.mail.facts import Address, MailFacts
from db.mail.propose import propose
from db.mail.sync import message_row
from db.models import Company, Contact, FollowUp, MailFolder
from db.store import Store

YOU = Address("Alex Morgan", "alex.morgan@mail.example")

INVITE = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
DTSTART:{start:%Y%m%dT%H%M%SZ}
DTEND:{end:%Y%m%dT%H%M%SZ}
DTSTAMP:{now:%Y%m%dT%H%M%SZ}
ORGANIZER;CN={organizer}:mailto:{organizer_email}
UID:demo-panel-{start:%Y%m%d}@google.com
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;CN=Nadia Kowalski:mailto:nadia@{domain}
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;CN=Oliver Grant:mailto:oliver@{domain}
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;CN=Mei Lin:mailto:mei@{domain}
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;CN={you}:mailto:{you_email}
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Panel interview: {role}
LOCATION:https://meet.google.com/xyz-demo-abc
END:VEVENT
END:VCALENDAR
"""


def add_mail(store: Store) -> None:
    """Store the sample's messages and propose from them, at the store's clock."""
    with store.uow() as uow:
        s, now = uow.session, uow.now
        inbox = MailFolder(role="inbox", name="INBOX", uidvalidity=1, last_uid=0, synced_at=now)
        sent = MailFolder(role="sent", name="Sent", uidvalidity=1, last_uid=0, synced_at=now)
        s.add_all([inbox, sent])
        s.flush()
        folders = {"inbox": inbox, "sent": sent}

        def person(company: str) -> Contact:
            return s.scalar(
                select(Contact)
                .join(Company, Company.id == Contact.company_id)
                .where(Company.name == company)
                .order_by(Contact.id)
            )

        def address(c: Contact) -> Address:
            return Address(c.name, c.email.lower())

        def keep(facts: MailFacts, *, proposing: bool = True) -> None:
            folder = folders[facts.folder]
            folder.last_uid = max(folder.last_uid, facts.uid)
            row = message_row(folder.id, facts)
            s.add(row)
            s.flush()
            if proposing:
                propose(uow, facts, row)

        # A thank-you written this morning to yesterday's panel: found in Sent.
        north = person("Northwind Analytics")
        keep(
            _facts(
                "sent", 41, "<thanks-north@mail.example>", now - dt.timedelta(hours=2),
                YOU, (address(north),), f"Thank you, {north.name.split()[0]}",
                f"Hi {north.name.split()[0]},\n\nThank you for the conversation yesterday. "
                "I enjoyed hearing how the team rebuilt its event pipeline, and I have been "
                "thinking about your question on backfills since.\n\nBest,\nAlex",
            )
        )  # fmt: skip
        # Fernhill: the thank-you sent after the interview, then their answer in its thread.
        fern = person("Fernhill Health")
        thanks = s.scalar(
            select(FollowUp).where(
                FollowUp.contact_id == fern.id,
                FollowUp.kind == "thank-you",
                FollowUp.status == "sent",
            )
        )
        sent_at = thanks.status_changed_at if thanks is not None else now - dt.timedelta(days=7)
        keep(
            _facts(
                "sent", 37, "<thanks-fern@mail.example>", sent_at, YOU, (address(fern),),
                thanks.subject if thanks is not None else "Thank you", "Thank you for your time.",
            ),
            proposing=False,
        )  # fmt: skip
        keep(
            _facts(
                "inbox", 112, "<re-fern@fernhill.example>", now - dt.timedelta(hours=3),
                address(fern), (YOU,), "Re: " + (thanks.subject if thanks else "Thank you"),
                "Hi Alex, thanks for the kind note. The team enjoyed meeting you. Could you "
                "send over two references before Friday? We hope to decide next week.\n\n"
                "> Thank you for your time.",
                in_reply_to="<thanks-fern@mail.example>",
            )
        )  # fmt: skip
        # Harbor & Vale's recruiter invites you to a panel next week.
        harbor = person("Harbor & Vale")
        domain = harbor.email.lower().partition("@")[2]
        start = (now + dt.timedelta(days=7)).replace(hour=14, minute=0, second=0, microsecond=0)
        invite = INVITE.format(
            start=start, end=start + dt.timedelta(minutes=90), now=now,
            organizer=harbor.name, organizer_email=harbor.email.lower(), domain=domain,
            you=YOU.name, you_email=YOU.email, role="the next round",
        )  # fmt: skip
        keep(
            _facts(
                "inbox", 113, "<invite-harbor@google.com>", now - dt.timedelta(hours=1),
                address(harbor), (YOU,), f"Invitation: Panel interview @ {start:%a %d %b %H:%M} (UTC)",
                "You have been invited to the following event. Join with Google Meet.",
                calendars=(invite,),
            )
        )  # fmt: skip
        # An applicant tracking system writes for Lumen Grid, from its own domain.
        keep(
            _facts(
                "inbox", 114, "<ats-lumen@myworkday.com>", now - dt.timedelta(hours=5),
                Address("Lumen Grid Careers", "no-reply@myworkday.com"), (YOU,),
                "Your application to Lumen Grid [ref 4471]",
                "Dear Alex, thank you for your interest in Lumen Grid. After careful review "
                "we have decided to move forward with other candidates for this role. We "
                "wish you every success in your search.",
            )
        )  # fmt: skip
        uow.commit()


def _facts(folder, uid, message_id, sent_at, sender, to, subject, text, **more) -> MailFacts:
    return MailFacts(
        folder=folder,
        uid=uid,
        message_id=message_id,
        in_reply_to=more.get("in_reply_to", ""),
        references=tuple(filter(None, [more.get("in_reply_to", "")])),
        sent_at=sent_at,
        sender=sender,
        to=to,
        cc=(),
        subject=subject,
        headers={},
        text=text,
        calendars=more.get("calendars", ()),
    )
