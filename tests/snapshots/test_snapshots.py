"""What a person sees, screen by screen, at 80x24 and 120x36 (sample data, fixed clock).

Update after an intended change with: .venv/bin/python -m pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import settle

SIZES = [(80, 24), (120, 36)]


def run_before(*keys: str, focus: str | None = None, type_text: str = ""):
    async def before(pilot) -> None:
        await settle(pilot)
        if focus:
            pilot.app.screen.query_one(focus).focus()
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if type_text:
            await pilot.press(*type_text)
            await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_note_editor_open(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size,
                        run_before=run_before("j", "j", "j", "j", "j", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("key", ["z", "x", "o"], ids=["snooze", "skip", "call-outcome"])
def test_triage_dialogs(snap_compare, make_app, size, key):
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before(key))
