"""Reading back what was sent (the timeline), a person's page (every touch with them),
and the addendum offered after an interview, as a person at the keyboard meets them."""

from __future__ import annotations

import datetime as dt

from db.engine import open_database
from db.store import Store
from db.write import applications, contacts, follow_ups, interviews
from db.write.settings import set_setting
from tests.tui.conftest import clock, settle
from tui.app import AfterviewApp
from tui.screens.detail_screen import DetailScreen
from tui.screens.person_screen import PersonScreen

MARKUP = "[bold]Thanks[/bold] for the chat about [red]rate limits[/]"


def cells(screen, selector: str) -> list[str]:
    table = screen.query_one(selector)
    return [table.get_row_at(i)[-1].plain for i in range(table.row_count)]


def find_row(screen, selector: str, text: str) -> int:
    return next(i for i, line in enumerate(cells(screen, selector)) if text in line)


async def go_to_row(pilot, selector: str, row: int) -> None:
    pilot.app.screen.query_one(selector).move_cursor(row=row)
    await settle(pilot)


def two_applications(tmp_path):
    """Sam, an agency recruiter, on two applications: interviews at both, a thank-you
    sent at Acme (with markup-looking text), one planned at Brightloop, and a reply."""
    path = tmp_path / "sam.db"
    store = Store(open_database(path), clock)
    set_setting(store.uow(), "timezone", "Europe/London")
    sam = contacts.add_contact(store.uow(), "Sam Carter", title="Agency recruiter")
    ids = []
    for day, company in ((16, "Acme"), (19, "Brightloop")):
        app = applications.add_application(store.uow(), company, "Data Engineer")
        at = dt.datetime(2026, 11, day, 10, tzinfo=dt.UTC)
        logged = interviews.log_interview(store.uow(), app.id, at, [sam.id], notes="rate limits")
        ids.append((app.id, logged))
    acme_thanks = next(p for p in ids[0][1].planned if p.kind == "thank-you")
    follow_ups.save_note(store.uow(), acme_thanks.id, "Thank you, Sam", f"Hi Sam,\n\n{MARKUP}\n")
    follow_ups.mark_sent(store.uow(), acme_thanks.id)
    interviews.record_response(store.uow(), ids[1][0], "Second round next week", sam.id)
    store.engine.dispose()
    return path, sam.id, [aid for aid, _ in ids]


async def test_enter_on_a_sent_note_shows_its_text_literally_and_again_hides_it(tmp_path):
    path, _, (acme, _) = two_applications(tmp_path)
    app = AfterviewApp(path, clock, poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(DetailScreen(acme))
        await settle(pilot)
        before = cells(app.screen, "#timeline")
        await go_to_row(pilot, "#timeline", find_row(app.screen, "#timeline", "thank-you to Sam"))
        await pilot.press("enter")
        await settle(pilot)

        shown = cells(app.screen, "#timeline")
        assert len(shown) > len(before)
        assert "│ Subject: Thank you, Sam" in shown
        assert "│ Hi Sam," in shown
        assert any(MARKUP in line for line in shown)  # brackets and all, never styled
        assert any(line.startswith("▾ thank-you to Sam") for line in shown)

        await pilot.press("down", "down", "space")  # from inside the note: hides it
        await settle(pilot)
        assert cells(app.screen, "#timeline") == before
        assert app.is_running


async def test_a_planned_row_has_nothing_to_read_back_and_says_so(tmp_path):
    path, _, (_, brightloop) = two_applications(tmp_path)
    app = AfterviewApp(path, clock, poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(DetailScreen(brightloop))
        await settle(pilot)
        before = cells(app.screen, "#timeline")
        await go_to_row(pilot, "#timeline", find_row(app.screen, "#timeline", "thank-you to Sam"))
        await pilot.press("enter")
        await settle(pilot)

        assert cells(app.screen, "#timeline") == before
        assert any("Not sent yet" in str(n.message) for n in app._notifications)


async def test_enter_on_a_contact_opens_their_page_with_every_touch_newest_first(tmp_path):
    path, _, _ = two_applications(tmp_path)
    app = AfterviewApp(path, clock, poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        # Sam, beside the hiring teams that stood in for the check-ins after applying.
        people = app.screen.query_one("#contacts-table")
        names = [people.get_row_at(i)[0].plain for i in range(people.row_count)]
        await go_to_row(pilot, "#contacts-table", names.index("Sam Carter"))
        await pilot.press("enter")
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, PersonScreen)
        table = screen.query_one("#touches")
        rows = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]
        companies = [row[1] for row in rows]
        what = [row[2] for row in rows]
        assert {"Acme", "Brightloop"} == set(companies)
        assert "replied: Second round next week" in what
        assert what.count("video interview") == 2
        assert "▸ thank-you by email, sent" in what
        assert "thank-you by email, planned" in what
        # Newest first: Brightloop's interview (19th) above Acme's (16th).
        interviews_at = [companies[i] for i, w in enumerate(what) if w == "video interview"]
        assert interviews_at == ["Brightloop", "Acme"]
        assert "Agency recruiter" in str(screen.query_one("#person-header").render())

        await go_to_row(pilot, "#touches", what.index("▸ thank-you by email, sent"))
        await pilot.press("enter")
        await settle(pilot)
        assert any(MARKUP in line for line in cells(screen, "#touches"))


async def test_w_plans_an_addendum_to_the_one_interviewer(tmp_path):
    path, _, (acme, _) = two_applications(tmp_path)
    app = AfterviewApp(path, clock, poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(DetailScreen(acme))
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)

        assert "addendum to Sam Carter by email, planned" in cells(app.screen, "#timeline")
        assert any("Addendum to Sam planned" in str(n.message) for n in app._notifications)
