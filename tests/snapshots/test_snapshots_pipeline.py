"""The Pipeline's controls at 80x24 and 120x36 (sample data, fixed clock): a search
typed, a stage filter, the closed & archived view and the delete question.

Update after an intended change with: .venv/bin/python -m pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.snapshots.test_snapshots import SIZE_IDS, SIZES, run_before


async def pick_applied(pilot) -> None:
    options = pilot.app.screen.query_one("#stage-filter-options")
    options.highlighted = [o.id for o in options.options].index("applied")
    await pilot.press("enter")


SCREENS = {
    "pipeline-search": (["2", "slash", *"engineer"], None),
    "pipeline-filter-picker": (["2", "f"], None),
    "pipeline-filtered": (["2", "f"], pick_applied),
    "pipeline-closed": (["2", "h"], None),
    "pipeline-by-company": (["2", "v", "v"], None),
    "pipeline-delete": (["2", "D"], None),
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", list(SCREENS))
def test_pipeline_controls(snap_compare, make_app, name, size):
    keys, then = SCREENS[name]
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before(*keys, then=then))
