"""The note editor: recipient, channel, due, subject and body, saved as you type.

A note with no body opens on a scaffold drafted for this person and this interview
(db.notes.drafts). The guards of db.notes.guards run shortly after typing stops
and again before "mark sent". Opening a note is not an edit: nothing is saved until
the user types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static, TextArea
from textual.widgets.text_area import Selection

from db.days import Settings
from db.due import DueState, due_state
from db.page_records import NoteContext
from db.records import FollowUpItem
from db.text import clean_line
from tui import outside
from tui.recovery import Note
from tui.relative import due_phrase
from tui.safe import plain
from tui.widgets.looks import Drawn, Look
from tui.widgets.note_saving import SavesNotes

if TYPE_CHECKING:
    from db.notes.guards import Warning

AUTOSAVE_SECONDS = 0.5
CHECK_SECONDS = 0.3
LONG_THANK_YOU = 150
EMPTY_HINT = "Pick a follow-up in Today and press Enter to write its note."


class NoteEditor(SavesNotes, Vertical):
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
        Binding(
            "f2",
            "copy",
            "Copy",
            id="note-copy",
            tooltip="Copy subject and body to the clipboard (works over ssh)",
        ),
        Binding(
            "f3",
            "external_editor",
            "$EDITOR",
            id="note-external-editor",
            tooltip="Edit the body in your own editor",
        ),
        Binding(
            "f4", "mail", "Mail", id="note-mail", tooltip="Open a mailto: link in your mail client"
        ),
        Binding("escape", "screen.focus_pane('today')", "Back", id="note-back"),
    ]

    @dataclass
    class Edited(Message):
        """A note should be saved (with `write`); the saver reports back with `written`
        or `failed`."""

        note: Note

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.context: NoteContext | None = None
        self.found: list[Warning] = []
        """The guards' warnings for the text as it stands."""
        self._init_saving()
        self._check_timer = None

    def compose(self) -> ComposeResult:
        yield Drawn(EMPTY_HINT, id="note-header")
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
        yield Static("", id="note-warnings")

    @property
    def item(self) -> FollowUpItem | None:
        return self.context.item if self.context else None

    @property
    def body(self) -> TextArea:
        return self.query_one("#note-body", TextArea)

    @property
    def subject(self) -> Input:
        return self.query_one("#note-subject", Input)

    # --- loading ---------------------------------------------------------------------

    def load(self, context: NoteContext, now: dt.datetime, settings: Settings) -> None:
        """Show a follow-up; an empty note starts from a scaffold (not saved until edited)."""
        self._let_go()
        self.context = context
        item = context.item
        subject, body = item.subject, item.body
        kept = self._orphans.pop(item.id, None)  # not saved when it was last open
        if kept is not None:
            subject, body = kept.subject, kept.body
        elif not body.strip():
            from db.notes.drafts import draft, facts_for  # rapidfuzz and friends: not at start-up

            facts = facts_for(
                item,
                interview=context.interview,
                recipient_title=context.recipient_title,
                timezone=settings.timezone,
                now=now,
                met_on=context.met_on,
                met_notes=context.recipient_notes,
                feedback=context.reply,
                your_name=settings.your_name,
                signature=settings.signature,
                your_phone=settings.phone,
            )
            drafted_subject, body = draft(facts)
            subject = subject or drafted_subject
        self.query_one("#note-header", Drawn).draw(
            lambda look: self._header(item, now, settings, look)
        )
        with self.subject.prevent(Input.Changed), self.body.prevent(TextArea.Changed):
            self.subject.value = clean_line(subject)
            self.body.load_text(body)
        self.subject.disabled = self.body.disabled = False
        self._stored = bool(item.body.strip())
        if kept is not None:  # still to be saved: retried with the rest
            self._revision += 1
            self._handed, self._failure = self._revision, "not yet (kept from before)"
        self._select_first_prompt()
        self._check()

    def _select_first_prompt(self) -> None:
        """Select the first [prompt], so typing replaces it."""
        for row, line in enumerate(self.body.text.split("\n")):
            start = line.find("[")
            end = line.find("]", start + 1)
            if start != -1 and end != -1:
                self.body.selection = Selection((row, start), (row, end + 1))
                return
        self.body.move_cursor((0, 0))

    def clear(self) -> None:
        self._let_go()
        self.context = None
        self.found = []
        self.query_one("#note-header", Static).update(EMPTY_HINT)
        with self.subject.prevent(Input.Changed), self.body.prevent(TextArea.Changed):
            self.subject.value = ""
            self.body.load_text("")
        self.subject.disabled = self.body.disabled = True
        self._show_status()

    @staticmethod
    def _header(item: FollowUpItem, now: dt.datetime, settings: Settings, look: Look) -> Text:
        text = Text()
        text.append("To ", look("muted"))
        text.append(clean_line(item.contact_name), look("strong"))
        address = item.contact_phone if item.channel == "phone" else item.contact_email
        if address:
            text.append(f" <{clean_line(address)}>")
        text.append("  ·  ", look("muted"))
        text.append(f"{item.kind} by {item.channel}")
        text.append("\n")
        late = due_state(item.due_at, now, settings) is DueState.OVERDUE
        text.append(due_phrase(item.due_at, now, settings), look("overdue" if late else ""))
        if item.company:
            text.append("  ·  ", look("muted"))
            text.append(clean_line(f"{item.company} · {item.role}"), look("muted"))
        return text

    # --- typing, saving, checking ------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.subject and self.item is not None:
            self._edited()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.item is not None:
            self._edited()

    def _edited(self) -> None:
        self._revision += 1
        if self._save_timer is None:  # at most AUTOSAVE_SECONDS of typing at risk
            self._save_timer = self.set_timer(AUTOSAVE_SECONDS, self.flush)
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_SECONDS, self._check)
        if self._failure is None:
            self.query_one("#note-status", Static).update(plain("editing…"))

    def warnings_now(self) -> list[Warning]:
        """The guards on the text as it stands (for "mark sent")."""
        self._check()
        return self.found

    def _check(self) -> None:
        self._check_timer = None
        if self.context is None:
            return
        from db.notes.guards import check_note

        item = self.context.item
        self.found = check_note(
            self.body.text,
            recipient_name=item.contact_name,
            company=item.company,
            kind=item.kind,
            channel=item.channel,
            other_panel_bodies=self.context.panel_notes,
        )
        self._show_status()

    def _show_status(self) -> None:
        status = self.query_one("#note-status", Static)
        if self.item is None:
            status.update("")
            self.query_one("#note-warnings", Static).update("")
            return
        from db.notes.guards import word_count

        words = f"{word_count(self.body.text)} words"
        if self._failure is not None:
            status.update(plain(f"{words} · NOT saved: {self._failure} · retrying", "bold red"))
        elif self._revision > self._handed:
            status.update(plain(f"{words} · editing…"))
        elif self._revision > self._saved:
            status.update(plain(f"{words} · saving…"))
        else:
            state = "saved" if self._stored else "draft · saved once you type"
            status.update(plain(f"{words} · {state}"))
        lines = Text()
        for warning in self.found[:3]:
            if lines:
                lines.append("\n")
            lines.append("⚠ " + clean_line(warning.message), "bold yellow")
        self.query_one("#note-warnings", Static).update(lines)

    def action_save_now(self) -> None:
        if self.item is not None:
            if self._revision <= self._handed:
                self._revision += 1  # ctrl+s saves again even when nothing changed
            self.flush()

    def on_descendant_blur(self) -> None:
        self.flush()

    # --- getting the note out (saved first) ---------------------------------------------

    def action_copy(self) -> None:
        if self.item is None:
            return
        self.flush()
        outside.copy(self.app, f"Subject: {self.subject.value}\n\n{self.body.text}")

    def action_mail(self) -> None:
        if self.item is None:
            return
        if not self.item.contact_email:
            self.notify(
                f"No email address for {self.item.contact_name}: add one in Contacts",
                severity="warning",
            )
            return
        from db.notes.mailto import mailto_url

        url = mailto_url(self.item.contact_email, self.subject.value, self.body.text)
        self._then_save(lambda: self._outside(outside.mail, url, title="Mail not opened"))

    def action_external_editor(self) -> None:
        """Edit the body in $VISUAL or $EDITOR, then read it back."""
        if self.item is None:
            return

        def edit() -> None:
            text = self._outside(outside.edit_externally, self.body.text, title="Not edited")
            if text is not None and self.item is not None:
                self.body.load_text(text)  # posts Changed: saved like typing
            self.body.focus()

        self._then_save(edit)

    def _outside(self, run, *args, title: str):
        """A program outside the app; its failure is a notification, never the end."""
        try:
            return run(self.app, *args)
        except Exception as exc:
            self.app.report_failure(exc, "outside", title=title)
            return None
