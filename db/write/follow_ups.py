"""Triage: what the user does to one follow-up (mark it sent, log a call, snooze,
skip, write its note), and adding one by hand."""

from __future__ import annotations

import datetime as dt

from db import cadence, replies, validation
from db.cadence import Plan
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
from db.write.results import Sent, Skipped, Snoozed
from db.write.uow import UnitOfWork, utc


def _planned(s, follow_up_id: int) -> FollowUp:
    fu = plans.get(s, FollowUp, follow_up_id)
    if fu.status != Status.PLANNED:
        raise ValidationError("status", f"This follow-up is already {fu.status}")
    return fu


def mark_sent(uow: UnitOfWork, follow_up_id: int, *, outcome: str | None = None) -> Sent:
    """Mark it sent (a call: with its outcome) and plan what comes next (db.cadence)."""
    with uow:
        s, now = uow.session, uow.now
        fu = _planned(s, follow_up_id)
        fu.status, fu.status_changed_at, fu.outcome = Status.SENT, now, outcome
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


__all__ = ["add_follow_up", "log_call_outcome", "mark_sent", "save_note", "skip", "snooze"]
