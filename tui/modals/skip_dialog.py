"""Skip a follow-up, saying why (kept in the history)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static

from tui.safe import plain
from tui.style_sheets import DIALOGS

REASONS = ("They replied already", "Said it in person", "Not needed any more", "Too soon")


class SkipDialog(ModalScreen[str | None]):
    """Returns the reason, or None if cancelled."""

    CSS_PATH = DIALOGS

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="skip-dialog"):
            yield Label(plain(f"Skip {self.what}: why?"), classes="dialog-title")
            yield OptionList(*REASONS, id="skip-reasons")
            yield Input(placeholder="or type a reason and press Enter", id="skip-reason")
            yield Static("", id="skip-error", classes="error")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(REASONS[event.option_index])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#skip-error", Static).update("Say why, so the history makes sense")
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
