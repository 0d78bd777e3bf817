"""Everyone you know from the search: how to reach them, how you met, when you last spoke."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input

from db.days import Settings
from db.page_records import ContactRow
from tui.relative import describe_past
from tui.safe import Cell, cell
from tui.screens.reloading import ReloadingScreen
from tui.style_sheets import PAGES
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.widgets.nav_table import NavTable
from tui.worker import run_repo

LIMIT = 5000


def matches(contact: ContactRow, needle: str) -> bool:
    """Name, title, company or email contain what was typed (any case)."""
    fields = (contact.name, contact.title, contact.company, contact.email)
    return needle in " ".join(fields).casefold()


class ContactsScreen(ReloadingScreen):
    """A searchable table of contacts; add and edit them in a form."""

    CSS_PATH = PAGES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="contacts-back"),
        Binding("a", "add", "Add", id="contacts-add", tooltip="Someone new"),
        Binding("e", "edit", "Edit", id="contacts-edit", tooltip="The highlighted person"),
        Binding(
            "enter",
            "open_person",
            "Their page",
            id="contacts-open",
            tooltip="Every touch with them, across applications",
            show=False,
        ),
        Binding(
            "slash",
            "search",
            "Search",
            id="contacts-search",
            tooltip="Type to narrow",
            priority=True,  # the letters typed right after it are searched
        ),
    ]

    def __init__(self, search: str = "") -> None:
        super().__init__()
        self.search = search
        self.people: dict[str, ContactRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="contacts"):
            yield Input(
                self.search,
                placeholder="/ search: name, title, company or email",
                id="contacts-search",
                compact=True,
            )
            table = NavTable(id="contacts-table")
            table.add_column("Name", key="name", width=20, min_width=10)
            table.add_column("Title", key="title", width=16, min_width=6)
            table.add_column("Company", key="company", width=16, min_width=8)
            table.add_column("Email", key="email", width=20, min_width=9)
            table.add_column("Prefers", key="channel", width=8, min_width=7)
            table.add_column("How met", key="met", width=10, min_width=7)
            table.add_column("Last touch", key="last", width=11, min_width=10)
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#contacts").border_title = "Contacts"
        self.query_one(NavTable).focus()

    @property
    def table(self) -> NavTable:
        return self.query_one(NavTable)

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        needle = self.search.casefold().strip()

        def fetch(store):
            views = store.views
            people = views.contacts(limit=LIMIT)
            found = [c for c in people if matches(c, needle)] if needle else people
            return found, len(people), views.settings, views.now()

        run_repo(self, fetch, self._show, group="contacts-load", exclusive=True)

    def _show(self, data) -> None:
        found, total, settings, now = data
        self.people = {str(c.id): c for c in found}
        rows = [(str(c.id), contact_cells(c, now, settings)) for c in found]
        self.table.replace_rows(rows, keep=self.table.selected_key)
        box = self.query_one("#contacts")
        box.border_subtitle = (
            f"{len(found)} of {total} people" if self.search.strip() else f"{total} people"
        ) + " · enter: their page"
        if not found:
            box.border_subtitle = "nobody matches" if total else "no contacts yet: a adds one"

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search = event.value
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    # --- actions ---------------------------------------------------------------------------

    def on_nav_table_row_selected(self, event: NavTable.RowSelected) -> None:
        event.stop()
        self.action_open_person()

    def action_open_person(self) -> None:
        from tui.screens.person_screen import PersonScreen

        person = self.people.get(self.table.selected_key or "")
        if person is not None:
            self.app.push_screen(PersonScreen(person.id))

    def _after(self, result) -> None:
        if result is not None:
            self.notify(f"Saved {result.name}")
            self.app.data_changed()

    def action_add(self) -> None:
        from tui.modals.contact_form import ContactForm

        self.app.push_screen(ContactForm(None), self._after)

    def action_edit(self) -> None:
        from tui.modals.contact_form import ContactForm

        person = self.people.get(self.table.selected_key or "")
        if person is None:
            self.notify("Nobody selected: add someone with a")
            return
        self.app.push_screen(ContactForm(person), self._after)

    def action_search(self) -> None:
        if self.query_one("#contacts-search", Input).has_focus:
            raise SkipAction  # "/" typed into the search is text
        self.set_focus(self.query_one("#contacts-search", Input))  # at once, for the next key

    def action_back(self) -> None:
        search = self.query_one("#contacts-search", Input)
        if search.has_focus:
            self.set_focus(self.table)  # Esc leaves the search box first, then the screen
            return
        self.app.pop_screen()


def contact_cells(c: ContactRow, now: dt.datetime, settings: Settings) -> list[Cell]:
    last = describe_past(c.last_touched_at, now, settings) if c.last_touched_at else "never"
    return [
        cell(c.name, "strong"),
        cell(c.title),
        cell(c.company),
        cell(c.email),
        cell(c.preferred_channel or "—", "" if c.preferred_channel else "muted"),
        cell(c.met_via),
        cell(last, "muted"),
    ]
