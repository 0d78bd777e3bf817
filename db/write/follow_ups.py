"""Triage: what the user does to one follow-up (mark it sent, log a call, snooze,
skip, write its note), and adding one by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import joinedload

from db import cadence, replies, validation
from db.cadence import Plan
from db.dates import utc
from db.days import at_send_hour, local_date, next_business_day
from db.models import (
    Application,
    Channel,
    Contact,
    FollowUp,
    Kind,
    Outcome,
    Stage,
    Status,
)
from db.records import FollowUpItem
from db.validation import ValidationError
from db.write import plans
from db.write.results import (
    BroughtBack,
    PlannedByHand,
    Rescheduled,
    Sent,
    Skipped,
    Snoozed,
)
from db.write.uow import UnitOfWork

_WITH_PEOPLE = (
    joinedload(FollowUp.contact),
    joinedload(FollowUp.application).joinedload(Application.company),
)


def _planned(s, follow_up_id: int) -> FollowUp:
    # With its contact, application and company in the same SELECT: loaded one by one
    # on first use, each was a statement of its own (a round trip on a server) and
    # flushed what had been changed so far.
    fu = plans.get(s, FollowUp, follow_up_id, options=_WITH_PEOPLE)
    if fu.status != Status.PLANNED:
        raise ValidationError("status", f"This follow-up is already {fu.status}")
    return fu


def mark_sent(
    uow: UnitOfWork,
    follow_up_id: int,
    *,
    outcome: str | None = None,
    sent_at: dt.datetime | None = None,
    as_sent: tuple[str, str] | None = None,
) -> Sent:
    """Mark it sent (a call: with its outcome) and plan what comes next (db.cadence).
    Found in the mailbox, it was sent at `sent_at` (not now), and `as_sent` (subject,
    text) is what actually went out: kept in place of the draft, for read-back."""
    with uow:
        s = uow.session
        now = min(utc(sent_at), uow.now) if sent_at is not None else uow.now
        fu = _planned(s, follow_up_id)
        fu.status, fu.status_changed_at, fu.outcome = Status.SENT, now, outcome
        if as_sent is not None:
            subject, text = as_sent
            fu.subject = validation.line(subject[:200], "subject") or fu.subject
            fu.body = validation.text(text, "body") or fu.body
        touched = fu.contact.last_touched_at
        if sent_at is None or touched is None or touched < now:  # an old mail: keep the newer
            fu.contact.last_touched_at = now
        s.flush()
        company = fu.application.company.name if fu.application is not None else ""
        sent = {"follow_up_id": fu.id, "kind": fu.kind, "contact_name": fu.contact.name}
        sent.update(company=company, outcome=outcome)
        if outcome == Outcome.REACHED and fu.application_id is not None:
            # Speaking with them is their reply: rule 4 ends the other check-ins.
            _, skipped = plans.answered(uow, fu.application_id, "Reached by phone", fu.contact_id)
            s.flush()
            if fu.kind != Kind.KEEP_WARM:  # the keep-warm rhythm goes on (rule 5)
                uow.commit()
                return Sent(**sent, reached=True, skipped=skipped)
        result = _after_sent(uow, fu, sent)
        uow.commit()
        return result


def _after_sent(uow: UnitOfWork, fu: FollowUp, sent: dict) -> Sent:
    s, settings = uow.session, uow.settings
    unanswered, app_stage = 0, None
    if fu.application_id is not None:
        unanswered = plans.unanswered(s, fu.application_id)
        app_stage = Stage(fu.application.stage)
    warm = plans.touches(s, FollowUp.contact_id == fu.contact_id, FollowUp.kind == Kind.KEEP_WARM)
    plan = None
    if app_stage is None or app_stage not in cadence.CLOSED_STAGES:
        if not (fu.kind == Kind.CHECK_IN and app_stage not in cadence.ACTIVE_STAGES):
            plan = cadence.after_sent(
                plans.touch(fu),
                unanswered=unanswered,
                warm_sent=sum(t.status == Status.SENT for t in warm),
                channel=Channel(fu.channel),
                has_warm_planned=any(t.status == Status.PLANNED for t in warm),
                settings=settings,
            )
    made = plans.plan(uow, [plan] if plan else [])
    ghost = (
        app_stage is not None
        and fu.kind == Kind.CHECK_IN
        and cadence.suggest_ghosted(app_stage, unanswered, settings)
    )
    next_up = None
    if not made and fu.application_id is not None:
        # Nothing new to plan (a thank-you, say): say what comes next anyway.
        row = s.execute(
            plans.item_query()
            .where(
                FollowUp.application_id == fu.application_id,
                FollowUp.status == Status.PLANNED,
                FollowUp.kind != Kind.THANK_YOU,
            )
            .order_by(FollowUp.due_at)
            .limit(1)
        ).first()
        next_up = plans.to_item(row) if row is not None else None
    return Sent(**sent, planned=made, next_up=next_up, unanswered=unanswered, suggest_ghosted=ghost)


def log_call_outcome(uow: UnitOfWork, follow_up_id: int, outcome: str) -> Sent:
    """A call made: reached, voicemail or no answer (each counts as sent)."""
    outcome = validation.choice(outcome, Outcome, "outcome")
    return mark_sent(uow, follow_up_id, outcome=outcome)


def snooze(uow: UnitOfWork, follow_up_id: int, choice: str | dt.date) -> Snoozed:
    """Move it later ('tomorrow', 'next week', a day); the contact's others respace."""
    with uow:
        s = uow.session
        fu = _planned(s, follow_up_id)
        try:
            until = cadence.snooze_until(choice, uow.now, uow.settings)
        except ValueError as exc:
            raise ValidationError("until", str(exc).capitalize()) from None
        fu.due_at = fu.snoozed_until = until
        s.flush()
        plans.respace(uow, [fu.contact_id])
        result = Snoozed(plans.item(s, fu.id))
        uow.commit()
        return result


