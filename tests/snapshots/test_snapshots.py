"""What a person sees, screen by screen, at 80x24 and 120x36 (sample data, fixed clock).

Update after an intended change with: .venv/bin/python -m pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import settle

SIZES = [(80, 24), (120, 36)]
SIZE_IDS = ["80x24", "120x36"]

# Today's rows in the sample data at the fixed clock: 5 is Marcus Rossi's thank-you and
# 6 Elena Carter's, both on the Brightloop panel; 2 is a phone check-in.
MARCUS, ELENA = ["j"] * 5, ["j"] * 6

SCREENS = {
    "main": [],
    "pipeline": ["2"],
    "note-editor": [*MARCUS, "enter"],
    "snooze": ["z"],
    "skip": ["x"],
    "call-outcome": ["j", "j", "o"],
    "confirm-send": [*MARCUS, "enter", "ctrl+t"],
    "detail": ["2", "enter"],
    "application-add": ["2", "a"],
    "application-edit": ["2", "e"],
    "interview-form": ["2", "i"],
    "reply-form": ["2", "r"],
    "stage-picker": ["2", "m"],
    "contacts": ["c"],
    "contact-add": ["c", "a"],
    "stats": ["S"],
    "help": ["question_mark"],
    "palette": ["ctrl+p"],
}


def run_before(*keys: str, then=None):
    async def before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if then is not None:
            await then(pilot)
        await pilot.pause(0.5)  # the guards run 0.3 s after typing stops
        await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", list(SCREENS))
def test_every_screen_and_dialog(snap_compare, make_app, name, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before(*SCREENS[name]))


async def replace_body(pilot, text: str) -> None:
    body = pilot.app.screen.query_one("#note-body")
    body.load_text(text)  # posts Changed, as typing would
    await settle(pilot)


def note(text: str):
    async def write(pilot) -> None:
        await replace_body(pilot, text)

    return write


async def copy_elenas_note(pilot) -> None:
    """Write Elena's note, go back, open Marcus's and paste the same words."""
    same = (
        "Thank you for the conversation about the platform team today. I enjoyed "
        "hearing how you cut on-call pages, and I would love to help with that work."
    )
    await replace_body(pilot, f"Hi Elena,\n\n{same}\n")
    await pilot.press("escape", "k")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await replace_body(pilot, f"Hi Marcus,\n\n{same}\n")


WARNINGS = {
    "placeholder": ([*MARCUS, "enter"], None),
    "wrong-name": ([*MARCUS, "enter"], note("Hi Jon,\n\nThanks for today.\n")),
    "company-misspelt": (
        [*MARCUS, "enter"],
        note("Hi Marcus,\n\nThanks for showing me round Brightlop.\n"),
    ),
    "empty": ([*MARCUS, "enter"], note("")),
    "long": ([*MARCUS, "enter"], note("Hi Marcus,\n\n" + "Thank you for a great talk. " * 40)),
    "near-identical": ([*ELENA, "enter"], copy_elenas_note),
}


@pytest.mark.parametrize("name", list(WARNINGS))
def test_note_editor_warnings(snap_compare, make_app, name):
    keys, then = WARNINGS[name]
    assert snap_compare(
        make_app(), terminal_size=(120, 36), run_before=run_before(*keys, then=then)
    )
