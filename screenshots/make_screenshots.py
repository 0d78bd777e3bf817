"""Regenerate screenshots/*.svg: every screen, from the sample data at a fixed clock.

Run with `make screenshots`. The clock, the data and the cursor are fixed, so the
files change only when what a person sees changes.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import arrow
from textual.reactive import reactive
from textual.widgets import Input, TextArea

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from db.demo.story import build_demo  # noqa: E402
from db.engine import open_database  # noqa: E402
from tui.app import AfterviewApp  # noqa: E402

CLOCK_AT = "2026-11-24T10:30:00+00:00"  # a Tuesday morning in London

# name: (keys pressed after the data is on screen, terminal size)
SHOTS: dict[str, tuple[list[str], tuple[int, int]]] = {
    "main": ([], (120, 36)),
    "main-80x24": ([], (80, 24)),
    "main-wide": ([*"jjjjj", "enter"], (180, 40)),
    "note-draft": ([*"jjjjj", "enter"], (120, 36)),
    "note-draft-80x24": ([*"jjjjj", "enter"], (80, 24)),
    "note-warnings": ([*"jjjjj", "enter", "f7", *"Hi Jon,", "enter", *"Thanks!"], (120, 36)),
    "call-plan": ([*"jj", "enter"], (120, 36)),
    "confirm-send": ([*"jjjjj", "enter", "ctrl+t"], (120, 36)),
    "snooze": (["z"], (120, 36)),
    "skip": (["x"], (120, 36)),
    "call-outcome": (["j", "j", "o"], (120, 36)),
    "pipeline": (["2"], (120, 36)),
    "detail": (["2", "enter"], (120, 36)),
    "application-form": (["2", "a"], (120, 36)),
    "interview-form": (["2", "i"], (120, 36)),
    "reply-form": (["2", "r"], (120, 36)),
    "stage-picker": (["2", "m"], (120, 36)),
    "contacts": (["c"], (120, 36)),
    "contact-form": (["c", "a"], (120, 36)),
    "stats": (["S"], (120, 36)),
    "help": (["question_mark"], (120, 36)),
    "palette": (["ctrl+p"], (120, 36)),
    # The daily loop's controls (issue 13)
    "interview-when": (["2", "i", *"monday 9:00"], (120, 36)),
    "snooze-typed": (["z", "tab", "tab", *"12/01"], (120, 36)),
    "confirm-close": (["2", "m", "j", "j", "enter"], (120, 36)),
    "new-follow-up": (["2", "n"], (120, 36)),
    "reschedule": (["R"], (120, 36)),
    "pipeline-search": (["2", "slash", *"engineer"], (120, 36)),
    "pipeline-filter": (["2", "f"], (120, 36)),
    "pipeline-closed": (["2", "h"], (120, 36)),
    "pipeline-delete": (["2", "D"], (120, 36)),
    "detail-read-back": (["2", "slash", *"Halcyon", "enter", "enter", *"jjjj", "enter"], (120, 36)),
    "person": (["c", "slash", *"Theo", "enter", "enter"], (120, 36)),
    "you-and-rules": (["Y"], (120, 36)),
    "mail-review": (["M"], (120, 36)),
    "mail-review-80x24": (["M"], (80, 24)),
    "mail-review-why": (["M", "space"], (120, 36)),
    "mail-review-edit": (["M", "e"], (120, 36)),
}


def freeze_cursor_blink() -> None:
    for widget in (Input, TextArea):
        frozen = reactive(False, init=False)
        frozen.__set_name__(widget, "cursor_blink")
        widget.cursor_blink = frozen


async def shoot(template: Path, name: str, keys: list[str], size: tuple[int, int]) -> None:
    folder = Path(tempfile.mkdtemp())
    path = folder / "demo.db"
    path.write_bytes(template.read_bytes())
    app = AfterviewApp(path, lambda: arrow.get(CLOCK_AT), poll=False)
    async with app.run_test(size=size) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause(0.6)  # guards and autosave timers settle
        await app.workers.wait_for_complete()
        app.save_screenshot(f"{name}.svg", str(ROOT))


async def main(only: list[str]) -> None:
    freeze_cursor_blink()
    template = Path(tempfile.mkdtemp()) / "template.db"
    engine = open_database(template)
    build_demo(engine, lambda: arrow.get(CLOCK_AT))
    engine.dispose()
    for name, (keys, size) in SHOTS.items():
        if only and name not in only:
            continue
        await shoot(template, name, keys, size)
        print(f"screenshots/{name}.svg")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
