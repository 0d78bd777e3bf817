"""A follow-up planned by hand: to whom, what, how, which day, and a subject line."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Input, Select, Static

from db.dates import DateNotUnderstood, future_day, typed_day
from db.page_records import ContactRow
from db.records import ApplicationRow
from db.text import clean_line
from db.validation import ValidationError
from tui.modals.form_dialog import FormDialog
from tui.safe import plain
from tui.worker import run_repo

KINDS = (
    ("Check-in", "check-in"),
    ("Thank-you", "thank-you"),
    ("Feedback request", "feedback request"),
    ("Keep-warm", "keep-warm"),
    ("Reference heads-up", "reference heads-up"),
    ("After an event", "event follow-up"),
    ("Something else", "custom"),
)
CHANNELS = (
    ("e-mail", "email"),
    ("phone", "phone"),
    ("handwritten card", "handwritten"),
    ("message", "message"),
    ("in person", "in person"),
)
DAY_HINT = "today, tomorrow, friday, in 3 days, next business day, 2026-12-01"


def due_day(typed: str, today: dt.date, order: str) -> dt.date:
    """The day typed for a follow-up to fall due: today or later (db.dates reads it)."""
    try:
        if " ".join(typed.lower().split()) == "next business day":
            day = future_day(typed, today, order)
        else:
            day = typed_day(typed, today, order, prefer="future")
    except DateNotUnderstood as exc:
        raise ValidationError("due", str(exc)) from None
    if day < today:
        raise ValidationError("due", f"{day:%a %d %b %Y} is in the past: pick today or later")
    return day


def person_label(contact: ContactRow) -> Text:
    """'Dana Levi, Recruiter' as literal text."""
    return Text(clean_line(", ".join(p for p in (contact.name, contact.title) if p)))


def people_of(detail) -> list[ContactRow]:
    """Everyone an application involves, once each: its panels, its references, and
    whoever its follow-ups went or go to, in that order."""
    seen: dict[int, ContactRow] = {}
    for interview in detail.interviews:
        for person in interview.participants:
            seen.setdefault(person.id, person)
    for person in detail.references:
        seen.setdefault(person.id, person)
    for item in detail.follow_ups:
        seen.setdefault(item.contact_id, ContactRow(item.contact_id, item.contact_name))
    return list(seen.values())


class NewFollowUpForm(FormDialog):
    """Returns what follow_ups.plan_by_hand did (undoable), or None if cancelled."""

    FIELDS: ClassVar[dict[str, str]] = {"contact": "who"}
    DEFAULT_CSS = """
    NewFollowUpForm .who-row { height: auto; }
    NewFollowUpForm #someone-else { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+o",
            "someone_else",
            "Someone else",
            id="follow-up-someone-else",
            tooltip="Anyone in your contacts",
        ),
    ]

    def __init__(self, application: ApplicationRow) -> None:
        super().__init__()
        self.application = application
        self._choices: list[tuple[Text, int]] = []
        """The people offered under "To", as (label, contact id)."""

    def heading(self):
        return plain(f"New follow-up · {self.application.company} · {self.application.role}")

    def fields(self) -> ComposeResult:
        who = Select([], prompt="pick who (ctrl+o: anyone)", id="who", compact=True)
        other = Button("Someone else (ctrl+o)", id="someone-else", compact=True)
        yield self.row("who", "To", Horizontal(who, other, classes="who-row"))
        yield self.row(
            "kind",
            "What",
            Select(KINDS, value="check-in", allow_blank=False, id="kind", compact=True),
        )
        yield self.row(
            "channel",
            "By",
            Select(CHANNELS, value="email", allow_blank=False, id="channel", compact=True),
        )
        yield self.row(
            "due", "Due", Input("next business day", placeholder=DAY_HINT, id="due", compact=True)
        )
        yield self.row(
            "subject",
            "Subject",
            Input(placeholder="optional: what it is about", id="subject", compact=True),
        )
        yield Static(
            "One more, never instead: a handwritten card leaves the e-mail thank-you planned.",
            classes="hint",
        )

    def on_mount(self) -> None:
        super().on_mount()
        aid = self.application.id

        def fetch(store):
            detail = store.views.application_detail(aid)
            return people_of(detail) if detail is not None else []

        run_repo(self, fetch, self._people, group="follow-up-people")
        self.query_one("#who", Select).focus()

    def _people(self, people: list[ContactRow]) -> None:
        who = self.query_one("#who", Select)
        self._choices = [(person_label(c), c.id) for c in people]
        who.set_options(self._choices)
        if people:
            who.value = people[0].id
        self._remember()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "someone-else":
            event.stop()
            self.action_someone_else()

    def action_someone_else(self) -> None:
        """Pick anyone from the contacts (or add someone new there)."""
        from tui.modals.contact_picker import ContactPicker

        def chosen(contact_id: int | None) -> None:
            if contact_id is not None:
                # Read back: someone just added in the picker is in no list yet.
                run_repo(self, lambda store: store.views.contact(contact_id), offer, group="people")

        def offer(person: ContactRow | None) -> None:
            if person is None:
                return
            if all(value != person.id for _, value in self._choices):
                self._choices.append((person_label(person), person.id))
                self.query_one("#who", Select).set_options(self._choices)
            self.query_one("#who", Select).value = person.id

        def pick(people: list[ContactRow]) -> None:
            self.app.push_screen(ContactPicker("Who is it for?", people), chosen)

        run_repo(self, lambda store: store.views.contacts(limit=5000), pick, group="people")

    def save(self) -> None:
        who = self.query_one("#who", Select).value
        if who == Select.BLANK:
            self.show_error("who", "Pick who it is for (ctrl+o: anyone in your contacts)")
            return
        kind = self.query_one("#kind", Select).value
        channel = self.query_one("#channel", Select).value
        typed, subject = self.value("#due"), self.value("#subject")
        aid = self.application.id

        def call(store):
            from db.days import local_date
            from db.write import follow_ups, undo

            settings = store.views.settings
            day = due_day(typed, local_date(store.views.now(), settings), settings.date_order)
            return undo.journaled(
                store.uow(),
                follow_ups.plan_by_hand,
                int(who),
                kind,
                channel,
                day,
                application_id=aid,
                subject=subject,
            )

        self.submit(call)
