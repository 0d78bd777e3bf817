"""The review list from the keyboard: accept and dismiss change what a person sees
(the list, Today), a refused accept says why in one line, and mail text is literal."""

from __future__ import annotations

import datetime as dt

from db.engine import open_database
from db.mail.facts import Address
from db.store import Store
from tests.mail_rules.conftest import deliver, mail
from tests.tui.conftest import settle
from tui.screens.mail_review import MailReviewScreen


async def open_review(pilot) -> MailReviewScreen:
    await settle(pilot)
    await pilot.press("M")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MailReviewScreen)
    return screen


async def test_accepting_the_reply_takes_it_off_the_list_and_ends_the_check_in(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        keys = list(screen.rows)
        fern = next(k for k in keys if screen.rows[k].company == "Fernhill Health")
        planned_before = [
            f
            for f in app.store.views.follow_ups_for(application_id=screen.rows[fern].application_id)
            if f.kind == "check-in" and f.status == "planned"
        ]
        assert planned_before
        for _ in range(keys.index(fern)):
            await pilot.press("j")
        await pilot.press("a")
        await settle(pilot)
        assert fern not in screen.rows and len(screen.rows) == len(keys) - 1
        after = app.store.views.follow_ups_for(application_id=planned_before[0].application_id)
        assert all(f.status != "planned" for f in after if f.kind == "check-in")


async def test_dismiss_takes_it_off_and_nothing_else_changes(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        first = screen.table.selected_key
        before = app.store.views.due_follow_ups(dt.date(2026, 11, 24))
        await pilot.press("x")
        await settle(pilot)
        assert first not in screen.rows
        assert app.store.views.mail_proposal(int(first)).status == "dismissed"
        assert app.store.views.due_follow_ups(dt.date(2026, 11, 24)) == before


async def test_markup_in_a_subject_and_a_name_is_shown_as_written(make_app, demo_db):
    engine = open_database(demo_db)
    store = Store(engine, lambda: dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC))
    sender = Address("[b]Boss[/b] [/]", "greta@fernhillhealth.example")
    deliver(
        store,
        mail(
            sender=sender, subject="[/] [@click=app.quit]hi[/]", text="Could you send [red]it[/]?"
        ),
    )
    store.close()
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        while "[/]" not in (screen.selected.subject if screen.selected else "[/]"):
            await pilot.press("j")
        await pilot.press("space")
        await settle(pilot)
        shown = str(screen.query_one("#mail-details-text").render())
        assert "“[/] [@click=app.quit]hi[/]”" in shown and "Could you send [red]it[/]?" in shown
        assert app.is_running


async def test_u_takes_back_an_accepted_rejection_and_the_proposals_return(make_app):
    """One key moves an application to rejected: `u` must put it back, with its
    proposals waiting again and the check-ins it ended planned again."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot)
        keys = list(screen.rows)
        move = next(k for k in keys if screen.rows[k].kind == "stage")
        app_id = screen.rows[move].application_id
        stage_before = app.store.views.application(app_id).stage
        for _ in range(keys.index(move)):
            await pilot.press("j")
        await pilot.press("a")
        await settle(pilot)
        assert app.store.views.application(app_id).stage == "rejected"
        assert move not in screen.rows
        await pilot.press("u")
        await settle(pilot)
        assert app.store.views.application(app_id).stage == stage_before
        assert move in screen.rows  # waiting for review again
        assert any("Undone" in n.message for n in app._notifications)


def header_line(app) -> str:
    from textual.widgets._header import HeaderTitle

    return str(app.screen.query_one(HeaderTitle).render())


def footer_keys(app) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [key.key_display for key in app.screen.query(FooterKey)]


async def test_the_main_screen_says_mail_waits_until_the_last_is_decided(make_app):
    """The header says it at any width; M joins the footer where there is room for it
    (not at 120 columns: Today's keys, the panes', Quit, Help and the palette fill it)."""
    app = make_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(pilot)
        main = app.screen
        assert "mail: 5 to review (M)" in header_line(app)
        assert "M" in footer_keys(app)
        screen = await open_review(pilot)
        for _ in range(5):
            await pilot.press("x")
            await settle(pilot)
        assert not screen.rows
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is main
        assert "mail" not in header_line(app)
        assert "overdue" in header_line(app)
        assert "M" not in footer_keys(app)
        await pilot.press("M")  # still opens the (empty) review list
        await settle(pilot)
        assert isinstance(app.screen, MailReviewScreen)
