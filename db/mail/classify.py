"""What kind of message this is, by transparent rules: each answer comes with the header
or the phrase that decided it, so the review list can show why.

Order matters and is part of the rule: an auto-reply is never a reply (whatever its
text says); a mailing list is nothing at all; a calendar REQUEST is an invitation; then
the phrase table below, first row that matches wins (an offer before a rejection before
an invitation before an acknowledgement before a request: a rejection often thanks you
for applying, an acknowledgement often mentions interviews to come)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from db.mail.facts import MailFacts, ReplyClass

# The phrase table: what a person would write, in our own words, lower case. A phrase
# matches anywhere in the subject or the text, with spaces and apostrophes normalised.
PHRASES: tuple[tuple[ReplyClass, tuple[str, ...]], ...] = (
    (ReplyClass.OUT_OF_OFFICE, (
        "out of office", "out of the office", "automatic reply", "auto-reply", "autoreply",
        "away from the office", "on annual leave", "on parental leave", "i am on leave",
        "i'm on leave", "currently away", "on vacation until", "on holiday until",
        "limited access to email", "limited access to e-mail", "back in the office on",
        "will reply when i return", "will respond when i return", "abwesenheitsnotiz",
    )),
    (ReplyClass.OFFER, (
        "pleased to offer you", "delighted to offer you", "happy to offer you",
        "extend an offer", "extend you an offer", "offer of employment", "your offer letter",
        "the offer letter", "formal offer", "verbal offer", "make you an offer",
    )),
    (ReplyClass.REJECTION, (
        "regret to inform", "not to move forward", "not be moving forward",
        "not moving forward with your", "decided to move forward with other",
        "move forward with another candidate", "moving forward with other candidates",
        "pursue other candidates", "decided to pursue other", "will not be progressing",
        "not be progressing", "decided not to proceed", "not to proceed with your",
        "position has been filled", "role has been filled", "were not selected",
        "not been selected", "unsuccessful on this occasion", "other applicants whose",
        "closer match", "not the right fit", "we won't be moving", "we will not be moving",
    )),
    (ReplyClass.INVITATION, (
        "invite you to interview", "invite you for an interview", "invite you to a",
        "like to schedule", "love to schedule", "schedule a call", "schedule a time",
        "set up a call", "set up a time", "book a time", "book a slot", "pick a time",
        "your availability", "when are you available", "when would suit you",
        "next round", "next stage of the process", "calendly.com", "meet the team",
    )),
    (ReplyClass.ACKNOWLEDGEMENT, (
        "received your application", "application has been received",
        "thank you for applying", "thanks for applying", "thank you for your application",
        "thanks for your application", "thank you for your interest in",
        "we will review your application", "we'll review your application",
        "this is an automated message", "do not reply to this email",
        "please do not reply to this",
    )),
    (ReplyClass.ASKS, (
        "could you send", "can you send", "could you please send", "please send",
        "could you share", "can you share", "please share", "please complete",
        "please fill", "please confirm", "could you confirm", "can you confirm",
        "let me know", "let us know", "would you be able to", "we need your",
        "please provide", "coding challenge", "take-home", "take home assignment",
        "references", "right to work", "salary expectations",
    )),
)  # fmt: skip

AUTO_HEADERS = ("x-autoreply", "x-autorespond")
BULK_PRECEDENCE = ("bulk", "list", "junk")


@dataclass(frozen=True)
class Classified:
    kind: ReplyClass | None
    """None: a newsletter or other list mail, not about you at all (no proposal)."""
    evidence: tuple[str, ...]

    @property
    def is_reply(self) -> bool:
        """A person (or their system) answering you: ends check-ins once accepted."""
        return self.kind is not None and self.kind != ReplyClass.OUT_OF_OFFICE


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    return re.sub(r"\s+", " ", text)


def _found(phrases: tuple[str, ...], subject: str, text: str) -> str | None:
    """The first phrase found, quoted with where it was found."""
    for phrase in phrases:
        if phrase in subject:
            return f"“{phrase}” in the subject"
        if phrase in text:
            return f"“{phrase}” in the text"
    return None


def auto_reply(facts: MailFacts) -> str | None:
    """Why this is an automatic reply (a header, or an out-of-office phrase), or None."""
    h = facts.headers
    submitted = h.get("auto-submitted", "").strip()
    if submitted and submitted.lower() != "no":
        return f"Auto-Submitted: {submitted}"
    for name in AUTO_HEADERS:
        if name in h:
            return f"{_header_name(name)}: {h[name].strip()}".rstrip(": ")
    (_, phrases) = PHRASES[0]
    return _found(phrases, normalise(facts.subject), normalise(facts.text))


def list_mail(facts: MailFacts) -> str | None:
    """Why this is list mail (a newsletter, a digest), or None."""
    h = facts.headers
    for name in ("list-id", "list-unsubscribe"):
        if h.get(name, "").strip():
            return f"{_header_name(name)}: {_short(h[name])}"
    precedence = h.get("precedence", "").strip().lower()
    if precedence in BULK_PRECEDENCE:
        return f"Precedence: {precedence}"
    return None


def classify(facts: MailFacts, *, has_invitation: bool = False) -> Classified:
    """What kind of message this is, with the evidence (one reason per line)."""
    why = auto_reply(facts)
    if why:
        return Classified(ReplyClass.OUT_OF_OFFICE, (f"an automatic reply ({why})",))
    if has_invitation:
        return Classified(ReplyClass.INVITATION, ("a calendar invitation (METHOD:REQUEST)",))
    why = list_mail(facts)
    if why:
        return Classified(None, (f"list mail, not a reply ({why})",))
    subject, text = normalise(facts.subject), normalise(facts.text)
    for kind, phrases in PHRASES[1:]:
        why = _found(phrases, subject, text)
        if why:
            return Classified(kind, (f"{kind}: {why}",))
    return Classified(ReplyClass.OTHER, ("no rule matched: a reply of another kind",))


def _header_name(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-")).replace("Id", "ID")


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"
