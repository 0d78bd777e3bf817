"""How soon a frame may follow the last: a key that comes just after a frame (a reload
drew one during a mail sync) must not wait Textual's 1/60 s for its own."""

from __future__ import annotations

import textual.screen

from tests.tui.conftest import settle
from tui.textual_fixes import FRAMES_A_SECOND


async def test_the_dashboard_may_draw_soon_after_its_last_frame(make_app, monkeypatch) -> None:
    monkeypatch.delenv("TEXTUAL_FPS", raising=False)
    monkeypatch.setattr(textual.screen, "UPDATE_PERIOD", 1 / 60)  # Textual's; put back after
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j")  # a frame: the screen's update timer is running
        await settle(pilot)
        assert app.screen._update_timer._interval == 1 / FRAMES_A_SECOND


async def test_a_frame_rate_given_in_textual_fps_is_kept(make_app, monkeypatch) -> None:
    monkeypatch.setenv("TEXTUAL_FPS", "30")
    monkeypatch.setattr(textual.screen, "UPDATE_PERIOD", 1 / 30)  # as Textual read it
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert app.screen._update_timer._interval == 1 / 30
