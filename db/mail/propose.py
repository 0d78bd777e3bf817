"""From one stored message to the changes it suggests, as mail_proposal rows waiting for
the user: a note found in Sent (SENT), a reply (REPLY, and STAGE for a rejection or an
offer), an invitation (INTERVIEW), its update (MOVED) or its cancellation (CANCELLED).

One row per message and kind: proposing again (a re-sync) adds nothing, and a
dismissed proposal never comes back. Runs inside the sync's unit of work; only the
auto-accept setting changes anything beyond the proposals, through the same service
as accepting by hand."""

from __future__ import annotations

import datetime as dt
import json
import re

from sqlalchemy import select

from db.enums import InterviewKind, ProposalKind, ProposalStatus, ReplyClass, Stage, Status
from db.mail.account import load
from db.mail.classify import classify
from db.mail.facts import Address, MailFacts
from db.mail.invite import Invite, invites, name_from_address
from db.mail.match import Match, counterparts, find_contact, match
from db.models import Contact, FollowUp, Interview, MailMessage, MailProposal

EARLY = dt.timedelta(days=3)
"""A note found in Sent counts for a follow-up from this long before it was due."""
SENT_TEXT_LIMIT = 4_000
"""The text of a sent note kept for read-back (only the user's own notes)."""
STAGE_FOR = {ReplyClass.REJECTION: Stage.REJECTED, ReplyClass.OFFER: Stage.OFFER}
QUOTE_START = re.compile(r"^(on .{0,200} wrote:|-{2,} ?original message ?-{2,}|from: .+)$", re.I)


def propose(uow, facts: MailFacts, message_row: MailMessage) -> list[MailProposal]:
    """New proposals for `message_row` (already stored, flushed), added to the session."""
    s = uow.session
    me = my_addresses(uow, facts)
    if facts.folder == "sent":
        wanted = _sent(s, facts, me)
    else:
        wanted = _inbox(s, facts, me)
    made = []
    for proposal in wanted:
        if _proposed(s, message_row, proposal.kind):
            continue  # proposed before: pending, accepted or dismissed, it stays as it is
        proposal.message_id = message_row.id
        proposal.created_at = uow.now
        s.add(proposal)
        made.append(proposal)
    s.flush()
    if uow.settings.mail_accept_sent == "yes":
        from db.write import mail as decide

        for proposal in made:
            if proposal.kind == ProposalKind.SENT and json.loads(proposal.payload).get("sure"):
                decide.accept(uow, proposal.id)
    return made


def _proposed(s, message_row: MailMessage, kind: str) -> bool:
    """Already proposed for this message, or for the same Message-ID stored again (a
    folder the server renumbered is read again from the start)."""
    same = MailProposal.message_id == message_row.id
    if message_row.message_id:
        again = select(MailMessage.id).where(MailMessage.message_id == message_row.message_id)
        same = same | MailProposal.message_id.in_(again)
    return (
        s.scalar(select(MailProposal.id).where(same, MailProposal.kind == kind).limit(1))
        is not None
    )


def my_addresses(uow, facts: MailFacts) -> frozenset[str]:
    """The user's own addresses: the mail login when it is an address, the sender of a
    message in Sent, else whom an Inbox message was sent to."""
    account = load(uow.session)
    login = account.user.strip().lower() if account is not None else ""
    mine = {login} if "@" in login else set()
    if facts.folder == "sent":
        mine.add(facts.sender.email)
    elif not mine:
        mine.update(a.email for a in facts.to)
    return frozenset(mine)


# --- Sent ---------------------------------------------------------------------------


