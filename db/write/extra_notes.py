"""Notes the rules don't schedule on their own clock: an addendum after an interview
(what you forgot to say, or a slip put right: rule 6) and a thank-you for feedback
received after a rejection (rule 5)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from db import cadence
from db.cadence import Plan
from db.days import soonest
from db.enums import Channel, Kind, Stage, Status
from db.models import Application, Contact, FollowUp, Interview, interview_participant
from db.records import FollowUpItem
from db.validation import ValidationError
from db.write import plans
from db.write.uow import UnitOfWork


def add_addendum(uow: UnitOfWork, interview_id: int, contact_id: int | None = None) -> FollowUpItem:
    """Plan a short addendum to one member of an interview's panel (its lead unless
    told), due now: it goes out when you have written it."""
    with uow:
        s = uow.session
        interview = plans.get(s, Interview, interview_id)
        app = plans.get(s, Application, interview.application_id)
        if Stage(app.stage) not in cadence.ACTIVE_STAGES:
            raise ValidationError(
                "stage",
                f"{app.company.name} is {app.stage}: an addendum would change nothing now",
            )
        ip = interview_participant
        panel = list(
            s.scalars(
                select(ip.c.contact_id)
                .where(ip.c.interview_id == interview.id)
                .order_by(ip.c.position)
            )
        )
        contact_id = panel[0] if contact_id is None and panel else contact_id
        if contact_id is None or contact_id not in panel:
            raise ValidationError("contact", "Pick someone who was on that interview's panel")
        who = plans.get(s, Contact, contact_id)
        waiting = s.scalar(
            select(func.count()).where(
                FollowUp.interview_id == interview.id,
                FollowUp.contact_id == contact_id,
                FollowUp.kind == Kind.ADDENDUM,
                FollowUp.status == Status.PLANNED,
            )
        )
        if waiting:
            raise ValidationError(
                "contact", f"An addendum to {who.name} is already planned: write it from Today"
            )
        plan = Plan(
            contact_id,
            Kind.ADDENDUM,
            Channel.EMAIL,
            soonest(uow.now, uow.settings),
            app.id,
            interview.id,
            "rule 6: add what you forgot, or put a slip right",
        )
        (made,) = plans.plan(uow, [plan], space=False)
        uow.commit()
        return made


def thank_for_feedback(
    uow: UnitOfWork, app: Application, contact_id: int | None, received_at: dt.datetime
) -> tuple[FollowUpItem, ...]:
    """Inside a reply being recorded: if it answers a feedback request already sent,
    plan one thank-you for it (to whoever answered, else whoever was asked), unless
    the application has been closed since (nothing more goes to a closed one)."""
    if Stage(app.stage) in cadence.CLOSED_STAGES:
        return ()
    s = uow.session
    asked = s.scalars(
        select(FollowUp)
        .where(
            FollowUp.application_id == app.id,
            FollowUp.kind == Kind.FEEDBACK_REQUEST,
            FollowUp.status == Status.SENT,
            FollowUp.status_changed_at <= received_at,
        )
        .order_by(FollowUp.status_changed_at.desc())
    ).first()
    thanked = s.scalar(
        select(func.count()).where(
            FollowUp.application_id == app.id, FollowUp.kind == Kind.FEEDBACK_THANKS
        )
    )
    if asked is None or thanked:
        return ()
    plan = Plan(
        contact_id if contact_id is not None else asked.contact_id,
        Kind.FEEDBACK_THANKS,
        Channel.EMAIL,
        soonest(uow.now, uow.settings),
        app.id,
        None,
        "rule 5: they took the time to explain; thank them",
    )
    return plans.plan(uow, [plan])


__all__ = ["add_addendum", "thank_for_feedback"]
