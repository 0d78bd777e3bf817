"""Applications: add one, edit it, archive or restore it, move it to another stage,
delete it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from db import days, validation
from db.models import Application, FollowUp, Interview, Response, Stage, StageChange
from db.records import ApplicationRow
from db.validation import ValidationError
from db.write import applied_check_in, plans
from db.write.results import Archived, Deleted, StageMoved
from db.write.uow import UnitOfWork

LINE_FIELDS = ("source", "link", "location")


def add_application(
    uow: UnitOfWork,
    company: str,
    role: str,
    stage: str = Stage.APPLIED,
    *,
    source: str = "",
    link: str = "",
    location: str = "",
    applied_on: dt.date | None = None,
    notes: str = "",
) -> ApplicationRow:
    """A new application (and its company, if new). Applied today unless a day is
    given, or it is only on the wishlist."""
    stage = Stage(validation.choice(str(stage), Stage, "stage"))
    with uow:
        s, settings = uow.session, uow.settings  # read before the new row can autoflush
        app = Application(
            company=plans.company(s, company),
            role=validation.line(role, "role", required=True),
            stage=stage,
            source=validation.line(source, "source"),
            link=validation.line(link, "link"),
            location=validation.line(location, "location"),
            applied_on=validation.day(applied_on, "applied_on"),
            notes=validation.text(notes),
        )
        if applied_on is None and stage != Stage.WISHLIST:
            app.applied_on = days.local_date(uow.now, settings)
        s.add(app)
        s.flush()
        s.add(
            StageChange(application_id=app.id, from_stage=None, to_stage=stage, changed_at=uow.now)
        )
        s.flush()
        applied_check_in.plan(uow, app)
        s.refresh(app, ["next_due_at"])  # kept by a trigger (migration 0004)
        row = _row(app)
        uow.commit()
        return row


def edit_application(uow: UnitOfWork, application_id: int, **fields) -> ApplicationRow:
    """Change any of company, role, source, link, location, notes, applied_on, archived."""
    with uow:
        s = uow.session
        app = plans.get(s, Application, application_id)
        if "company" in fields:
            app.company = plans.company(s, fields.pop("company"))
        if "role" in fields:
            app.role = validation.line(fields.pop("role"), "role", required=True)
        for key in LINE_FIELDS:
            if key in fields:
                setattr(app, key, validation.line(fields.pop(key), key))
        if "notes" in fields:
            app.notes = validation.text(fields.pop("notes"))
        if "applied_on" in fields:
            app.applied_on = validation.day(fields.pop("applied_on"), "applied_on")
            s.flush()
            applied_check_in.redate(uow, app)
        if "archived" in fields:
            app.archived = bool(fields.pop("archived"))
        if fields:
            raise ValidationError(next(iter(fields)), f"Unknown field {next(iter(fields))}")
        s.flush()
        s.refresh(app, ["next_due_at"])  # kept by a trigger (migration 0004)
        row = _row(app)
        uow.commit()
        return row


def archive_application(
    uow: UnitOfWork, application_id: int, archived: bool = True
) -> ApplicationRow:
    return edit_application(uow, application_id, archived=archived)


def archive(uow: UnitOfWork, application_id: int) -> Archived:
    """Out of the active Pipeline, into the closed & archived view; nothing is lost."""
    return _archived(archive_application(uow, application_id, True))


def restore(uow: UnitOfWork, application_id: int) -> Archived:
    """Back from the archive into the Pipeline, as it was."""
    return _archived(archive_application(uow, application_id, False))


def _archived(row: ApplicationRow) -> Archived:
    return Archived(row.id, row.company, row.role, row.archived)


def delete(uow: UnitOfWork, application_id: int) -> Deleted:
    """Delete an application with its interviews, follow-ups, replies, references and
    stage history. Its people and its company stay: they are the user's contacts."""
    with uow:
        s = uow.session
        app = plans.get(s, Application, application_id)

        def count(model) -> int:
            return s.scalar(
                select(func.count()).select_from(model).where(model.application_id == app.id)
            )

        gone = Deleted(
            app.company.name,
            app.role,
            interviews=count(Interview),
            follow_ups=count(FollowUp),
            replies=count(Response),
        )
        # The database's ON DELETE CASCADE takes the follow-ups, replies and references;
        # the ORM takes the interviews and stage changes it holds.
        s.delete(app)
        uow.commit()
        return gone


def move_stage(uow: UnitOfWork, application_id: int, to_stage: str) -> StageMoved:
    """Move it to `to_stage`: pending follow-ups the move makes pointless are skipped
    and what the new stage calls for is planned (db.cadence_stages.on_stage_change)."""
    to_stage = Stage(validation.choice(str(to_stage), Stage, "stage"))
    with uow:
        app = plans.get(uow.session, Application, application_id)
        company = app.company.name
        if app.stage == to_stage:
            return StageMoved(app.id, company, to_stage, changed=False)
        made, skipped, reply = plans.move_answered(uow, app, to_stage)
        if to_stage == Stage.APPLIED:
            if app.applied_on is None:
                app.applied_on = days.local_date(uow.now, uow.settings)
            made += applied_check_in.plan(uow, app)
        uow.commit()
        return StageMoved(
            app.id,
            company,
            to_stage,
            planned=made,
            skipped=skipped,
            response_id=reply.id if reply is not None else None,
        )


def _row(app: Application) -> ApplicationRow:
    return ApplicationRow(
        id=app.id,
        company=app.company.name,
        role=app.role,
        stage=str(Stage(app.stage)),
        source=app.source,
        link=app.link,
        location=app.location,
        applied_on=app.applied_on,
        notes=app.notes,
        archived=bool(app.archived),
        next_due=app.next_due_at,
    )