def _sent(s, facts: MailFacts, me: frozenset[str]) -> list[MailProposal]:
    """The planned follow-up this note fulfils: to one of its recipients, due no more
    than EARLY after it was sent (any time later is fine), and after its interview."""
    people = counterparts(facts, me)
    for person in people:
        contact = _contact(s, person.email)
        if contact is None:
            continue
        # By contact alone, the status tested here: with it in the query, SQLite reads
        # every planned follow-up in due order (~15 ms each at 5,000 applications).
        options = [
            fu
            for fu in s.scalars(
                select(FollowUp).where(FollowUp.contact_id == contact.id).order_by(FollowUp.due_at)
            )
            if fu.status == Status.PLANNED
            and facts.sent_at >= fu.due_at - EARLY
            and _after_interview(s, fu, facts.sent_at)
        ]
        if not options:
            continue
        fu = options[0]
        evidence = [
            f"sent to {contact.name} <{person.email}> on {facts.sent_at:%a %d %b %H:%M} UTC",
            f"the {fu.kind} to {contact.name} was planned for {fu.due_at:%a %d %b}",
        ]
        if len(options) > 1:
            evidence.append(f"{len(options)} follow-ups to {contact.name} are planned: the soonest")
        sure = len(people) == 1 and len(options) == 1
        payload = {
            "subject": facts.subject,
            "text": sent_text(facts.text),
            "sent_at": facts.sent_at.isoformat(),
            "sure": sure,
        }
        return [
            MailProposal(
                kind=ProposalKind.SENT,
                label=str(fu.kind),
                evidence="\n".join(evidence),
                payload=json.dumps(payload),
                application_id=fu.application_id,
                contact_id=contact.id,
                follow_up_id=fu.id,
                interview_id=fu.interview_id,
            )
        ]
    return []


def _after_interview(s, fu: FollowUp, sent_at: dt.datetime) -> bool:
    if fu.interview_id is None:
        return True
    starts = s.scalar(select(Interview.starts_at).where(Interview.id == fu.interview_id))
    return starts is None or sent_at >= starts


def sent_text(text: str) -> str:
    """What the user wrote, without the quoted message it answers."""
    kept = []
    for line in text.splitlines():
        if line.startswith(">") or QUOTE_START.match(line.strip()):
            break
        kept.append(line)
    return "\n".join(kept).strip()[:SENT_TEXT_LIMIT]


# --- Inbox --------------------------------------------------------------------------


def _inbox(s, facts: MailFacts, me: frozenset[str]) -> list[MailProposal]:
    found = invites(facts.calendars, tuple(me))
    extra = tuple(p for i in found for p in (*filter(None, [i.organizer]), *i.attendees))
    m = match(s, facts, me, extra)
    if not m.found:
        return []  # not about anyone or any company of the search
    if found:
        return [p for i in found if (p := _calendar(s, i, m)) is not None]
    verdict = classify(facts)
    if not verdict.is_reply:
        return []  # an auto-reply or list mail is not an answer (rule 4 does not apply)
    evidence = "\n".join((*m.evidence, *verdict.evidence))
    made = [
        MailProposal(
            kind=ProposalKind.REPLY,
            label=str(verdict.kind),
            evidence=evidence,
            application_id=m.application_id,
            contact_id=m.contact_id,
        )
    ]
    stage = STAGE_FOR.get(verdict.kind)
    if stage is not None:
        made.append(
            MailProposal(
                kind=ProposalKind.STAGE,
                label=str(stage),
                evidence=evidence,
                payload=json.dumps({"stage": str(stage)}),
                application_id=m.application_id,
                contact_id=m.contact_id,
            )
        )
    return made


