"""One person's page: who they are, how you met, and every touch with them across
applications (notes planned, sent and skipped, calls, interviews, their replies),
newest first; a sent note can be read back in place."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from db.days import Settings
from db.page_records import ContactRow, PersonTouch
from db.text import clean_line
from tui.safe import Cell, cell
from tui.screens import read_back
from tui.screens.detail_screen import when
from tui.screens.reloading import ReloadingScreen
from tui.style_sheets import PAGES
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.widgets.looks import Drawn, Look
from tui.widgets.nav_table import NavTable
from tui.worker import run_repo

WHEN, WITH = 17, 16  # column widths; what happened takes the rest
SOURCE_LOOK = {"interview": "primary", "reply": "success"}


class PersonScreen(ReloadingScreen):
    """Header about the person, then the touches; Enter reads a sent note back."""

    CSS_PATH = PAGES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back", id="person-back"),
        Binding("e", "edit", "Edit", id="person-edit", tooltip="How to reach them, how you met"),
        Binding(
            "space",
            "read_back",
            "Read back",
            id="person-read-back",
            tooltip="Show or hide the text of a sent note (or Enter)",
        ),
    ]

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.person: ContactRow | None = None
        self.touches: list[PersonTouch] = []
        self.now: dt.datetime | None = None
        self.settings: Settings | None = None
        self.reading: set[int] = set()
        """The sent follow-ups whose text is shown."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="person"):
            yield Drawn("Loading…", id="person-header")
            table = NavTable(id="touches")
            table.add_column("When", key="when", width=WHEN)
            table.add_column("With", key="with", width=WITH)
            table.add_column("What happened (newest first)", key="text")
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#person").border_title = "Person"
        self.query_one(NavTable).focus()

    # --- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        cid = self.contact_id

        def fetch(store):
            views = store.views
            person = views.contact(cid)
            if person is None:
                return None
            return person, views.touches(cid), views.settings, views.now()

        run_repo(self, fetch, self._show, group="person-load", exclusive=True)

    def _show(self, data) -> None:
        if data is None:
            self.notify("That person no longer exists")
            self.app.pop_screen()
            return
        self.person, self.touches, self.settings, self.now = data
        person = self.person
        self.sub_title = clean_line(person.name)
        self.query_one("#person-header", Drawn).draw(lambda look: header(person, look))
        self._draw()
        companies = len({t.company for t in self.touches if t.company})
        count = f"{len(self.touches)} touch{'es' if len(self.touches) != 1 else ''}"
        if companies:
            count += f" · {companies} compan{'ies' if companies != 1 else 'y'}"
        self.query_one("#person").border_subtitle = count if self.touches else "no touches yet"

    def _draw(self, keep: str | None = None) -> None:
        now, settings = self.now, self.settings
        if now is None or settings is None:
            return
        table = self.query_one(NavTable)
        width = read_back.text_width(table.size.width, WHEN + 2 + WITH + 2)
        rows = []
        for i, touch in enumerate(self.touches):
            is_open = touch.follow_up_id in self.reading and touch.status == "sent"
            rows.append((str(i), touch_cells(touch, now, settings, is_open)))
            if is_open:
                rows += read_back.note_rows(str(i), touch.subject, touch.body, width, 3, 2)
        table.replace_rows(rows, keep=keep)

    def on_resize(self) -> None:
        if self.reading:
            self._draw(keep=self.query_one(NavTable).selected_key)

    # --- actions -------------------------------------------------------------------------

    def on_nav_table_row_selected(self, event: NavTable.RowSelected) -> None:
        event.stop()
        self.action_read_back()

    def action_read_back(self) -> None:
        """Show the subject and text of the highlighted sent note, or hide them again."""
        key = read_back.parent_key(self.query_one(NavTable).selected_key)
        if key is None or not self.touches:
            return
        touch = self.touches[int(key)]
        if touch.source != "follow-up" or touch.status != "sent":
            from tui.words import nothing_to_read_back

            self.notify(nothing_to_read_back(touch.kind, touch.status or None))
            return
        self.reading ^= {touch.follow_up_id}
        self._draw(keep=key)
        if touch.follow_up_id in self.reading:
            read_back.show_opened(self.query_one(NavTable), key)

    def action_edit(self) -> None:
        from tui.modals.contact_form import ContactForm

        if self.person is None:
            return

        def saved(result) -> None:
            if result is not None:
                self.notify(f"Saved {result.name}")
                self.app.data_changed()

        self.app.push_screen(ContactForm(self.person), saved)

    def action_back(self) -> None:
        self.app.pop_screen()


def header(person: ContactRow, look: Look) -> Text:
    """Name, title and company; how to reach them; how and when you met; their notes."""
    text = Text()
    text.append(clean_line(person.name), look("strong"))
    about = " · ".join(clean_line(p) for p in (person.title, person.company) if p)
    if about:
        text.append(f"  {about}")
    reach = [
        ("email", person.email),
        ("phone", person.phone),
        ("prefers", person.preferred_channel),
    ]
    line = Text("\n")
    for label, value in reach:
        if value:
            line.append(f"{label} ", look("muted"))
            line.append(clean_line(value))
            line.append("   ")
    line.append("met via ", look("muted"))
    line.append(clean_line(person.met_via))
    if person.met_on:
        line.append(f" on {person.met_on:%a %d %b %Y}")
    text.append_text(line)
    if person.notes.strip():
        text.append("\n")
        text.append(clean_line(person.notes), look("italic"))
    return text


def what_happened(touch: PersonTouch) -> str:
    """'thank-you by email, sent', 'panel interview', 'replied: …' (literal)."""
    if touch.source == "interview":
        return f"{touch.kind} interview"
    if touch.source == "reply":
        return f"replied: {touch.note}" if touch.note.strip() else "replied"
    if touch.outcome:
        extra = f" ({touch.outcome})"
    else:
        extra = f": {touch.note}" if touch.status == "skipped" and touch.note else ""
    return f"{touch.kind} by {touch.channel}, {touch.status}{extra}"


def touch_cells(
    touch: PersonTouch, now: dt.datetime, settings: Settings, is_open: bool = False
) -> list[Cell]:
    """When, the company (or how you met, with none), and what happened; a sent note is
    marked as one to read back (▸), or being read (▾)."""
    look = "muted" if touch.at > now else ""
    sent = touch.source == "follow-up" and touch.status == "sent"
    mark = (read_back.OPEN if is_open else read_back.SHUT) if sent else ""
    company = touch.company or "—"
    return [
        cell(when(touch.at, now, settings), look),
        cell(company, look or ("" if touch.company else "muted")),
        cell(mark + what_happened(touch), look or SOURCE_LOOK.get(touch.source, "")),
    ]
