"""The line a person reads after each action (tui.words), from real service results:
what was planned, for whom and when; what was skipped; what comes next."""

from __future__ import annotations

import datetime as dt

from db.write import applications, contacts, follow_ups, interviews
from tests.db.test_repository import interviewed, planned
from tui.words import describe


def say(store, result) -> str:
    return describe(result, store.views.settings)


def test_interview_logged_names_each_panel_member(store) -> None:
    _, _, result = interviewed(store)
    assert say(store, result) == "Interview logged; thank-yous planned for Dana, Priya, Marcus"


def test_a_title_is_never_taken_for_a_first_name(store) -> None:
    app = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    diana = contacts.add_contact(store.uow(), "Dr. Diana Reyes")
    at = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
    logged = interviews.log_interview(store.uow(), app.id, at, [diana.id])
    assert say(store, logged) == "Interview logged; thank-yous planned for Diana"
    thanks = next(p for p in logged.planned if p.kind == "thank-you")
    assert say(store, follow_ups.mark_sent(store.uow(), thanks.id)) == (
        "Thank-you to Diana marked sent; next: check-in with Diana, Tue 1 Dec"
    )


def test_mark_sent_says_when_the_next_check_in_is(store, clock) -> None:
    _, _, result = interviewed(store)
    check_in = next(p for p in result.planned if p.kind == "check-in")
    clock.set("2026-12-01T09:15:00+00:00")
    sent = follow_ups.mark_sent(store.uow(), check_in.id)
    assert say(store, sent) == "Check-in with Dana planned for Tue 8 Dec"


def test_mark_sent_of_a_thank_you_names_what_comes_next(store) -> None:
    _, _, result = interviewed(store)
    thank_you = next(p for p in result.planned if p.contact_name == "Priya Natarajan")
    sent = follow_ups.mark_sent(store.uow(), thank_you.id)
    assert say(store, sent) == "Thank-you to Priya marked sent; next: check-in with Dana, Tue 1 Dec"


def test_two_unanswered_check_ins_suggest_ghosted(store, clock) -> None:
    _, _, result = interviewed(store)
    first = next(p for p in result.planned if p.kind == "check-in")
    clock.set("2026-12-01T10:00:00+00:00")
    second = follow_ups.mark_sent(store.uow(), first.id).planned[0]
    clock.set("2026-12-08T10:00:00+00:00")
    last = follow_ups.mark_sent(store.uow(), second.id)
    assert say(store, last) == (
        "Check-in to Dana marked sent; 2 check-ins unanswered: consider marking Acme as ghosted"
    )


def test_a_call_that_reached_them(store, clock) -> None:
    _, _, result = interviewed(store)
    check_in = next(p for p in result.planned if p.kind == "check-in")
    clock.set("2026-12-01T10:00:00+00:00")
    outcome = follow_ups.log_call_outcome(store.uow(), check_in.id, "reached")
    assert say(store, outcome) == "Call with Dana logged as reached"


def test_a_call_to_voicemail_with_nothing_next_says_its_outcome(store, clock) -> None:
    app, _, _ = interviewed(store)
    applications.move_stage(store.uow(), app.id, "offer")
    (thanks, *_) = planned(store, "thank-you")
    logged = follow_ups.log_call_outcome(store.uow(), thanks.id, "voicemail")
    assert say(store, logged).startswith(f"Thank-you to {thanks.contact_name.split()[0]} logged")
    assert "(voicemail)" in say(store, logged)


def test_reply_recorded_counts_the_check_ins_it_ends(store, clock) -> None:
    app, people, _ = interviewed(store)
    clock.shift(days=1)
    result = interviews.record_response(store.uow(), app.id, "Decision next week", people[0].id)
    assert say(store, result) == "Reply from Acme recorded; 1 pending check-in(s) no longer needed"
    again = interviews.record_response(store.uow(), app.id, "And again")
    assert say(store, again) == "Reply from Acme recorded"


def test_stage_moves(store, clock) -> None:
    app, _, _ = interviewed(store)
    assert say(store, applications.move_stage(store.uow(), app.id, "interviewing")) == (
        "Already interviewing"
    )
    clock.set("2026-11-26T10:00:00+00:00")
    rejected = applications.move_stage(store.uow(), app.id, "rejected")
    assert say(store, rejected) == "Acme: moved to rejected; 4 pending follow-up(s) skipped"
    back = applications.move_stage(store.uow(), app.id, "offer")
    assert say(store, back).startswith("Acme: moved to offer")


def test_snooze_and_skip(store) -> None:
    contacts.add_contact(store.uow(), "Lena Fischer", met_via="event")
    (item,) = planned(store)
    snoozed = follow_ups.snooze(store.uow(), item.id, dt.date(2026, 11, 28))  # a Saturday
    assert say(store, snoozed) == "Event follow-up with Lena snoozed for Mon 30 Nov"
    skipped = follow_ups.skip(store.uow(), item.id, "Not my field")
    assert say(store, skipped) == "Event follow-up to Lena skipped"


def test_keep_warm_after_reaching_them(store, clock) -> None:
    app, _, _ = interviewed(store)
    applications.move_stage(store.uow(), app.id, "rejected")
    (warm,) = planned(store, "keep-warm")
    clock.set(warm.due_at)
    result = follow_ups.log_call_outcome(store.uow(), warm.id, "reached")
    assert say(store, result) == "Keep-warm with Dana planned for Tue 16 Feb"


def test_a_plain_record_reads_saved(store) -> None:
    row = applications.add_application(store.uow(), "Acme", "Backend Engineer")
    assert say(store, row) == "Saved"


def test_a_follow_up_with_no_application_is_about_the_persons_company(store) -> None:
    """Mistake 7: people met at an event read '(no application)' in Today."""
    from tui.about import about

    contacts.add_contact(store.uow(), "Lena Fischer", met_via="event", company="Acme")
    contacts.add_contact(
        store.uow(), "Kwame Boateng", met_via="event", title="Speaker, PyData meetup"
    )
    lena, kwame = sorted(planned(store), key=lambda i: i.contact_name, reverse=True)
    assert about(lena) == "Acme"
    assert about(kwame) == "Speaker, PyData meetup"  # no company: what they do


def test_the_delete_question_says_plainly_what_goes_with_it(store) -> None:
    from tui.words import delete_question

    app, _, _ = interviewed(store)
    footprint = store.views.application_footprint(app.id)
    title, line = delete_question("Acme", "Engineer", footprint)
    assert title == "Delete Acme — Engineer?"
    assert line == (
        f"Its 1 interview, {footprint.follow_ups} follow-ups and {footprint.stage_changes} "
        "stage changes go with it; people stay in Contacts."
    )
    deleted = applications.delete(store.uow(), app.id)
    assert say(store, deleted) == "Acme — Backend Engineer deleted"
