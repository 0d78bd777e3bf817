"""Pick one person from your contacts, typing to narrow the list, or add someone new."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from db.page_records import ContactRow
from db.text import clean_line
from tui.style_sheets import DIALOGS, FORMS


def contact_line(contact: ContactRow) -> Text:
    """'Name  title · company', literal."""
    text = Text(clean_line(contact.name), style="bold", no_wrap=True, overflow="ellipsis")
    rest = " · ".join(p for p in (contact.title, contact.company) if p)
    if len(rest) > 44:
        rest = rest[:43] + "…"
    if rest:
        text.append("  " + clean_line(rest), "dim")
    return text


class ContactPicker(ModalScreen[int | None]):
    """Returns the chosen contact's id, or None if cancelled."""

    CSS_PATH: ClassVar = [DIALOGS, FORMS]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker-cancel"),
        Binding("ctrl+n", "new_contact", "New person", id="picker-new", tooltip="Add someone"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(self, title: str, contacts: list[ContactRow], *, met_via: str = "other") -> None:
        super().__init__()
        self.title_text = title
        self.contacts = contacts
        self.met_via = met_via

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="contact-picker"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder="type to narrow: name, title, company", id="contact-filter")
            yield OptionList(id="contact-options")
            yield Static("Enter picks · ctrl+n adds someone new · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#contact-filter", Input).focus()

    def _fill(self, query: str) -> None:
        needle = query.casefold().strip()
        options = self.query_one("#contact-options", OptionList)
        options.clear_options()
        options.add_options(
            Option(contact_line(c), id=str(c.id))
            for c in self.contacts
            if not needle or needle in " ".join((c.name, c.title, c.company, c.email)).casefold()
        )
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#contact-options", OptionList)
        if options.highlighted is not None:
            self.dismiss(int(options.get_option_at_index(options.highlighted).id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id))

    def action_move(self, step: int) -> None:
        options = self.query_one("#contact-options", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_new_contact(self) -> None:
        from tui.modals.contact_form import ContactForm

        def added(contact: ContactRow | None) -> None:
            if contact is not None:
                self.dismiss(contact.id)

        self.app.push_screen(ContactForm(None, met_via=self.met_via), added)

    def action_cancel(self) -> None:
        self.dismiss(None)
