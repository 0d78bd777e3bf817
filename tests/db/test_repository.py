"""The repository against a real database, SQLite's file and a PostgreSQL server (each
test runs on both: the `engine` below): what each action stores and plans.

The clock stands at Tuesday 24 November 2026, 10:30 UTC (11:30 in Berlin, the user's
zone); 09:00 in Berlin is 08:00 UTC. Tests that name a rule check it end to end.
"""

from __future__ import annotations

import datetime as dt

import pytest

from db.engine import open_database
from db.errors import NotFound
from db.notes.drafts import draft, facts_for
from db.notes.guards import check_note
from db.store import Store
from db.validation import ValidationError
from db.write import applications, contacts, follow_ups, interviews
from db.write.settings import set_setting

UTC = dt.UTC
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def engine(any_engine):
    """Both engines (tests/pg.py): a SQLite file, and a PostgreSQL database."""
    return any_engine


def sqlite_only(store: Store, why: str) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip(f"SQLite only: {why}")


def company_names(store: Store) -> list[str]:
    with store.engine.connect() as con:
        return [r[0] for r in con.exec_driver_sql("SELECT name FROM company ORDER BY name")]


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def nine_berlin(*ymd) -> dt.datetime:
    return utc(*ymd, 8)


PANEL = ("Dana Reyes", "Priya Natarajan", "Marcus Okafor")


def add_panel(store: Store, names=PANEL, company: str = "Acme") -> list:
    return [
        contacts.add_contact(
            store.uow(),
            name,
            company=company,
            email=f"{name.split()[0].lower()}@{company.lower()}.example",
            met_via="interview",
        )
        for name in names
    ]


def interviewed(store: Store, names=PANEL, **kwargs):
    """Acme, Backend Engineer: a panel this morning, 10:00-11:00 in Berlin."""
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer", source="referral")
    people = add_panel(store, names)
    kwargs.setdefault("notes", "event sourcing for billing; on-call load")
    result = interviews.log_interview(
        store.uow(), app.id, utc(2026, 11, 24, 9), [p.id for p in people], **kwargs
    )
    return app, people, result


def planned(store: Store, kind: str | None = None, **where) -> list:
    return [
        i
        for i in store.views.follow_ups_for(**where)
        if i.status == "planned" and (kind is None or i.kind == kind)
    ]


# --- companies and applications ------------------------------------------------------


def test_add_application_reuses_a_company_whatever_its_case(store) -> None:
    first = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    second = applications.add_application(store.uow(), "ACME", "Data Engineer")

    assert company_names(store) == ["Acme"]
    assert first.company == second.company == "Acme"


