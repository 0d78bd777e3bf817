"""Adding a tracker's good rows (see `sheet`) in ONE transaction. A row is left out only
when it is the same posting as one already there (the same link at the same company, or
without a link the same role, place and applied date), so importing a file twice adds
nothing, while two postings with one title on one day (two cities, two links) both
come in. The same posting met twice (LinkedIn's saved jobs, then its applications) is
one application at the furthest stage either reached."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import Engine, select

from db.enums import Stage
from db.exchange.formats import RANK
from db.exchange.sheet import ImportRow
from db.models import Application, Company, Contact, StageChange


@dataclass(frozen=True)
class Outcome:
    """What became of one line: "new", "same" (the same posting as line `other` of the
    file), "there" (already in the database) or "moved" (there, and moved on to `stage`)."""

    line: int
    kind: str
    stage: str
    other: int = 0


@dataclass
class ImportResult:
    added: int = 0
    duplicates: int = 0  # rows already in the database, or earlier in the file
    moved: int = 0  # of those, applications moved on to a later stage
    companies: int = 0
    contacts: int = 0
    lines: list[int] = field(default_factory=list)  # lines of the rows added
    outcomes: list[Outcome] = field(default_factory=list)


def link_key(link: str) -> str:
    """One posting, however the link is written: the scheme, 'www.', the case of the
    host, a trailing slash and a #fragment do not count."""
    text = link.strip()
    if not text:
        return ""
    parts = urlsplit(text if "://" in text else "//" + text)
    host = parts.netloc.lower().removeprefix("www.")
    return host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


class Postings:
    """Postings seen so far, found by link, or by role, place and applied date."""

    def __init__(self) -> None:
        self.by_link: dict[tuple, object] = {}
        self.by_facts: dict[tuple, list[tuple[object, str]]] = {}

    @staticmethod
    def _facts(company, role, location, applied) -> tuple:
        return (company.casefold(), role.casefold(), location.casefold(), applied)

    def find(self, company: str, role: str, location: str, applied, link: str):
        link = link_key(link)
        if link and (hit := self.by_link.get((company.casefold(), link))) is not None:
            return hit
        for item, its_link in self.by_facts.get(self._facts(company, role, location, applied), []):
            if not link or not its_link:  # two different links are two postings
                return item
        return None

    def add(self, item, company: str, role: str, location: str, applied, link: str) -> None:
        link = link_key(link)
        if link:
            self.by_link[(company.casefold(), link)] = item
        facts = self._facts(company, role, location, applied)
        self.by_facts.setdefault(facts, []).append((item, link))


def _further(a: str, b: str) -> bool:
    return RANK[Stage(a)] > RANK[Stage(b)]


def _merge(first: ImportRow, later: ImportRow) -> ImportRow:
    """One posting from two rows: the furthest stage, and what either row knows."""
    ahead, behind = (later, first) if _further(later.stage, first.stage) else (first, later)
    notes = "\n".join(dict.fromkeys(filter(None, [first.notes, later.notes])))
    filled = {
        name: getattr(ahead, name) or getattr(behind, name)
        for name in ("applied_on", "link", "contact", "email", "source", "location")
    }
    return dataclasses.replace(ahead, line=first.line, notes=notes, **filled)


def _postings(rows: list[ImportRow], result: ImportResult) -> list[ImportRow]:
    """The file's rows with each posting once: a later row for the same posting joins
    the first (its outcome says so)."""
    found = Postings()
    merged: dict[int, ImportRow] = {}
    for row in rows:
        line = found.find(row.company, row.role, row.location, row.applied_on, row.link)
        if line is None:
            merged[row.line] = row
            found.add(row.line, row.company, row.role, row.location, row.applied_on, row.link)
            continue
        merged[line] = joined = _merge(merged[line], row)
        found.add(line, joined.company, joined.role, joined.location, joined.applied_on, row.link)
        result.duplicates += 1
        result.outcomes.append(Outcome(row.line, "same", joined.stage, other=line))
    return list(merged.values())


def import_rows(
    engine: Engine, rows: list[ImportRow], clock: Callable, *, dry_run: bool = False
) -> ImportResult:
    """Add the rows in ONE transaction (a dry run rolls it back); see the module."""
    from db import days
    from db.write import applied_check_in, plans
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
        there = Postings()
        added: list[Application] = []
        for app_id, name, role, location, applied, link in s.execute(
            select(
                Application.id,
                Company.name,
                Application.role,
                Application.location,
                Application.applied_on,
                Application.link,
            ).join(Application.company)
        ):
            there.add(app_id, name, role, location, applied, link)
        for row in _postings(rows, result):
            app_id = there.find(row.company, row.role, row.location, row.applied_on, row.link)
            if app_id is not None:
                result.duplicates += 1
                app = s.get(Application, app_id)
                if _further(row.stage, app.stage):  # the saved job has since been applied for
                    if app.applied_on is None and row.applied_on:
                        app.applied_on = row.applied_on
                    plans.move(uow, app, Stage(row.stage))
                    result.moved += 1
                    result.outcomes.append(Outcome(row.line, "moved", row.stage))
                else:
                    result.outcomes.append(Outcome(row.line, "there", app.stage))
                continue
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
                archived=row.archived,
            )
            s.add(app)
            added.append(app)
            _history(s, app, row, now, days, settings)
            if row.contact:
                person = (row.contact.casefold(), company.name.casefold())
                if person not in contacts:
                    contacts.add(person)
                    s.add(Contact(name=row.contact, email=row.email, company=company))
                    result.contacts += 1
            result.added += 1
            result.lines.append(row.line)
            result.outcomes.append(Outcome(row.line, "new", row.stage))
        s.flush()  # once: the session inserts each table in batches
        for app in added:  # each still waiting for an answer gets its check-in
            applied_check_in.plan(uow, app)
        if not dry_run:  # a dry run leaves without committing: everything rolls back
            uow.commit()
    result.outcomes.sort(key=lambda o: o.line)
    return result


def _history(s, app: Application, row: ImportRow, now: dt.datetime, days, settings) -> None:
    """The history we know: applied on its day, then the stage it is in now, reached on
    the day the file says (Huntr's lastMovedAt, Simplify's Status Date) or today."""
    moved = days.at_send_hour(row.moved_on, settings) if row.moved_on else now
    if row.applied_on and row.stage != "wishlist":
        applied_at = days.at_send_hour(row.applied_on, settings)
        s.add(StageChange(application=app, to_stage="applied", changed_at=applied_at))
        if row.stage != "applied":
            at = max(applied_at, min(moved, now))
            s.add(
                StageChange(
                    application=app, from_stage="applied", to_stage=row.stage, changed_at=at
                )
            )
    else:
        s.add(StageChange(application=app, to_stage=row.stage, changed_at=min(moved, now)))
