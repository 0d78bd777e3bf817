"""The note editor never loses a word, and opening a note is not an edit."""

from __future__ import annotations

import contextlib
import signal
import sys
import time

import pytest

from db.engine import open_database
from db.store import Store
from tests.tui.conftest import CLOCK_AT, clock, settle
from tests.tui.pty_app import PtyApp


def repo_for(path) -> Store:
    return Store(open_database(path), clock)


def first_thank_you(store: Store):
    return next(i for i in store.views.due_follow_ups().all if i.kind == "thank-you")


async def open_note(app, pilot, fid: int) -> None:
    table = app.screen.query_one("#today-table")
    table.move_cursor(row=table.get_row_index(str(fid)))
    await pilot.press("enter")
    await settle(pilot)


async def test_opening_a_note_is_not_an_edit(make_app, demo_db):
    item = first_thank_you(repo_for(demo_db))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        assert "Hi " in app.screen.query_one("#note-body").text  # a draft is shown
        await pilot.pause(0.8)  # longer than the autosave delay
        await pilot.press("escape")
        await settle(pilot)
    after = repo_for(demo_db).views.follow_up(item.id)
    assert (after.body, after.subject, after.updated_at) == (
        item.body,
        item.subject,
        item.updated_at,
    )


async def test_autosave_survives_a_restart(make_app, demo_db):
    item = first_thank_you(repo_for(demo_db))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f7", *"Dear team, kept safe")
        await pilot.pause(0.8)  # autosave fires; no explicit save, no leaving the pane
        await settle(pilot)
        app.exit()
    again = make_app()
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(again, pilot, item.id)
        assert again.screen.query_one("#note-body").text == "Dear team, kept safe"


async def test_undo_and_redo(make_app, demo_db):
    item = first_thank_you(repo_for(demo_db))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        body = app.screen.query_one("#note-body")
        drafted = body.text
        await pilot.press(*"xyz")
        assert body.text != drafted
        for _ in range(3):  # undo groups quick keystrokes; a few presses at most
            await pilot.press("ctrl+z")
            if body.text == drafted:
                break
        assert body.text == drafted
        for _ in range(3):
            await pilot.press("ctrl+y")
        assert "xyz" in body.text


async def test_external_editor_round_trip(make_app, demo_db, tmp_path, monkeypatch):
    script = tmp_path / "fake-editor"
    script.write_text(
        f"#!{sys.executable}\nimport sys\np = sys.argv[1]\n"
        "open(p, 'a', encoding='utf-8').write('\\nWritten in my editor: ü')\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    item = first_thank_you(repo_for(demo_db))
    app = make_app()
    # A headless test has no terminal to hand over; the round trip is what is tested.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f3")
        await pilot.pause(0.8)
        await settle(pilot)
        assert app.screen.query_one("#note-body").text.endswith("Written in my editor: ü")
    assert repo_for(demo_db).views.follow_up(item.id).body.endswith("Written in my editor: ü")


async def test_copy_puts_subject_and_body_on_the_clipboard(make_app, demo_db):
    item = first_thank_you(repo_for(demo_db))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f2")
        body = app.screen.query_one("#note-body").text
        assert app.clipboard == f"Subject: {app.screen.query_one('#note-subject').value}\n\n{body}"


async def test_guards_show_while_typing(make_app, demo_db):
    item = first_thank_you(repo_for(demo_db))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f7", *"Hi Jon,", "enter", *"Thanks!")
        await pilot.pause(0.5)
        shown = str(app.screen.query_one("#note-warnings").render())
        assert "The greeting says Jon" in shown


async def test_a_megabyte_paste_stays_editable(make_app, demo_db):
    item = first_thank_you(repo_for(demo_db))
    app = make_app()
    big = ("All work and no play. " * 48 + "\n") * 1000  # about 1 MB
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        body = app.screen.query_one("#note-body")
        body.replace(big, body.selection.start, body.selection.end)
        await pilot.press("!")  # the cursor sits after the pasted text
        await pilot.pause(0.8)
        await settle(pilot)
        assert body.text.count("All work") == 48_000
    saved = repo_for(demo_db).views.follow_up(item.id).body
    assert len(saved) > 1_000_000 and "!" in saved


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_while_typing_loses_nothing(demo_db, sig):
    item = first_thank_you(repo_for(demo_db))
    order = [i.id for i in repo_for(demo_db).views.due_follow_ups().all]
    app = PtyApp(demo_db, CLOCK_AT)
    try:
        app.wait_for("overdue")
        time.sleep(1.0)
        app.type("j" * order.index(item.id) + "\r")
        app.wait_for("To ")
        time.sleep(1.0)
        typed = "typed-before-the-terminal-closed"
        app.type(typed, delay=0.03)
        # On screen means the app has it; a byte still in the terminal's buffer when the
        # signal lands is not the app's to keep.
        app.wait_for(typed[-12:], timeout=2.0)
        app.signal(sig)  # at once: the last keys are still waiting for autosave
    finally:
        app.close()
    assert typed in repo_for(demo_db).views.follow_up(item.id).body
