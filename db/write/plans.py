"""Steps several services share, inside one unit of work: find a row or say it is
gone, plan follow-ups and keep one contact's spaced out, skip, count unanswered
check-ins, and move an application to a stage with what that sets off (db.cadence and
db.cadence_stages decide; this applies it). Internal to db.write."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from db import cadence, cadence_stages, replies, validation
from db.cadence import Plan, Touch
from db.errors import NotFound
from db.models import (
    Application,
    Company,
    Contact,
    FollowUp,
    Interview,
    Kind,
    Reference,
    Response,
    Stage,
    StageChange,
    Status,
    interview_participant,
)
from db.records import FollowUpItem
from db.write.uow import StampedSession, UnitOfWork


def get(s: Session, model, id_: int, options=()):
    """The row, or NotFound naming what is gone ('follow-up 7 no longer exists')."""
    row = s.get(model, id_, options=options)
    if row is None:
        raise NotFound(f"{model.__tablename__.replace('_', '-')} {id_} no longer exists")
    return row


def company(s: Session, name: str) -> Company:
    """The company of that name (any case), made when there is none."""
    name = validation.name(name, "company")
    found = s.scalar(select(Company).where(func.lower(Company.name) == name.lower()))
    if found is None:
        found = Company(name=name)
        s.add(found)
        s.flush()
    return found


def touch(f) -> Touch:
    """A follow-up (the model, or a row of _TOUCH_COLUMNS) as the rules see it."""
    return Touch(
        f.id,
        f.contact_id,
        Kind(f.kind),
        Status(f.status),
        f.due_at,
        f.application_id,
        f.status_changed_at if f.status != Status.PLANNED else None,
    )


_TOUCH_COLUMNS = (
    FollowUp.id,
    FollowUp.contact_id,
    FollowUp.kind,
    FollowUp.status,
    FollowUp.due_at,
    FollowUp.application_id,
    FollowUp.status_changed_at,
)


def touches(s: Session, *where) -> list[Touch]:
    """The follow-ups `where` selects, as the rules see them: seven columns, not whole
    rows (a contact's or an application's every note body) mapped into objects."""
    return [touch(row) for row in s.execute(select(*_TOUCH_COLUMNS).where(*where))]


def planned_for(s: Session, application_id: int) -> list[Touch]:
    return touches(s, FollowUp.application_id == application_id, FollowUp.status == Status.PLANNED)


def unanswered(s: Session, application_id: int) -> int:
    """Check-ins sent since the company last answered (a reply, or an interview)."""
    return cadence.unanswered_check_ins(
        touches(s, FollowUp.application_id == application_id),
        s.scalars(select(Response.received_at).where(Response.application_id == application_id)),
        s.scalars(select(Interview.created_at).where(Interview.application_id == application_id)),
    )


def main_contact(s: Session, application_id: int) -> int | None:
    """Who speaks for the company: the lead of the latest interview, else whoever last
    answered (a reply, a call that reached them); None while the company has not
    engaged at all."""
    ip = interview_participant
    lead = s.scalar(
        select(ip.c.contact_id)
        .join(Interview, Interview.id == ip.c.interview_id)
        .where(Interview.application_id == application_id)
        .order_by(Interview.starts_at.desc(), ip.c.position)
        .limit(1)
    )
    if lead is not None:
        return lead
    return s.scalar(
        select(Response.contact_id)
        .where(Response.application_id == application_id, Response.contact_id.is_not(None))
        .order_by(Response.received_at.desc(), Response.id.desc())
        .limit(1)
    )


def answered(
    uow: UnitOfWork,
    application_id: int,
    summary: str,
    contact_id: int | None = None,
    why: str = "reply received",
) -> tuple[Response, int]:
    """The company answered just now: keep it as a reply (the reply rate counts it) and
    end the pending check-ins (rule 4). (The reply, how many were skipped.)"""
    s = uow.session
    reply = Response(
        application_id=application_id,
        contact_id=contact_id,
        received_at=uow.now,
        summary=summary,
    )
    s.add(reply)
    s.flush()
    skipped = skip_all(uow, cadence.skips_on_reply(planned_for(s, application_id), why))
    return reply, skipped


def skip(uow: UnitOfWork, fu: FollowUp, reason: str) -> None:
    fu.status, fu.status_changed_at, fu.reason = Status.SKIPPED, uow.now, reason


def skip_all(uow: UnitOfWork, skips: Iterable[cadence.Skip]) -> int:
    count = 0
    for one in skips:
        skip(uow, uow.session.get(FollowUp, one.follow_up_id), one.reason)
        count += 1
    return count


def plan(uow: UnitOfWork, plans: Iterable[Plan], *, space: bool = True) -> tuple[FollowUpItem, ...]:
    """Add the planned follow-ups; unless told not to, respace each contact's."""
    s = uow.session
    rows = [
        FollowUp(
            contact_id=p.contact_id,
            application_id=p.application_id,
            interview_id=p.interview_id,
            kind=p.kind,
            channel=p.channel,
            due_at=p.due_at,
            reason=p.reason,
        )
        for p in plans
    ]
    if not rows:
        return ()
    s.add_all(rows)
    s.flush()
    if space:
        respace(uow, {r.contact_id for r in rows})
    return tuple(item(s, r.id) for r in rows)


