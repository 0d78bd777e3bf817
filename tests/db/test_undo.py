"""Undo, bringing a skipped follow-up back, and follow-ups planned or moved by hand,
against a real SQLite file at the fixed clock (Tuesday 24 November 2026, 10:30 UTC;
the user is in Berlin, where the send hour 09:00 is 08:00 UTC)."""

from __future__ import annotations

import datetime as dt

import pytest

from db.validation import ValidationError
from db.write import applications, follow_ups, undo
from db.write.results import Undoable, Undone
from tests.db.test_repository import interviewed, planned, utc

TUESDAY = dt.date(2026, 11, 24)


def dues(store, **where) -> dict[int, dt.datetime]:
    return {i.id: i.due_at for i in planned(store, **where)}


def at_offer(store):
    """Acme after a panel, moved on to offer: thank-yous and a check-in still planned."""
    app, people, _ = interviewed(store)
    applications.move_stage(store.uow(), app.id, "offer")
    return app, people


# --- undoing a move that closes an application ----------------------------------------


def test_undo_of_accepting_puts_back_the_stage_and_every_skipped_follow_up(store) -> None:
    app, _ = at_offer(store)
    before = dues(store, application_id=app.id)
    assert len(before) >= 3

    done = undo.journaled(store.uow(), applications.move_stage, app.id, "accepted")
    assert isinstance(done, Undoable)
    assert {i.id for i in done.changes.skipped} == set(before)
    assert dues(store, application_id=app.id) == {}
    assert store.views.application(app.id).stage == "accepted"

    undone = undo.undo(store.uow(), done)
    assert isinstance(undone, Undone)
    assert undone.stage == "offer"
    assert {i.id for i in undone.planned_again} == set(before)
    assert store.views.application(app.id).stage == "offer"
    assert dues(store, application_id=app.id) == before  # planned again, same days
    detail = store.views.application_detail(app.id)
    assert [c.to_stage for c in detail.stages][-1] == "offer"  # the move is gone
    assert not store.views.stats().funnel.get("accepted")  # nor counted as reached


def test_undo_refuses_when_another_window_changed_a_row_since(store) -> None:
    app, _ = at_offer(store)
    done = undo.journaled(store.uow(), applications.move_stage, app.id, "accepted")
    one = done.changes.skipped[0]
    follow_ups.bring_back(store.uow(), one.id)  # as if from another window

    with pytest.raises(undo.NotUndone, match="has changed since"):
        undo.undo(store.uow(), done)
    assert store.views.application(app.id).stage == "accepted"  # nothing undone
    assert set(dues(store, application_id=app.id)) == {one.id}


def test_a_rehearsed_move_says_what_it_would_skip_and_changes_nothing(store) -> None:
    app, _ = at_offer(store)
    before = dues(store, application_id=app.id)
    preview = undo.journaled(store.rehearsal(), applications.move_stage, app.id, "withdrawn")
    assert {i.id for i in preview.changes.skipped} == set(before)
    assert preview.changes.skipped[0].contact_name  # named, for the question
    assert store.views.application(app.id).stage == "offer"
    assert dues(store, application_id=app.id) == before


def test_a_move_to_the_same_stage_is_not_undoable(store) -> None:
    app, _ = at_offer(store)
    same = undo.journaled(store.uow(), applications.move_stage, app.id, "offer")
    assert not isinstance(same, Undoable)
    assert same.changed is False


def test_an_action_that_writes_with_a_statement_of_its_own_is_not_undoable(store) -> None:
    from sqlalchemy import update

    from db.models import Application, FollowUp

    app, _ = at_offer(store)

    def skip_all_at_once(uow, aid):
        with uow:
            uow.session.get(Application, aid).notes = "all skipped"  # seen by the journal
            uow.session.execute(
                update(FollowUp).where(FollowUp.application_id == aid).values(reason="bulk")
            )
            uow.commit()
            return "done"

    # The journal cannot see what such a statement changed: rather no undo than a wrong one.
    assert undo.journaled(store.uow(), skip_all_at_once, app.id) == "done"


# --- undoing triage ----------------------------------------------------------------------


def test_undo_of_mark_sent_plans_it_again_and_drops_what_it_planned(store) -> None:
    app, _ = at_offer(store)
    thank_you = next(i for i in planned(store, application_id=app.id) if i.kind == "thank-you")
    sent_before = store.views.stats().follow_ups_sent
    ids_before = set(dues(store))

    done = undo.journaled(store.uow(), follow_ups.mark_sent, thank_you.id)
    assert store.views.follow_up(thank_you.id).status == "sent"
    undone = undo.undo(store.uow(), done)

    again = store.views.follow_up(thank_you.id)
    assert (again.status, again.status_changed_at, again.due_at) == (
        "planned",
        None,
        thank_you.due_at,
    )
    assert [i.id for i in undone.planned_again] == [thank_you.id]
    assert set(dues(store)) == ids_before  # whatever the send planned is gone again
    assert store.views.stats().follow_ups_sent == sent_before


