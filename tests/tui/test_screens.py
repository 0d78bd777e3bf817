"""Detail, contacts, stats and help screens, and the command palette provider."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input

from db.engine import open_database
from db.store import Store
from db.text import clean_line
from db.write import applications, contacts, interviews
from db.write.settings import set_setting
from tests.tui.conftest import clock, settle
from tui.app import AfterviewApp
from tui.commands import CommandsProvider
from tui.screens.contacts_screen import ContactsScreen
from tui.screens.detail_screen import DetailScreen
from tui.screens.help_screen import HelpScreen
from tui.screens.stats_screen import StatsScreen

HOSTILE = ["[/]", "[bold]x", "[@click=app.quit]q[/]", "\x1b[31mred"]
SHOWN = [clean_line(h) for h in HOSTILE]  # the ESC byte is dropped, the rest is verbatim


def repo_for(path) -> Store:
    return Store(open_database(path), clock)


def table_text(screen, selector: str) -> list[str]:
    table = screen.query_one(selector)
    return [c.plain for i in range(table.row_count) for c in table.get_row_at(i)]


def rendered(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


@pytest.fixture
def hostile(tmp_path):
    """One application and one interviewer per hostile string."""
    path = tmp_path / "hostile.db"
    store = repo_for(path)
    set_setting(store.uow(), "timezone", "Europe/London")
    when = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
    ids = []
    for text in HOSTILE:
        app = applications.add_application(
            store.uow(), text, text, source=text, notes=text, link=text
        )
        person = contacts.add_contact(
            store.uow(), text, title=text, company=text, email="a@b.example"
        )
        interviews.log_interview(store.uow(), app.id, when, [person.id], notes=text)
        interviews.record_response(store.uow(), app.id, text, person.id)
        ids.append(app.id)
    return path, ids


async def test_detail_timeline_and_header_show_hostile_text_literally(hostile):
    path, ids = hostile
    app = AfterviewApp(path, clock, poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for aid, shown in zip(ids, SHOWN, strict=True):
            app.push_screen(DetailScreen(aid))
            await settle(pilot)
            timeline = table_text(app.screen, "#timeline")
            assert f"video with {shown}" in timeline
            assert f"thank-you to {shown} by email, planned" in timeline
            assert f"reply from {shown}: {shown}" in timeline
            header = rendered(app.screen, "#detail-header")
            assert header.count(shown) >= 3  # company, role, source (and link, notes)
            assert "\x1b" not in header + "".join(timeline)
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running  # "[@click=app.quit]" stayed text


async def test_detail_keys_act_on_the_application_and_refresh(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        aid = detail.application_id
        stage_before = repo_for(app.db_path).views.application(aid).stage
        rows_before = detail.query_one("#timeline").row_count
        # m: pick a stage; the timeline gains the change without leaving the screen.
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        stage_after = repo_for(app.db_path).views.application(aid).stage
        assert stage_after != stage_before
        assert f"{stage_before} → {stage_after}" in table_text(detail, "#timeline")
        assert detail.query_one("#timeline").row_count > rows_before
        assert f"[{stage_after}]" in rendered(detail, "#detail-header")
        # f: a reference, picked by typing part of the name.
        await pilot.press("f")
        await settle(pilot)
        await pilot.press(*"Grace", "enter")
        await settle(pilot)
        refs = repo_for(app.db_path).views.application_detail(aid).references
        assert [r.name for r in refs] == ["Grace Hopper-Lee"]
        assert "Grace Hopper-Lee" in rendered(detail, "#detail-references")
        # A change made elsewhere (another window) shows on the next DataChanged.
        interviews.record_response(repo_for(app.db_path).uow(), aid, "Call me back", None)
        app.data_changed()
        await settle(pilot)
        assert "reply: Call me back" in table_text(detail, "#timeline")
        # e, i, r open the forms for this application; backspace goes back.
        for key, title in (("e", "Edit:"), ("i", "Interview at"), ("r", "Reply from")):
            await pilot.press(key)
            await settle(pilot)
            assert title in rendered(app.screen, ".dialog-title")
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        assert not isinstance(app.screen, DetailScreen)


async def test_contacts_table_search_and_add(hostile):
    path, _ = hostile
    app = AfterviewApp(path, clock, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ContactsScreen)
        cells = table_text(screen, "#contacts-table")
        for shown in SHOWN:
            assert shown in cells  # name, title and company, literally
        # Typing in the search box narrows the list as you type (name or company).
        await pilot.press("slash", *"bold")
        await settle(pilot)
        assert screen.query_one("#contacts-table").row_count == 1
        assert "[bold]x" in table_text(screen, "#contacts-table")
        await pilot.press("enter", "a")
        await settle(pilot)
        app.screen.query_one("#name", Input).value = "Dana Bold"
        app.screen.query_one("#email", Input).value = "dana@example.com"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "Dana Bold" in table_text(screen, "#contacts-table")  # matches "bold" too
        assert repo_for(path).views.contacts("Dana")[0].email == "dana@example.com"
        assert app.is_running


async def test_stats_draw_the_funnel_replies_and_weeks(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        stats = repo_for(app.db_path).views.stats()
        funnel = rendered(app.screen, "#stats-funnel")
        applied_line = next(line for line in funnel.splitlines() if "applied" in line)
        assert "█" in applied_line
        assert f"{stats.conversion['applied']:.0%}" in applied_line
        replies = rendered(app.screen, "#stats-replies")
        assert f"{stats.reply_rate:.0%}" in replies
        assert f"{stats.median_days_to_reply:g}" in replies
        weeks = rendered(app.screen, "#stats-weeks").splitlines()
        assert len(weeks) == 1 + len(stats.sent_per_week)
        busiest = max(stats.sent_per_week, key=lambda w: w[1])
        label = f"{busiest[0].day} {busiest[0]:%b}"
        assert any(label in line and "█" in line for line in weeks)
        assert "this week" in weeks[-1]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, StatsScreen)


async def test_help_lists_every_screen_and_dialog_key(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = rendered(app.screen, "#help-keys")
        for expected in (
            "Snooze",
            "Mark sent",
            "Today pane",
            "Pipeline pane",
            "Note pane",
            "Detail screen",
            "Contacts screen",
            "Stage picker",
            "Snooze dialog",
            "Application form, Contact form, Interview form, Mail edit form, Reply form",
            "Command palette",
        ):
            assert expected in text, expected
        lines = text.splitlines()
        assert any(line.split()[:2] == ["s", "Sent"] for line in lines)  # Today: s marks sent
        assert any(line.split()[:2] == ["z", "Snooze"] for line in lines)
        await pilot.press("q")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_jumps_to_companies_and_people_literally(hostile):
    path, ids = hostile
    app = AfterviewApp(path, clock, poll=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        provider = CommandsProvider(app.screen)
        await provider.startup()
        hits = [hit async for hit in provider.search("click")]
        shown = [hit.match_display.plain for hit in hits]
        assert "[@click=app.quit]q[/] · [@click=app.quit]q[/]" in shown
        actions = [hit.match_display.plain async for hit in provider.search("mark sent")]
        assert "Mark sent" in actions
        assert "Log an interview" in [h.text async for h in provider.discover()]
        # Choosing the company opens its application.
        company = next(h for h in hits if h.help.startswith("interviewing"))
        company.command()
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.application_id == ids[2]
        assert app.is_running
