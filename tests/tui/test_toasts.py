"""A toast whose time is up leaves in a pause between keys, never in the middle of them:
its exit lays the whole screen out again, and the key that met it waited for that."""

from __future__ import annotations

import asyncio
import time

from textual.widgets._toast import Toast

from tests.tui.conftest import settle


async def test_a_toast_waits_for_a_pause_in_the_keys_then_leaves(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        before = app.last_key_at
        await pilot.press("j")
        assert app.last_key_at > before  # every key is noted

        # Keys keep coming from before the toast shows: on a loaded machine the settle
        # below can outlast the toast's 0.1 s and a pause in the keys.
        app.last_key_at = time.monotonic() + 3600
        app.notify("Marked sent", timeout=0.1)
        await settle(pilot)
        assert len(app.screen.query(Toast)) == 1
        await asyncio.sleep(0.5)  # well past its 0.1 s
        await pilot.pause()
        assert len(app.screen.query(Toast)) == 1, "left while keys were being pressed"

        app.last_key_at = 0.0  # the typing stops
        for _ in range(60):
            await pilot.pause(0.05)
            if not app.screen.query(Toast):
                break
        assert not app.screen.query(Toast), "still shown after the pause"
        assert not app._notifications