def test_undo_of_snooze_and_of_skip_put_the_follow_up_back_as_it_was(store) -> None:
    app, _, _ = interviewed(store)  # thank-yous and a check-in planned
    check_in = next(i for i in planned(store, application_id=app.id) if i.kind != "thank-you")

    snoozed = undo.journaled(store.uow(), follow_ups.snooze, check_in.id, dt.date(2027, 1, 12))
    assert store.views.follow_up(check_in.id).due_at != check_in.due_at
    undo.undo(store.uow(), snoozed)
    assert store.views.follow_up(check_in.id).due_at == check_in.due_at

    skipped = undo.journaled(store.uow(), follow_ups.skip, check_in.id, "not needed")
    undo.undo(store.uow(), skipped)
    back = store.views.follow_up(check_in.id)
    assert (back.status, back.reason) == ("planned", check_in.reason)


# --- bringing a skipped follow-up back -------------------------------------------------


def test_bring_back_plans_a_skipped_follow_up_next_business_day_or_at_its_old_due(store):
    app, _, _ = interviewed(store)  # thank-yous and a check-in planned
    items = planned(store, application_id=app.id)
    applications.move_stage(store.uow(), app.id, "withdrawn")
    assert dues(store, application_id=app.id) == {}

    ahead = max(items, key=lambda i: i.due_at)  # still ahead of now: keeps its day
    back = follow_ups.bring_back(store.uow(), ahead.id)
    assert (back.item.status, back.item.due_at) == ("planned", ahead.due_at)

    # One whose day has passed comes back the next business day at 09:00 Berlin.
    item = items[0]
    with store.uow() as uow:
        from db.models import FollowUp

        uow.session.get(FollowUp, item.id).due_at = utc(2026, 11, 20, 8)
        uow.commit()
    back = follow_ups.bring_back(store.uow(), item.id)
    assert back.item.due_at == utc(2026, 11, 25, 8)

    with pytest.raises(ValidationError, match="not skipped"):
        follow_ups.bring_back(store.uow(), item.id)


# --- by hand ------------------------------------------------------------------------------


def test_a_handwritten_card_is_planned_beside_the_email_thank_you_never_instead(store):
    app, people, _ = interviewed(store)
    dana = people[0]
    email = next(
        i
        for i in planned(store, application_id=app.id, kind="thank-you")
        if i.contact_id == dana.id
    )

    card = follow_ups.plan_by_hand(
        store.uow(),
        dana.id,
        "thank-you",
        "handwritten",
        dt.date(2026, 11, 25),
        application_id=app.id,
        subject="A card for Dana",
    )
    assert (card.item.channel, card.item.due_at) == ("handwritten", utc(2026, 11, 25, 8))
    thanks = [
        i
        for i in planned(store, application_id=app.id, kind="thank-you")
        if i.contact_id == dana.id
    ]
    assert {(i.id, i.channel) for i in thanks} == {
        (email.id, "email"),
        (card.item.id, "handwritten"),
    }
    assert store.views.follow_up(email.id).due_at == email.due_at


def test_by_hand_refuses_a_day_in_the_past_and_changes_nothing(store) -> None:
    app, people, _ = interviewed(store)
    count = len(planned(store))
    with pytest.raises(ValidationError, match="in the past") as caught:
        follow_ups.plan_by_hand(
            store.uow(), people[0].id, "check-in", "email", dt.date(2026, 11, 23)
        )
    assert caught.value.field == "due"
    assert len(planned(store)) == count


def test_reschedule_earlier_keeps_the_day_given_and_can_change_the_channel(store) -> None:
    app, _, _ = interviewed(store)  # thank-yous and a check-in planned
    check_in = next(
        i for i in planned(store, application_id=app.id) if i.kind not in ("thank-you",)
    )
    earlier = TUESDAY + dt.timedelta(days=2)
    assert check_in.due_at > utc(2026, 11, 27)
    assert check_in.channel == "phone"

    moved = follow_ups.reschedule(store.uow(), check_in.id, earlier, "email")
    assert (moved.item.due_at, moved.item.channel) == (utc(2026, 11, 26, 8), "email")
    assert moved.channel_changed
    assert store.views.follow_up(check_in.id).due_at == utc(2026, 11, 26, 8)

    with pytest.raises(ValidationError, match="in the past"):
        follow_ups.reschedule(store.uow(), check_in.id, dt.date(2026, 11, 20))
