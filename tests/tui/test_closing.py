"""Closing an application, undoing, and follow-ups by hand, through the keyboard on the
sample data at the fixed clock (Tuesday 24 November 2026, 10:30 in London)."""

from __future__ import annotations

import datetime as dt

from db.engine import open_database
from db.store import Store
from db.write import applications, follow_ups
from tests.tui.conftest import clock, settle
from tui.modals.confirm_dialog import ConfirmDialog
from tui.modals.follow_up_form import NewFollowUpForm
from tui.modals.reschedule_form import RescheduleForm
from tui.screens.detail_screen import DetailScreen
from tui.screens.main_screen import MainScreen

UTC = dt.UTC


def store_for(path) -> Store:
    return Store(open_database(path), clock)


def planned_of(store: Store, aid: int) -> dict[int, dt.datetime]:
    return {
        i.id: i.due_at
        for i in store.views.follow_ups_for(application_id=aid)
        if i.status == "planned"
    }


def company_id(store: Store, name: str) -> int:
    summary = store.views.pipeline_summary(limit=1000, include_closed=True)
    return next(a.id for a in summary.active if a.company == name)


def brightloop_at_offer(path) -> tuple[int, dict[int, dt.datetime]]:
    """Brightloop (a panel last week, thank-yous and a check-in planned) moved to offer."""
    store = store_for(path)
    aid = company_id(store, "Brightloop")
    applications.move_stage(store.uow(), aid, "offer")
    planned = planned_of(store, aid)
    store.close()
    assert planned
    return aid, planned


async def on_pipeline_row(pilot, aid: int) -> None:
    await settle(pilot)
    await pilot.press("2")
    table = pilot.app.screen.query_one("#pipeline-table")
    table.move_cursor(row=table.get_row_index(str(aid)))
    await settle(pilot)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


# --- mistake 5: > on an offer asks first, and u takes it back ---------------------------


async def test_stage_forward_on_an_offer_asks_first_and_esc_changes_nothing(make_app, demo_db):
    aid, planned = brightloop_at_offer(demo_db)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await on_pipeline_row(pilot, aid)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog), "a move to accepted must ask first"
        asked = " ".join(str(w.render()) for w in app.screen.query("Label, Static"))
        assert (
            f"Move Brightloop to accepted? {len(planned)} planned follow-ups will be skipped"
            in (asked)
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    store = store_for(demo_db)
    assert store.views.application(aid).stage == "offer"
    assert planned_of(store, aid) == planned


async def test_yes_moves_to_accepted_and_u_restores_the_stage_and_its_follow_ups(make_app, demo_db):
    aid, planned = brightloop_at_offer(demo_db)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await on_pipeline_row(pilot, aid)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        store = store_for(demo_db)
        assert store.views.application(aid).stage == "accepted"
        assert planned_of(store, aid) == {}
        assert any("moved to accepted" in m and "u to undo" in m for m in messages(app))

        await pilot.press("u")
        await settle(pilot)
        assert store.views.application(aid).stage == "offer"
        assert planned_of(store, aid) == planned  # each one back, at its old due time
        assert any(m.startswith("Undone: Brightloop back at offer") for m in messages(app))
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo in this window" in messages(app)


async def test_undo_after_another_window_changed_it_says_so_and_changes_nothing(make_app, demo_db):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        fid = table.selected_id
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")  # the first reason
        await settle(pilot)
        other = store_for(demo_db)  # another window brings it back, and snoozes it
        assert other.views.follow_up(fid).status == "skipped"
        follow_ups.bring_back(other.uow(), fid)
        follow_ups.snooze(other.uow(), fid, dt.date(2026, 12, 15))
        await pilot.press("u")
        await settle(pilot)
        assert any("Cannot undo" in m and "nothing was undone" in m for m in messages(app))
        after = other.views.follow_up(fid)
        assert (after.status, after.due_at.date()) == ("planned", dt.date(2026, 12, 15))


# --- bring back -------------------------------------------------------------------------


async def test_b_in_the_timeline_brings_a_skipped_follow_up_back(make_app, demo_db):
    store = store_for(demo_db)
    aid = company_id(store, "Tessellate Labs")
    skipped = next(
        i for i in store.views.follow_ups_for(application_id=aid) if i.status == "skipped"
    )
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await on_pipeline_row(pilot, aid)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        index = next(
            i for i, e in enumerate(detail.detail.timeline) if e.follow_up_id == skipped.id
        )
        detail.query_one("#timeline").move_cursor(row=index)
        await pilot.press("b")
        await settle(pilot)
        back = store.views.follow_up(skipped.id)
        assert back.status == "planned"
        assert back.due_at > dt.datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
        assert any("brought back" in m and "u to undo" in m for m in messages(app))
        again = next(
            i for i, e in enumerate(detail.detail.timeline) if e.follow_up_id == skipped.id
        )
        row = detail.query_one("#timeline").get_row_at(again)
        assert row[2].plain.endswith(", planned")  # the timeline shows it planned again


# --- by hand --------------------------------------------------------------------------------


async def test_n_plans_a_handwritten_thank_you_beside_the_email_one(make_app, demo_db):
    store = store_for(demo_db)
    aid = company_id(store, "Brightloop")
    emails = {
        i.id: i.due_at
        for i in store.views.follow_ups_for(application_id=aid)
        if i.status == "planned" and i.kind == "thank-you"
    }
    assert emails
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await on_pipeline_row(pilot, aid)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewFollowUpForm)
        who = form.query_one("#who").value
        form.query_one("#kind").value = "thank-you"
        form.query_one("#channel").value = "handwritten"
        form.query_one("#due").value = "tomorrow"
        form.query_one("#subject").value = "A card after the panel"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    items = store.views.follow_ups_for(application_id=aid)
    card = [i for i in items if i.channel == "handwritten" and i.status == "planned"]
    assert [(c.contact_id, c.kind, c.subject) for c in card] == [
        (who, "thank-you", "A card after the panel")
    ]
    assert card[0].due_at.date() == dt.date(2026, 11, 25)
    still = {i.id: i.due_at for i in items if i.id in emails and i.status == "planned"}
    assert still == emails  # the e-mail thank-yous stay, as they were


async def test_new_follow_up_refuses_a_day_in_the_past_under_the_field(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2", "n")
        await settle(pilot)
        form = app.screen
        form.query_one("#due").value = "yesterday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open, with the message where it belongs
        assert "in the past" in str(form.query_one("#due-error").render())


async def test_R_reschedules_a_follow_up_earlier_and_changes_its_channel(make_app, demo_db):
    store = store_for(demo_db)
    today = dt.date(2026, 11, 24)
    later = [
        i for i in store.views.due_follow_ups().all if i.due_at.date() > today + dt.timedelta(1)
    ]
    item = later[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        table.move_cursor(row=table.get_row_index(str(item.id)))
        await pilot.press("R")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RescheduleForm)
        form.query_one("#due").value = "tomorrow"
        form.query_one("#channel").value = "message"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("now due Wed 25 Nov, by message" in m for m in messages(app))
    moved = store.views.follow_up(item.id)
    assert (moved.due_at.date(), moved.channel) == (dt.date(2026, 11, 25), "message")
