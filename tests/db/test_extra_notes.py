"""The addendum after an interview and the thank-you for feedback, end to end: what
is planned, for whom, when, and what the note editor is handed to draft them."""

from __future__ import annotations

import pytest

from db.notes.drafts import draft, facts_for
from db.validation import ValidationError
from db.write import applications, contacts, follow_ups, interviews
from db.write.extra_notes import add_addendum
from tests.db.test_repository import interviewed, planned, utc


def test_an_addendum_goes_to_the_panel_lead_now_and_keeps_its_time(store, clock) -> None:
    app, people, result = interviewed(store)
    clock.set("2026-11-24T15:00:00+00:00")
    made = add_addendum(store.uow(), result.interview_id)
    # Another touch to Dana planned right after would push a discretionary note later.
    follow_ups.add_follow_up(store.uow(), people[0].id, "check-in", application_id=app.id)

    assert (made.kind, made.contact_name, made.interview_id) == (
        "addendum",
        "Dana Reyes",
        result.interview_id,
    )
    assert store.views.follow_up(made.id).due_at == utc(2026, 11, 24, 15)
    context = store.views.note_context(made.id)
    subject, body = draft(facts_for(context.item, interview=context.interview))
    assert subject == "One more thing — Backend Engineer interview"
    assert body.startswith("Hi Dana,")


def test_an_addendum_to_someone_else_on_the_panel_and_only_one_at_a_time(store) -> None:
    _, people, result = interviewed(store)
    made = add_addendum(store.uow(), result.interview_id, people[2].id)
    assert made.contact_name == "Marcus Okafor"

    with pytest.raises(ValidationError, match="already planned"):
        add_addendum(store.uow(), result.interview_id, people[2].id)
    stranger = contacts.add_contact(store.uow(), "Ann Other")
    with pytest.raises(ValidationError, match="on that interview's panel"):
        add_addendum(store.uow(), result.interview_id, stranger.id)
    assert len(planned(store, "addendum")) == 1


def test_no_addendum_once_the_application_is_closed(store) -> None:
    app, _, result = interviewed(store)
    applications.move_stage(store.uow(), app.id, "rejected")
    with pytest.raises(ValidationError, match="rejected"):
        add_addendum(store.uow(), result.interview_id)
    assert planned(store, "addendum") == []


def test_feedback_given_after_a_request_plans_a_thank_you_that_quotes_it(store, clock) -> None:
    app, people, _ = interviewed(store)
    applications.move_stage(store.uow(), app.id, "rejected")
    (ask,) = planned(store, "feedback request")
    clock.set(ask.due_at)
    follow_ups.mark_sent(store.uow(), ask.id)
    clock.shift(days=2)
    reply = interviews.record_response(
        store.uow(), app.id, "Great on design; more depth on SQL next time", people[1].id
    )

    (thanks,) = reply.planned
    assert (thanks.kind, thanks.contact_name) == ("feedback thanks", "Priya Natarajan")
    assert thanks.due_at == clock().datetime
    context = store.views.note_context(thanks.id)
    _, body = draft(facts_for(context.item, feedback=context.reply))
    assert '"Great on design; more depth on SQL next time"' in body
    # A second answer is not a second thank-you.
    assert interviews.record_response(store.uow(), app.id, "One more thought").planned == ()


def test_feedback_after_the_application_was_closed_plans_no_thanks(store, clock) -> None:
    """Closed (ghosted, withdrawn, accepted) means nothing more to send: an answer to a
    feedback request that comes after you closed it is recorded, and plans nothing."""
    app, people, _ = interviewed(store)
    applications.move_stage(store.uow(), app.id, "rejected")
    (ask,) = planned(store, "feedback request")
    clock.set(ask.due_at)
    follow_ups.mark_sent(store.uow(), ask.id)
    applications.move_stage(store.uow(), app.id, "ghosted")
    clock.shift(days=2)
    reply = interviews.record_response(store.uow(), app.id, "Late feedback", people[1].id)
    assert reply.planned == ()
    assert planned(store, "feedback thanks") == []


def test_a_reply_before_any_feedback_request_plans_no_thanks(store) -> None:
    app, _, _ = interviewed(store)
    reply = interviews.record_response(store.uow(), app.id, "We will decide on Friday")
    assert reply.planned == ()
    assert planned(store, "feedback thanks") == []


def test_the_contacts_notes_reach_the_event_follow_up(store) -> None:
    met = contacts.add_contact(
        store.uow(),
        "Lena Fischer",
        met_via="event",
        met_on=utc(2026, 11, 23).date(),
        notes="Met at the PyData Berlin meetup; asked about our data contracts",
    )
    (event,) = [i for i in store.views.follow_ups_for() if i.contact_id == met.id]
    context = store.views.note_context(event.id)
    facts = facts_for(
        context.item,
        met_on=context.met_on,
        met_notes=context.recipient_notes,
        timezone="Europe/Berlin",
        now=store.views.now(),
    )
    _, body = draft(facts)

    assert "It was good to meet you at the PyData Berlin meetup yesterday." in body
    assert '"asked about our data contracts"' in body
