"""You & rules at 80x24 and 120x36: the first-start question about you (a new database),
and the settings page (Y) on the sample data, also with a bad value named in place.

Update after an intended change with:
.venv/bin/python -m pytest tests/snapshots/test_snapshots_you.py --snapshot-update
"""

from __future__ import annotations

import pytest

from db.engine import open_database
from tests.snapshots.test_snapshots import SIZE_IDS, SIZES, run_before


async def bad_check_in_days(pilot) -> None:
    pilot.app.screen.query_one("#check-in-business-days").value = "soon"
    await pilot.press("ctrl+s")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_first_start_asks_about_you(snap_compare, make_app, tmp_path, size):
    path = tmp_path / "new.db"
    open_database(path).dispose()
    assert snap_compare(make_app(path), terminal_size=size, run_before=run_before())


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_you_and_rules_page(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before("Y"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_you_and_rules_page_names_a_bad_value(snap_compare, make_app, size):
    before = run_before("Y", then=bad_check_in_days)
    assert snap_compare(make_app(), terminal_size=size, run_before=before)
