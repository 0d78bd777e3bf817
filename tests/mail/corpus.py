"""The mailbox the tests deliver (and the benchmark repeats): messages as Gmail, Google
Calendar, Outlook, an ATS and a mailing list send them, built with the `email` package.

    for m in corpus(): server.append(m.folder, m.data, when=m.when)

Who is who (the rules engineer's tests match on these):
    you            Ada Lovelace <ada@example.org>
    Nimbus Labs    nimbuslabs.com; Jörg Müller <joerg.mueller@nimbuslabs.com> interviewed
                   you; thank-you sent, he replied in the same thread
    Orbital        orbital.io; applied; rejection from no-reply@greenhouse.io (an ATS);
                   Priya Raman <priya@orbital.io> sends a Google Calendar invitation
                   (three attendees), then an update (SEQUENCE 1) and a cancellation
    Quanta         quanta.co.uk; Outlook invitation from Sam Okafor <sam.okafor@quanta.co.uk>
    also           an out-of-office, a newsletter (List-Id), an HTML-only note, a 20 MB
                   attachment, and a stranger's message no search term matches
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

YOU = Address("Ada Lovelace", addr_spec="ada@example.org")
JOERG = Address("Jörg Müller", addr_spec="joerg.mueller@nimbuslabs.com")
PRIYA = Address("Priya Raman", addr_spec="priya@orbital.io")
LEE = Address("Lee Chen", addr_spec="lee.chen@orbital.io")
SAM = Address("Sam Okafor", addr_spec="sam.okafor@quanta.co.uk")
NOREPLY = Address("Orbital Recruiting", addr_spec="no-reply@greenhouse.io")

CONTACT_ADDRESSES = (JOERG.addr_spec, PRIYA.addr_spec, SAM.addr_spec)
COMPANY_DOMAINS = ("nimbuslabs.com", "orbital.io", "quanta.co.uk")
BIG_ATTACHMENT = 20 * 1024 * 1024


@dataclass(frozen=True)
class Mail:
    name: str  # what the tests call it
    folder: str  # "INBOX" or "Sent"
    data: bytes
    when: float  # unix time: the Date header and the INTERNALDATE

    @property
    def message_id(self) -> str:
        for line in self.data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                return line.split(b":", 1)[1].strip().decode()
        return ""


def at(day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=dt.UTC)


def message(sender, to, subject, when: dt.datetime, msgid: str, *, cc=(), **headers):
    m = EmailMessage()
    m["From"] = sender
    m["To"] = to
    if cc:
        m["Cc"] = cc
    m["Subject"] = subject
    m["Date"] = format_datetime(when)
    m["Message-ID"] = f"<{msgid}>"
    for key, value in headers.items():
        m[key.replace("_", "-")] = value
    return m


def done(name, folder, m: EmailMessage, when: dt.datetime) -> Mail:
    return Mail(name, folder, m.as_bytes(policy=m.policy.clone(linesep="\r\n")), when.timestamp())


def invitation(
    method: str, uid: str, sequence: int, start: dt.datetime, organizer, attendees, *, outlook
) -> str:
    """A VCALENDAR as Google Calendar or Outlook writes one."""
    stamp = start.strftime("%Y%m%dT%H%M%SZ")
    end = (start + dt.timedelta(minutes=45)).strftime("%Y%m%dT%H%M%SZ")
    prodid = (
        "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"
        if outlook
        else "-//Google Inc//Google Calendar 70.9054//EN"
    )
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{prodid}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"DTSTART:{stamp}",
        f"DTEND:{end}",
        "DTSTAMP:20261101T090000Z",
        f"ORGANIZER;CN={organizer.display_name}:mailto:{organizer.addr_spec}",
        f"UID:{uid}",
    ]
    for person in attendees:
        lines.append(
            f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;"
            f"CN={person.display_name}:mailto:{person.addr_spec}"
        )
    status = "CANCELLED" if method == "CANCEL" else "CONFIRMED"
    lines += [
        f"SEQUENCE:{sequence}",
        f"STATUS:{status}",
        "SUMMARY:Interview: Ada Lovelace",
        "LOCATION:Video call",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def calendar_mail(name, method, sequence, start, sent, *, outlook=False, sender=PRIYA) -> Mail:
    panel = (
        (sender, LEE, YOU)
        if not outlook
        else (sender, Address("Mia Ito", addr_spec="mia.ito@quanta.co.uk"), YOU)
    )
    uid = f"{'quanta-' if outlook else ''}interview-1@{sender.domain}"
    ics = invitation(method, uid, sequence, start, sender, panel, outlook=outlook)
    verb = {
        "REQUEST": "Invitation" if sequence == 0 else "Updated invitation",
        "CANCEL": "Canceled event",
    }[method]
    subject = f"{verb}: Interview: Ada Lovelace @ {start:%a %b %d, %Y %H:%M} (UTC)"
    m = message(sender, YOU, subject, sent, f"{name}@{sender.domain}")
    m.set_content(f"{verb}\n\nInterview: Ada Lovelace\nWhen: {start:%A %d %B %Y %H:%M} UTC\n")
    m.add_alternative(
        f"<html><body><p>{verb}</p><p>Interview: Ada Lovelace</p></body></html>", subtype="html"
    )
    m.add_alternative(ics, subtype="calendar", params={"method": method})
    if not outlook:  # Google also attaches the same event as invite.ics
        m.make_mixed()
        m.add_attachment(ics.encode(), maintype="application", subtype="ics", filename="invite.ics")
    return done(name, "INBOX", m, sent)


def corpus() -> list[Mail]:
    out: list[Mail] = []

    thanks = message(YOU, JOERG, "Thank you for today", at(10, 17), "thanks-1@example.org")
    thanks.set_content(
        "Hi Jörg,\n\nThank you for taking the time to talk today about the platform team.\n\nBest,\nAda\n"
    )
    out.append(done("thank-you", "Sent", thanks, at(10, 17)))

    reply = message(
        JOERG, YOU, "Re: Thank you for today", at(11, 9), "reply-1@nimbuslabs.com",
        In_Reply_To="<thanks-1@example.org>", References="<thanks-1@example.org>",
    )  # fmt: skip
    reply.set_content(
        "Hi Ada,\n\nThanks, it was great meeting you. We will be in touch next week.\n\nJörg\n\n> Thank you for taking the time"
    )
    out.append(done("reply", "INBOX", reply, at(11, 9)))

    rejection = message(
        NOREPLY, YOU, "Your application to Orbital", at(12, 14), "gh-5521@greenhouse.io"
    )
    rejection.set_content(
        "Hi Ada,\n\nThank you for your interest in the Platform Engineer role at Orbital. "
        "After careful consideration we have decided not to move forward with your application.\n\n"
        "The Orbital Recruiting Team\n"
    )
    out.append(done("rejection", "INBOX", rejection, at(12, 14)))

    out.append(calendar_mail("invite-google", "REQUEST", 0, at(30, 15), at(13, 9)))
    out.append(calendar_mail("invite-update", "REQUEST", 1, at(30, 16), at(14, 9)))
    out.append(calendar_mail("invite-cancel", "CANCEL", 2, at(30, 16), at(15, 9)))
    out.append(
        calendar_mail(
            "invite-outlook", "REQUEST", 0, at(27, 11), at(13, 11), outlook=True, sender=SAM
        )
    )

    away = message(
        SAM, YOU, "Automatic reply: Following up", at(16, 8), "ooo-1@quanta.co.uk",
        Auto_Submitted="auto-replied", X_Autoreply="yes",
    )  # fmt: skip
    away.set_content("I am out of the office until 1 December with limited access to email.\n")
    out.append(done("out-of-office", "INBOX", away, at(16, 8)))

    news = message(
        Address("Nimbus Labs", addr_spec="news@nimbuslabs.com"), YOU, "Nimbus Labs monthly: November",
        at(17, 7), "news-11@nimbuslabs.com", List_Id="Nimbus news <news.nimbuslabs.com>",
        List_Unsubscribe="<https://nimbuslabs.com/unsubscribe?u=1>", Precedence="bulk",
    )  # fmt: skip
    news.set_content("This month at Nimbus Labs: our new office, and three open roles.\n")
    out.append(done("newsletter", "INBOX", news, at(17, 7)))

    html = message(PRIYA, YOU, "Next steps", at(18, 10), "html-1@orbital.io")
    html.set_content(
        "<html><head><style>p {color: red}</style></head><body><p>Hi Ada,</p>"
        "<p>Could you send us <b>two references</b> by Friday?</p><p>Priya</p></body></html>",
        subtype="html",
    )
    out.append(done("html-only", "INBOX", html, at(18, 10)))

    big = message(JOERG, YOU, "The slides from our talk", at(19, 12), "big-1@nimbuslabs.com")
    big.set_content("Hi Ada, the slides are attached.\n")
    big.add_attachment(
        b"%PDF-1.4\n" + b"\x00\x01\x02slide" * (BIG_ATTACHMENT // 8),
        maintype="application",
        subtype="pdf",
        filename="slides.pdf",
    )
    out.append(done("big-attachment", "INBOX", big, at(19, 12)))

    stranger = message(
        Address("Max Mustermann", addr_spec="max@unrelated.example"),
        YOU,
        "Lunch?",
        at(20, 12),
        "lunch-1@unrelated.example",
    )
    stranger.set_content("Lunch on Friday?\n")
    out.append(done("stranger", "INBOX", stranger, at(20, 12)))
    return out