def test_add_application_records_its_first_stage_and_the_day_applied(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    detail = store.views.application_detail(app.id)

    assert app.stage == "applied"
    assert app.applied_on == TODAY
    assert [(s.from_stage, s.to_stage) for s in detail.stages] == [(None, "applied")]
    assert applications.add_application(store.uow(), "Beta", "SRE", "wishlist").applied_on is None


def test_edit_application_changes_fields_and_company(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    edited = applications.edit_application(
        store.uow(),
        app.id,
        company="Brightloop",
        role="Staff Engineer",
        location="Berlin",
        link="https://x",
    )

    assert (edited.company, edited.role, edited.location) == (
        "Brightloop",
        "Staff Engineer",
        "Berlin",
    )
    # The read side also names the next follow-up's kind (the check-in after applying).
    assert store.views.application(app.id)._replace(next_kind=None) == edited
    with pytest.raises(ValidationError, match="Unknown field"):
        applications.edit_application(store.uow(), app.id, salary="lots")


def test_archived_application_leaves_the_pipeline_but_keeps_its_history(store) -> None:
    keep = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    gone = applications.add_application(store.uow(), "Brightloop", "Data Engineer")
    applications.archive_application(store.uow(), gone.id)
    summary = store.views.pipeline_summary()

    assert [a.id for a in summary.active] == [keep.id]
    assert summary.counts["applied"] == 1
    assert store.views.application(gone.id).archived
    assert not applications.archive_application(store.uow(), gone.id, archived=False).archived


def test_move_stage_records_every_change_in_order(store, clock) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    for stage in ("screening", "interviewing", "offer"):
        clock.shift(days=1)
        result = applications.move_stage(store.uow(), app.id, stage)
    detail = store.views.application_detail(app.id)

    assert (result.company, result.stage, result.changed, result.skipped) == (
        "Acme",
        "offer",
        True,
        0,
    )
    assert [(s.from_stage, s.to_stage) for s in detail.stages] == [
        (None, "applied"),
        ("applied", "screening"),
        ("screening", "interviewing"),
        ("interviewing", "offer"),
    ]
    assert detail.stages[-1].to_stage == detail.application.stage == "offer"
    assert [s.changed_at.date() for s in detail.stages] == [
        dt.date(2026, 11, d) for d in (24, 25, 26, 27)
    ]


def test_move_to_the_same_stage_changes_nothing(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")

    unchanged = applications.move_stage(store.uow(), app.id, "applied")
    assert (unchanged.changed, unchanged.stage, unchanged.planned) == (False, "applied", ())
    assert len(store.views.application_detail(app.id).stages) == 1


def test_unknown_stage_is_refused(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")

    with pytest.raises(ValidationError, match="Stage must be one of"):
        applications.move_stage(store.uow(), app.id, "hired")
    with pytest.raises(ValidationError) as raised:
        applications.add_application(store.uow(), "Acme", "Backend Engineer", "maybe")
    assert raised.value.field == "stage"


@pytest.mark.parametrize(
    ("company", "role", "field"),
    [("", "Engineer", "company"), ("   ", "Engineer", "company"), ("Acme", "\t", "role")],
)
def test_application_needs_a_company_and_a_role(store, company, role, field) -> None:
    with pytest.raises(ValidationError) as raised:
        applications.add_application(store.uow(), company, role)

    assert raised.value.field == field
    assert store.views.pipeline_summary().active_total == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda r: applications.move_stage(r.uow(), 999, "screening"),
        lambda r: applications.edit_application(r.uow(), 999, role="x"),
        lambda r: contacts.edit_contact(r.uow(), 999, title="x"),
        lambda r: follow_ups.mark_sent(r.uow(), 999),
        lambda r: follow_ups.snooze(r.uow(), 999, "tomorrow"),
        lambda r: follow_ups.skip(r.uow(), 999, "gone"),
        lambda r: follow_ups.save_note(r.uow(), 999, "s", "b"),
        lambda r: interviews.record_response(r.uow(), 999, "hi"),
        lambda r: interviews.add_reference(r.uow(), 999, 1),
        lambda r: applications.archive_application(r.uow(), 999),
    ],
)
def test_missing_rows_raise_not_found(store, call) -> None:
    with pytest.raises(NotFound, match="999 no longer exists"):
        call(store)


def test_missing_rows_read_as_nothing(store) -> None:
    views = store.views
    assert views.application(999) is None
    assert views.contact(999) is None
    assert views.follow_up(999) is None
    assert views.note_context(999) is None
    assert views.application_detail(999) is None


def test_log_interview_with_a_missing_contact_stores_nothing(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")

    with pytest.raises(NotFound):
        interviews.log_interview(store.uow(), app.id, utc(2026, 11, 24, 9), [404])
    assert store.views.application_detail(app.id).interviews == ()
    assert store.views.application(app.id).stage == "applied"  # the whole unit rolled back


# --- contacts ------------------------------------------------------------------------


def test_contacts_add_edit_and_search(store) -> None:
    dana = contacts.add_contact(
        store.uow(),
        "Dana Reyes",
        title="Engineering Manager",
        company="Acme",
        phone="+44 20 7946 0001",
    )
    contacts.add_contact(store.uow(), "Priya Natarajan", email="priya@acme.example")
    contacts.add_contact(store.uow(), "100% Remote Recruiter")
    edited = contacts.edit_contact(
        store.uow(), dana.id, title="Head of Platform", preferred_channel="phone"
    )

    assert (edited.name, edited.title, edited.company) == ("Dana Reyes", "Head of Platform", "Acme")
    assert edited.preferred_channel == "phone" and edited.phone == "+44 20 7946 0001"
    assert [c.name for c in store.views.contacts("REY")] == ["Dana Reyes"]
    assert [c.name for c in store.views.contacts("%")] == ["100% Remote Recruiter"]  # literal %
    assert [c.name for c in store.views.contacts()] == [
        "100% Remote Recruiter",
        "Dana Reyes",
        "Priya Natarajan",
    ]


def test_contact_validation_errors_name_the_field(store) -> None:
    for fields, field in (
        ({"name": " "}, "name"),
        ({"name": "Dana", "email": "dana@"}, "email"),
        ({"name": "Dana", "phone": "call me"}, "phone"),
        ({"name": "Dana", "preferred_channel": "pigeon"}, "preferred_channel"),
        ({"name": "Dana", "met_via": "séance"}, "met_via"),
    ):
        with pytest.raises(ValidationError) as raised:
            contacts.add_contact(store.uow(), **fields)
        assert raised.value.field == field
    assert store.views.contacts() == []


# --- interviews: rules 1 and 2 ----------------------------------------------------------


def test_rule_01_log_interview_plans_a_thank_you_per_panel_member_and_a_check_in(store) -> None:
    app, people, result = interviewed(store)
    thanks = [p for p in result.planned if p.kind == "thank-you"]
    check_ins = [p for p in result.planned if p.kind == "check-in"]

    assert result.thanked == tuple(PANEL)
    assert (result.company, result.application_id, result.skipped) == ("Acme", app.id, 0)
    assert sorted(p.contact_name for p in thanks) == sorted(PANEL)
    assert {p.due_at for p in thanks} == {utc(2026, 11, 25, 10)}  # 24 h after 10:00 UTC
    assert {p.channel for p in thanks} == {"email"}
    assert {p.interview_id for p in thanks} == {result.planned[0].interview_id}
    assert [(c.contact_name, c.channel) for c in check_ins] == [("Dana Reyes", "phone")]
    assert check_ins[0].due_at == nine_berlin(2026, 12, 1)  # rule 2: 5 business days
    assert len(planned(store, application_id=app.id)) == 4


def test_rule_01_repeated_panel_member_gets_one_thank_you(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    dana, priya = add_panel(store, PANEL[:2])
    result = interviews.log_interview(
        store.uow(), app.id, utc(2026, 11, 24, 9), [dana.id, priya.id, dana.id]
    )

    assert sorted(p.contact_name for p in result.planned if p.kind == "thank-you") == [
        "Dana Reyes",
        "Priya Natarajan",
    ]
    (interview,) = store.views.application_detail(app.id).interviews
    assert interview.id == result.interview_id == result.planned[0].interview_id
    assert [p.name for p in interview.participants] == ["Dana Reyes", "Priya Natarajan"]


def test_rule_02_check_in_the_business_day_after_their_date(store) -> None:
    _, _, result = interviewed(store, answer_by=dt.date(2026, 11, 27))  # a Friday
    (check_in,) = [p for p in result.planned if p.kind == "check-in"]

    assert check_in.due_at == nine_berlin(2026, 11, 30)  # the Monday after
    assert "the day they said has passed" in check_in.reason


def test_rule_02_check_in_by_the_channel_the_interviewer_prefers(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    dana = contacts.add_contact(store.uow(), "Dana Reyes", preferred_channel="email")
    result = interviews.log_interview(store.uow(), app.id, utc(2026, 11, 24, 9), [dana.id])

    assert [p.channel for p in result.planned if p.kind == "check-in"] == ["email"]


def test_log_interview_moves_the_application_to_interviewing(store) -> None:
    app, _, _ = interviewed(store)
    detail = store.views.application_detail(app.id)

    assert detail.application.stage == "interviewing"
    assert [s.to_stage for s in detail.stages] == ["applied", "interviewing"]
    assert detail.interviews[0].notes == "event sourcing for billing; on-call load"
    assert "video with Dana Reyes, Priya Natarajan, Marcus Okafor" in [
        e.text for e in detail.timeline
    ]


def test_a_later_interview_replaces_the_pending_check_in(store, clock) -> None:
    app, people, first = interviewed(store)
    clock.shift(days=2)
    second = interviews.log_interview(
        store.uow(), app.id, utc(2026, 11, 26, 13), [people[1].id], minutes=45
    )

    old = next(p for p in first.planned if p.kind == "check-in")
    assert store.views.follow_up(old.id).status == "skipped"
    assert "replaced" in store.views.follow_up(old.id).reason
    assert second.skipped == 1
    assert [(c.contact_name, c.due_at) for c in planned(store, "check-in")] == [
        ("Priya Natarajan", nine_berlin(2026, 12, 3))
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"participant_ids": []}, "panel"),
        ({"minutes": 2}, "minutes"),
        ({"minutes": 13 * 60}, "minutes"),
        ({"kind": "carrier pigeon"}, "kind"),
    ],
)
def test_log_interview_refuses_what_makes_no_sense(store, fields, field) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    args = {"participant_ids": [dana.id], **fields}
    before = store.views.follow_ups_for()  # the check-in after applying

    with pytest.raises(ValidationError) as raised:
        interviews.log_interview(
            store.uow(), app.id, utc(2026, 11, 24, 9), args.pop("participant_ids"), **args
        )
    assert raised.value.field == field
    assert store.views.follow_ups_for() == before


def test_naive_interview_time_is_not_guessed(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    interviews.log_interview(store.uow(), app.id, dt.datetime(2026, 11, 24, 9), [dana.id])

    # arrow reads a naive time as UTC; it comes back aware and unshifted.
    (interview,) = store.views.application_detail(app.id).interviews
    assert interview.starts_at == utc(2026, 11, 24, 9)


# --- replies: rule 4 -----------------------------------------------------------------


def test_rule_04_reply_skips_pending_check_ins_and_keeps_thank_yous(store, clock) -> None:
    app, people, _ = interviewed(store)
    clock.shift(days=1)
    result = interviews.record_response(store.uow(), app.id, "Decision next week", people[0].id)
    detail = store.views.application_detail(app.id)

    assert (result.company, result.application_id) == ("Acme", app.id)
    assert result.skipped == 1
    assert planned(store, "check-in") == []
    assert len(planned(store, "thank-you")) == 3
    assert [(f.status, f.reason) for f in detail.follow_ups if f.kind == "check-in"] == [
        ("skipped", "reply received")
    ]
    assert [(r.contact_name, r.summary) for r in detail.responses] == [
        ("Dana Reyes", "Decision next week")
    ]


def test_rule_04_reaching_them_by_phone_is_a_reply(store, clock) -> None:
    app, _, result = interviewed(store)
    check_in = next(p for p in result.planned if p.kind == "check-in")
    clock.set("2026-12-01T10:00:00+00:00")
    outcome = follow_ups.log_call_outcome(store.uow(), check_in.id, "reached")

    assert (outcome.reached, outcome.contact_name, outcome.planned) == (True, "Dana Reyes", ())
    assert outcome.skipped == 0  # the check-in just made was the only one
    assert store.views.follow_up(check_in.id).outcome == "reached"
    assert planned(store, "check-in") == []  # no second check-in: they answered
    assert [r.summary for r in store.views.application_detail(app.id).responses] == [
        "Reached by phone"
    ]


# --- the triage actions ---------------------------------------------------------------


def test_mark_sent_plans_the_next_check_in_and_says_when(store, clock) -> None:
    _, people, result = interviewed(store)
    check_in = next(p for p in result.planned if p.kind == "check-in")
    clock.set("2026-12-01T09:15:00+00:00")
    sent = follow_ups.mark_sent(store.uow(), check_in.id)

    assert [p.contact_name for p in sent.planned] == ["Dana Reyes"]
    assert [(p.kind, p.due_at) for p in sent.planned] == [("check-in", nine_berlin(2026, 12, 8))]
    stored = store.views.follow_up(check_in.id)
    assert (stored.status, stored.status_changed_at) == ("sent", utc(2026, 12, 1, 9, 15))
    assert store.views.contact(people[0].id).last_touched_at == utc(2026, 12, 1, 9, 15)
    assert store.views.application(check_in.application_id).last_touch == utc(2026, 12, 1, 9, 15)


def test_mark_sent_of_a_thank_you_plans_nothing_more(store) -> None:
    _, _, result = interviewed(store)
    thank_you = next(p for p in result.planned if p.contact_name == "Priya Natarajan")
    sent = follow_ups.mark_sent(store.uow(), thank_you.id)

    # Nothing new is planned, but it says what already comes next.
    assert (sent.kind, sent.contact_name) == ("thank-you", "Priya Natarajan")
    assert (sent.next_up.kind, sent.next_up.contact_name) == ("check-in", "Dana Reyes")
    assert sent.planned == ()
    with pytest.raises(ValidationError, match="already sent"):
        follow_ups.mark_sent(store.uow(), thank_you.id)


def dump(path) -> list[str]:
    import sqlite3

    with sqlite3.connect(path) as con:
        return list(con.iterdump())


def test_a_rehearsal_leaves_every_row_as_it_was(store, db_path) -> None:
    sqlite_only(store, "compares the file's SQL dump and PRAGMA data_version")
    # The warm-up: mark sent run for real, on a unit of work that never commits.
    _, _, result = interviewed(store)
    first = min(result.planned, key=lambda p: (p.due_at, p.id))
    before, version = dump(db_path), store.data_version()

    rehearsed = follow_ups.mark_sent(store.rehearsal(), first.id)

    assert rehearsed.follow_up_id == first.id  # it ran to the end
    assert dump(db_path) == before
    assert store.data_version() == version  # another window sees no change to reload
    real = follow_ups.mark_sent(store.uow(), first.id)  # still planned: a real write keeps
    assert real.follow_up_id == first.id
    assert store.views.follow_up(first.id).status == "sent"


def test_a_rehearsal_does_not_wait_behind_another_writer(store, db_path) -> None:
    sqlite_only(store, "SQLite's write lock (PostgreSQL writers do not wait for it)")
    import sqlite3
    import time

    from sqlalchemy.exc import OperationalError

    _, _, result = interviewed(store)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another window, mid-write
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="locked"):
            follow_ups.mark_sent(store.rehearsal(), result.planned[0].id)
        assert time.monotonic() - started < 2  # not the 10 s a real write would wait
    finally:
        other.execute("ROLLBACK")
        other.close()
    sent = follow_ups.mark_sent(store.uow(), result.planned[0].id)  # writes wait as before
    assert sent.follow_up_id == result.planned[0].id


def test_log_call_outcome_voicemail_counts_as_sent_and_plans_again(store, clock) -> None:
    _, _, result = interviewed(store)
    check_in = next(p for p in result.planned if p.kind == "check-in")
    clock.set("2026-12-01T10:00:00+00:00")
    logged = follow_ups.log_call_outcome(store.uow(), check_in.id, "voicemail")

    assert store.views.follow_up(check_in.id).outcome == "voicemail"
    assert [p.kind for p in logged.planned] == ["check-in"]
    with pytest.raises(ValidationError, match="Outcome must be one of"):
        follow_ups.log_call_outcome(store.uow(), logged.planned[0].id, "hung up")


def test_snooze_moves_the_due_time_and_says_until_when(store, clock) -> None:
    lena = contacts.add_contact(store.uow(), "Lena Fischer", met_via="event")
    (item,) = planned(store)
    snoozed = follow_ups.snooze(store.uow(), item.id, dt.date(2026, 11, 28))  # a Saturday

    assert (snoozed.item.kind, snoozed.item.contact_name) == ("event follow-up", "Lena Fischer")
    assert snoozed.item.due_at == nine_berlin(2026, 11, 30)
    stored = store.views.follow_up(item.id)
    assert stored.due_at == stored.snoozed_until == nine_berlin(2026, 11, 30)
    assert stored.contact_id == lena.id
    with pytest.raises(ValidationError, match="Pick a day after today"):
        follow_ups.snooze(store.uow(), item.id, TODAY)


def test_rule_11_snooze_on_a_friday_never_lands_on_the_weekend(store, clock) -> None:
    clock.set("2026-11-27T15:00:00+00:00")  # Friday afternoon
    contacts.add_contact(store.uow(), "Lena Fischer", met_via="event")
    (item,) = planned(store)

    for choice in ("tomorrow", "next business day"):
        assert follow_ups.snooze(store.uow(), item.id, choice).planned[0].due_at == nine_berlin(
            2026, 11, 30
        )


def test_skip_needs_a_reason_and_keeps_it_in_history(store) -> None:
    app, _, result = interviewed(store)
    check_in = next(p for p in result.planned if p.kind == "check-in")

    with pytest.raises(ValidationError, match="Reason is required"):
        follow_ups.skip(store.uow(), check_in.id, "  ")
    skipped = follow_ups.skip(store.uow(), check_in.id, "They asked me to wait")
    assert (skipped.follow_up_id, skipped.kind, skipped.contact_name) == (
        check_in.id,
        "check-in",
        "Dana Reyes",
    )
    assert store.views.follow_up(check_in.id).reason == "They asked me to wait"
    assert any(
        e.text.endswith("skipped: They asked me to wait")
        for e in store.views.application_detail(app.id).timeline
    )
    with pytest.raises(ValidationError, match="already skipped"):
        follow_ups.snooze(store.uow(), check_in.id, "tomorrow")


def test_save_note_round_trip_survives_reopening(store, db_target, clock) -> None:
    _, _, result = interviewed(store)
    item = result.planned[0]
    body = "Hi Dana,\n\n\tThank you — the billing migration story stuck with me.\n"
    saved = follow_ups.save_note(
        store.uow(), item.id, "Thank you, Dana", body, channel="handwritten"
    )

    assert (saved.subject, saved.body, saved.channel) == ("Thank you, Dana", body, "handwritten")
    reopened = Store(open_database(db_target), clock)
    try:
        again = reopened.views.follow_up(item.id)
    finally:
        reopened.close()
    assert (again.subject, again.body, again.channel) == ("Thank you, Dana", body, "handwritten")


def test_save_note_strips_terminal_control_characters(store) -> None:
    _, _, result = interviewed(store)
    saved = follow_ups.save_note(
        store.uow(), result.planned[0].id, "Hi\x1b[2J", "Hi Dana,\x07\x00 thanks\r\n"
    )

    assert saved.subject == "Hi[2J"
    assert saved.body == "Hi Dana, thanks\n"  # a stray \r goes too


# --- the Today list ----------------------------------------------------------------------


def test_due_follow_ups_groups_overdue_today_and_this_week(store) -> None:
    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    due = {
        "yesterday": utc(2026, 11, 23, 8),
        "this morning": utc(2026, 11, 24, 7),  # earlier today: today, not overdue
        "tonight": utc(2026, 11, 24, 22, 30),  # 23:30 in Berlin
        "after midnight": utc(2026, 11, 24, 23, 30),  # already Wednesday in Berlin
        "thursday": utc(2026, 11, 26, 8),
        "next tuesday": utc(2026, 12, 1, 8),
        "too far": utc(2026, 12, 2, 8),
    }
    for subject, at in due.items():
        follow_ups.add_follow_up(store.uow(), dana.id, due_at=at, subject=subject)
    done = follow_ups.add_follow_up(
        store.uow(), dana.id, due_at=utc(2026, 11, 20, 8), subject="sent"
    )
    follow_ups.mark_sent(store.uow(), done.id)
    listed = store.views.due_follow_ups()

    assert [i.subject for i in listed.overdue] == ["yesterday"]
    assert [i.subject for i in listed.today] == ["this morning", "tonight"]
    assert [i.subject for i in listed.week] == ["after midnight", "thursday", "next tuesday"]
    assert listed.all[0].due_at.tzinfo is UTC
    assert listed.totals == (1, 2, 3)

    # A list cut at its limit still knows how many there are in all (the panes and the
    # command line say "1 overdue · 2 due today", not the count of what fits).
    cut = store.views.due_follow_ups(limit=2)
    assert [i.subject for i in cut.all] == ["yesterday", "this morning"]
    assert cut.totals == (1, 2, 3)


def test_due_follow_ups_for_another_day(store) -> None:
    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    follow_ups.add_follow_up(store.uow(), dana.id, due_at=utc(2026, 11, 26, 8), subject="thursday")

    assert [i.subject for i in store.views.due_follow_ups(dt.date(2026, 11, 26)).today] == [
        "thursday"
    ]
    assert [i.subject for i in store.views.due_follow_ups(dt.date(2026, 11, 27)).overdue] == [
        "thursday"
    ]


# --- summaries -----------------------------------------------------------------------------


def test_pipeline_summary_counts_match_the_rows(store) -> None:
    stages = ["applied", "applied", "screening", "interviewing", "offer", "rejected", "ghosted"]
    ids = []
    for n, stage in enumerate(stages):
        app = applications.add_application(store.uow(), f"Company {n}", "Engineer")
        applications.move_stage(store.uow(), app.id, stage)
        ids.append(app.id)
    applications.add_application(store.uow(), "Wish", "Engineer", "wishlist")
    summary = store.views.pipeline_summary()
    everything = store.views.pipeline_summary(include_closed=True)

    assert summary.counts == {
        "wishlist": 1,
        "applied": 2,
        "screening": 1,
        "interviewing": 1,
        "offer": 1,
        "accepted": 0,
        "rejected": 1,
        "withdrawn": 0,
        "ghosted": 1,
    }
    assert summary.active_total == len(summary.active) == 6  # closed ones left out
    assert {a.stage for a in summary.active} <= {
        "wishlist",
        "applied",
        "screening",
        "interviewing",
        "offer",
    }
    assert everything.active_total == 8
    assert [a.id for a in store.views.pipeline_summary(limit=2, offset=1).active] == [
        a.id for a in summary.active[1:3]
    ]


def test_pipeline_lists_the_soonest_next_follow_up_first(store) -> None:
    quiet = applications.add_application(store.uow(), "Quiet", "Engineer")
    app, _, _ = interviewed(store)
    summary = store.views.pipeline_summary()

    assert [a.id for a in summary.active] == [app.id, quiet.id]
    assert summary.active[0].next_due == utc(2026, 11, 25, 10)  # the thank-yous
    assert summary.active[1].next_due == nine_berlin(2026, 12, 8)  # 10 business days on


def test_stats_reply_rate_and_median_days_to_reply(store, clock) -> None:
    a = applications.add_application(store.uow(), "A", "Engineer", applied_on=dt.date(2026, 11, 2))
    b = applications.add_application(store.uow(), "B", "Engineer", applied_on=dt.date(2026, 11, 4))
    applications.add_application(store.uow(), "C", "Engineer", applied_on=dt.date(2026, 11, 5))
    applications.add_application(store.uow(), "D", "Engineer", "wishlist")
    interviews.record_response(
        store.uow(), a.id, "Let's talk", received_at=utc(2026, 11, 6, 12)
    )  # 4 days
    interviews.record_response(
        store.uow(), b.id, "No thanks", received_at=utc(2026, 11, 12, 12)
    )  # 8 days
    interviews.record_response(
        store.uow(), b.id, "Really", received_at=utc(2026, 11, 20, 12)
    )  # not the first
    applications.move_stage(store.uow(), b.id, "rejected")
    stats = store.views.stats()

    assert stats.reply_rate == pytest.approx(2 / 3)  # the wishlist one never applied
    assert stats.median_days_to_reply == 6
    assert stats.funnel["applied"] == 2 and stats.funnel["rejected"] == 1
    assert stats.conversion["applied"] == pytest.approx(3 / 4)


def test_stats_counts_follow_ups_sent_per_week(store, clock) -> None:
    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    for day in (16, 17, 24):
        clock.set(f"2026-11-{day}T10:00:00+00:00")
        follow_ups.mark_sent(
            store.uow(), follow_ups.add_follow_up(store.uow(), dana.id, subject=str(day)).id
        )
    stats = store.views.stats(weeks=3)

    assert stats.follow_ups_sent == 3
    assert stats.sent_per_week == (
        (dt.date(2026, 11, 9), 0),
        (dt.date(2026, 11, 16), 2),
        (dt.date(2026, 11, 23), 1),
    )


def test_stats_weeks_are_exact_in_a_half_hour_zone(store, clock) -> None:
    # Kolkata is UTC+5:30: Monday 00:00 there is Sunday 18:30 UTC. Sends per hour cannot
    # split that hour, so such a zone counts the sends themselves.
    set_setting(store.uow(), "timezone", "Asia/Kolkata")
    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    for at in ("2026-11-22T18:20:00+00:00", "2026-11-22T18:40:00+00:00"):
        clock.set(at)  # Sunday 23:50 and Monday 00:10 in Kolkata
        follow_ups.mark_sent(
            store.uow(), follow_ups.add_follow_up(store.uow(), dana.id, subject=at).id
        )
    clock.set("2026-11-24T10:00:00+00:00")
    stats = store.views.stats(weeks=2)

    assert stats.sent_per_week == ((dt.date(2026, 11, 16), 1), (dt.date(2026, 11, 23), 1))
    assert stats.follow_ups_sent == 2


def test_stats_weeks_start_at_local_midnight_on_both_sides_of_a_clock_change(store, clock) -> None:
    # Berlin leaves summer time on Sunday 25 October 2026 (UTC+2 -> UTC+1).
    set_setting(store.uow(), "timezone", "Europe/Berlin")
    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    for at in (
        "2026-10-18T22:30:00+00:00",  # Monday 19 Oct 00:30, summer time: week of 19 Oct
        "2026-10-25T22:30:00+00:00",  # Sunday 25 Oct 23:30, winter time: still 19 Oct
        "2026-10-25T23:30:00+00:00",  # Monday 26 Oct 00:30: week of 26 Oct
    ):
        clock.set(at)
        follow_ups.mark_sent(
            store.uow(), follow_ups.add_follow_up(store.uow(), dana.id, subject=at).id
        )
    clock.set("2026-10-28T10:00:00+00:00")
    stats = store.views.stats(weeks=3)

    assert stats.sent_per_week == (
        (dt.date(2026, 10, 12), 0),
        (dt.date(2026, 10, 19), 2),
        (dt.date(2026, 10, 26), 1),
    )


def test_sends_per_hour_follow_every_kind_of_write(store, engine, clock) -> None:
    """sent_hour (kept by triggers, read by stats) against a fresh count after sends, an
    unsend by editing, a time change and deleting an application with its follow-ups."""

    from collections import Counter

    from sqlalchemy import select, text

    from db.models import FollowUp

    def kept_and_counted() -> tuple[list, list]:
        with engine.connect() as conn:
            kept = conn.execute(
                text("SELECT hour, sent FROM sent_hour WHERE sent != 0 ORDER BY hour")
            ).all()
            sent = conn.execute(
                select(FollowUp.status_changed_at).where(FollowUp.status == "sent")
            ).scalars()
            counted = sorted(Counter(f"{at:%Y-%m-%d %H}" for at in sent).items())
        return [tuple(r) for r in kept], counted

    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    app = applications.add_application(store.uow(), "Acme", "Engineer")
    ids = []
    for hour in (9, 9, 11):
        clock.set(f"2026-11-16T{hour:02}:30:00+00:00")
        fid = follow_ups.add_follow_up(
            store.uow(), dana.id, application_id=app.id, subject=str(hour)
        ).id
        follow_ups.mark_sent(store.uow(), fid)
        ids.append(fid)
    kept, counted = kept_and_counted()
    assert kept == counted == [("2026-11-16 09", 2), ("2026-11-16 11", 1)]

    with engine.begin() as conn:  # another writer: plain SQL, as a future import might
        conn.execute(text("UPDATE follow_up SET status = 'planned' WHERE id = :id"), {"id": ids[0]})
        conn.execute(
            text(
                "UPDATE follow_up SET status_changed_at = '2026-11-17 08:00:00.000000' "
                "WHERE id = :id"
            ),
            {"id": ids[2]},
        )
    kept, counted = kept_and_counted()
    assert kept == counted == [("2026-11-16 09", 1), ("2026-11-17 08", 1)]

    with engine.begin() as conn:  # follow-ups go with their application (ON DELETE CASCADE)
        conn.execute(text("DELETE FROM application WHERE id = :id"), {"id": app.id})
    assert kept_and_counted() == ([], [])
    assert store.views.stats().follow_ups_sent == 0


def test_first_reply_follows_replies_added_moved_and_deleted(store, engine) -> None:
    """application.first_reply_at (kept by triggers, read by stats) is the earliest reply,
    whoever writes."""
    app = applications.add_application(
        store.uow(), "Acme", "Engineer", applied_on=dt.date(2026, 11, 2)
    )
    interviews.record_response(store.uow(), app.id, "Later", received_at=utc(2026, 11, 12, 12))
    interviews.record_response(store.uow(), app.id, "Sooner", received_at=utc(2026, 11, 6, 12))

    from sqlalchemy import select

    from db.models import Application

    def first() -> dt.datetime | None:
        with engine.connect() as conn:
            found = select(Application.first_reply_at).where(Application.id == app.id)
            return conn.execute(found).scalar()

    assert first() == utc(2026, 11, 6, 12)
    assert store.views.stats().median_days_to_reply == 4
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE response SET received_at = '2026-11-20 12:00:00.000000' "
            "WHERE summary = 'Sooner'"
        )
    assert first() == utc(2026, 11, 12, 12)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM response")
    assert first() is None
    assert store.views.stats().median_days_to_reply is None


def test_stats_of_an_empty_database_have_no_rates(store) -> None:
    stats = store.views.stats()

    assert stats.reply_rate is None and stats.median_days_to_reply is None
    assert stats.follow_ups_sent == 0


# --- rule 3 end to end -----------------------------------------------------------------


def test_rule_03_min_gap_moves_a_touch_away_from_a_new_thank_you(store) -> None:
    lena = contacts.add_contact(store.uow(), "Lena Fischer", met_via="event")  # follow-up Wed 09:00
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    interviews.log_interview(
        store.uow(), app.id, utc(2026, 11, 24, 9), [lena.id]
    )  # thank-you Wed 10:00 UTC

    dues = {i.kind: i.due_at for i in planned(store) if i.contact_id == lena.id}
    assert dues["thank-you"] == utc(2026, 11, 25, 10)  # never moved: a deadline
    assert dues["event follow-up"] == nine_berlin(2026, 11, 27)  # two business days on


def test_rule_03_stop_after_two_unanswered_check_ins_then_suggest_ghosted(store, clock) -> None:
    app, _, result = interviewed(store)
    first = next(p for p in result.planned if p.kind == "check-in")
    clock.set("2026-12-01T10:00:00+00:00")
    second = follow_ups.mark_sent(store.uow(), first.id).planned[0]
    clock.set("2026-12-08T10:00:00+00:00")
    last = follow_ups.mark_sent(store.uow(), second.id)

    assert last.planned == ()
    assert last.suggest_ghosted
    assert (last.kind, last.unanswered, last.company, last.next_up) == ("check-in", 2, "Acme", None)
    assert planned(store, "check-in") == []
    assert store.views.application(app.id).suggest_ghosted
    assert store.views.pipeline_summary().active[0].suggest_ghosted


def test_rule_03_an_interview_after_unanswered_check_ins_answers_them(store, clock) -> None:
    app, people, result = interviewed(store)
    first = next(p for p in result.planned if p.kind == "check-in")
    clock.set("2026-12-01T10:00:00+00:00")
    second = follow_ups.mark_sent(store.uow(), first.id).planned[0]
    clock.set("2026-12-08T10:00:00+00:00")
    follow_ups.mark_sent(store.uow(), second.id)
    clock.set("2026-12-10T10:00:00+00:00")
    again = interviews.log_interview(store.uow(), app.id, utc(2026, 12, 10, 9), [people[2].id])

    assert not store.views.application(app.id).suggest_ghosted
    (check_in,) = [p for p in again.planned if p.kind == "check-in"]
    clock.set("2026-12-17T10:00:00+00:00")
    assert follow_ups.mark_sent(
        store.uow(), check_in.id
    ).planned  # one more may follow: 1 of 2 unanswered


def test_rule_03_reply_resets_the_unanswered_count(store, clock) -> None:
    app, _, result = interviewed(store)
    first = next(p for p in result.planned if p.kind == "check-in")
    clock.set("2026-12-01T10:00:00+00:00")
    follow_ups.mark_sent(store.uow(), first.id)
    clock.set("2026-12-02T10:00:00+00:00")
    interviews.record_response(store.uow(), app.id, "Still deciding")

    assert not store.views.application(app.id).suggest_ghosted
    assert planned(store, "check-in") == []  # rule 4 ended the pending one


# --- rule 5 end to end -----------------------------------------------------------------


def test_rule_05_rejection_plans_one_feedback_request_and_a_keep_warm(store, clock) -> None:
    app, _, _ = interviewed(store)
    clock.set("2026-11-26T10:00:00+00:00")  # Thursday
    result = applications.move_stage(store.uow(), app.id, "rejected")

    assert (result.company, result.stage, result.skipped) == ("Acme", "rejected", 4)
    assert [(p.kind, p.contact_name, p.due_at) for p in result.planned] == [
        ("feedback request", "Dana Reyes", nine_berlin(2026, 11, 27)),
        ("keep-warm", "Dana Reyes", nine_berlin(2027, 1, 7)),  # six weeks on
    ]
    assert {i.kind for i in planned(store)} == {"feedback request", "keep-warm"}
    assert {i.reason for i in store.views.follow_ups_for() if i.status == "skipped"} == {
        "rejected",
        "moved to interviewing",  # the check-in after applying, when the interview came
    }


def test_rule_05_feedback_is_asked_for_only_once(store, clock) -> None:
    app, _, _ = interviewed(store)
    applications.move_stage(store.uow(), app.id, "rejected")
    applications.move_stage(store.uow(), app.id, "interviewing")
    again = applications.move_stage(store.uow(), app.id, "rejected")

    assert again.planned == ()
    kinds = [i.kind for i in store.views.follow_ups_for(application_id=app.id)]
    assert kinds.count("feedback request") == 1 and kinds.count("keep-warm") == 1


def test_rule_05_keep_warm_every_six_weeks_at_most_three_times(store, clock) -> None:
    app, _, _ = interviewed(store)
    applications.move_stage(store.uow(), app.id, "rejected")
    dues = []
    while warm := planned(store, "keep-warm"):
        dues.append(warm[0].due_at)
        clock.set(warm[0].due_at)
        follow_ups.mark_sent(store.uow(), warm[0].id)

    assert dues == [
        nine_berlin(2027, 1, 5),
        nine_berlin(2027, 2, 16),
        utc(2027, 3, 30, 7),  # 09:00 in Berlin, summer time by then
    ]
    assert [i.status for i in store.views.follow_ups_for() if i.kind == "keep-warm"] == ["sent"] * 3


def test_rule_05_reaching_them_by_phone_keeps_the_keep_warm_rhythm(store, clock) -> None:
    app, _, _ = interviewed(store)
    applications.move_stage(store.uow(), app.id, "rejected")
    (warm,) = planned(store, "keep-warm")
    clock.set(warm.due_at)
    result = follow_ups.log_call_outcome(store.uow(), warm.id, "reached")

    assert [(p.kind, p.due_at) for p in result.planned] == [("keep-warm", nine_berlin(2027, 2, 16))]
    assert [p.contact_name for p in result.planned] == ["Dana Reyes"]
    assert not result.reached  # the rhythm goes on: not the short "reached" answer


def test_rule_05_one_keep_warm_rhythm_per_person_across_applications(store, clock) -> None:
    recruiter = contacts.add_contact(store.uow(), "Sam Carter", title="Agency recruiter")
    apps = [
        applications.add_application(store.uow(), name, "Engineer")
        for name in ("Acme", "Brightloop")
    ]
    for app in apps:
        interviews.log_interview(store.uow(), app.id, utc(2026, 11, 24, 9), [recruiter.id])
    applications.move_stage(store.uow(), apps[0].id, "rejected")
    (warm,) = planned(store, "keep-warm")
    clock.set(warm.due_at)
    follow_ups.mark_sent(store.uow(), warm.id)  # 1 of 3; the second is planned
    follow_ups.mark_sent(store.uow(), planned(store, "keep-warm")[0].id)  # 2 of 3 (sent early)
    follow_ups.mark_sent(store.uow(), planned(store, "keep-warm")[0].id)  # 3 of 3: the rhythm ends
    second = applications.move_stage(store.uow(), apps[1].id, "rejected")

    assert [p.kind for p in second.planned] == ["feedback request"]  # asked once per job
    assert planned(store, "keep-warm") == []  # but Sam has had three keep-warms already


def test_rule_05_no_check_in_follows_a_check_in_sent_after_rejection(store, clock) -> None:
    app, _, result = interviewed(store)
    check_in = next(p for p in result.planned if p.kind == "check-in")
    applications.move_stage(store.uow(), app.id, "rejected")
    applications.move_stage(store.uow(), app.id, "interviewing")  # back, then rejected once more
    applications.move_stage(store.uow(), app.id, "rejected")

    assert store.views.follow_up(check_in.id).status == "skipped"
    assert {i.kind for i in planned(store)} <= {"feedback request", "keep-warm"}


# --- rules 6 and 7: what the note editor is handed -----------------------------------------
# Drafts and guards are db/notes.py's (tested in test_notes.py); these check that the
# repository hands them the right facts for the right person.


def test_rule_06_note_context_carries_the_interview_topics_into_the_draft(store) -> None:
    _, _, result = interviewed(store, notes="event sourcing for billing; on-call load")
    dana = next(p for p in result.planned if p.contact_name == "Dana Reyes")
    context = store.views.note_context(dana.id)
    subject, body = draft(
        facts_for(context.item, interview=context.interview, timezone="Europe/Berlin")
    )

    assert context.interview.notes == "event sourcing for billing; on-call load"
    assert body.startswith("Hi Dana,")
    assert "event sourcing for billing" in body
    assert "[" in body  # prompts for what only the user can add


def test_rule_07_note_context_lets_the_guard_catch_the_wrong_name(store) -> None:
    _, _, result = interviewed(store)
    items = {p.contact_name: p for p in result.planned if p.kind == "thank-you"}
    priya_body = "Hi Priya,\n\nThank you for the talk about on-call load.\n"
    follow_ups.save_note(store.uow(), items["Priya Natarajan"].id, "Thanks", priya_body)
    context = store.views.note_context(items["Dana Reyes"].id)

    assert ("Priya Natarajan", priya_body) in context.panel_notes
    assert "Dana Reyes" not in [name for name, _ in context.panel_notes]
    warnings = check_note(
        priya_body,  # pasted into Dana's note unchanged
        recipient_name=context.item.contact_name,
        company=context.item.company,
        other_panel_bodies=context.panel_notes,
        kind=context.item.kind,
    )
    assert {"wrong-name", "near-identical"} <= {w.code for w in warnings}


def test_rule_07_names_and_addresses_are_stored_exactly_as_typed(store) -> None:
    zoe = contacts.add_contact(
        store.uow(), "Zoë O'Brien-Łukasiewicz", title="VP, R&D", email="Zoe.OBrien@Acme.Example"
    )
    stored = store.views.contact(zoe.id)

    assert stored.name == "Zoë O'Brien-Łukasiewicz"  # not title-cased, accents kept
    assert stored.title == "VP, R&D"
    assert stored.email == "Zoe.OBrien@acme.example"  # only the domain is case-free


# --- rule 8 end to end ---------------------------------------------------------------------


def test_rule_08_reference_heads_up_when_reaching_interviewing(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    grace = contacts.add_contact(store.uow(), "Grace Hopper-Lee", met_via="reference")
    assert (
        interviews.add_reference(store.uow(), app.id, grace.id).planned == ()
    )  # applied: too early
    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    result = interviews.log_interview(store.uow(), app.id, utc(2026, 11, 24, 9), [dana.id])

    heads_up = [p for p in result.planned if p.kind == "reference heads-up"]
    assert [(p.contact_name, p.due_at) for p in heads_up] == [
        ("Grace Hopper-Lee", utc(2026, 11, 24, 10, 30))  # now: a business day
    ]
    applications.move_stage(store.uow(), app.id, "offer")
    assert len([i for i in store.views.follow_ups_for() if i.kind == "reference heads-up"]) == 1
    assert [r.name for r in store.views.application_detail(app.id).references] == [
        "Grace Hopper-Lee"
    ]


def test_rule_08_reference_added_while_interviewing_is_told_at_once(store) -> None:
    app, _, _ = interviewed(store)
    grace = contacts.add_contact(store.uow(), "Grace Hopper-Lee", met_via="reference")
    result = interviews.add_reference(store.uow(), app.id, grace.id)

    assert [(p.kind, p.contact_name) for p in result.planned] == [
        ("reference heads-up", "Grace Hopper-Lee")
    ]
    assert interviews.add_reference(store.uow(), app.id, grace.id).planned == ()  # told once only


# --- rule 9 end to end ---------------------------------------------------------------------


def test_rule_09_event_contact_follow_up_next_business_day(store, clock) -> None:
    clock.set("2026-11-27T19:00:00+00:00")  # met on a Friday evening
    kwame = contacts.add_contact(store.uow(), "Kwame Boateng", met_via="event", title="Speaker")
    (item,) = planned(store)

    assert (item.kind, item.contact_id, item.application_id) == ("event follow-up", kwame.id, None)
    assert item.due_at == nine_berlin(2026, 11, 30)  # Monday, not Saturday
    assert store.views.contact(kwame.id).met_on == dt.date(2026, 11, 27)


def test_rule_09_event_follow_up_then_the_keep_warm_rhythm(store, clock) -> None:
    contacts.add_contact(store.uow(), "Kwame Boateng", met_via="event")
    (item,) = planned(store)
    clock.set("2026-11-25T09:00:00+00:00")
    result = follow_ups.mark_sent(store.uow(), item.id)

    assert [(p.kind, p.application_id, p.due_at) for p in result.planned] == [
        ("keep-warm", None, nine_berlin(2027, 1, 6))
    ]


# --- rule 10 end to end --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "reason"), [("accepted", "offer accepted"), ("withdrawn", "application withdrawn")]
)
def test_rule_10_closing_skips_pending_with_reason_kept_in_history(store, stage, reason) -> None:
    app, _, result = interviewed(store)
    sent = follow_ups.mark_sent(store.uow(), result.planned[0].id)  # already sent: stays sent
    closed = applications.move_stage(store.uow(), app.id, stage)
    detail = store.views.application_detail(app.id)

    closing = [f for f in detail.follow_ups if f.kind != "application check-in"]
    assert closed.skipped == 3 and closed.planned == ()
    assert len(closing) == 4 + len(sent.planned)  # nothing deleted
    assert sorted(f.status for f in closing) == ["sent", *["skipped"] * 3]
    assert {f.reason for f in closing if f.status == "skipped"} == {reason}
    assert planned(store) == []
    assert sum(e.text.endswith(f"skipped: {reason}") for e in detail.timeline) == 3


def test_rule_10_no_interview_is_logged_on_a_closed_application(store) -> None:
    app, people, _ = interviewed(store)
    applications.move_stage(store.uow(), app.id, "accepted")

    with pytest.raises(ValidationError, match="Acme is accepted: move it back"):
        interviews.log_interview(store.uow(), app.id, utc(2026, 11, 25, 9), [people[0].id])
    assert len(store.views.application_detail(app.id).interviews) == 1
    assert planned(store) == []


# --- rule 11 end to end --------------------------------------------------------------------


def test_rule_11_times_are_stored_utc_and_grouped_by_the_users_day(store) -> None:
    set_setting(store.uow(), "timezone", "Pacific/Auckland")  # UTC+13 in November
    dana = contacts.add_contact(store.uow(), "Dana Reyes")
    item = follow_ups.add_follow_up(store.uow(), dana.id, due_at=utc(2026, 11, 24, 12), subject="x")

    assert item.due_at == utc(2026, 11, 24, 12) and item.due_at.tzinfo is UTC
    # 10:30 UTC is 23:30 in Auckland; 12:00 UTC is already tomorrow there.
    assert [i.subject for i in store.views.due_follow_ups().week] == ["x"]
    assert store.views.due_follow_ups().today == ()


def test_settings_are_stored_and_checked(store) -> None:
    set_setting(store.uow(), "min_gap_business_days", "3")

    assert store.views.settings.min_gap_business_days == 3
    assert store.views.settings.timezone == "Europe/Berlin"
    with pytest.raises(ValidationError, match="must be a whole number from 0 to 20"):
        set_setting(store.uow(), "keep_warm_max", "many")
    assert store.views.get_setting("theme", "dark") == "dark"


def test_timeline_names_a_skip_reason_and_leaves_no_dangling_colon_without_one(store) -> None:
    from sqlalchemy import text

    app, _, result = interviewed(store)
    first, second = result.planned[:2]
    follow_ups.skip(store.uow(), first.id, "Met them at the office instead")
    follow_ups.skip(store.uow(), second.id, "placeholder")
    with store.engine.begin() as con:  # older data and imports carry no reason
        con.execute(text("UPDATE follow_up SET reason = '' WHERE id = :id"), {"id": second.id})
    texts = {e.text for e in store.views.application_detail(app.id).timeline}

    assert any(t.endswith("skipped: Met them at the office instead") for t in texts)
    assert not any(t.endswith(":") for t in texts)
