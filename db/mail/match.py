"""Which contact, company and application a message is about, with the evidence.

In order: the thread (a reply to a message already stored belongs to the same person
and application), the address (a contact's email, any case), the domain (a known
contact's domain at a company, or the company's website; free-mail domains never name
a company), and, for an automatic sender at another domain (an applicant tracking
system's no-reply address), the one active application whose company the subject or
text names. Two candidates are no answer: the application is left for the user to pick.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.cadence import ACTIVE_STAGES
from db.mail.domains import ATS_DOMAINS, FREE_MAIL
from db.mail.facts import Address, MailFacts
from db.models import Application, Company, Contact, MailMessage, MailProposal

AUTOMATIC_SENDER = re.compile(
    r"^(no-?reply|do-?not-?reply|notifications?|jobs|careers|recruiting|talent|hiring|hr)\b"
)


@dataclass(frozen=True)
class Match:
    contact_id: int | None = None
    company_id: int | None = None
    application_id: int | None = None
    evidence: tuple[str, ...] = ()
    thread: tuple[int, ...] = field(default=())
    """Stored messages this one answers (ids of mail_message), nearest first."""

    @property
    def found(self) -> bool:
        return any((self.contact_id, self.company_id, self.application_id))


def domain_of(website: str) -> str:
    host = re.sub(r"^[a-z]+://", "", website.strip().lower()).split("/")[0].split(":")[0]
    return host.removeprefix("www.")


def counterparts(
    facts: MailFacts, me: frozenset[str], extra: tuple[Address, ...] = ()
) -> tuple[Address, ...]:
    """The other side: who wrote (Inbox, and `extra`: an invitation's organizer and
    attendees), or who it went to (Sent)."""
    if facts.folder == "sent":
        people = (*facts.to, *facts.cc)
    else:
        people = (facts.sender, *extra)
    seen, out = set(), []
    for a in people:
        if a.email and a.email not in me and a.email not in seen:
            seen.add(a.email)
            out.append(a)
    return tuple(out)


def match(
    s: Session,
    facts: MailFacts,
    me: frozenset[str] = frozenset(),
    extra: tuple[Address, ...] = (),
) -> Match:
    """Whom and what `facts` is about (`me`: the user's addresses, never a counterpart)."""
    evidence: list[str] = []
    thread = _thread(s, facts)
    contact_id = company_id = application_id = None
    others = counterparts(facts, me, extra)
    for person in others:  # the writer, when known, over the person the thread began with
        contact = find_contact(s, person.email)
        if contact is not None:
            contact_id = contact.id
            evidence.append(f"{person.email} is {contact.name}, one of your contacts")
            break
    if thread:
        parent, proposal = thread[0]
        evidence.insert(0, f"in the thread of “{parent.subject}” ({parent.sent_at:%d %b})")
        if proposal is not None:
            application_id = proposal.application_id
            contact_id = contact_id or proposal.contact_id
    if contact_id is not None:
        company_id = s.scalar(select(Contact.company_id).where(Contact.id == contact_id))
    if company_id is None:
        company_id, why = _by_domain(s, others)
        if why:
            evidence.append(why)
    if company_id is None and contact_id is None and facts.folder == "inbox":
        company_id, why = _by_name(s, facts)
        if why:
            evidence.append(why)
    if application_id is None and company_id is not None:
        application_id, why = _application(s, company_id)
        evidence.append(why)
    return Match(
        contact_id, company_id, application_id, tuple(evidence), tuple(m.id for m, _ in thread)
    )


def _thread(s: Session, facts: MailFacts) -> list[tuple[MailMessage, MailProposal | None]]:
    """Stored messages this one answers, nearest first, each with a decided or pending
    proposal that says whom it was about (if any)."""
    ids = [i for i in (facts.in_reply_to, *reversed(facts.references)) if i]
    if not ids:
        return []
    rows = s.scalars(select(MailMessage).where(MailMessage.message_id.in_(ids))).all()
    by_id = {m.message_id: m for m in rows}
    found = []
    for mid in dict.fromkeys(ids):
        message = by_id.get(mid)
        if message is None:
            continue
        proposal = s.scalar(
            select(MailProposal)
            .where(MailProposal.message_id == message.id, MailProposal.contact_id.is_not(None))
            .order_by(MailProposal.id)
            .limit(1)
        )
        found.append((message, proposal))
    return found


DIRECTORY = "mail_directory"
"""`Session.info` key of the Directory a sync reads once for a batch of messages."""


@dataclass(frozen=True)
class Directory:
    """Contacts by address and companies by domain, read once for many messages.

    Asked per message, finding a company by domain read every company's website and
    scanned every contact's address: ~30 ms a message at 5,000 applications, most of a
    first sync's time, holding the interpreter from the dashboard's keys and keeping
    each batch's write transaction open for seconds. A sync's batch adds only mail rows
    and proposals, so neither list changes while it runs (db.mail.sync sets it)."""

    contacts: dict[str, int]
    """Lower-case address: the first contact (by id) with it."""
    companies: dict[str, frozenset[int]]
    """Domain: the companies a contact's address or the company's website puts there."""

    @classmethod
    def read(cls, s: Session) -> Directory:
        contacts: dict[str, int] = {}
        companies: dict[str, set[int]] = {}
        # Only those with an address (most have none; `!= ''` leaves NULL out too).
        rows = s.execute(
            select(Contact.id, Contact.email, Contact.company_id)
            .where(Contact.email != "")
            .order_by(Contact.id)
        )
        for cid, email, company_id in rows:
            address = email.lower()
            contacts.setdefault(address, cid)
            if company_id is not None and "@" in address:
                companies.setdefault(address.rpartition("@")[2], set()).add(company_id)
        sites = select(Company.id, Company.website).where(Company.website != "")
        for company_id, website in s.execute(sites):
            companies.setdefault(domain_of(website), set()).add(company_id)
        return cls(contacts, {d: frozenset(ids) for d, ids in companies.items()})


def find_contact(s: Session, email: str) -> Contact | None:
    """The contact with address `email` (any case), the first added if several."""
    known: Directory | None = s.info.get(DIRECTORY)
    if known is not None:
        cid = known.contacts.get(email.lower())
        return s.get(Contact, cid) if cid is not None else None
    return s.scalar(
        select(Contact).where(func.lower(Contact.email) == email.lower()).order_by(Contact.id)
    )


def _at_domain(s: Session, domain: str) -> set[int]:
    known: Directory | None = s.info.get(DIRECTORY)
    if known is not None:
        return set(known.companies.get(domain, ()))
    ids = set(
        s.scalars(
            select(Contact.company_id).where(
                Contact.company_id.is_not(None),
                func.lower(Contact.email).like(f"%@{domain}"),
            )
        )
    )
    for cid, website in s.execute(select(Company.id, Company.website)):
        if website and domain_of(website) == domain:
            ids.add(cid)
    return ids


def _by_domain(s: Session, people: tuple[Address, ...]) -> tuple[int | None, str]:
    for person in people:
        domain = person.domain
        if not domain or domain in FREE_MAIL:
            continue
        ids = _at_domain(s, domain)
        if len(ids) == 1:
            (cid,) = ids
            name = s.get(Company, cid).name
            return cid, f"{domain} is the domain of {name}"
    return None, ""


def _by_name(s: Session, facts: MailFacts) -> tuple[int | None, str]:
    """An applicant tracking system writing for a company: named in the subject or text,
    and the company of exactly one active application."""
    sender = facts.sender
    ats = next(
        (d for d in ATS_DOMAINS if sender.domain == d or sender.domain.endswith("." + d)), None
    )
    if ats is None and not AUTOMATIC_SENDER.match(sender.email.partition("@")[0]):
        return None, ""
    words = f"{facts.subject}\n{facts.text}".lower()
    hits = {}
    rows = s.execute(
        select(Company.id, Company.name)
        .join(Application, Application.company_id == Company.id)
        .where(Application.archived.is_(False), Application.stage.in_(list(ACTIVE_STAGES)))
    )
    for cid, name in rows:
        if re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", words):
            hits[cid] = name
    if len(hits) != 1:
        return None, ""
    ((cid, name),) = hits.items()
    via = f"sent through {ats}" if ats else f"an automatic sender ({sender.email})"
    return cid, f"{via}; it names {name}, the company of one of your active applications"


def _application(s: Session, company_id: int) -> tuple[int | None, str]:
    rows = s.execute(
        select(Application.id, Application.role, Company.name)
        .join(Company, Company.id == Application.company_id)
        .where(
            Application.company_id == company_id,
            Application.archived.is_(False),
            Application.stage.in_(list(ACTIVE_STAGES)),
        )
    ).all()
    if len(rows) == 1:
        ((app_id, role, name),) = rows
        return app_id, f"your one active application at {name}: {role}"
    name = s.get(Company, company_id).name
    if not rows:
        return None, f"no active application at {name}: pick one when accepting"
    return None, f"{len(rows)} active applications at {name}: pick one when accepting"
