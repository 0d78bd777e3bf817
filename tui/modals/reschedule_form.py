"""Reschedule a planned follow-up: another day (earlier or later) or another channel."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from db.records import FollowUpItem
from tui.modals.follow_up_form import CHANNELS, DAY_HINT, due_day
from tui.modals.form_dialog import FormDialog
from tui.safe import plain


class RescheduleForm(FormDialog):
    """Returns what follow_ups.reschedule did (undoable), or None if cancelled."""

    FIELDS: ClassVar[dict[str, str]] = {}

    def __init__(self, item: FollowUpItem, due: str) -> None:
        """`due`: the day it is due now, as the field starts (e.g. '2026-11-26')."""
        super().__init__()
        self.item = item
        self.due = due

    def heading(self):
        return plain(f"Reschedule the {self.item.kind} to {self.item.contact_name}")

    def fields(self) -> ComposeResult:
        yield self.row("due", "Due", Input(self.due, placeholder=DAY_HINT, id="due", compact=True))
        channels = dict((value, label) for label, value in CHANNELS)
        options = list(CHANNELS)
        if self.item.channel not in channels:  # a channel from an import, kept as it is
            options.append((self.item.channel, self.item.channel))
        yield self.row(
            "channel",
            "By",
            Select(options, value=self.item.channel, allow_blank=False, id="channel", compact=True),
        )
        yield Static(
            "Earlier or later, today at the soonest. z still snoozes to a later day.",
            classes="hint",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#due", Input).focus()

    def save(self) -> None:
        typed = self.value("#due")
        channel = self.query_one("#channel", Select).value
        fid = self.item.id

        def call(store):
            from db.days import local_date
            from db.write import follow_ups, undo

            settings = store.views.settings
            day = due_day(typed, local_date(store.views.now(), settings), settings.date_order)
            return undo.journaled(store.uow(), follow_ups.reschedule, fid, day, str(channel))

        self.submit(call)