def _calendar(s, invite: Invite, m: Match) -> MailProposal | None:
    earlier = _same_event(s, invite.uid)
    interview_id = next((p.interview_id for p, _ in earlier if p.interview_id), None)
    evidence = [*m.evidence]
    payload = {"uid": invite.uid, "sequence": invite.sequence, "summary": invite.summary}
    if invite.starts_at is not None:
        payload.update(starts_at=invite.starts_at.isoformat(), minutes=invite.minutes)
    if invite.method == "CANCEL":
        if any(p.kind == ProposalKind.CANCELLED for p, _ in earlier):
            return None
        evidence.append(f"the invitation “{invite.summary}” was cancelled (METHOD:CANCEL)")
        return _calendar_row(ProposalKind.CANCELLED, "", evidence, payload, m, interview_id)
    if invite.starts_at is None:
        return None
    if earlier:
        if invite.sequence <= max(seq for _, seq in earlier):
            return None  # the same invitation again
        if all(p.status == ProposalStatus.DISMISSED for p, _ in earlier):
            return None  # the user said this event is not an interview of theirs
        waiting = [p for p, _ in earlier if p.kind == ProposalKind.INTERVIEW
                   and p.status == ProposalStatus.PENDING]  # fmt: skip
        if waiting:
            _retime(waiting[0], invite)  # not decided yet: the proposal shows the new time
            return None
        evidence.append(
            f"an update of “{invite.summary}” (SEQUENCE {invite.sequence}): "
            f"now {invite.starts_at:%a %d %b %H:%M} UTC"
        )
        return _calendar_row(ProposalKind.MOVED, "", evidence, payload, m, interview_id)
    if m.application_id is not None and _logged_already(s, m.application_id, invite.starts_at):
        return None  # logged by hand already
    panel = [_attendee(s, a) for a in invite.attendees]
    payload.update(
        attendees=panel,
        kind=str(InterviewKind.PANEL if len(panel) >= 3 else InterviewKind.VIDEO),
    )
    names = ", ".join(p["name"] + (" (new)" if p["contact_id"] is None else "") for p in panel)
    evidence.append(
        f"a calendar invitation (METHOD:REQUEST) for {invite.starts_at:%a %d %b %H:%M} UTC, "
        f"{invite.minutes} min"
    )
    evidence.append(f"the panel from its ATTENDEE lines: {names or 'nobody named'}")
    return _calendar_row(
        ProposalKind.INTERVIEW, str(ReplyClass.INVITATION), evidence, payload, m, None
    )


def _retime(proposal: MailProposal, invite: Invite) -> None:
    data = json.loads(proposal.payload)
    data.update(
        sequence=invite.sequence, starts_at=invite.starts_at.isoformat(), minutes=invite.minutes
    )
    proposal.payload = json.dumps(data)
    proposal.evidence += (
        f"\nmoved by an update (SEQUENCE {invite.sequence}) to "
        f"{invite.starts_at:%a %d %b %H:%M} UTC, {invite.minutes} min"
    )


def _calendar_row(kind, label, evidence, payload, m: Match, interview_id) -> MailProposal:
    return MailProposal(
        kind=kind,
        label=label,
        evidence="\n".join(evidence),
        payload=json.dumps(payload),
        application_id=m.application_id,
        contact_id=m.contact_id,
        interview_id=interview_id,
    )


def _same_event(s, uid: str) -> list[tuple[MailProposal, int]]:
    """Earlier proposals for the same calendar event (UID), with their SEQUENCE; a
    dismissed one still counts (it was seen)."""
    rows = s.scalars(
        select(MailProposal).where(
            MailProposal.kind.in_(
                [ProposalKind.INTERVIEW, ProposalKind.MOVED, ProposalKind.CANCELLED]
            )
        )
    )
    found = []
    for p in rows:
        data = json.loads(p.payload or "{}")
        if data.get("uid") == uid:
            found.append((p, int(data.get("sequence", 0))))
    return found


def _logged_already(s, application_id: int, starts_at: dt.datetime) -> bool:
    near = dt.timedelta(minutes=30)
    return (
        s.scalar(
            select(Interview.id).where(
                Interview.application_id == application_id,
                Interview.starts_at.between(starts_at - near, starts_at + near),
            )
        )
        is not None
    )


def _contact(s, email: str) -> Contact | None:
    return find_contact(s, email)


def _attendee(s, a: Address) -> dict:
    contact = _contact(s, a.email)
    if contact is not None:
        return {"name": contact.name, "email": a.email, "contact_id": contact.id}
    return {"name": a.name or name_from_address(a.email), "email": a.email, "contact_id": None}


__all__ = ["my_addresses", "propose", "sent_text"]
