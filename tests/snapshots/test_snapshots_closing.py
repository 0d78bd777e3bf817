"""The dialogs of closing and by-hand follow-ups, at 80x24 and 120x36 (sample data,
fixed clock): the question before a move that closes an application, the new
follow-up form and the reschedule form.

Update after an intended change with:
.venv/bin/python -m pytest tests/snapshots/test_snapshots_closing.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.snapshots.test_snapshots import SIZE_IDS, SIZES, run_before

# The Pipeline's first row at the fixed clock is Quillstone, interviewing, with a check-in
# planned; the stage picker opens on its stage, two down is "accepted". Today's first
# row is Sam Carter's overdue check-in.
SCREENS = {
    "confirm-close": ["2", "m", "j", "j", "enter"],
    "new-follow-up": ["2", "n"],
    "reschedule": ["R"],
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", list(SCREENS))
def test_closing_dialogs(snap_compare, make_app, name, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before(*SCREENS[name]))