def skip(uow: UnitOfWork, follow_up_id: int, reason: str) -> Skipped:
    """Not sending it, and why."""
    reason = validation.line(reason, "reason", required=True)
    with uow:
        fu = _planned(uow.session, follow_up_id)
        plans.skip(uow, fu, reason)
        replied, ended = False, 0
        if replies.is_reply_reason(reason) and fu.application_id is not None:
            # Their answer came some other way: it is a reply all the same (rule 4).
            replied = True
            _, ended = plans.answered(
                uow, fu.application_id, replies.REPLIED_SUMMARY, fu.contact_id
            )
        result = Skipped(fu.id, fu.kind, fu.contact.name, replied=replied, ended=ended)
        uow.commit()
        return result


def save_note(
    uow: UnitOfWork, follow_up_id: int, subject: str, body: str, channel: str | None = None
) -> FollowUpItem:
    """Keep the note's subject and text (and its channel, when changed)."""
    with uow:
        s = uow.session
        fu = plans.get(s, FollowUp, follow_up_id)
        fu.subject = validation.line(subject, "subject")
        fu.body = validation.text(body, "body")
        if channel is not None:
            fu.channel = validation.choice(channel, Channel, "channel")
        s.flush()
        result = plans.item(s, fu.id)
        uow.commit()
        return result


def add_follow_up(
    uow: UnitOfWork,
    contact_id: int,
    kind: str = Kind.CUSTOM,
    channel: str = Channel.EMAIL,
    *,
    due_at: dt.datetime | None = None,
    application_id: int | None = None,
    subject: str = "",
    body: str = "",
) -> FollowUpItem:
    """A follow-up planned by hand (the command line, imports); a custom one keeps its
    time, any other kind is spaced from the contact's others."""
    kind = validation.choice(str(kind), Kind, "kind")
    channel = validation.choice(str(channel), Channel, "channel")
    with uow:
        s = uow.session
        plans.get(s, Contact, contact_id)
        if application_id is not None:
            plans.get(s, Application, application_id)
        plan = Plan(
            contact_id,
            Kind(kind),
            Channel(channel),
            utc(due_at) if due_at else uow.now,
            application_id,
        )
        (made,) = plans.plan(uow, [plan], space=kind != Kind.CUSTOM)
        fu = s.get(FollowUp, made.id)
        fu.subject = validation.line(subject, "subject")
        fu.body = validation.text(body, "body")
        s.flush()
        result = plans.item(s, fu.id)
        uow.commit()
        return result


