"""The note editor: recipient, channel, due, subject and body, saved as you type."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static, TextArea

from db.cadence import Settings, describe_due
from db.records import FollowUpItem
from tui.safe import clean, plain

AUTOSAVE_SECONDS = 0.5


class NoteEditor(Vertical):
    """Edits one follow-up's note; posts `Edited` at most every half second of typing."""

    BORDER_TITLE = "3 Note"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+t",
            "screen.mark_sent",
            "Mark sent",
            id="note-mark-sent",
            tooltip="Mark this note sent and plan the next touch",
        ),
        Binding(
            "ctrl+s",
            "save_now",
            "Save",
            id="save-note",
            tooltip="Save now (it also saves as you type)",
        ),
        Binding("escape", "screen.focus_pane('today')", "Back to Today", id="note-back"),
    ]

    @dataclass
    class Edited(Message):
        """The subject or body changed and should be saved."""

        follow_up_id: int
        subject: str
        body: str

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.item: FollowUpItem | None = None
        self._dirty = False
        self._timer = None

    def compose(self) -> ComposeResult:
        yield Static(
            "Pick a follow-up in Today and press Enter to write its note.", id="note-header"
        )
        with Horizontal(id="note-subject-row"):
            yield Static("Subject", classes="field-label")
            yield Input(placeholder="Subject", id="note-subject", disabled=True)
        yield TextArea(
            id="note-body",
            soft_wrap=True,
            show_line_numbers=False,
            disabled=True,
            tab_behavior="focus",
        )
        yield Static("", id="note-status")

    @property
    def body(self) -> TextArea:
        return self.query_one("#note-body", TextArea)

    @property
    def subject(self) -> Input:
        return self.query_one("#note-subject", Input)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def load(
        self,
        item: FollowUpItem,
        now: dt.datetime,
        settings: Settings,
        subject: str | None = None,
        body: str | None = None,
    ) -> None:
        """Show `item`; `subject`/`body` override what is stored (a fresh draft)."""
        self.flush()
        self.item = item
        self.query_one("#note-header", Static).update(self._header(item, now, settings))
        with self.subject.prevent(Input.Changed), self.body.prevent(TextArea.Changed):
            self.subject.value = clean(item.subject if subject is None else subject)
            self.body.load_text(item.body if body is None else body)
        self.subject.disabled = self.body.disabled = False
        self._dirty = subject is not None or body is not None
        if self._dirty:
            self._schedule()
        self._status()

    def clear(self) -> None:
        self.flush()
        self.item = None
        self.query_one("#note-header", Static).update(
            "Pick a follow-up in Today and press Enter to write its note."
        )
        with self.subject.prevent(Input.Changed), self.body.prevent(TextArea.Changed):
            self.subject.value = ""
            self.body.load_text("")
        self.subject.disabled = self.body.disabled = True
        self._status()

    @staticmethod
    def _header(item: FollowUpItem, now: dt.datetime, settings: Settings) -> Text:
        text = Text()
        text.append("To ", "dim")
        text.append(clean(item.contact_name), "bold")
        address = item.contact_phone if item.channel == "phone" else item.contact_email
        if address:
            text.append(f" <{clean(address)}>")
        text.append("  ·  ", "dim")
        text.append(f"{item.kind} by {item.channel}")
        text.append("\n")
        when = describe_due(item.due_at, now, settings)
        text.append(
            f"due {when}", "bold red" if item.due_at < now and not when.startswith("today") else ""
        )
        if item.company:
            text.append("  ·  ", "dim")
            text.append(clean(f"{item.company} · {item.role}"), "dim")
        return text

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.subject and self.item is not None:
            self._schedule()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.item is not None:
            self._schedule()

    def _schedule(self) -> None:
        self._dirty = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_SECONDS, self.flush)
        self._status()

    def flush(self) -> None:
        """Hand unsaved text to the screen now (autosave, blur, leaving, quitting)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._dirty and self.item is not None:
            self._dirty = False
            self.post_message(self.Edited(self.item.id, self.subject.value, self.body.text))
        self._status()

    def take_pending(self) -> tuple[int, str, str] | None:
        """Unsaved typing, handed over (and marked saved) for a write that follows it."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not (self._dirty and self.item is not None):
            return None
        self._dirty = False
        self._status()
        return self.item.id, self.subject.value, self.body.text

    def action_save_now(self) -> None:
        self._dirty = self._dirty or self.item is not None
        self.flush()

    def on_descendant_blur(self) -> None:
        self.flush()

    def _status(self) -> None:
        if self.item is None:
            self.query_one("#note-status", Static).update("")
            return
        words = len(self.body.text.split())
        state = "editing…" if self._dirty else "saved"
        self.query_one("#note-status", Static).update(plain(f"{words} words · {state}"))
