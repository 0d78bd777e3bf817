"""Text a person typed or imported is shown literally everywhere, and never crashes.

Each string below once broke a Textual app: "[/]" raises MarkupError in a Label or a
DataTable cell, "[URGENT] call Bob" loses its first word, "[@click=app.quit]q[/]"
becomes a live action, and an ESC byte reaches the terminal.
"""

from __future__ import annotations

import datetime as dt

import pytest

from db.engine import open_database
from db.names import short_name
from db.store import Store
from db.text import clean_line
from db.write import applications, contacts, interviews
from db.write.settings import set_setting
from tests.tui.conftest import clock, settle
from tui.app import AfterviewApp

HOSTILE = ["[/]", "[bold]x", "[@click=app.quit]q[/]", "\x1b[31mred\x07", "[URGENT] call Bob"]
SHOWN = [clean_line(h) for h in HOSTILE]  # control characters removed, the rest verbatim


@pytest.fixture
def hostile_db(tmp_path):
    path = tmp_path / "hostile.db"
    store = Store(open_database(path), clock)
    set_setting(store.uow(), "timezone", "Europe/London")
    when = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
    for text in HOSTILE:
        app = applications.add_application(store.uow(), text, text, source=text, notes=text)
        person = contacts.add_contact(
            store.uow(), text, title=text, company=text, email="a@b.example"
        )
        interviews.log_interview(store.uow(), app.id, when, [person.id], notes=text)
    return path


def texts(widget) -> str:
    return str(widget.render())


def table_texts(table) -> list[str]:
    return [cell.plain for i in range(table.row_count) for cell in table.get_row_at(i)]


def drawn_lines(table) -> list[str]:
    """The table as painted: its header, then one line per visible row."""
    return [table.render_line(y).text for y in range(table.size.height)]


def drawn_column(table, label: str, next_label: str) -> list[tuple[int, int, str]]:
    """(x, y, text) of each row's cell under header `label`, read off the painted lines."""
    header, *rows = drawn_lines(table)
    start, end = header.index(f" {label} ") + 1, header.index(f" {next_label} ") + 1
    return [(start, y, line[start:end].rstrip()) for y, line in enumerate(rows, 1) if line.strip()]


# The hostile names as a 16-18 cell column draws them: literal, cut with "…", no ESC.
DRAWN = ["[/]", "[bold]x", "[@click=app.quit]…", "[31mred", "[URGENT] call Bob"]


async def test_lists_show_hostile_text_literally(hostile_db):
    app = AfterviewApp(hostile_db, clock, poll=False)
    # 120 columns: the lists take the full width, so the columns keep their set widths
    # (on a wide screen the lists share it with the note, and Company gives way).
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pipeline = app.screen.query_one("#pipeline-table")
        today = app.screen.query_one("#today-table")
        companies = drawn_column(pipeline, "Company", "Role")
        people = drawn_column(today, "Who", "By")
        assert sorted(text for _, _, text in companies) == sorted(DRAWN)
        assert sorted({text for _, _, text in people}) == sorted(DRAWN)
        painted = drawn_lines(pipeline) + drawn_lines(today)
        assert not any("\x1b" in line or "\x07" in line for line in painted)
        # Click where each hostile name is painted: a live [@click=app.quit] link would
        # end the app there. Nothing but the row's own action may happen.
        for table, cells in ((pipeline, companies), (today, people[:5])):
            for x, y, _ in cells:
                await pilot.click(table, offset=(x, y))
                await settle(pilot)
                if app.screen is not today.screen:
                    await pilot.press("escape")
                    await settle(pilot)
        assert app.is_running and app.return_code is None


async def test_note_header_draft_and_notifications_are_literal(hostile_db):
    app = AfterviewApp(hostile_db, clock, poll=False)
    told: list[str] = []
    shown_notify = app.notify

    def record(message, **kwargs):
        told.append(message)
        shown_notify(message, **kwargs)

    app.notify = record  # notifications time out; keep every message for the check
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        seen = set()
        for _ in HOSTILE:
            kinds = [table.get_row_at(i)[1].plain for i in range(table.row_count)]
            row = kinds.index("Thank-you")
            who = table.get_row_at(row)[2].plain
            seen.add(who)
            table.move_cursor(row=row)
            await pilot.press("enter")
            await settle(pilot)
            header = texts(app.screen.query_one("#note-header"))
            assert who in header
            assert who in app.screen.query_one("#note-body").text  # greeting of the draft
            await pilot.press("ctrl+t")  # the draft's prompts ask for a confirmation
            await settle(pilot)
            lines = " ".join(texts(w) for w in app.screen.query(".warning-line"))
            assert lines
            await pilot.press("y")
            await settle(pilot)
        assert seen == set(SHOWN)
        messages = " ".join(told)
        for shown in SHOWN:
            # Named as every message names people (db.names.short_name), never as markup.
            assert f"Thank-you to {short_name(shown)} marked sent" in messages
        assert app.is_running


async def test_dialog_titles_name_people_literally(hostile_db):
    app = AfterviewApp(hostile_db, clock, poll=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        who = table.get_row_at(table.cursor_row)[2].plain
        for key, selector in (
            ("z", ".dialog-title"),
            ("x", ".dialog-title"),
            ("o", ".dialog-title"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert who in texts(app.screen.query_one(selector))
            await pilot.press("escape")
            await settle(pilot)


async def test_stage_move_notification_names_company_literally(hostile_db):
    app = AfterviewApp(hostile_db, clock, poll=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2", "greater_than_sign")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(m.split(": moved to")[0] in SHOWN for m in messages), messages


async def test_a_table_row_is_drawn_literally_and_cut_by_display_width():
    """What a list draws for a row: markup stays text, wide characters are cut by the
    columns they take, a cut shows an ellipsis that fits the column, and control
    characters never reach the terminal."""
    from textual.app import App

    from tui.safe import cell
    from tui.widgets.nav_table import NavTable

    class OneTable(App):
        def compose(self):
            table = NavTable()
            for key, width in (("a", 12), ("b", 10), ("c", 7), ("d", 8)):
                table.add_column(key, key=key, width=width)
            yield table

    app = OneTable()
    async with app.run_test(size=(80, 5)) as pilot:
        table = app.query_one(NavTable)
        texts = ["[bold]x[/]", "Brightloop Analytics", "日本語のテキスト", "a\x1b[31mb\x07"]
        table.replace_rows([("1", [cell(t, "strong") for t in texts])])
        await pilot.pause()
        drawn = table.render_line(1).text
    assert drawn.startswith(" [bold]x[/]    Brightloo…  日本語…  a[31mb    ")
    assert "\x1b" not in drawn and "\x07" not in drawn