def respace(uow: UnitOfWork, contact_ids: Iterable[int]) -> None:
    """Keep each contact's planned follow-ups the minimum gap apart (db.cadence)."""
    s = uow.session
    for cid in contact_ids:
        mine = touches(
            s,
            FollowUp.contact_id == cid,
            FollowUp.status != Status.SKIPPED,
            FollowUp.kind != Kind.CUSTOM,
        )
        for fid, due in cadence.respace(mine, uow.settings).items():
            s.get(FollowUp, fid).due_at = due
    s.flush()


def item_query():
    return (
        select(FollowUp, Contact.name, Contact.email, Contact.phone, Company.name, Application.role)
        .join(Contact, Contact.id == FollowUp.contact_id)
        .outerjoin(Application, Application.id == FollowUp.application_id)
        .outerjoin(Company, Company.id == Application.company_id)
    )


ITEMS = "items"
"""Session.info key: the follow-up items read since the session's last flush."""


def item(s: Session, follow_up_id: int) -> FollowUpItem:
    """The follow-up as the lists show it, as this unit of work leaves it so far. Read
    once between flushes: a second ask with nothing changed since (the undo journal
    reading what a plan just added, before the commit) gets the same item without a
    statement, which on a server is a round trip of its own."""
    s.flush()  # what was changed since is written first, and forgets what was read
    seen = s.info.setdefault(ITEMS, {})
    found = seen.get(follow_up_id)
    if found is None:
        found = seen[follow_up_id] = to_item(
            s.execute(item_query().where(FollowUp.id == follow_up_id)).one()
        )
    return found


@event.listens_for(StampedSession, "after_flush")
def _forget_items(session: Session, _context) -> None:
    session.info.pop(ITEMS, None)


def to_item(row) -> FollowUpItem:
    f, name, email, phone, company_name, role = row
    return FollowUpItem(
        id=f.id,
        kind=f.kind,
        channel=f.channel,
        due_at=f.due_at,
        status=f.status,
        contact_id=f.contact_id,
        contact_name=name,
        contact_email=email,
        contact_phone=phone,
        company=company_name or "",
        role=role or "",
        application_id=f.application_id,
        interview_id=f.interview_id,
        subject=f.subject,
        body=f.body,
        outcome=f.outcome,
        reason=f.reason,
        status_changed_at=f.status_changed_at,
        snoozed_until=f.snoozed_until,
        updated_at=f.updated_at,
    )


def move(
    uow: UnitOfWork, app: Application, to_stage: Stage
) -> tuple[tuple[FollowUpItem, ...], int]:
    """Move `app` to `to_stage`, skipping and planning what the move sets off (rules
    in db.cadence_stages.on_stage_change); (planned, how many skipped)."""
    moved = move_answered(uow, app, to_stage)
    return moved[0], moved[1]


def move_answered(
    uow: UnitOfWork, app: Application, to_stage: Stage
) -> tuple[tuple[FollowUpItem, ...], int, Response | None]:
    """`move`, and the reply the move stands for when it is the company answering (an
    offer, a rejection: db.replies.ANSWERING_MOVES), or None."""
    s, now, settings = uow.session, uow.now, uow.settings
    s.add(
        StageChange(application_id=app.id, from_stage=app.stage, to_stage=to_stage, changed_at=now)
    )
    app.stage = to_stage
    refs = s.scalars(select(Reference.contact_id).where(Reference.application_id == app.id))
    told = s.scalars(
        select(FollowUp.contact_id).where(
            FollowUp.application_id == app.id, FollowUp.kind == Kind.REFERENCE_HEADS_UP
        )
    )
    asked = bool(
        s.scalar(
            select(func.count()).where(
                FollowUp.application_id == app.id, FollowUp.kind == Kind.FEEDBACK_REQUEST
            )
        )
    )
    # Who engaged before this move (an offer or a rejection is not itself engagement).
    lead = main_contact(s, app.id)
    warm = touches(s, FollowUp.contact_id == lead, FollowUp.kind == Kind.KEEP_WARM)
    effects = cadence_stages.on_stage_change(
        to_stage,
        app.id,
        planned_for(s, app.id),
        list(refs),
        list(told),
        lead,
        asked,
        now,
        settings,
        warm_sent=sum(t.status == Status.SENT for t in warm),
        has_warm_planned=any(t.status == Status.PLANNED for t in warm),
    )
    skipped = skip_all(uow, effects.skips)
    reply = None
    if to_stage in replies.ANSWERING_MOVES:
        summary, why = replies.ANSWERING_MOVES[to_stage]
        reply, ended = answered(uow, app.id, summary, why=why)
        skipped += ended
    made = plan(uow, effects.plans)
    s.flush()
    return made, skipped, reply
