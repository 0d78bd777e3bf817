"""Add or edit a person: how to reach them, how you met, what to remember."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Input, Select, TextArea

from db.dates import DateNotUnderstood, typed_day
from db.days import local_date
from db.enums import Channel, MetVia
from db.page_records import ContactRow
from db.text import clean_line
from db.validation import ValidationError
from tui.modals.form_dialog import FormDialog
from tui.safe import plain

NO_PREFERENCE = "none"


class ContactForm(FormDialog):
    """Returns the saved ContactRow, or None if cancelled."""

    FIELDS: ClassVar[dict[str, str]] = {
        "profile_url": "profile",
        "preferred_channel": "channel",
        "met_on": "met-on",
        "met_via": "met-via",
    }

    def __init__(
        self, existing: ContactRow | None = None, *, company: str = "", met_via: str = "other"
    ) -> None:
        super().__init__()
        self.existing = existing
        self.company = company
        self.met_via = met_via

    def heading(self):
        if self.existing is None:
            return "New contact"
        return plain(f"Edit: {self.existing.name}")

    def fields(self) -> ComposeResult:
        c = self.existing

        def line(name: str, value: str | None = "", placeholder: str = "") -> Input:
            return Input(clean_line(value), placeholder=placeholder, id=name, compact=True)

        yield self.row("name", "Name", line("name", c and c.name, "as they spell it"))
        yield self.row("title", "Title", line("title", c and c.title))
        yield self.row("company", "Company", line("company", c.company if c else self.company))
        yield self.row("email", "Email", line("email", c and c.email, "name@example.com"))
        yield self.row(
            "phone",
            "Phone",
            line("phone", c and c.phone, "with country code, e.g. +44 20 7946 0000"),
        )
        yield self.row("profile", "Profile", line("profile", c and c.profile_url, "https://…"))
        channels = [("no preference", NO_PREFERENCE)] + [(str(ch), str(ch)) for ch in Channel]
        preferred = (c.preferred_channel if c else None) or NO_PREFERENCE
        yield self.row(
            "channel",
            "Prefers",
            Select(channels, value=preferred, allow_blank=False, id="channel", compact=True),
        )
        met_via = c.met_via if c else self.met_via
        met_via = met_via if met_via in list(MetVia) else str(MetVia.OTHER)
        yield self.row(
            "met-via",
            "How met",
            Select(
                [(str(m), str(m)) for m in MetVia],
                value=met_via,
                allow_blank=False,
                id="met-via",
                compact=True,
            ),
            hint="Met at an event: a follow-up is planned for the next day.",
        )
        met_on = c.met_on.isoformat() if c and c.met_on else ""
        yield self.row("met-on", "Met on", line("met-on", met_on, "YYYY-MM-DD, today, yesterday"))
        notes = TextArea(
            c.notes if c else "", id="notes", soft_wrap=True, tab_behavior="focus", compact=True
        )
        yield self.row("notes", "Notes", notes)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#name", Input).focus()

    def save(self) -> None:
        channel = str(self.query_one("#channel", Select).value)
        fields = {
            "name": self.value("#name"),
            "title": self.value("#title"),
            "company": self.value("#company").strip(),
            "email": self.value("#email"),
            "phone": self.value("#phone"),
            "profile_url": self.value("#profile"),
            "preferred_channel": None if channel == NO_PREFERENCE else channel,
            "met_via": str(self.query_one("#met-via", Select).value),
            "notes": self.query_one("#notes", TextArea).text,
        }
        typed, existing = self.value("#met-on"), self.existing

        def call(store):
            from db.write import contacts

            views = store.views
            settings = views.settings
            today = local_date(views.now(), settings)
            fields["met_on"] = met_day(typed, today, settings.date_order)
            if existing is not None:
                return contacts.edit_contact(store.uow(), existing.id, **fields)
            return contacts.add_contact(store.uow(), fields.pop("name"), **fields)

        self.submit(call)


def met_day(typed: str, today: dt.date, order: str = "dmy") -> dt.date | None:
    if not typed.strip():
        return None
    try:
        day = typed_day(typed, today, order)
    except DateNotUnderstood as exc:
        raise ValidationError("met_on", str(exc)) from None
    if day is not None and day > today:
        raise ValidationError("met_on", f"{day:%a %d %b %Y} is still to come")
    return day
