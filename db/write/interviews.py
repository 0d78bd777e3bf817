"""What happens with the company: an interview logged, a reply received, a
reference who vouches for you."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select

from db import cadence, cadence_stages, validation
from db.dates import utc
from db.days import local_date
from db.models import (
    Application,
    Channel,
    Contact,
    FollowUp,
    Interview,
    InterviewKind,
    Kind,
    Reference,
    Response,
    Stage,
    Status,
    interview_participant,
)
from db.records import FollowUpItem
from db.validation import ValidationError
from db.write import extra_notes, plans
from db.write.results import (
    InterviewCancelled,
    InterviewLogged,
    InterviewMoved,
    ReferenceAdded,
    ReplyRecorded,
)
from db.write.uow import UnitOfWork


def log_interview(
    uow: UnitOfWork,
    application_id: int,
    starts_at: dt.datetime,
    participant_ids: Iterable[int],
    *,
    minutes: int = 60,
    kind: str = InterviewKind.VIDEO,
    answer_by: dt.date | None = None,
    notes: str = "",
) -> InterviewLogged:
    """Log an interview with its panel: a thank-you to each, a check-in after it (the
    newest interview's replaces an older planned one), and an early-stage application
    moves on: to screening for a phone screen, to interviewing for any other."""
    participant_ids = list(dict.fromkeys(participant_ids))
    if not participant_ids:
        raise ValidationError("panel", "Add at least one interviewer")
    if not 5 <= int(minutes) <= 12 * 60:
        raise ValidationError("minutes", "Length must be between 5 minutes and 12 hours")
    kind = validation.choice(str(kind), InterviewKind, "kind")
    starts_at = utc(starts_at)
    validation.day(starts_at.date(), "date")
    validation.day(answer_by, "answer_by")
    with uow:
        s, settings = uow.session, uow.settings
        app = plans.get(s, Application, application_id)
        if Stage(app.stage) not in cadence.ACTIVE_STAGES:
            # Thank-yous and a check-in would go to a closed application (rules 5, 10).
            raise ValidationError(
                "stage",
                f"{app.company.name} is {app.stage}: move it back to a live stage "
                "before logging an interview",
            )
        people = [plans.get(s, Contact, pid) for pid in participant_ids]
        interview = Interview(
            application_id=app.id,
            starts_at=starts_at,
            minutes=int(minutes),
            kind=kind,
            answer_by=answer_by,
            notes=validation.text(notes),
        )
        s.add(interview)
        s.flush()
        s.execute(
            interview_participant.insert(),
            [
                {"interview_id": interview.id, "contact_id": pid, "position": i}
                for i, pid in enumerate(participant_ids)
            ],
        )
        moved: tuple[FollowUpItem, ...] = ()
        moved_to = None
        # A recruiter's phone screen is screening; real interviews begin with any other
        # kind, and with them the references' heads-up (rule 8).
        if kind == InterviewKind.PHONE_SCREEN:
            step, before = Stage.SCREENING, (Stage.WISHLIST, Stage.APPLIED)
        else:
            step, before = Stage.INTERVIEWING, (Stage.WISHLIST, Stage.APPLIED, Stage.SCREENING)
        if Stage(app.stage) in before:
            moved, _ = plans.move(uow, app, step)
            moved_to = step.value
        to_plan = cadence.plan_thank_yous(
            interview.id, app.id, starts_at, interview.minutes, participant_ids, settings
        )
        skipped = 0
        # The limit holds here too: only check-ins sent in this very instant still count.
        if plans.unanswered(s, app.id) < settings.max_unanswered_check_ins:
            # The newest interview sets the check-in; an older planned one is replaced.
            for old in s.scalars(
                select(FollowUp).where(
                    FollowUp.application_id == app.id,
                    FollowUp.kind == Kind.CHECK_IN,
                    FollowUp.status == Status.PLANNED,
                )
            ):
                plans.skip(uow, old, "replaced by the check-in after a later interview")
                skipped += 1
            lead = people[0]
            to_plan.append(
                cadence.plan_check_in(
                    lead.id,
                    app.id,
                    interview.id,
                    starts_at + dt.timedelta(minutes=interview.minutes),
                    answer_by,
                    Channel(lead.preferred_channel) if lead.preferred_channel else None,
                    settings,
                )
            )
        made = moved + plans.plan(uow, to_plan)
        result = InterviewLogged(
            interview.id,
            app.id,
            app.company.name,
            tuple(p.name for p in people),
            made,
            skipped,
            moved_to,
        )
        uow.commit()
        return result


def record_response(
    uow: UnitOfWork,
    application_id: int,
    summary: str = "",
    contact_id: int | None = None,
    received_at: dt.datetime | None = None,
    *,
    decide_by: dt.date | None = None,
) -> ReplyRecorded:
    """The company answered: pending check-ins to it are no longer needed (rule 4). If
    they said when they would decide, a check-in is planned the business day after
    that day (rule 2), to whoever answered or else the company's main contact."""
    validation.day(decide_by, "decide_by")
    with uow:
        s, settings = uow.session, uow.settings
        app = plans.get(s, Application, application_id)
        if contact_id is not None:
            plans.get(s, Contact, contact_id)
        received = utc(received_at) if received_at else uow.now
        if decide_by is not None and decide_by < local_date(uow.now, settings):
            raise ValidationError(
                "decide_by", "That day has passed: leave it empty, or give a day to come"
            )
        s.add(
            Response(
                application_id=app.id,
                contact_id=contact_id,
                received_at=received,
                summary=validation.text(summary, "summary"),
            )
        )
        skipped = plans.skip_all(uow, cadence.skips_on_reply(plans.planned_for(s, app.id)))
        s.flush()
        thanks = extra_notes.thank_for_feedback(uow, app, contact_id, received)
        made: tuple[FollowUpItem, ...] = ()
        if decide_by is not None:
            who = contact_id or plans.main_contact(s, app.id)
            if who is None:
                raise ValidationError(
                    "contact", "Say who answered, so the check-in has someone to go to"
                )
            person = s.get(Contact, who)
            channel = Channel(person.preferred_channel) if person.preferred_channel else None
            made = plans.plan(
                uow,
                [cadence.plan_check_in(who, app.id, None, uow.now, decide_by, channel, settings)],
            )
        result = ReplyRecorded(app.id, app.company.name, skipped, (*thanks, *made))
        uow.commit()
        return result


def add_reference(uow: UnitOfWork, application_id: int, contact_id: int) -> ReferenceAdded:
    """Someone vouches for you here; once interviews start they get a heads-up."""
    with uow:
        s = uow.session
        app = plans.get(s, Application, application_id)
        plans.get(s, Contact, contact_id)
        exists = s.scalar(
            select(Reference).where(
                Reference.application_id == application_id, Reference.contact_id == contact_id
            )
        )
        if exists is None:
            s.add(Reference(application_id=application_id, contact_id=contact_id))
            s.flush()
        made: tuple[FollowUpItem, ...] = ()
        if app.stage in (Stage.INTERVIEWING, Stage.OFFER):
            told = s.scalars(
                select(FollowUp.contact_id).where(
                    FollowUp.application_id == app.id, FollowUp.kind == Kind.REFERENCE_HEADS_UP
                )
            )
            effects = cadence_stages.on_stage_change(
                Stage(app.stage),
                app.id,
                [],
                [contact_id],
                list(told),
                None,
                True,
                uow.now,
                uow.settings,
            )
            made = plans.plan(uow, effects.plans)
        uow.commit()
        return ReferenceAdded(app.id, contact_id, made)


def move_interview(
    uow: UnitOfWork, interview_id: int, starts_at: dt.datetime, minutes: int | None = None
) -> InterviewMoved:
    """The interview is at another time (an updated invitation): its planned thank-yous
    fall due after the new end (rule 1) and its planned check-in counts from it (rule 2)."""
    starts_at = utc(starts_at)
    validation.day(starts_at.date(), "date")
    if minutes is not None and not 5 <= int(minutes) <= 12 * 60:
        raise ValidationError("minutes", "Length must be between 5 minutes and 12 hours")
    with uow:
        s, settings = uow.session, uow.settings
        interview = plans.get(s, Interview, interview_id)
        was = interview.starts_at
        interview.starts_at = starts_at
        if minutes is not None:
            interview.minutes = int(minutes)
        end = starts_at + dt.timedelta(minutes=interview.minutes)
        moved = []
        for fu in s.scalars(
            select(FollowUp).where(
                FollowUp.interview_id == interview.id, FollowUp.status == Status.PLANNED
            )
        ):
            if fu.kind == Kind.THANK_YOU:
                fu.due_at = cadence.thank_you_due(starts_at, interview.minutes, settings)
            elif fu.kind == Kind.CHECK_IN:
                channel = Channel(fu.channel)
                fu.due_at = cadence.plan_check_in(
                    fu.contact_id, fu.application_id, interview.id, end,
                    interview.answer_by, channel, settings,
                ).due_at  # fmt: skip
            else:
                continue
            moved.append(fu.id)
        s.flush()
        result = InterviewMoved(
            interview.id,
            interview.application_id,
            interview.application.company.name,
            was,
            starts_at,
            tuple(plans.item(s, fid) for fid in moved),
        )
        uow.commit()
        return result


def cancel_interview(uow: UnitOfWork, interview_id: int) -> InterviewCancelled:
    """The company called the interview off: there is no one to thank, so its planned
    thank-yous (and notes adding to it) are skipped, kept in history with the reason;
    the check-in after it stays planned, so a silence after the cancellation is still
    followed up; and the interview leaves the application's timeline."""
    with uow:
        s = uow.session
        interview = plans.get(s, Interview, interview_id)
        app = interview.application
        skipped = 0
        for fu in s.scalars(
            select(FollowUp).where(
                FollowUp.interview_id == interview.id, FollowUp.status == Status.PLANNED
            )
        ):
            if fu.kind != Kind.CHECK_IN:
                plans.skip(uow, fu, "the interview was cancelled")
                skipped += 1
        result = InterviewCancelled(
            interview.id, app.id, app.company.name, interview.starts_at, skipped
        )
        s.delete(interview)
        uow.commit()
        return result
