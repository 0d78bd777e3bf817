"""Snooze: tomorrow, the next business day, or a typed date."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from db.dates import DateNotUnderstood, future_day
from tui.safe import plain


class SnoozeDialog(ModalScreen[str | dt.date | None]):
    """Returns "tomorrow", "next business day", a date, or None if cancelled."""

    CSS_PATH = "../styles/dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("t", "pick('tomorrow')", "Tomorrow", id="snooze-tomorrow"),
        Binding("n", "pick('next business day')", "Next business day", id="snooze-next"),
    ]

    def __init__(self, who: str, today: dt.date, date_order: str = "dmy") -> None:
        super().__init__()
        self.who = who
        self.today = today
        self.date_order = date_order

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="snooze-dialog"):
            yield Label(plain(f"Snooze the follow-up with {self.who}"), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Tomorrow (t)", id="tomorrow", variant="primary")
                yield Button("Next business day (n)", id="next")
            yield Input(placeholder="or type: in 3 days, friday, 2026-12-01", id="snooze-date")
            yield Static("", id="snooze-error", classes="error")
            yield Static("Enter to snooze to the typed day · Esc to cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#tomorrow", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss("tomorrow" if event.button.id == "tomorrow" else "next business day")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            day = future_day(event.value, self.today, self.date_order)
        except DateNotUnderstood as exc:  # not a day, or not after today
            self.query_one("#snooze-error", Static).update(plain(str(exc)))
            return
        self.dismiss(day)

    def action_pick(self, choice: str) -> None:
        if not isinstance(self.focused, Input):
            self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
