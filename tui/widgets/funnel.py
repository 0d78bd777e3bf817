"""The funnel: how many applications sit at each stage, as one line of bars."""

from __future__ import annotations

from rich.text import Text

from tui.widgets.looks import Drawn, Look

FUNNEL = ("wishlist", "applied", "screening", "interviewing", "offer", "accepted")
CLOSED = ("rejected", "withdrawn", "ghosted")
BLOCKS = " ▁▂▃▄▅▆▇█"


class Funnel(Drawn):
    """Counts per stage; bar heights are relative to the largest stage."""

    def show(self, counts: dict[str, int]) -> None:
        self.draw(lambda look: render_funnel(counts, look))


def render_funnel(counts: dict[str, int], look: Look) -> Text:
    top = max([counts.get(s, 0) for s in FUNNEL] + [1])
    text = Text()
    for stage in FUNNEL:
        n = counts.get(stage, 0)
        block = BLOCKS[min(8, round(8 * n / top))] if n else "·"
        text.append(block, look("primary"))
        text.append(f"{stage} {n}  ")
    closed = sum(counts.get(s, 0) for s in CLOSED)
    text.append(f"closed {closed}", look("muted"))
    return text
