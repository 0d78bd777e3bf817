"""Nothing that fails outside the app ends it, and nothing that was not done is shown as
done: a missing browser, clipboard or mail client, a full disk, a read-only database.

Writes are made to fail for real: the repository method raises the error SQLite raises
(the widgets and screens are not touched)."""

from __future__ import annotations

import ast
import contextlib
import gc
import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from db.write import follow_ups, settings
from tests.tui.conftest import settle
from tests.tui.test_note_editor import open_note, repo_for

DISK_FULL = "database or disk is full"
TUI = Path(__file__).resolve().parents[2] / "tui"


def messages(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def status(app) -> str:
    return str(app.screen.query_one("#note-status").render())


@pytest.fixture
def no_desktop(monkeypatch):
    """An SSH session: no display, no browser, no mail client, no clipboard tool."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "AFTERVIEW_MAILER", "MAILER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")


@pytest.fixture
def runtime_dir(tmp_path, monkeypatch) -> Path:
    """Where recovery copies go (the runtime directory comes first)."""
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


@pytest.fixture
def full_disk(monkeypatch):
    """While `full[0]` holds, saving a note fails as SQLite fails on a full disk."""
    full = [True]
    save = follow_ups.save_note

    def save_note(*args, **kwargs):
        if full[0]:
            raise sqlite3.OperationalError(DISK_FULL)
        return save(*args, **kwargs)

    monkeypatch.setattr(follow_ups, "save_note", save_note)
    monkeypatch.setattr("tui.widgets.note_saving.RETRY_SECONDS", 0.3)
    return full


def emailed_thank_you(path):
    return next(
        i
        for i in repo_for(path).views.due_follow_ups().all
        if i.kind == "thank-you" and i.contact_email
    )


# --- one worker policy ------------------------------------------------------------------


def test_every_worker_in_the_interface_survives_its_failure():
    """Textual ends the app when a worker fails unless told otherwise: every worker in
    tui/ is started with exit_on_error=False (tui.worker reports for it)."""
    offenders = []
    for path in sorted(TUI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        starts = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        starts = [n for n in starts if getattr(n.func, "attr", None) == "run_worker"]
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in node.decorator_list:
                    called = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if getattr(called, "id", getattr(called, "attr", None)) == "work":
                        starts.append(decorator)  # a bare @work offends too
        for start in starts:
            keywords = {k.arg: k.value for k in getattr(start, "keywords", [])}
            value = keywords.get("exit_on_error")
            if not (isinstance(value, ast.Constant) and value.value is False):
                offenders.append(f"{path.relative_to(TUI.parent)}:{start.lineno}")
    assert offenders == []


async def test_a_theme_the_database_will_not_take_is_a_notification(make_app, monkeypatch):
    def read_only(uow, key, value):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(settings, "set_setting", read_only)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        assert app.is_running
        assert any(
            m.startswith("Theme not saved: The database file is read-only") for m in messages(app)
        )
        await pilot.press("j")  # still answering keys
        await settle(pilot)
        assert app.screen.query_one("#today-table").cursor_row == 1


async def test_a_chosen_theme_is_there_next_time(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    again = make_app()
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


# --- F2, F3, F4 on a machine without a desktop ------------------------------------------


async def test_f4_with_no_mail_handler_says_how_to_set_one_up(make_app, demo_db, no_desktop):
    item = emailed_thank_you(demo_db)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f7", *"Typed just before F4")
        await pilot.press("f4")
        await settle(pilot)
        assert app.is_running
        said = "\n".join(messages(app))
        assert "Nothing here opens mailto: links" in said
        assert "AFTERVIEW_MAILER" in said and "BROWSER" in said
    assert repo_for(demo_db).views.follow_up(item.id).body == "Typed just before F4"


async def test_f4_when_the_desktop_handler_fails_is_a_notification(make_app, demo_db, monkeypatch):
    """The path that used to end the app: a worker whose browser could not be found."""
    import webbrowser

    monkeypatch.setenv("DISPLAY", ":0")
    for name in ("AFTERVIEW_MAILER", "MAILER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(webbrowser, "open", lambda url: False)  # no handler answered
    item = emailed_thank_you(demo_db)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f4")
        await settle(pilot)
        assert app.is_running
        assert any(m.startswith("Mail not opened: Nothing here opens") for m in messages(app))


async def test_f4_runs_the_terminal_mailer_once_the_note_is_saved(
    make_app, demo_db, tmp_path, monkeypatch
):
    out = tmp_path / "mailer-saw.txt"
    script = tmp_path / "fake-mailer"
    item = emailed_thank_you(demo_db)
    script.write_text(
        f"#!{sys.executable}\nimport sqlite3, sys\n"
        f"body = sqlite3.connect({str(demo_db)!r}).execute("
        f"'SELECT body FROM follow_up WHERE id = {item.id}').fetchone()[0]\n"
        f"open({str(out)!r}, 'w').write(sys.argv[1] + '\\n' + body)\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("AFTERVIEW_MAILER", str(script))
    app = make_app()
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # no terminal to hand over
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f7", *"Saved before the mailer ran", "f4")  # before autosave
        await settle(pilot)
        assert app.is_running
    url, body = out.read_text().split("\n", 1)
    assert url.startswith(f"mailto:{item.contact_email}")
    assert body == "Saved before the mailer ran"


async def test_f4_and_f3_say_so_when_the_terminal_cannot_be_handed_over(
    make_app, demo_db, monkeypatch
):
    monkeypatch.setenv("AFTERVIEW_MAILER", "neomutt")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "/bin/true")
    item = emailed_thank_you(demo_db)
    app = make_app()  # headless: Textual cannot suspend it
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert app.is_running
        said = messages(app)
        assert any(m.startswith("Mail not opened: neomutt needs the terminal") for m in said)
        assert any(m.startswith("Not edited: /bin/true needs the terminal") for m in said)


async def test_f3_with_an_editor_that_changes_nothing_says_so(make_app, demo_db, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "/bin/true")
    item = emailed_thank_you(demo_db)
    app = make_app()
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f7", *"Kept as typed", "f3")
        await settle(pilot)
        assert app.is_running
        assert any("Nothing changed in /bin/true" in m for m in messages(app))
        assert app.screen.query_one("#note-body").text == "Kept as typed"
    assert repo_for(demo_db).views.follow_up(item.id).body == "Kept as typed"


async def test_f2_with_no_clipboard_tool_says_what_it_did(make_app, demo_db, no_desktop):
    item = emailed_thank_you(demo_db)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f2")
        await settle(pilot)
        assert app.clipboard.startswith("Subject: ")  # sent to the terminal (OSC 52)
        said = "\n".join(messages(app))
        assert "Sent to the terminal's clipboard (OSC 52)" in said
        assert "copied to the clipboard" not in said


async def test_f2_with_a_clipboard_tool_copies_through_it(
    make_app, demo_db, tmp_path, monkeypatch, no_desktop
):
    got = tmp_path / "clipboard.txt"
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "xclip").write_text(f"#!/bin/sh\ncat > {got}\n")
    (tools / "xclip").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    item = emailed_thank_you(demo_db)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f2")
        await settle(pilot)
        assert got.read_text() == app.clipboard
        assert any(m.endswith("Subject and body copied to the clipboard") for m in messages(app))


# --- a save that fails is never called saved ---------------------------------------------


async def test_a_note_the_disk_will_not_take_is_kept_copied_and_retried(
    make_app, demo_db, runtime_dir, full_disk
):
    item = emailed_thank_you(demo_db)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f7", *"Words the disk would not take")
        await pilot.pause(0.8)  # autosave
        await settle(pilot)
        shown = status(app)
        assert "NOT saved: The disk is full" in shown and not shown.endswith("saved")
        assert app.screen.query_one("#note-body").text == "Words the disk would not take"
        (copy,) = runtime_dir.iterdir()
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert f"Follow-up {item.id}, to {item.contact_name}" in copy.read_text()
        assert copy.read_text().endswith("Words the disk would not take\n")
        assert any("NOT saved" in m and str(copy) in m for m in messages(app))
        assert repo_for(demo_db).views.follow_up(item.id).body == item.body

        full_disk[0] = False  # space again: the next retry gets through
        await pilot.pause(0.7)
        await settle(pilot)
        assert status(app).endswith("words · saved")
        assert list(runtime_dir.iterdir()) == []  # the database holds it: copy removed
        assert any("is saved now" in m for m in messages(app))
    assert repo_for(demo_db).views.follow_up(item.id).body == "Words the disk would not take"


async def test_a_failed_note_left_for_another_is_kept_and_comes_back(
    make_app, demo_db, runtime_dir, full_disk
):
    item = emailed_thank_you(demo_db)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f7", *"Not lost when I look elsewhere", "escape")
        await settle(pilot)
        other = next(i for i in repo_for(demo_db).views.due_follow_ups().all if i.id != item.id)
        await open_note(app, pilot, other.id)
        await pilot.press("escape")  # back to the list: Enter opens, not types
        await open_note(app, pilot, item.id)
        assert app.screen.query_one("#note-body").text == "Not lost when I look elsewhere"
        assert "NOT saved" in status(app)
        full_disk[0] = False
        await pilot.pause(0.7)
        await settle(pilot)
        assert status(app).endswith("words · saved")
    assert repo_for(demo_db).views.follow_up(item.id).body == "Not lost when I look elsewhere"


async def test_quitting_with_an_unsaved_note_asks_first(make_app, demo_db, runtime_dir, full_disk):
    item = emailed_thank_you(demo_db)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f7", *"Do not quit on me")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.screen.id == "confirm-quit"
        lines = [str(w.render()) for w in app.screen.query(".warning-line")]
        (copy,) = runtime_dir.iterdir()
        assert any("NOT saved: The disk is full" in line for line in lines)
        assert any(str(copy) in line for line in lines)
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running
        assert app.screen.query_one("#note-body").text == "Do not quit on me"
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert app.return_code == 1
    assert "Do not quit on me" in copy.read_text()


async def test_a_signal_while_the_disk_is_full_leaves_a_copy(
    make_app, demo_db, runtime_dir, full_disk
):
    item = emailed_thank_you(demo_db)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f7", *"Typed as the terminal closed")
        app.save_and_exit()  # what SIGTERM and SIGHUP run
        await settle(pilot)
    (copy,) = runtime_dir.iterdir()
    assert copy.read_text().endswith("Typed as the terminal closed\n")
    assert app.return_code == 1


@pytest.mark.parametrize(
    ("method", "keys", "title"),
    [
        ("mark_sent", ["s"], "Not marked sent"),
        ("snooze", ["z", "t"], "Not snoozed"),
        ("skip", ["x", *"Met them at lunch", "enter"], "Not skipped"),
    ],
)
async def test_an_action_the_disk_will_not_take_is_not_shown_as_done(
    make_app, monkeypatch, method, keys, title
):
    def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError(DISK_FULL)

    monkeypatch.setattr(follow_ups, method, disk_full)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#today-table")
        phone = next(k for k in table.rows if table.get_cell(k, "channel").plain == "phone")
        table.move_cursor(row=table.get_row_index(phone))
        rows_before = list(table.rows)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)
        assert app.is_running
        assert list(table.rows) == rows_before  # the row stays where it was
        assert table.cursor_row == table.get_row_index(phone)
        assert any(m.startswith(f"{title}: The disk is full") for m in messages(app))
    assert repo_for(app.db_path).views.follow_up(int(phone)).status == "planned"


async def test_mark_sent_with_a_note_the_disk_will_not_take(
    make_app, demo_db, runtime_dir, full_disk
):
    item = emailed_thank_you(demo_db)
    first = item.contact_name.split()[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_note(app, pilot, item.id)
        await pilot.press("f7", *f"Hi {first},", "enter", *"Thanks for today.", "ctrl+t")
        await settle(pilot)
        assert app.is_running
        assert str(item.id) in app.screen.query_one("#today-table").rows
        assert app.screen.query_one("NoteEditor").item.id == item.id
        assert "NOT saved" in status(app)
        said = messages(app)
        assert any(m.startswith("Not marked sent: The disk is full") for m in said)
    assert repo_for(demo_db).views.follow_up(item.id).status == "planned"


# --- the collector is the entry point's business ----------------------------------------


async def test_running_the_app_leaves_the_collector_alone(make_app):
    before = gc.get_threshold(), gc.get_freeze_count()
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.pause(1.0)  # the warm-up starts half a second after the data
        await settle(pilot)
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_the_command_line_dashboard_tunes_the_collector(demo_db, monkeypatch):
    import tui.cli.dashboard
    from tui.__main__ import QuietCollector
    from tui.app import AfterviewApp

    started = []

    def run(app) -> None:
        started.append((app.on_settled, gc.isenabled()))

    import threading

    import tui.__main__

    arenas = []
    asked = tui.__main__.one_allocator_arena
    monkeypatch.setattr(
        tui.__main__, "one_allocator_arena", lambda: arenas.append(threading.active_count())
    )
    monkeypatch.setattr(AfterviewApp, "run", run)
    threads = threading.active_count()
    tui.cli.dashboard.launch(demo_db, None)
    assert arenas == [threads]  # one malloc arena asked for before any thread of its own
    asked()  # and the real call does not fail here (glibc) or where it does nothing
    [(on_settled, collecting)] = started
    assert isinstance(on_settled, QuietCollector)
    assert not collecting  # held while Textual is imported and the first frame drawn
    assert gc.isenabled()  # and never left off once the app has ended


def test_the_collector_held_at_start_up_runs_again_when_the_app_settles(monkeypatch):
    from types import SimpleNamespace

    import tui.__main__
    from tui.__main__ import QuietCollector

    monkeypatch.setattr(tui.__main__, "START_AT_THE_LATEST", 60.0)
    before = gc.get_threshold()
    collector = QuietCollector(SimpleNamespace(set_interval=lambda every, call: None))
    try:
        QuietCollector.hold_during_start_up()
        assert not gc.isenabled()
        collector()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up made is out of its reach
    finally:
        gc.enable()
        gc.set_threshold(*before)
        gc.unfreeze()


def test_the_collector_held_at_start_up_runs_again_if_the_app_never_settles(monkeypatch):
    """A database that fails to open: no warm-up, no `on_settled`; the collector must
    not stay off for the rest of the session."""
    import time

    import tui.__main__
    from tui.__main__ import QuietCollector

    monkeypatch.setattr(tui.__main__, "START_AT_THE_LATEST", 0.05)
    try:
        QuietCollector.hold_during_start_up()
        assert not gc.isenabled()
        deadline = time.monotonic() + 5
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert gc.isenabled()
    finally:
        gc.enable()


def test_a_full_collection_waits_for_a_pause_in_the_typing():
    """The dashboard's collector runs a due full collection (15-25 ms) only once no key
    has come for a second, not under the next key."""
    import time
    from types import SimpleNamespace

    from tui.__main__ import FULL_DUE, QUIET_FOR, QuietCollector

    app = SimpleNamespace(last_key_at=time.monotonic())
    collector = QuietCollector(app)
    for _ in range(FULL_DUE):
        gc.collect(1)  # each one brings a full collection one step nearer
    assert gc.get_count()[2] >= FULL_DUE
    assert not collector.collect_in_a_pause()  # a key just came
    assert gc.get_count()[2] >= FULL_DUE
    app.last_key_at = time.monotonic() - QUIET_FOR - 0.1
    try:
        assert collector.collect_in_a_pause()
        assert gc.get_count()[2] == 0  # the full collection ran
        assert not collector.collect_in_a_pause()  # and is not due again at once
    finally:
        gc.unfreeze()  # the first one freezes again what it found alive


def test_what_was_frozen_and_became_garbage_is_collected_in_a_later_pause():
    """gc.freeze keeps the screen as it was too; a part of it in a reference cycle (a
    widget and its parent) that is replaced later must still be collected, in the first
    pause after the freeze and every WALK_ALL_EVERY-th one after."""
    import time
    import weakref
    from types import SimpleNamespace

    from tui.__main__ import FULL_DUE, QUIET_FOR, WALK_ALL_EVERY, QuietCollector

    class Shown:
        """Stands for a drawn widget: it refers to itself through its parent."""

    def frozen_cycle() -> weakref.ref:
        shown = Shown()
        shown.parent = shown
        return weakref.ref(shown)

    def pause() -> bool:
        for _ in range(100):
            if gc.get_count()[2] >= FULL_DUE:
                break
            gc.collect(1)
        app.last_key_at = time.monotonic() - QUIET_FOR - 0.1
        return collector.collect_in_a_pause()

    app = SimpleNamespace(last_key_at=0.0, set_interval=lambda every, call: None)
    collector = QuietCollector(app)
    before = gc.get_threshold()
    try:
        gone = frozen_cycle()
        collector()  # the app settles: everything alive now is frozen, the cycle too
        gc.collect()
        assert gone() is not None  # a plain full collection does not see it
        assert pause()
        assert gone() is None  # the first pause after the freeze walked it
        assert gc.get_freeze_count() > 0  # and what is alive is frozen again
        gone = frozen_cycle()
        gc.freeze()  # as the walk does: frozen with what was alive then
        for _ in range(WALK_ALL_EVERY - 1):
            assert pause()
            assert gone() is not None  # the pauses between walk the young objects only
        assert pause()
        assert gone() is None
        assert pause()  # the first of the next eight: young objects only
        gone = frozen_cycle()
        collector()  # the write side has loaded: frozen again, the cycle with it
        assert pause()
        assert gone() is None  # the next pause after any freeze walks everything
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def test_the_collector_holds_full_collections_for_the_pauses():
    from types import SimpleNamespace

    from tui.__main__ import FULL_ON_ITS_OWN, LOOK_EVERY, QuietCollector

    timers = []
    app = SimpleNamespace(set_interval=lambda every, call: timers.append((every, call)))
    collector = QuietCollector(app)
    before = gc.get_threshold()
    try:
        collector()
        collector()  # again once the write side has loaded: one timer still
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (*before[:2], FULL_ON_ITS_OWN)
        assert timers == [(LOOK_EVERY, collector.collect_in_a_pause)]
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
