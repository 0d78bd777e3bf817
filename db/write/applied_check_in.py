"""The one check-in after applying (db.replies decides when): planned when an
application reaches applied (added, moved, imported), moved when the day applied is
corrected, and addressed to someone at the company: a "Hiring team" stand-in while
nobody there is known, handed over to the first person added there. Internal to
db.write."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import replies
from db.models import (
    Application,
    Contact,
    FollowUp,
    Interview,
    Kind,
    MetVia,
    Reference,
    Response,
    Stage,
    Status,
    interview_participant,
)
from db.names import HIRING_TEAM
from db.records import FollowUpItem
from db.write import plans
from db.write.uow import UnitOfWork


def plan(uow: UnitOfWork, app: Application) -> tuple[FollowUpItem, ...]:
    """The one check-in after applying (db.replies), for an application at applied
    that has had no answer and no such check-in yet, to someone at the company."""
    s = uow.session
    if Stage(app.stage) != Stage.APPLIED or app.applied_on is None:
        return ()
    # The day first (no query): an import of old applications mostly stops here.
    if replies.plan_applied_check_in(0, app.id, app.applied_on, uow.now, uow.settings) is None:
        return ()
    asked = s.scalar(
        select(func.count()).where(
            FollowUp.application_id == app.id, FollowUp.kind == Kind.APPLIED_CHECK_IN
        )
    )
    heard = s.scalar(select(func.count()).where(Response.application_id == app.id)) or s.scalar(
        select(func.count()).where(Interview.application_id == app.id)
    )
    if asked or heard:
        return ()
    plan_ = replies.plan_applied_check_in(
        company_contact(s, app.company_id),
        app.id,
        app.applied_on,
        uow.now,
        uow.settings,
        unanswered=plans.unanswered(s, app.id),
    )
    return plans.plan(uow, [plan_]) if plan_ is not None else ()


def redate(uow: UnitOfWork, app: Application) -> None:
    """The day applied was corrected: the planned check-in after applying follows it
    (or is planned now, when there was none)."""
    s = uow.session
    pending = s.scalars(
        select(FollowUp).where(
            FollowUp.application_id == app.id,
            FollowUp.kind == Kind.APPLIED_CHECK_IN,
            FollowUp.status == Status.PLANNED,
        )
    ).first()
    if pending is None:
        plan(uow, app)
        return
    again = None
    if app.applied_on is not None:
        again = replies.plan_applied_check_in(
            pending.contact_id, app.id, app.applied_on, uow.now, uow.settings
        )
    if again is None:
        plans.skip(uow, pending, "applied too long ago to ask")
    else:
        pending.due_at = again.due_at
        plans.respace(uow, [pending.contact_id])


def hand_over(uow: UnitOfWork, person: Contact) -> None:
    """Someone at the company is known now: the check-ins after applying planned for
    its "Hiring team" stand-in go to them, and a stand-in left with no history goes."""
    s = uow.session
    if person.company_id is None or person.met_via == MetVia.REFERENCE:
        return
    for team in s.scalars(
        select(Contact).where(
            Contact.company_id == person.company_id,
            Contact.name == HIRING_TEAM,
            Contact.id != person.id,
        )
    ):
        waiting = s.scalars(
            select(FollowUp).where(
                FollowUp.contact_id == team.id,
                FollowUp.kind == Kind.APPLIED_CHECK_IN,
                FollowUp.status == Status.PLANNED,
            )
        ).all()
        for fu in waiting:
            fu.contact_id = person.id
        s.flush()
        if waiting:
            plans.respace(uow, [person.id])
        untouched = team.notes == TEAM_NOTE and not (team.email or team.phone)
        history = (
            select(FollowUp.id).where(FollowUp.contact_id == team.id),
            select(Response.id).where(Response.contact_id == team.id),
            select(interview_participant.c.interview_id).where(
                interview_participant.c.contact_id == team.id
            ),
            select(Reference.id).where(Reference.contact_id == team.id),
        )
        if untouched and not any(s.scalar(q.limit(1)) is not None for q in history):
            s.delete(team)
    s.flush()


TEAM_NOTE = (
    "Made for the check-in after applying: add the recruiter's name and e-mail,"
    " or the address on the job advert."
)


def company_contact(s: Session, company_id: int) -> int:
    """Who to write to at the company before anyone has answered: a recruiter or
    referrer there, else anyone there, else a "Hiring team" contact made for it."""
    people = s.execute(
        select(Contact.id, Contact.met_via).where(
            Contact.company_id == company_id, Contact.met_via != MetVia.REFERENCE
        )
    ).all()
    order = {MetVia.RECRUITER: 0, MetVia.REFERRAL: 1}
    if people:
        return min(people, key=lambda p: (order.get(p.met_via, 2), p.id)).id
    team = Contact(
        name=HIRING_TEAM,
        company_id=company_id,
        met_via=MetVia.OTHER,
        notes=TEAM_NOTE,
    )
    s.add(team)
    s.flush()
    return team.id
