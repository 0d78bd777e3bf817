"""The words of the domain. Kept apart from the models so the interface can use them
without importing SQLAlchemy (which would slow the first frame)."""

import enum


class Stage(enum.StrEnum):
    WISHLIST = "wishlist"
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"


class Kind(enum.StrEnum):
    THANK_YOU = "thank-you"
    CHECK_IN = "check-in"
    APPLIED_CHECK_IN = "application check-in"  # once, when an application goes unanswered
    FEEDBACK_REQUEST = "feedback request"
    KEEP_WARM = "keep-warm"
    REFERENCE_HEADS_UP = "reference heads-up"
    EVENT_FOLLOW_UP = "event follow-up"
    ADDENDUM = "addendum"
    """Sent after an interview's thank-you: what you forgot to say, or a slip put right."""
    FEEDBACK_THANKS = "feedback thanks"
    """They told you why it was a no: thank them for it."""
    CUSTOM = "custom"


class Channel(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    HANDWRITTEN = "handwritten"
    MESSAGE = "message"
    IN_PERSON = "in person"


SPOKEN = (Channel.PHONE, Channel.IN_PERSON)
"""Channels whose note is a plan to follow (a call plan), not a text to send."""


class Status(enum.StrEnum):
    PLANNED = "planned"
    SENT = "sent"
    SKIPPED = "skipped"


class Outcome(enum.StrEnum):
    REACHED = "reached"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no answer"


class MetVia(enum.StrEnum):
    INTERVIEW = "interview"
    EVENT = "event"
    REFERRAL = "referral"
    REFERENCE = "reference"
    RECRUITER = "recruiter"
    OTHER = "other"


class InterviewKind(enum.StrEnum):
    PHONE_SCREEN = "phone screen"
    VIDEO = "video"
    ON_SITE = "on-site"
    PANEL = "panel"


# The mailbox's proposals (db.mail.facts re-exports them): kept here so the write side
# can accept a proposal without importing the mail reader.


class ProposalKind(enum.StrEnum):
    SENT = "sent"  # a note the user sent: mark the planned follow-up sent
    REPLY = "reply"  # they answered: record a response (ends check-ins)
    INTERVIEW = "interview"  # an invitation: log the interview with its panel
    MOVED = "moved"  # an invitation's update (higher SEQUENCE): move the interview
    CANCELLED = "cancelled"  # METHOD:CANCEL: the interview is off
    STAGE = "stage"  # a rejection or offer: move the application's stage


class ReplyClass(enum.StrEnum):
    INVITATION = "interview invitation"
    REJECTION = "rejection"
    OFFER = "offer"
    ASKS = "asks you for something"
    ACKNOWLEDGEMENT = "automatic acknowledgement"
    OUT_OF_OFFICE = "out-of-office"
    OTHER = "other"


class ProposalStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"
