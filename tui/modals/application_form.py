"""Add or edit an application: company, role, where it came from, when it was sent."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Input, Select, TextArea

from db.dates import DateNotUnderstood, shown_day, typed_day
from db.days import local_date
from db.enums import Stage
from db.records import ApplicationRow
from db.text import clean_line
from db.validation import ValidationError
from tui.modals.form_dialog import FormDialog
from tui.safe import plain


class ApplicationForm(FormDialog):
    """Returns the saved ApplicationRow, or None if cancelled."""

    FIELDS: ClassVar[dict[str, str]] = {"applied_on": "applied"}
    UNDERSTOOD: ClassVar[dict[str, str]] = {"applied": "read_applied"}

    def __init__(self, existing: ApplicationRow | None) -> None:
        super().__init__()
        self.existing = existing

    def heading(self):
        if self.existing is None:
            return "New application"
        return plain(f"Edit: {self.existing.company} · {self.existing.role}")

    def fields(self) -> ComposeResult:
        app = self.existing

        def line(name: str, value: str = "", placeholder: str = "") -> Input:
            return Input(clean_line(value), placeholder=placeholder, id=name, compact=True)

        yield self.row("company", "Company", line("company", app and app.company))
        yield self.row("role", "Role", line("role", app and app.role))
        if app is None:
            stages = [(str(s), str(s)) for s in Stage]
            yield self.row(
                "stage",
                "Stage",
                Select(stages, value="applied", allow_blank=False, id="stage", compact=True),
            )
        yield self.row(
            "source",
            "Source",
            line("source", app and app.source, "LinkedIn, referral, company site…"),
        )
        yield self.row("link", "Link", line("link", app and app.link, "https://…"))
        yield self.row("location", "Location", line("location", app and app.location))
        applied = app.applied_on.isoformat() if app and app.applied_on else ""
        yield self.row(
            "applied",
            "Applied on",
            line("applied", applied, "16 Nov, last monday, yesterday, 2026-11-16 (empty: today)"),
            understood=True,
        )
        notes = TextArea(
            app.notes if app else "", id="notes", soft_wrap=True, tab_behavior="focus", compact=True
        )
        yield self.row("notes", "Notes", notes)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#company", Input).focus()

    def read_applied(self, typed: str, views) -> str:
        """'Mon 16 Nov' for '16 Nov'; empty is today for a new application."""
        settings = views.settings
        today = local_date(views.now(), settings)
        day = applied_day(typed, today, settings.date_order)
        if day is None:
            return f"Today, {shown_day(today, today)}" if self.existing is None else ""
        return shown_day(day, today)

    def save(self) -> None:
        typed = self.value("#applied")
        fields = {
            "company": self.value("#company"),
            "role": self.value("#role"),
            "source": self.value("#source"),
            "link": self.value("#link"),
            "location": self.value("#location"),
            "notes": self.query_one("#notes", TextArea).text,
        }
        stage = str(self.query_one("#stage", Select).value) if self.existing is None else None
        existing = self.existing

        def call(store):
            from db.write import applications

            views = store.views
            settings = views.settings
            today = local_date(views.now(), settings)
            fields["applied_on"] = applied_day(typed, today, settings.date_order)
            if existing is not None:
                return applications.edit_application(store.uow(), existing.id, **fields)
            company, role = fields.pop("company"), fields.pop("role")
            return applications.add_application(store.uow(), company, role, stage, **fields)

        self.submit(call)


def applied_day(typed: str, today: dt.date, order: str = "dmy") -> dt.date | None:
    """The applied date as typed; a ValidationError names the field when it cannot be."""
    if not typed.strip():
        return None
    try:
        day = typed_day(typed, today, order)
    except DateNotUnderstood as exc:
        raise ValidationError("applied_on", str(exc)) from None
    if day is not None and day > today:
        raise ValidationError("applied_on", f"{shown_day(day)} is still to come")
    return day
