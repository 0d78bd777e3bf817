"""Adding a tracker's good rows (see `sheet`) in ONE transaction, leaving out those
already there, so importing the same file twice adds nothing the second time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from db.exchange.sheet import ImportRow
from db.models import Application, Company, Contact, StageChange


@dataclass
class ImportResult:
    added: int = 0
    duplicates: int = 0
    companies: int = 0
    contacts: int = 0
    lines: list[int] = field(default_factory=list)  # lines of the rows added


def _key(company: str, role: str, applied: dt.date | None) -> tuple:
    return (company.casefold(), role.casefold(), applied)


def import_rows(
    engine: Engine, rows: list[ImportRow], clock: Callable, *, dry_run: bool = False
) -> ImportResult:
    """Add the rows in ONE transaction; a row whose company, role and applied date
    (case-insensitive) are already there, in the database or earlier in the file, is
    left out, so importing the same file twice adds nothing the second time."""
    from db import days
    from db.write import applied_check_in
    from db.write.uow import UnitOfWork, sessions

    result = ImportResult()
    with UnitOfWork(sessions(engine), clock) as uow:  # stamped by the injected clock
        s, now, settings = uow.session, uow.now, uow.settings
        companies = {c.name.casefold(): c for c in s.scalars(select(Company))}
        contacts = {
            (person.casefold(), (firm or "").casefold())
            for person, firm in s.execute(
                select(Contact.name, Company.name).outerjoin(Contact.company)
            )
        }
        seen = {
            _key(name, role, applied)
            for name, role, applied in s.execute(
                select(Company.name, Application.role, Application.applied_on).join(
                    Application.company
                )
            )
        }
        added: list[Application] = []
        for row in rows:
            key = _key(row.company, row.role, row.applied_on)
            if key in seen:
                result.duplicates += 1
                continue
            seen.add(key)
            company = companies.get(row.company.casefold())
            if company is None:
                company = companies[row.company.casefold()] = Company(name=row.company)
                s.add(company)
                result.companies += 1
            app = Application(
                company=company,
                role=row.role,
                stage=row.stage,
                source=row.source,
                link=row.link,
                location=row.location,
                applied_on=row.applied_on,
                notes=row.notes,
            )
            s.add(app)
            added.append(app)
            # The history we know: applied on its day, then where it stands now.
            if row.applied_on and row.stage != "wishlist":
                applied_at = days.at_send_hour(row.applied_on, settings)
                s.add(StageChange(application=app, to_stage="applied", changed_at=applied_at))
                if row.stage != "applied":
                    s.add(
                        StageChange(
                            application=app,
                            from_stage="applied",
                            to_stage=row.stage,
                            changed_at=max(now, applied_at),
                        )
                    )
            else:
                s.add(StageChange(application=app, to_stage=row.stage, changed_at=now))
            if row.contact:
                person = (row.contact.casefold(), company.name.casefold())
                if person not in contacts:
                    contacts.add(person)
                    s.add(Contact(name=row.contact, email=row.email, company=company))
                    result.contacts += 1
            result.added += 1
            result.lines.append(row.line)
        s.flush()  # once: the session inserts each table in batches
        for app in added:  # each still waiting for an answer gets its check-in
            applied_check_in.plan(uow, app)
        if not dry_run:  # a dry run leaves without committing: everything rolls back
            uow.commit()
    return result
