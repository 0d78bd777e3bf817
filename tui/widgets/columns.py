"""The columns of a NavTable: what each is called and how wide it may be, and how
they give way, one cell at a time, on a terminal narrower than the table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

AUTO_WIDTH_LIMIT = 200
"""A column without a width is as wide as its widest cell, up to this."""


class Column(NamedTuple):
    label: str
    key: str
    width: int | None
    """None: as wide as the widest cell (or the label)."""
    min_width: int | None = None
    """How narrow the column may get when the table is narrower than its columns (a
    narrow terminal); None: it keeps its width."""


def fit_widths(widths: list[int], columns: Sequence[Column], room: int) -> list[int]:
    """`widths`, the widest columns that may give way narrowed one cell at a time, down
    to their `min_width`, until every column fits in `room` cells (with one cell of
    padding either side), or none can give more. Every header stays readable, and the
    cut falls on the long free text (a company, a role) rather than on the last column."""
    if room <= 0:
        return widths
    widths = list(widths)
    over = sum(w + 2 for w in widths) - room
    while over > 0:
        give = [
            n
            for n, column in enumerate(columns)
            if column.min_width is not None and widths[n] > max(column.min_width, 1)
        ]
        if not give:
            break
        widest = max(give, key=lambda n: widths[n] - (columns[n].min_width or 0))
        widths[widest] -= 1
        over -= 1
    return widths
