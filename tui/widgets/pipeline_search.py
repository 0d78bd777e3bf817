"""The Pipeline's search line: the list narrows as you type."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input


class PipelineSearch(Input):
    """Words to find in a company, a role or a person's name; hidden until `/`."""

    DEFAULT_CSS = """
    PipelineSearch, PipelineSearch:focus {
        margin: 0 0 0 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "clear",
            "Clear search",
            id="search-clear",
            tooltip="Empty the search and list every application again",
        ),
        Binding("down", "done", "To the list", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(
            placeholder="Search company, role or person · Enter keeps it · Esc clears",
            select_on_focus=False,
            compact=True,
            **kwargs,
        )
        self.shown(False)

    def shown(self, show: bool) -> None:
        """Show it, or hide it; hidden, it cannot take the focus (the screen's first
        focus would otherwise land here, unseen)."""
        self.display = self.can_focus = show

    def action_clear(self) -> None:
        self.value = ""  # posts Changed: the pane lists everything again
        self.action_done()

    def action_done(self) -> None:
        self.parent.search_done()  # type: ignore[attr-defined]

    async def action_submit(self) -> None:
        self.action_done()
