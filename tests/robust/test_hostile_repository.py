"""The catalogue (tests/robust/catalogue.py) in every text field of every repository
write: stored as the catalogue's rules say, or refused with a ValidationError naming the
field in one line a person understands, with nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest

from db.engine import open_database
from db.store import Store
from db.target import ServerURL
from db.validation import ValidationError
from db.write import applications, contacts, follow_ups, interviews
from db.write.settings import set_setting
from tests.pg import ENGINES_PG_SLOW, drop_database, fresh_database
from tests.robust import ZONE, clock, close, counts
from tests.robust.catalogue import (
    BY_ID,
    IDS,
    Refused,
    as_email,
    as_line,
    as_name,
    as_phone,
    as_text,
)


@pytest.fixture(scope="module", params=ENGINES_PG_SLOW)
def store(request, tmp_path_factory):
    """One database for the module, on each engine: every test adds its own rows and
    compares counts."""
    server = name = None
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("hostile") / "afterview.db"
    else:
        server = request.getfixturevalue("pg_server")
        name = fresh_database(server)
        path = ServerURL(server.url(name))
    repository = Store(open_database(path), clock)
    set_setting(repository.uow(), "timezone", ZONE)
    repository.path = path
    yield repository
    close(repository)
    if server is not None:
        drop_database(server, name)


def attempt(store, expected, call, read_back, field: str):
    """Run `call()`; check it stored `expected` (via `read_back(result)`) or refused
    with `expected.words`, naming `field`, changing no row."""
    before = counts(store.path)
    if isinstance(expected, Refused):
        with pytest.raises(ValidationError) as refused:
            call()
        message = refused.value.message
        assert expected.words in message, (field, message)
        assert refused.value.field == field
        assert "\n" not in message and "\x1b" not in message and len(message) < 300
        assert counts(store.path) == before, f"{field}: half-saved after a refusal"
        return None
    result = call()
    assert read_back(result) == expected, field
    return result


def application_fields(value: str) -> dict:
    """(keyword, expected) for each text field of an application."""
    return {
        "company": as_name(value, "Company"),
        "role": as_line(value, required=True, label="Role"),
        "source": as_line(value, required=False, label="Source"),
        "link": as_line(value, required=False, label="Link"),
        "location": as_line(value, required=False, label="Location"),
        "notes": as_text(value),
    }


APP_DEFAULTS = {"company": "Acme", "role": "Engineer"}


@pytest.mark.parametrize("case_id", IDS)
def test_add_application(store, case_id):
    value = BY_ID[case_id].value
    for field, expected in application_fields(value).items():
        args = {**APP_DEFAULTS, field: value}
        company, role = args.pop("company"), args.pop("role")
        attempt(
            store,
            expected,
            lambda company=company, role=role, args=args: applications.add_application(
                store.uow(), company, role, **args
            ),
            lambda row, field=field: getattr(store.views.application(row.id), field),
            field,
        )


@pytest.mark.parametrize("case_id", IDS)
def test_edit_application(store, case_id):
    value = BY_ID[case_id].value
    app = applications.add_application(
        store.uow(), "Edited Ltd", "Engineer", source="board", location="Berlin"
    )
    for field, expected in application_fields(value).items():
        before = store.views.application(app.id)
        attempt(
            store,
            expected,
            lambda field=field: applications.edit_application(
                store.uow(), app.id, **{field: value}
            ),
            lambda row, field=field: getattr(store.views.application(row.id), field),
            field,
        )
        if isinstance(expected, Refused):
            assert store.views.application(app.id) == before  # the edit left nothing behind
        else:
            applications.edit_application(store.uow(), app.id, **{field: getattr(before, field)})


def contact_fields(case) -> dict:
    value = case.value
    return {
        "name": as_name(value, "Name"),
        "title": as_line(value, required=False, label="Title"),
        "email": as_email(value),
        "phone": as_phone(case),
        "profile_url": as_line(value, required=False, label="Profile url"),
        "notes": as_text(value),
        # Optional, but a company typed must have a name: "" means none.
        "company": "" if value == "" else as_name(value, "Company"),
    }


@pytest.mark.parametrize("case_id", IDS)
def test_add_contact(store, case_id):
    case = BY_ID[case_id]
    for field, expected in contact_fields(case).items():
        fields = {"name": "Dana Reyes", field: case.value}
        name = fields.pop("name")
        attempt(
            store,
            expected,
            lambda name=name, fields=fields: contacts.add_contact(store.uow(), name, **fields),
            lambda row, field=field: getattr(store.views.contact(row.id), field),
            field,
        )


@pytest.mark.parametrize("case_id", IDS)
def test_edit_contact(store, case_id):
    case = BY_ID[case_id]
    contact = contacts.add_contact(store.uow(), "Sam Edit", title="Recruiter", company="Acme")
    for field, expected in contact_fields(case).items():
        before = store.views.contact(contact.id)
        attempt(
            store,
            expected,
            lambda field=field: contacts.edit_contact(
                store.uow(), contact.id, **{field: case.value}
            ),
            lambda row, field=field: getattr(store.views.contact(row.id), field),
            field,
        )
        if isinstance(expected, Refused):
            assert store.views.contact(contact.id) == before
        else:
            contacts.edit_contact(store.uow(), contact.id, **{field: getattr(before, field)})


@pytest.mark.parametrize("case_id", IDS)
def test_record_response_summary(store, case_id):
    value = BY_ID[case_id].value
    app = applications.add_application(store.uow(), "Replying Co", "Engineer")
    attempt(
        store,
        as_text(value),
        lambda: interviews.record_response(store.uow(), app.id, value),
        lambda _: store.views.application_detail(app.id).responses[-1].summary,
        "summary",
    )


@pytest.mark.parametrize("case_id", IDS)
def test_log_interview_notes(store, case_id):
    value = BY_ID[case_id].value
    app = applications.add_application(store.uow(), "Interviewing Co", "Engineer")
    lead = contacts.add_contact(store.uow(), "Ines Lead")
    attempt(
        store,
        as_text(value),
        lambda: interviews.log_interview(
            store.uow(),
            app.id,
            dt.datetime(2026, 11, 23, 14, tzinfo=dt.UTC),
            [lead.id],
            notes=value,
        ),
        lambda _: store.views.application_detail(app.id).interviews[-1].notes,
        "notes",
    )


@pytest.fixture
def planned(store):
    """A planned follow-up of its own: an event contact's next-day note."""
    contact = contacts.add_contact(store.uow(), "Eve Event", met_via="event")
    return next(f for f in store.views.follow_ups_for() if f.contact_id == contact.id)


@pytest.mark.parametrize("case_id", IDS)
def test_save_note_subject_and_body(store, planned, case_id):
    value = BY_ID[case_id].value
    attempt(
        store,
        as_line(value, required=False, label="Subject"),
        lambda: follow_ups.save_note(store.uow(), planned.id, value, "body"),
        lambda _: store.views.follow_up(planned.id).subject,
        "subject",
    )
    attempt(
        store,
        as_text(value),
        lambda: follow_ups.save_note(store.uow(), planned.id, "subject", value),
        lambda _: store.views.follow_up(planned.id).body,
        "body",
    )


@pytest.mark.parametrize("case_id", IDS)
def test_skip_reason(store, planned, case_id):
    value = BY_ID[case_id].value
    expected = as_line(value, required=True, label="Reason")
    attempt(
        store,
        expected,
        lambda: follow_ups.skip(store.uow(), planned.id, value),
        lambda _: store.views.follow_up(planned.id).reason,
        "reason",
    )
    status = store.views.follow_up(planned.id).status
    assert status == ("planned" if isinstance(expected, Refused) else "skipped")
