"""Dates said back before they are saved, and a panel member typed but not added, at
80x24 and 120x36 (sample data, fixed clock: Tuesday 24 November 2026, 10:30).

Update after an intended change with:
.venv/bin/python -m pytest tests/snapshots/test_snapshots_dates.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.snapshots.test_snapshots import SIZE_IDS, SIZES, run_before
from tests.tui.conftest import settle


def typed(**values: str):
    """Type into the open form's inputs by id (underscores for dashes)."""

    async def fill(pilot) -> None:
        for name, value in values.items():
            pilot.app.screen.query_one(f"#{name.replace('_', '-')}").value = value
            await settle(pilot)

    return fill


def then_save(**values: str):
    async def fill_and_save(pilot) -> None:
        await typed(**values)(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    return fill_and_save


async def yaras_thank_you_to_friday(pilot) -> None:
    """Her interview ended today at 10:00: Friday is past the thank-you's 24 hours."""
    table = pilot.app.screen.query_one("#today-table")
    for _ in range(20):
        if table.selected_id == 27:
            break
        await pilot.press("j")
    await pilot.press("z")
    await settle(pilot)
    await typed(snooze_date="friday")(pilot)


DATES = {
    # 'monday 9:00' typed on a Tuesday: yesterday, said under the field.
    "interview-when-understood": (["2", "i"], typed(when="monday 9:00", answer_by="friday")),
    # A person typed into New, Add not pressed, name missing: the save is refused there.
    "interview-new-row-refused": (
        ["2", "i"],
        then_save(when="yesterday 3pm", new_email="ana@example.com"),
    ),
    "applied-understood": (["2", "a"], typed(company="Acme", applied="16 Nov")),
    "snooze-thank-you-late": ([], yaras_thank_you_to_friday),
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", list(DATES))
def test_dates_said_back(snap_compare, make_app, name, size):
    keys, then = DATES[name]
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before(*keys, then=then))
