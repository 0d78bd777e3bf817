"""The catalogue (tests/robust/catalogue.py) in every text field of every repository
write: stored as the catalogue's rules say, or refused with a ValidationError naming the
field in one line a person understands, with nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest

from db.engine import open_database
from db.repository import Repository
from db.validation import ValidationError
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


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """One database for the module: every test adds its own rows and compares counts."""
    path = tmp_path_factory.mktemp("hostile") / "afterview.db"
    repository = Repository(open_database(path), clock)
    repository.set_setting("timezone", ZONE)
    repository.path = path
    yield repository
    close(repository)


def attempt(repo, expected, call, read_back, field: str):
    """Run `call()`; check it stored `expected` (via `read_back(result)`) or refused
    with `expected.words`, naming `field`, changing no row."""
    before = counts(repo.path)
    if isinstance(expected, Refused):
        with pytest.raises(ValidationError) as refused:
            call()
        message = refused.value.message
        assert expected.words in message, (field, message)
        assert refused.value.field == field
        assert "\n" not in message and "\x1b" not in message and len(message) < 300
        assert counts(repo.path) == before, f"{field}: half-saved after a refusal"
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
def test_add_application(repo, case_id):
    value = BY_ID[case_id].value
    for field, expected in application_fields(value).items():
        args = {**APP_DEFAULTS, field: value}
        company, role = args.pop("company"), args.pop("role")
        attempt(
            repo,
            expected,
            lambda company=company, role=role, args=args: repo.add_application(
                company, role, **args
            ),
            lambda row, field=field: getattr(repo.get_application(row.id), field),
            field,
        )


@pytest.mark.parametrize("case_id", IDS)
def test_edit_application(repo, case_id):
    value = BY_ID[case_id].value
    app = repo.add_application("Edited Ltd", "Engineer", source="board", location="Berlin")
    for field, expected in application_fields(value).items():
        before = repo.get_application(app.id)
        attempt(
            repo,
            expected,
            lambda field=field: repo.edit_application(app.id, **{field: value}),
            lambda row, field=field: getattr(repo.get_application(row.id), field),
            field,
        )
        if isinstance(expected, Refused):
            assert repo.get_application(app.id) == before  # the edit left nothing behind
        else:
            repo.edit_application(app.id, **{field: getattr(before, field)})


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
def test_add_contact(repo, case_id):
    case = BY_ID[case_id]
    for field, expected in contact_fields(case).items():
        fields = {"name": "Dana Reyes", field: case.value}
        name = fields.pop("name")
        attempt(
            repo,
            expected,
            lambda name=name, fields=fields: repo.add_contact(name, **fields),
            lambda row, field=field: getattr(repo.get_contact(row.id), field),
            field,
        )


@pytest.mark.parametrize("case_id", IDS)
def test_edit_contact(repo, case_id):
    case = BY_ID[case_id]
    contact = repo.add_contact("Sam Edit", title="Recruiter", company="Acme")
    for field, expected in contact_fields(case).items():
        before = repo.get_contact(contact.id)
        attempt(
            repo,
            expected,
            lambda field=field: repo.edit_contact(contact.id, **{field: case.value}),
            lambda row, field=field: getattr(repo.get_contact(row.id), field),
            field,
        )
        if isinstance(expected, Refused):
            assert repo.get_contact(contact.id) == before
        else:
            repo.edit_contact(contact.id, **{field: getattr(before, field)})


@pytest.mark.parametrize("case_id", IDS)
def test_record_response_summary(repo, case_id):
    value = BY_ID[case_id].value
    app = repo.add_application("Replying Co", "Engineer")
    attempt(
        repo,
        as_text(value),
        lambda: repo.record_response(app.id, value),
        lambda _: repo.application_detail(app.id).responses[-1].summary,
        "summary",
    )


@pytest.mark.parametrize("case_id", IDS)
def test_log_interview_notes(repo, case_id):
    value = BY_ID[case_id].value
    app = repo.add_application("Interviewing Co", "Engineer")
    lead = repo.add_contact("Ines Lead")
    attempt(
        repo,
        as_text(value),
        lambda: repo.log_interview(
            app.id, dt.datetime(2026, 11, 23, 14, tzinfo=dt.UTC), [lead.id], notes=value
        ),
        lambda _: repo.application_detail(app.id).interviews[-1].notes,
        "notes",
    )


@pytest.fixture
def planned(repo):
    """A planned follow-up of its own: an event contact's next-day note."""
    contact = repo.add_contact("Eve Event", met_via="event")
    return next(f for f in repo.follow_ups_for() if f.contact_id == contact.id)


@pytest.mark.parametrize("case_id", IDS)
def test_save_note_subject_and_body(repo, planned, case_id):
    value = BY_ID[case_id].value
    attempt(
        repo,
        as_line(value, required=False, label="Subject"),
        lambda: repo.save_note(planned.id, value, "body"),
        lambda _: repo.get_follow_up(planned.id).subject,
        "subject",
    )
    attempt(
        repo,
        as_text(value),
        lambda: repo.save_note(planned.id, "subject", value),
        lambda _: repo.get_follow_up(planned.id).body,
        "body",
    )


@pytest.mark.parametrize("case_id", IDS)
def test_skip_reason(repo, planned, case_id):
    value = BY_ID[case_id].value
    expected = as_line(value, required=True, label="Reason")
    attempt(
        repo,
        expected,
        lambda: repo.skip(planned.id, value),
        lambda _: repo.get_follow_up(planned.id).reason,
        "reason",
    )
    status = repo.get_follow_up(planned.id).status
    assert status == ("planned" if isinstance(expected, Refused) else "skipped")
