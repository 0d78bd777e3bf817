"""People: add one (met at an event: a follow-up is planned), edit one."""

from __future__ import annotations

from db import cadence, days, validation
from db.models import Channel, Contact, MetVia
from db.page_records import ContactRow
from db.validation import ValidationError
from db.write import applied_check_in, plans
from db.write.uow import UnitOfWork


def _fields(s, fields: dict) -> dict:
    out = {}
    if "name" in fields:
        out["name"] = validation.name(fields["name"])
    for key in ("title", "profile_url"):
        if key in fields:
            out[key] = validation.line(fields[key], key)
    if "email" in fields:
        out["email"] = validation.email(fields["email"])
    if "phone" in fields:
        out["phone"] = validation.phone(fields["phone"])
    if "notes" in fields:
        out["notes"] = validation.text(fields["notes"])
    if "preferred_channel" in fields:
        out["preferred_channel"] = validation.choice(
            fields["preferred_channel"], Channel, "preferred_channel", required=False
        )
    if "met_via" in fields:
        out["met_via"] = validation.choice(fields["met_via"] or "other", MetVia, "met_via")
    if "met_on" in fields:
        out["met_on"] = validation.day(fields["met_on"], "met_on")
    if "company" in fields:
        out["company"] = plans.company(s, fields["company"]) if fields["company"] else None
    unknown = set(fields) - set(out) - {"company"}
    if unknown:
        raise ValidationError(unknown.pop(), "Unknown contact field")
    return out


def add_contact(uow: UnitOfWork, name: str, **fields) -> ContactRow:
    """A new person; someone met at an event gets a follow-up planned (rule 7)."""
    with uow:
        s = uow.session
        contact = Contact(**_fields(s, {"name": name, **fields}))
        s.add(contact)
        s.flush()
        if contact.met_via == MetVia.EVENT:
            met = contact.met_on or days.local_date(uow.now, uow.settings)
            contact.met_on = met
            plans.plan(uow, [cadence.plan_event_follow_up(contact.id, met, uow.settings)])
        applied_check_in.hand_over(uow, contact)
        row = _row(contact)
        uow.commit()
        return row


def edit_contact(uow: UnitOfWork, contact_id: int, **fields) -> ContactRow:
    with uow:
        s = uow.session
        contact = plans.get(s, Contact, contact_id)
        for key, value in _fields(s, fields).items():
            setattr(contact, key, value)
        s.flush()
        row = _row(contact)
        uow.commit()
        return row


def _row(c: Contact) -> ContactRow:
    return ContactRow(
        id=c.id,
        name=c.name,
        title=c.title,
        company=c.company.name if c.company else "",
        email=c.email,
        phone=c.phone,
        profile_url=c.profile_url,
        preferred_channel=c.preferred_channel,
        met_via=c.met_via,
        met_on=c.met_on,
        notes=c.notes,
        last_touched_at=c.last_touched_at,
    )