# --- by hand: a follow-up of one's own, another day or channel, one brought back ------


def plan_by_hand(
    uow: UnitOfWork,
    contact_id: int,
    kind: str,
    channel: str,
    day: dt.date,
    *,
    application_id: int | None = None,
    subject: str = "",
) -> PlannedByHand:
    """A follow-up the user plans themselves, due on `day` (today or later) at the send
    hour. It is always one more: a handwritten card planned beside an e-mail thank-you
    is an extra, never instead (rule 1), so nothing else is skipped."""
    kind = validation.choice(str(kind), Kind, "kind")
    channel = validation.choice(str(channel), Channel, "channel")
    subject = validation.line(subject, "subject")
    with uow:
        s = uow.session
        plans.get(s, Contact, contact_id)
        if application_id is not None:
            plans.get(s, Application, application_id)
        due = _due_on(uow, day)
        plan = Plan(contact_id, Kind(kind), Channel(channel), due, application_id)
        (made,) = plans.plan(uow, [plan], space=False)
        fu = s.get(FollowUp, made.id)
        fu.subject = subject
        moved = _keep_day(uow, fu)
        result = PlannedByHand(plans.item(s, fu.id), moved)
        uow.commit()
        return result


def reschedule(
    uow: UnitOfWork, follow_up_id: int, day: dt.date, channel: str | None = None
) -> Rescheduled:
    """Move a planned follow-up to `day` (earlier or later, not before today), and
    change how it goes out when `channel` is given."""
    if channel is not None:
        channel = validation.choice(str(channel), Channel, "channel")
    with uow:
        s = uow.session
        fu = _planned(s, follow_up_id)
        fu.due_at = _due_on(uow, day)
        changed = channel is not None and channel != fu.channel
        if changed:
            fu.channel = channel
        moved = _keep_day(uow, fu)
        result = Rescheduled(plans.item(s, fu.id), moved, channel_changed=changed)
        uow.commit()
        return result


def bring_back(uow: UnitOfWork, follow_up_id: int) -> BroughtBack:
    """Plan a skipped follow-up again: at its old due time if that is still ahead,
    else the next business day at the send hour."""
    with uow:
        s, now = uow.session, uow.now
        fu = plans.get(s, FollowUp, follow_up_id)
        if fu.status != Status.SKIPPED:
            raise ValidationError("status", f"This follow-up is {fu.status}, not skipped")
        if fu.due_at <= now:
            fu.due_at = at_send_hour(next_business_day(local_date(now, uow.settings)), uow.settings)
        fu.status, fu.status_changed_at, fu.reason = Status.PLANNED, None, "brought back"
        moved = _keep_day(uow, fu)
        result = BroughtBack(plans.item(s, fu.id), moved)
        uow.commit()
        return result


def _due_on(uow: UnitOfWork, day: dt.date) -> dt.datetime:
    """`day` at the send hour; a day before today is refused."""
    if not isinstance(day, dt.date):
        raise ValidationError("due", "Type the day it is due")
    if day < local_date(uow.now, uow.settings):
        raise ValidationError("due", f"{day:%a %d %b %Y} is in the past: pick today or later")
    return at_send_hour(day, uow.settings)


def _keep_day(uow: UnitOfWork, fu: FollowUp) -> tuple[FollowUpItem, ...]:
    """Keep `fu` on the day the user gave it and move the same person's other
    discretionary follow-ups later where the gap asks (rule 3); those that moved."""
    s = uow.session
    s.flush()
    mine = plans.touches(
        s,
        FollowUp.contact_id == fu.contact_id,
        FollowUp.status != Status.SKIPPED,
        FollowUp.kind != Kind.CUSTOM,
    )
    # The rules keep sent touches where they are: so, too, the one just given its day.
    mine = [replace(t, status=Status.SENT) if t.id == fu.id else t for t in mine]
    moves = cadence.respace(mine, uow.settings)
    for fid, due in moves.items():
        s.get(FollowUp, fid).due_at = due
    s.flush()
    return tuple(plans.item(s, fid) for fid in moves)


__all__ = [
    "add_follow_up",
    "bring_back",
    "log_call_outcome",
    "mark_sent",
    "plan_by_hand",
    "reschedule",
    "save_note",
    "skip",
    "snooze",
]
