"""The user's decision on what the mailbox proposed: accept it (the same service as doing
it by hand runs, in the same transaction as the decision) or dismiss it (it never comes
back). A proposal is decided once."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from db.dates import utc
from db.enums import MetVia, ProposalKind, ProposalStatus, Stage
from db.models import Application, Contact, MailMessage, MailProposal
from db.validation import ValidationError
from db.write import applications, contacts, follow_ups, interviews, plans
from db.write.results import MailAccepted, MailDismissed
from db.write.uow import UnitOfWork

EDITS = ("application_id", "contact_id", "starts_at", "stage")


def accept(uow: UnitOfWork, proposal_id: int, **edits: Any) -> MailAccepted:
    """Accept a pending proposal, changed first by `edits` (application_id, contact_id,
    starts_at: the interview's time or when the note went out, stage)."""
    unknown = set(edits) - set(EDITS)
    if unknown:
        raise ValidationError(
            unknown.pop(), "Only the application, contact, time or stage can change"
        )
    with uow:
        s = uow.session
        p = _pending(s, proposal_id)
        app_id = edits.get("application_id") or p.application_id
        contact_id = edits.get("contact_id") or p.contact_id
        if app_id is not None:
            plans.get(s, Application, app_id)
        if contact_id is not None:
            plans.get(s, Contact, contact_id)
        p.application_id, p.contact_id = app_id, contact_id
        message = s.get(MailMessage, p.message_id)
        data = json.loads(p.payload or "{}")
        when = utc(edits["starts_at"]) if edits.get("starts_at") else None
        kind = ProposalKind(p.kind)
        also: list[MailProposal] = []
        new_people: tuple[str, ...] = ()
        if kind == ProposalKind.SENT:
            if p.follow_up_id is None:
                raise ValidationError("follow_up", "The planned follow-up it fulfils is gone")
            done = follow_ups.mark_sent(
                uow,
                p.follow_up_id,
                sent_at=when or message.sent_at,
                as_sent=(data.get("subject", ""), data.get("text", "")),
            )
        elif kind == ProposalKind.REPLY:
            done = interviews.record_response(
                uow,
                _need_app(app_id, "reply"),
                _summary(p, message),
                contact_id,
                min(when or message.sent_at, uow.now),
            )
        elif kind == ProposalKind.STAGE:
            stage = edits.get("stage") or data.get("stage")
            done = applications.move_stage(uow, _need_app(app_id, "stage move"), stage)
            if Stage(done.stage) in (Stage.REJECTED, Stage.OFFER):
                # The move keeps their answer as a reply itself: the same message's reply
                # proposal is settled with it, so the reply is not counted twice.
                also = _siblings(s, p, ProposalKind.REPLY)
        elif kind == ProposalKind.INTERVIEW:
            done, new_people = _log(uow, p, data, _need_app(app_id, "interview"), when)
        elif kind == ProposalKind.MOVED:
            interview_id = _interview(s, p, data)
            if interview_id is None:
                raise ValidationError(
                    "interview",
                    "The interview this update moves is not logged: accept the invitation first",
                )
            start = when or dt.datetime.fromisoformat(data["starts_at"])
            done = interviews.move_interview(uow, interview_id, start, data.get("minutes"))
        else:  # CANCELLED
            interview_id = _interview(s, p, data)
            if interview_id is not None:
                done = interviews.cancel_interview(uow, interview_id)
            else:
                done = None  # never logged: the invitation's pending proposals go too
                also = [q for q in _event(s, data.get("uid")) if q.id != p.id]
        p.status, p.decided_at = ProposalStatus.ACCEPTED, uow.now
        for other in also:
            if other.status == ProposalStatus.PENDING:
                other.status, other.decided_at = ProposalStatus.ACCEPTED, uow.now
        result = MailAccepted(p.id, str(kind), p.label, done, new_people, len(also))
        uow.commit()
        return result


def dismiss(uow: UnitOfWork, proposal_id: int) -> MailDismissed:
    """Not so, or not wanted: nothing changes, and a re-sync never proposes it again."""
    with uow:
        p = _pending(uow.session, proposal_id)
        p.status, p.decided_at = ProposalStatus.DISMISSED, uow.now
        result = MailDismissed(p.id, p.kind, p.label)
        uow.commit()
        return result


def _pending(s, proposal_id: int) -> MailProposal:
    p = plans.get(s, MailProposal, proposal_id)
    if p.status != ProposalStatus.PENDING:
        raise ValidationError("status", f"Proposal {p.id} was {p.status} already")
    return p


def _need_app(app_id: int | None, what: str) -> int:
    if app_id is None:
        raise ValidationError(
            "application", f"Pick the application this {what} is about (e to edit)"
        )
    return app_id


def _summary(p: MailProposal, message: MailMessage) -> str:
    label = p.label.capitalize() if p.label else "Reply"
    return f"{label} by e-mail: {message.subject}"[:500]


def _siblings(s, p: MailProposal, kind: ProposalKind) -> list[MailProposal]:
    return list(
        s.scalars(
            select(MailProposal).where(
                MailProposal.message_id == p.message_id, MailProposal.kind == kind
            )
        )
    )


def _event(s, uid: str | None) -> list[MailProposal]:
    """Every proposal made for the calendar event `uid`."""
    if not uid:
        return []
    rows = s.scalars(
        select(MailProposal).where(
            MailProposal.kind.in_(
                [ProposalKind.INTERVIEW, ProposalKind.MOVED, ProposalKind.CANCELLED]
            )
        )
    )
    return [q for q in rows if json.loads(q.payload or "{}").get("uid") == uid]


def _interview(s, p: MailProposal, data: dict) -> int | None:
    """The interview logged for this event (by accepting its invitation), if any."""
    if p.interview_id is not None:
        return p.interview_id
    for q in _event(s, data.get("uid")):
        if q.kind == ProposalKind.INTERVIEW and q.interview_id is not None:
            return q.interview_id
    return None


def _log(uow: UnitOfWork, p: MailProposal, data: dict, app_id: int, when):
    """Log the invitation's interview with its panel: people not yet known are added
    first (name and address, at the application's company), so each gets a thank-you."""
    s = uow.session
    company = s.get(Application, app_id).company.name
    ids, new = [], []
    for person in data.get("attendees", []):
        cid = person.get("contact_id")
        if cid is None or s.get(Contact, cid) is None:
            row = contacts.add_contact(
                uow,
                person["name"],
                email=person["email"],
                company=company,
                met_via=MetVia.INTERVIEW,
            )
            cid = row.id
            new.append(row.name)
        ids.append(cid)
    start = when or dt.datetime.fromisoformat(data["starts_at"])
    done = interviews.log_interview(
        uow, app_id, start, ids, minutes=data.get("minutes", 60), kind=data.get("kind", "video")
    )
    p.interview_id = done.interview_id
    return done, tuple(new)
