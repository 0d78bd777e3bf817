"""Reading back what was sent, and a person's page, at 80x24 and 120x36 (sample data,
fixed clock).

Update after an intended change with:
.venv/bin/python -m pytest tests/snapshots/test_snapshots_readback.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.snapshots.test_snapshots import SIZE_IDS, SIZES, run_before

# Halcyon Games, found by the pipeline's search: its four-person panel was thanked one by
# one; in its timeline, row 4 is one of those thank-yous.
HALCYON = ["2", "slash", *"Halcyon", "enter", "enter"]
THEO = ["c", "slash", "T", "h", "e", "o", "enter", "enter"]  # rejected, asked, thanked

SCREENS = {
    "timeline-read-back": [*HALCYON, *["j"] * 4, "enter"],
    "person": THEO,
    "person-read-back": [*THEO, "j", "enter"],
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", list(SCREENS))
def test_read_back_screens(snap_compare, make_app, name, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before(*SCREENS[name]))
