"""Log how a call went."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.safe import plain
from tui.style_sheets import DIALOGS

OUTCOMES = {"reached": "r", "voicemail": "v", "no answer": "n"}


class CallOutcomeDialog(ModalScreen[str | None]):
    """Returns "reached", "voicemail", "no answer", or None."""

    CSS_PATH = DIALOGS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("r", "pick('reached')", "Reached", id="call-reached"),
        Binding("v", "pick('voicemail')", "Voicemail", id="call-voicemail"),
        Binding("n", "pick('no answer')", "No answer", id="call-no-answer"),
    ]

    def __init__(self, who: str) -> None:
        super().__init__()
        self.who = who

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="call-dialog"):
            yield Label(plain(f"How did the call with {self.who} go?"), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                for outcome, key in OUTCOMES.items():
                    yield Button(f"{outcome.capitalize()} ({key})", id=outcome.replace(" ", "-"))
            yield Static("Reached counts as their reply: pending check-ins end.", classes="hint")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id).replace("-", " "))

    def action_pick(self, outcome: str) -> None:
        self.dismiss(outcome)

    def action_cancel(self) -> None:
        self.dismiss(None)
