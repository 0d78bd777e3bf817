"""The funnel: how many applications sit at each stage, as one line of bars."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tui.widgets.looks import Drawn, Look

FUNNEL = ("wishlist", "applied", "screening", "interviewing", "offer", "accepted")
CLOSED = ("rejected", "withdrawn", "ghosted")
BLOCKS = " ▁▂▃▄▅▆▇█"
SHORT = {"screening": "screen", "interviewing": "interview", "accepted": "accept"}
SHORTEST = {
    "wishlist": "wish",
    "applied": "appl",
    "screening": "scr",
    "interviewing": "int",
    "accepted": "acc",
    "closed": "cl",
}
"""Shorter names for a narrow screen: every stage and the closed count stay on the line."""


class Funnel(Drawn):
    """Counts per stage; bar heights are relative to the largest stage."""

    def show(self, counts: dict[str, int]) -> None:
        self.draw(lambda look: render_funnel(counts, look, self.size.width))

    def on_resize(self) -> None:
        self._painted = None  # paint again for the new width
        self.refresh()


def render_funnel(counts: dict[str, int], look: Look, width: int = 0) -> Text:
    """The funnel in full when it fits in `width` cells (0: any width), else with
    closer spacing and shorter names, so accepted and closed are never cut off."""
    for names, gap in (({}, "  "), ({}, " "), (SHORT, " "), (SHORTEST, " ")):
        text = _funnel(counts, look, names, gap)
        if not width or cell_len(text.plain) <= width:
            break
    return text


def _funnel(counts: dict[str, int], look: Look, names: dict[str, str], gap: str) -> Text:
    top = max([counts.get(s, 0) for s in FUNNEL] + [1])
    text = Text()
    for stage in FUNNEL:
        n = counts.get(stage, 0)
        block = BLOCKS[min(8, round(8 * n / top))] if n else "·"
        text.append(block, look("primary"))
        text.append(f"{names.get(stage, stage)} {n:,}{gap}")
    closed = sum(counts.get(s, 0) for s in CLOSED)
    text.append(f"{names.get('closed', 'closed')} {closed:,}", look("muted"))
    return text
