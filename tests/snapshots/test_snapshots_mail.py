"""The mailbox's review list (M) on the sample data at 80x24 and 120x36: the list, a
proposal's excerpt and evidence (space), and the edit-before-accepting form (e).

Update after an intended change with:
.venv/bin/python -m pytest tests/snapshots/test_snapshots_mail.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.snapshots.test_snapshots import SIZE_IDS, SIZES, run_before

SCREENS = {
    "review-list": ("M",),
    "review-why": ("M", "space"),
    "review-edit": ("M", "e"),
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", list(SCREENS))
def test_mail_review(snap_compare, make_app, name, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before(*SCREENS[name]))
