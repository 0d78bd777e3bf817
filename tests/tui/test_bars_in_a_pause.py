"""The header, note editor and footer mount after the data, in a pause in the typing, so
that keys pressed at start-up do not wait for a layout of the whole screen; a note opened
before then still opens in its editor."""

from __future__ import annotations

import asyncio
import time

from tests.tui.conftest import settle
from tui.screens import bars


async def test_the_bars_wait_while_keys_come_then_mount(make_app, monkeypatch):
    monkeypatch.setattr(bars, "BARS_IN_A_PAUSE", 1.0)
    monkeypatch.setattr(bars, "BARS_WAIT_AT_MOST", 60.0)  # the pause alone
    app = make_app()
    app.last_key_at = time.monotonic()  # typing from the very start
    async with app.run_test(size=(120, 36)) as pilot:
        while not app.first_data_shown.is_set():
            await pilot.pause(0.02)
        for _ in range(10):  # a key every 0.1 s: never a pause of 1 s
            await pilot.press("j")
            await pilot.pause(0.1)
            assert not app.screen.query("Footer"), "mounted while keys were coming"
        for _ in range(100):  # they stopped: the bars come after the pause
            await pilot.pause(0.05)
            if app.screen.query("Footer"):
                break
        assert app.screen.query("Footer")
        assert app.screen.query("#editor")


async def test_a_note_opened_before_the_bars_opens_in_its_editor(make_app, monkeypatch):
    monkeypatch.setattr(bars, "BARS_IN_A_PAUSE", 60.0)  # never on their own
    monkeypatch.setattr(bars, "BARS_WAIT_AT_MOST", 60.0)
    app = make_app()
    app.last_key_at = time.monotonic()  # as if typing from the very start
    async with app.run_test(size=(120, 36)) as pilot:
        while not app.first_data_shown.is_set():
            await pilot.pause(0.02)
        await pilot.press("j")
        await asyncio.sleep(0.1)
        assert not app.screen.query("#editor")
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen.query_one("#editor")
        assert editor.item is not None and editor.item.id == app.screen.today.selected_id
        assert editor.body.has_focus
        assert editor.body.text.startswith("Hi ")  # the draft, ready to edit
