"""The write side (the ORM) loads when a write comes or is near, never for looking.

A dashboard opened to read the day costs no ORM (about 400 ms of CPU and 23 MB); the first
write still lands, and a dialog or the note editor loads the write side ahead of it.
"""

from __future__ import annotations

from db.lazy_store import LazyStore
from tests.tui.conftest import settle
from tests.tui.test_main_screen import highlight_phone_check_in, today_rows


async def test_looking_around_never_loads_the_write_side(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.store, LazyStore)
        await pilot.press("j", "j", "k", "2", "j", "j", "1")
        await settle(pilot)
        assert len(today_rows(app)) > 3  # the day is on screen, read through the views
        assert not app.store.loaded


async def test_the_first_write_loads_it_and_lands(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        fid = highlight_phone_check_in(app)
        table = app.screen.query_one("#today-table")
        assert not app.store.loaded
        await pilot.press("s")  # no dialog before it: this write loads the write side
        await settle(pilot)
        assert app.store.loaded
        assert fid not in table.rows
        assert app.store.views.follow_up(fid).status == "sent"


async def test_a_dialog_loads_it_before_the_write(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("z")  # the snooze dialog: a write is near
        await settle(pilot)
        assert app.screen.__class__.__name__ == "SnoozeDialog"
        assert app.store.loaded
        await pilot.press("escape")


async def test_the_note_editor_loads_it_while_you_type(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # the soonest note, open for writing
        await settle(pilot)
        assert app.screen.query_one("#editor").has_focus_within
        assert app.store.loaded


async def test_on_either_engine_the_first_write_loads_the_write_side(db_target):
    """On PostgreSQL the read side is psycopg and the write side SQLAlchemy's engine: the
    first `s` opens that engine, and the row goes as it does on SQLite."""
    from db.demo.story import build_demo
    from db.engine import open_database
    from tests.tui.conftest import clock
    from tui.app import AfterviewApp

    engine = open_database(db_target)
    build_demo(engine, clock)
    engine.dispose()
    app = AfterviewApp(db_target, clock, poll=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        fid = highlight_phone_check_in(app)
        table = app.screen.query_one("#today-table")
        assert isinstance(app.store, LazyStore) and not app.store.loaded
        await pilot.press("s")
        await settle(pilot)
        assert app.store.loaded
        assert fid not in table.rows
        assert app.store.views.follow_up(fid).status == "sent"
