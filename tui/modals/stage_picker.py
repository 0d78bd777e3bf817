"""Move an application to any stage, the current one marked."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from db.enums import Stage
from tui.style_sheets import DIALOGS, FORMS

HINTS = {
    "wishlist": "not applied yet",
    "applied": "sent, waiting to hear",
    "screening": "a first call",
    "interviewing": "references get a heads-up",
    "offer": "an offer to weigh",
    "accepted": "pending follow-ups are skipped",
    "rejected": "a feedback ask, then keep-warm",
    "withdrawn": "pending follow-ups are skipped",
    "ghosted": "the check-ins stop",
}


def stage_line(here: bool, label: str, note: str) -> Text:
    """One option: ● and bold for where things stand now, then a dim note."""
    return Text.assemble(
        ("● " if here else "  ", "bold"),
        (f"{label:<13}", "bold" if here else ""),
        (note, "dim"),
    )


class PickOne:
    """For a dialog holding one OptionList: Enter picks, j/k move, Esc hands back None."""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cursor(self, direction: str) -> None:
        options = self.query_one(OptionList)
        if direction == "down":
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class StagePicker(PickOne, ModalScreen[str | None]):
    """Returns the chosen stage, or None if cancelled."""

    CSS_PATH: ClassVar = [DIALOGS, FORMS]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="stage-cancel", tooltip="Keep the stage"),
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="stage-dialog"):
            yield Label("Move to which stage?", classes="dialog-title")
            yield OptionList(*[self._option(stage) for stage in Stage], id="stage-options")
            yield Static("● is the stage now · Enter picks · Esc keeps it", classes="hint")

    def _option(self, stage: Stage) -> Option:
        here = stage == self.current
        return Option(stage_line(here, stage, HINTS.get(stage, "")), id=str(stage))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        stages = [str(s) for s in Stage]
        if self.current in stages:
            options.highlighted = stages.index(self.current)
        options.focus()
