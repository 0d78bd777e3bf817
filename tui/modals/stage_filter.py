"""Show one stage of the Pipeline, or all of them."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.modals.stage_picker import PickOne, stage_line
from tui.style_sheets import DIALOGS, FORMS

ALL = "all"
"""The option that lifts the filter."""


class StageFilter(PickOne, ModalScreen[str | None]):
    """Returns a stage, ALL for every stage, or None if cancelled."""

    CSS_PATH: ClassVar = [DIALOGS, FORMS]
    DEFAULT_CSS = "#stage-filter-options { max-height: 12; }"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="filter-cancel", tooltip="Keep the filter"),
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]

    def __init__(self, stages: list[str], current: str | None, counts: dict[str, int]) -> None:
        super().__init__()
        self.stages, self.current, self.counts = stages, current, counts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="stage-filter-dialog"):
            yield Label("Show which stage?", classes="dialog-title")
            yield OptionList(
                self._option(ALL, "all stages", None),
                *[self._option(s, s, self.counts.get(s)) for s in self.stages],
                id="stage-filter-options",
            )
            yield Static("● is shown now · Enter picks · Esc keeps it", classes="hint")

    def _option(self, key: str, label: str, count: int | None) -> Option:
        here = key == (self.current or ALL)
        return Option(stage_line(here, label, f"{count:,}" if count is not None else ""), id=key)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [ALL, *self.stages]
        options.highlighted = keys.index(self.current) if self.current in keys else 0
        options.focus()
