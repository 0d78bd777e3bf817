"""The dashboard as a job seeker uses it: see what is due, write, send, triage."""

from __future__ import annotations

import datetime as dt

import arrow
import pytest

from db.engine import open_database
from db.store import Store
from db.write import applications
from tests.tui.conftest import clock, settle
from tui.screens.main_screen import MainScreen


def repo_for(path) -> Store:
    return Store(open_database(path), clock)


def today_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#today-table")
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


def highlight_phone_check_in(app) -> int:
    """Move Today's cursor to its first phone check-in (an empty call plan raises no
    guard, so `s` writes at once); its follow-up id."""
    rows = today_rows(app)
    index = next(i for i, r in enumerate(rows) if r[1] == "Check-in" and r[3] == "phone")
    table = app.screen.query_one("#today-table")
    table.move_cursor(row=index)
    return table.selected_id


async def test_today_lists_overdue_first_and_says_by_how_much(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows = today_rows(app)
        due = repo_for(app.db_path).views.due_follow_ups()
        assert len(rows) == len(due.all)
        assert rows[0][0].endswith("overdue")
        first_today = next(i for i, r in enumerate(rows) if r[0].startswith("today"))
        assert all(r[0].endswith("overdue") for r in rows[:first_today])
        assert f"{len(due.overdue)} overdue" in str(app.screen.sub_title)


async def test_open_write_and_mark_sent_plans_the_check_in(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows = today_rows(app)
        index = next(i for i, r in enumerate(rows) if r[1] == "Thank-you")
        table = app.screen.query_one("#today-table")
        table.move_cursor(row=index)
        fid = table.selected_id
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen.query_one("NoteEditor")
        assert editor.item.id == fid
        assert editor.body.has_focus
        first = rows[index][2].split()[0]
        assert editor.body.text.startswith(f"Hi {first},\n\n")  # the draft greets them
        await pilot.press("f7")  # select all: replace the scaffold with the real note
        await pilot.press(*f"Hi {first},", "enter", *"Thanks for today.")
        await pilot.press("ctrl+t")
        await settle(pilot)
        store = repo_for(app.db_path)
        sent = store.views.follow_up(fid)
        assert sent.status == "sent"
        assert sent.body == f"Hi {first},\nThanks for today."
        assert fid not in [int(k) for k in table.rows]
        # The editor no longer holds the sent note; focus is back on the list.
        assert editor.item is None


async def test_mark_sent_on_check_in_notifies_the_next_one(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows = today_rows(app)
        # A phone check-in: a call plan is never empty "mail", so no guard stops it.
        index = next(i for i, r in enumerate(rows) if r[1] == "Check-in" and r[3] == "phone")
        app.screen.query_one("#today-table").move_cursor(row=index)
        who = rows[index][2].split()[0]
        await pilot.press("s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith(f"Check-in with {who} planned for ") for m in messages), messages
        # The next item is selected: the cursor stays at the same place in the list.
        assert app.screen.query_one("#today-table").cursor_row == index


async def test_snooze_typed_date_and_bad_date_keeps_dialog_open(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        fid = table.selected_id
        await pilot.press("z")
        await pilot.pause()
        dialog = app.screen
        assert dialog.__class__.__name__ == "SnoozeDialog"
        dialog.query_one("#snooze-date").focus()
        await pilot.press(*"2026-02-30", "enter")
        await settle(pilot)  # the typed day is read off the UI thread
        assert app.screen is dialog
        assert "not a real date" in str(dialog.query_one("#snooze-error").render())
        dialog.query_one("#snooze-date").value = ""
        await pilot.press(*"2026-12-05", "enter")  # a Saturday: rolls to Monday
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        item = repo_for(app.db_path).views.follow_up(fid)
        local = arrow.get(item.due_at).to("Europe/London")
        assert local.date().isoformat() == "2026-12-07"


async def test_snooze_tomorrow_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        fid = table.selected_id
        await pilot.press("z", "t")
        await settle(pilot)
        item = repo_for(app.db_path).views.follow_up(fid)
        # Tuesday 24 November at 10:30 in London: tomorrow is Wednesday the 25th.
        assert arrow.get(item.due_at).to("Europe/London").date() == dt.date(2026, 11, 25)
        assert item.status == "planned"


async def test_skip_needs_a_reason_and_keeps_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        fid = table.selected_id
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#skip-reason").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "Say why" in str(app.screen.query_one("#skip-error").render())
        await pilot.press(*"Met them at lunch", "enter")
        await settle(pilot)
        item = repo_for(app.db_path).views.follow_up(fid)
        assert (item.status, item.reason) == ("skipped", "Met them at lunch")


async def test_call_outcome_voicemail_is_logged(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        fid = highlight_phone_check_in(app)
        await pilot.press("o", "v")
        await settle(pilot)
        item = repo_for(app.db_path).views.follow_up(fid)
        assert (item.status, item.outcome) == ("sent", "voicemail")


async def test_escape_cancels_dialogs_without_change(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        before = repo_for(app.db_path).views.due_follow_ups()
        for key in ("z", "x", "o"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
        assert repo_for(app.db_path).views.due_follow_ups() == before


async def test_number_keys_move_between_panes(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        assert app.focused.id == "pipeline-table"
        await pilot.press("1")
        assert app.focused.id == "today-table"
        await pilot.press("3")  # nothing open yet: focus stays, a hint is shown
        assert app.focused.id == "today-table"
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused.id == "note-body"
        drafted = app.screen.query_one("#note-body").text
        await pilot.press("1")  # typed into the note, not a pane switch
        assert app.focused.id == "note-body"
        text = app.screen.query_one("#note-body").text
        # The first [prompt] of the draft was selected, so typing replaced it.
        assert text.count("[") == drafted.count("[") - 1
        assert "1" in text


async def test_stage_forward_records_the_change(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        table = app.screen.query_one("#pipeline-table")
        rows = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]
        index = next(i for i, r in enumerate(rows) if r[2] == "applied")
        table.move_cursor(row=index)
        aid = table.selected_id
        await pilot.press("greater_than_sign")
        await settle(pilot)
        detail = repo_for(app.db_path).views.application_detail(aid)
        assert detail.application.stage == "screening"
        assert detail.stages[-1].to_stage == "screening"


async def test_typing_survives_leaving_the_editor(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        fid = table.selected_id
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"Quick note")
        await pilot.press("escape")  # back to Today: saves on leaving
        await settle(pilot)
        assert "Quick note" in repo_for(app.db_path).views.follow_up(fid).body


async def test_another_process_change_shows_up(make_app, demo_db):
    from tui.app import AfterviewApp

    app = AfterviewApp(demo_db, clock, poll=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        before = app.screen.query_one("#pipeline").total
        other = repo_for(demo_db)
        applications.add_application(other.uow(), "Elsewhere Ltd", "Engineer")
        for _ in range(30):  # up to 3 s; the poll runs every second
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            if app.screen.query_one("#pipeline").total == before + 1:
                break
        assert app.screen.query_one("#pipeline").total == before + 1


async def test_empty_email_from_the_list_asks_first(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows = today_rows(app)
        index = next(i for i, r in enumerate(rows) if r[3] == "email")
        table = app.screen.query_one("#today-table")
        table.move_cursor(row=index)
        fid = table.selected_id
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ConfirmDialog"
        assert "empty" in str(app.screen.query_one(".warning-line").render())
        await pilot.press("escape")
        await settle(pilot)
        assert repo_for(app.db_path).views.follow_up(fid).status == "planned"


async def test_unfilled_prompt_asks_before_sending(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows = today_rows(app)
        index = next(i for i, r in enumerate(rows) if r[1] == "Thank-you")
        table = app.screen.query_one("#today-table")
        table.move_cursor(row=index)
        fid = table.selected_id
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+t")  # the scaffold still has its [prompts]
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ConfirmDialog"
        lines = [str(w.render()) for w in app.screen.query(".warning-line")]
        assert any("[" in line or "prompt" in line.lower() for line in lines), lines
        await pilot.press("n")
        await settle(pilot)
        assert repo_for(app.db_path).views.follow_up(fid).status == "planned"
        await pilot.press("ctrl+t", "y")
        await settle(pilot)
        assert repo_for(app.db_path).views.follow_up(fid).status == "sent"


async def test_the_first_frame_shows_both_panes_loading_then_the_lists(make_app):
    """Start-up paints the two titled panes saying "Loading…" before any data; the lists,
    header, note editor and footer follow the first data."""
    app = make_app()
    seen: list[tuple[str, bool, bool]] = []
    original = app._display

    def display(screen, renderable):
        original(screen, renderable)
        if isinstance(screen, MainScreen) and renderable is not None and not seen:
            summary = screen.query_one("#today-summary").render()
            seen.append((str(summary), bool(screen.query("#today-table")), app.reader is None))

    app._display = display
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert seen == [("Loading…", False, True)]  # no table yet, database not read
        assert app.screen.query_one("#today-table").row_count > 0
        for selector in ("Header", "Footer", "#editor"):
            assert app.screen.query(selector), selector
        assert app.focused is app.screen.query_one("#today-table")


async def test_a_database_that_cannot_be_opened_is_said_in_the_panes(tmp_path):
    from tui.app import AfterviewApp

    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    app = AfterviewApp(broken, clock, poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        summary = str(app.screen.query_one("#today-summary").render())
        assert summary.startswith("Not loaded: ")
        assert "Loading" not in str(app.screen.query_one("#funnel").render())
        assert app.sub_title == "database not open"
    assert broken.read_bytes() == b"this is not a database" * 100


async def test_a_failing_database_call_is_a_notification_and_the_app_goes_on(make_app):
    from tui.worker import run_repo

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)

        def fails(store):
            raise RuntimeError("disk I/O error")

        run_repo(app.screen, fails, group="test")
        await settle(pilot)
        assert app.is_running
        assert any("disk I/O error" in n.message for n in app._notifications)
        await pilot.press("j")  # still answering keys
        await settle(pilot)
        assert app.screen.query_one("#today-table").cursor_row == 1


async def test_the_header_counts_follow_a_mark_sent(make_app):
    """The day's counts in the header change with the lists (the header redraws its
    title alone, not the whole screen)."""
    from textual.widgets._header import HeaderTitle

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        overdue = len(repo_for(app.db_path).views.due_follow_ups().overdue)
        title = app.screen.query_one(HeaderTitle)
        assert f"{overdue} overdue" in title.render_line(0).text  # as drawn on screen
        table = app.screen.query_one("#today-table")
        table.focus()
        phone = next(i for i in range(table.row_count) if table.get_row_at(i)[3].plain == "phone")
        assert table.get_row_at(phone)[0].plain.endswith("overdue")
        table.move_cursor(row=phone)
        await pilot.press("s")
        await settle(pilot)
        assert f"{overdue - 1} overdue" in title.render_line(0).text


async def test_the_pipeline_highlight_stays_on_its_application_past_the_first_page(tmp_path):
    """After scrolling into the second page and acting, the reload reads back every
    page shown, so the highlight stays on the same application (it used to land on
    row 100, another application, which the next key would then act on)."""
    from db.demo.large import build_large
    from db.demo.story import build_demo
    from tui.app import AfterviewApp

    path = tmp_path / "big.db"
    engine = open_database(path)
    build_demo(engine, clock)
    build_large(engine, 300, clock)
    engine.dispose()
    app = AfterviewApp(path, clock, poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#pipeline-table")
        await pilot.press("2", "G")  # the last row of page one: the next page loads
        await settle(pilot)
        assert table.row_count > 100
        row = next(
            n for n in range(110, table.row_count) if table.get_row_at(n)[2].plain == "applied"
        )
        table.move_cursor(row=row)
        chosen = table.selected_key
        await pilot.press("greater_than_sign")  # applied -> screening: a write, a reload
        await settle(pilot)
        assert table.get_row(chosen)[2].plain == "screening"
        assert table.selected_key == chosen


async def test_data_read_while_textual_starts_is_in_the_first_frame(demo_db):
    """Started as the command line starts it (tui/cli/dashboard.py), the data is read in
    a thread while Textual loads, and the lists are filled before the first frame: the
    moment the app is up, the tables hold rows and no pane says "Loading…"."""
    from tui.app import AfterviewApp
    from tui.first_data import FirstData

    fixed = clock().datetime
    first = FirstData(demo_db, lambda: fixed)
    app = AfterviewApp(demo_db, lambda: fixed, poll=False, first_data=first)
    async with app.run_test(size=(120, 36)):
        today = app.screen.query_one("#today-table")  # before any pause or worker
        pipeline = app.screen.query_one("#pipeline-table")
        assert len(today.rows) > 0 and len(pipeline.rows) > 0
        assert "Loading" not in str(app.screen.query_one("#today-summary").render())
        assert app.first_data_shown.is_set()


def test_data_read_apart_is_the_data_read_in_a_thread(demo_db):
    """The command line reads the first data in a forked child (FirstData's `apart`):
    what comes back is what the thread reads, and the child is gone after."""
    import signal
    import time
    from pathlib import Path

    from tui.first_data import FirstData

    fixed = clock().datetime
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    apart, here = FirstData(demo_db, lambda: fixed, apart=True), FirstData(demo_db, lambda: fixed)
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == mask  # Ctrl+C works here again
    data = apart.take(10)
    assert data is not None and data == here.take(10)
    assert data.due.all and data.summary.active  # the lists, not empty answers
    assert apart.theme == here.theme
    assert apart.views is None and here.views is not None  # the app opens its own
    gone = Path(f"/proc/{apart._child}")  # a zombie keeps its entry until it is reaped
    deadline = time.monotonic() + 5
    while gone.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not gone.exists(), "the child process was not reaped"


def test_a_file_the_child_cannot_read_gives_no_first_data(tmp_path):
    """A file that is not a database: the child sends nothing, and the app's own open
    path says what is wrong (tests/tui/test_failures.py)."""
    from tui.first_data import FirstData

    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database at all, just words" * 100)
    assert FirstData(path, apart=True).take(10) is None


def test_the_check_run_apart_is_raised_here_and_run_here_when_it_cannot_travel(demo_db):
    """The command line's database check runs in the child: what it raises is raised by
    FirstData.check() in the dashboard's process. An error that will not pickle cannot
    come back; the check then runs again here, and raises here."""
    import os

    from tui.first_data import FirstData

    def refuse():
        raise ValueError(f"refused in {os.getpid()}")

    first = FirstData(demo_db, apart=True, check=refuse)
    with pytest.raises(ValueError, match="refused in") as found:
        first.check()
    assert str(os.getpid()) not in str(found.value)  # raised by the child, shown here
    assert first.take(1) is None  # refused: no data either

    class WontTravel(Exception):
        def __reduce__(self):
            raise TypeError("not picklable")

    def refuse_oddly():
        raise WontTravel(f"refused in {os.getpid()}")

    with pytest.raises(WontTravel, match=f"refused in {os.getpid()}$"):
        FirstData(demo_db, apart=True, check=refuse_oddly).check()


def test_where_it_cannot_fork_it_checks_and_reads_here(demo_db, monkeypatch):
    """A process limit reached (fork fails) or a PostgreSQL server (whose check may ask
    to unlock the keyring): the check runs here, at once, and the data is read in a
    thread; nothing is left half done."""
    import os

    from db.target import ServerURL
    from tui.first_data import FirstData

    ran = []

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    first = FirstData(demo_db, apart=True, check=lambda: ran.append(os.getpid()))
    assert ran == [os.getpid()] and first._child is None
    assert first.take(10) is not None and first.views is not None
    first.check()  # checked already: nothing more to raise
    monkeypatch.undo()
    server = ServerURL("postgresql://nobody@127.0.0.1:1/none?connect_timeout=1")
    FirstData(server, apart=True, check=lambda: ran.append(os.getpid()))
    assert ran == [os.getpid()] * 2


async def test_data_read_apart_is_in_the_first_frame_and_not_read_twice(demo_db):
    """Read apart, the first frame holds the data; the reader the app opens after it
    does not read and draw the lists a second time."""
    from tui.app import AfterviewApp
    from tui.first_data import FirstData

    fixed = clock().datetime
    first = FirstData(demo_db, lambda: fixed, apart=True)
    app = AfterviewApp(demo_db, lambda: fixed, poll=False, first_data=first)
    async with app.run_test(size=(120, 36)) as pilot:
        today = app.screen.query_one("#today-table")
        assert len(today.rows) > 0 and len(app.screen.query_one("#pipeline-table").rows) > 0
        shown = []
        original = app.screen._show
        app.screen._show = lambda data: (shown.append(data), original(data))
        await settle(pilot)
        assert app.reader is not None  # opened after the first frame
        assert shown == []  # the lists were not read and drawn again


async def test_the_first_rows_built_apart_are_the_panes_own_and_are_not_built_again(
    demo_db, monkeypatch
):
    """The child builds the first frame's rows too (tui.rows.first_rows): they are the
    rows the panes build from the same data, and the panes draw them as they are."""
    import tui.widgets.pipeline_pane
    import tui.widgets.today_pane
    from tui.app import AfterviewApp
    from tui.first_data import FirstData
    from tui.rows import first_rows, pipeline_cells, today_cells

    fixed = clock().datetime
    first = FirstData(demo_db, lambda: fixed, apart=True)
    expected = first_rows(FirstData(demo_db, lambda: fixed).take(10))
    first.check()
    assert first.rows == expected  # records, minute, settings and cells alike
    built = []

    def counted(make):
        return lambda *args: built.append(args[0]) or make(*args)

    monkeypatch.setattr(tui.widgets.today_pane, "today_cells", counted(today_cells))
    monkeypatch.setattr(tui.widgets.pipeline_pane, "pipeline_cells", counted(pipeline_cells))
    app = AfterviewApp(demo_db, lambda: fixed, poll=False, first_data=first)
    async with app.run_test(size=(120, 36)):
        for table, rows in zip(("#today-table", "#pipeline-table"), expected, strict=True):
            drawn = app.screen.query_one(table).rows
            assert drawn == {key: cells for key, (_made_from, cells) in rows.items()}
            assert drawn
        assert built == []  # not one row built again in this process
        assert first.rows is None  # handed to the panes, not kept beside them


async def test_without_first_data_the_lists_load_after_the_first_frame(make_app):
    """The other path (tests, a new or old database): the panes say "Loading…" first,
    so the test above shows a difference the first data makes."""
    app = make_app()
    async with app.run_test(size=(120, 36)):
        assert not app.screen.query("#today-table")


# --- Mistake 7: words that said the wrong thing, and 80x24 -----------------------------


def summary_line(app) -> str:
    return app.screen.query_one("#today-summary").render().plain


async def test_an_overdue_note_reads_overdue_not_due_overdue(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert today_rows(app)[0][0] == "12 days overdue"
        await pilot.press("enter")
        await settle(pilot)
        header = app.screen.query_one("#note-header").render().plain
        assert "12 days overdue" in header
        assert "due 12 days" not in header


async def test_today_names_the_last_day_it_lists_not_this_week(make_app):
    """On Tuesday 24 Nov the list runs to Tuesday 1 Dec: that is next week."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        line = summary_line(app)
        assert "later this week" not in line
        assert " more by Tue 1 Dec" in line


async def test_on_a_saturday_what_is_due_today_is_not_denied(demo_db):
    """Something due on a Saturday (a follow-up set for that day) shows as due today,
    and the line does not also say nothing falls due."""
    from tui.app import AfterviewApp

    store = repo_for(demo_db)
    lena = next(c for c in store.views.contacts("Lena Fischer"))
    saturday = arrow.get("2026-11-28T10:00:00+00:00")
    follow_ups_module().add_follow_up(store.uow(), lena.id, "custom", due_at=saturday.datetime)
    app = AfterviewApp(demo_db, lambda: saturday.shift(hours=-1), poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        line = summary_line(app)
        assert "1 due today" in line
        assert "nothing" not in line
        assert "1 due today" in str(app.screen.sub_title)


def follow_ups_module():
    from db.write import follow_ups

    return follow_ups


async def test_people_met_at_events_are_about_what_they_do_not_no_application(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows = [r for r in today_rows(app) if r[1] == "After event"]
        assert rows
        # No company: what they do, from their title.
        assert {r[2]: r[4] for r in rows} == {
            "Lena Fischer": "Speaker, PyData London",
            "Kwame Boateng": "Engineering lead",
        }


def header_of(app, table_id: str) -> str:
    table = app.screen.query_one(table_id)
    return table.render_line(0).text


async def test_at_80x24_help_quit_the_whole_funnel_and_every_header_show(make_app):
    from rich.cells import cell_len
    from textual.widgets._footer import FooterKey

    from tui.widgets.pipeline_pane import PipelinePane
    from tui.widgets.today_pane import TodayPane

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for pane in ("1", "2"):
            await pilot.press(pane)
            await settle(pilot)
            footer = app.screen.query_one("Footer")
            keys = {k.description: k for k in footer.query(FooterKey)}
            palette = next(k for k in footer.query(FooterKey) if "-command-palette" in k.classes)
            for name in ("Help", "Quit"):
                assert name in keys, f"{name} missing from the footer after {pane}"
                assert keys[name].region.right <= palette.region.x  # in view, not under it
        funnel = app.screen.query_one("#funnel")
        drawn = funnel.render().plain
        assert cell_len(drawn) <= funnel.size.width
        assert "accept" in drawn and "closed" in drawn
        for table_id, pane in (("#today-table", TodayPane), ("#pipeline-table", PipelinePane)):
            header = header_of(app, table_id)
            for label, *_ in pane.COLUMNS:
                assert label in header, f"{label!r} cut in {header!r}"


async def test_at_80x24_every_contacts_header_shows(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("NavTable")
        header = table.render_line(0).text
        for column in table.columns:
            assert column.label in header, f"{column.label!r} cut in {header!r}"


async def test_the_pipeline_follows_a_mark_sent_from_today(make_app):
    """Today is read back with the write and the Pipeline a moment after it: both end up
    showing the application's new next step, as the database has it."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        table.focus()
        fid = highlight_phone_check_in(app)
        company = table.get_row(str(fid))[4].plain.split(" · ")[0]
        pipeline = app.screen.query_one("#pipeline-table")

        def next_cell() -> str:
            index = next(
                i for i in range(pipeline.row_count) if pipeline.get_row_at(i)[0].plain == company
            )
            return pipeline.get_row_at(index)[3].plain

        before = next_cell()
        assert before.endswith("overdue")
        await pilot.press("s")
        await settle(pilot)
        views = repo_for(app.db_path).views
        row = next(a for a in views.pipeline_summary(limit=500).active if a.company == company)
        assert next_cell() != before  # the check-in sent: no longer overdue
        assert not next_cell().endswith("overdue")
        assert row.last_touch is not None


async def test_a_pipeline_read_that_answers_after_a_later_one_is_not_shown(make_app, monkeypatch):
    """Two writes in a row each read the Pipeline again. When the first read answers
    last, the list keeps the second: what the database holds now, not a moment ago."""
    import threading

    from db.read.pipeline import PipelineViews

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        pipeline = screen.query_one("#pipeline-table")
        company = pipeline.get_row_at(0)[0].plain
        store = repo_for(app.db_path)
        aid = next(
            a.id for a in store.views.pipeline_summary(limit=500).active if a.company == company
        )
        read = PipelineViews.pipeline_summary
        calls: list[int] = []
        late = threading.Event()

        def slow_first(self, **kwargs):
            calls.append(1)
            summary = read(self, **kwargs)  # read before the archive below
            if len(calls) == 1:
                late.wait(10)
            return summary

        monkeypatch.setattr(PipelineViews, "pipeline_summary", slow_first)
        screen.reload_pipeline()  # the first read: answers only once `late` is set
        await pilot.pause(0.1)
        applications.edit_application(store.uow(), aid, archived=True)
        screen.reload_pipeline()  # the second, after the write
        await settle(pilot)
        shown = [pipeline.get_row_at(i)[0].plain for i in range(pipeline.row_count)]
        assert company not in shown  # the second read: archived, gone from the list
        late.set()
        await settle(pilot)
        await pilot.pause(0.2)
        shown = [pipeline.get_row_at(i)[0].plain for i in range(pipeline.row_count)]
        assert len(calls) == 2
        assert company not in shown  # the first read's answer, older, was dropped


async def test_the_first_dialog_and_page_open_without_restyling_the_dashboard(
    make_app, monkeypatch
):
    """The screens' style sheets are read in a pause of the warm-up (tui/style_sheets.py):
    a screen naming one Textual had not read made it parse all the CSS again and restyle
    every node of the app as the screen opened."""
    from textual.css.stylesheet import Stylesheet

    from tui import style_sheets

    reparsed = []
    original = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: (reparsed.append(1), original(self))[1])
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for _ in range(50):  # the warm-up: half a second after the data
            if all(app.stylesheet.has_source(p, "") for p in style_sheets.SCREENS):
                break
            await pilot.pause(0.1)
        reparsed.clear()  # that one, in the warm-up, is the only one
        for key, screen in (("z", "SnoozeDialog"), ("escape", "MainScreen"),
                            ("2", "MainScreen"), ("enter", "DetailScreen")):  # fmt: skip
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == screen
        assert reparsed == []
