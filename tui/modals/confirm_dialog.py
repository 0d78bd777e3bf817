"""Ask before doing something the user may regret."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.safe import plain
from tui.style_sheets import DIALOGS


class ConfirmDialog(ModalScreen[bool]):
    """Shows a title and reasons; returns True to go ahead."""

    CSS_PATH = DIALOGS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No", id="confirm-no"),
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
    ]

    def __init__(
        self, title: str, lines: list[str], yes: str = "Go ahead", *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.title_text, self.lines, self.yes = title, lines, yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            for line in self.lines:
                yield Static(plain(f"• {line}"), classes="warning-line")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning")
                yield Button("Go back (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
