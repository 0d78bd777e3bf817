"""Log an interview and its panel: thank-yous and the check-in are planned from it."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Select, SelectionList, TextArea
from textual.widgets.selection_list import Selection

from db.dates import DateNotUnderstood, past_moment, shown_day, shown_moment, typed_day
from db.days import local_date
from db.enums import InterviewKind
from db.page_records import ContactRow
from db.records import ApplicationRow
from db.text import clean_line
from db.validation import ValidationError
from tui.modals.form_dialog import FormDialog
from tui.safe import plain
from tui.worker import run_repo

NEW_INPUTS = {"name": "#new-name", "title": "#new-title", "email": "#new-email"}


def panel_label(contact: ContactRow) -> Text:
    """'Dana Levi · Recruiter · Acme', literal."""
    return Text(
        clean_line(" · ".join(p for p in (contact.name, contact.title, contact.company) if p))
    )


class InterviewForm(FormDialog):
    """Returns what interviews.log_interview did (InterviewLogged), or None if cancelled."""

    FIELDS: ClassVar[dict[str, str]] = {"date": "when", "answer_by": "answer-by"}
    UNDERSTOOD: ClassVar[dict[str, str]] = {"when": "read_when", "answer-by": "read_answer_by"}
    ENTER_SUBMITS: ClassVar[str] = "#new-name, #new-title, #new-email"  # adds the person

    def __init__(self, application: ApplicationRow) -> None:
        super().__init__()
        self.application = application

    def heading(self):
        return plain(f"Interview at {self.application.company} · {self.application.role}")

    def fields(self) -> ComposeResult:
        yield self.row(
            "when",
            "When",
            Input(
                placeholder="yesterday 3pm, monday 9:00, last friday 14:00, 2026-11-23 14:00",
                id="when",
                compact=True,
            ),
            understood=True,
        )
        yield self.row(
            "minutes", "Minutes", Input("60", id="minutes", type="integer", compact=True)
        )
        kinds = [(str(k), str(k)) for k in InterviewKind]
        yield self.row(
            "kind",
            "Kind",
            Select(
                kinds, value=str(InterviewKind.VIDEO), allow_blank=False, id="kind", compact=True
            ),
        )
        yield self.row(
            "answer-by",
            "Answer by",
            Input(
                placeholder="when they said they'd answer: friday, 2026-12-01 (optional)",
                id="answer-by",
                compact=True,
            ),
            understood=True,
        )
        yield self.row(
            "panel",
            "Panel",
            SelectionList[int](id="panel", compact=True),
            hint="Space picks; the first one picked gets the check-in",
        )
        yield self.row(
            "new-person",
            "New",
            Horizontal(
                Input(placeholder="name", id="new-name", compact=True),
                Input(placeholder="title", id="new-title", compact=True),
                Input(placeholder="email", id="new-email", compact=True),
                Button("Add", id="new-add", compact=True),
                id="new-person-inputs",
            ),
        )
        yield self.row(
            "notes",
            "Topics",
            TextArea(id="notes", soft_wrap=True, tab_behavior="focus", compact=True),
            hint="What you talked about: the thank-you drafts start from it.",
        )

    def on_mount(self) -> None:
        super().on_mount()
        company = self.application.company.casefold()

        def fetch(store):
            people = store.views.contacts(limit=5000)
            # People at this company first: they are who the panel is usually made of.
            return sorted(people, key=lambda c: c.company.casefold() != company)

        run_repo(self, fetch, self._people, group="interview-people")
        self.query_one("#when", Input).focus()

    def _people(self, people: list[ContactRow]) -> None:
        panel = self.query_one("#panel", SelectionList)
        panel.add_options([Selection(panel_label(c), c.id) for c in people])
        if people:
            panel.highlighted = 0  # so Space picks straight away
        self._remember()

    # --- adding someone in place --------------------------------------------------

    @on(Input.Submitted, ENTER_SUBMITS)
    def _submit_new(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()
        self.add_person()

    @on(Button.Pressed, "#new-add")
    def _press_add(self, event: Button.Pressed) -> None:
        event.stop()
        self.add_person()

    def add_person(self, then=None) -> None:
        """Create the contact at this company and pick them for the panel; then `then()`
        (the save, when the row was filled but Add not pressed)."""
        self.clear_errors()
        name, title = self.value("#new-name"), self.value("#new-title")
        email, company = self.value("#new-email"), self.application.company

        def call(store):
            from db.write import contacts

            return contacts.add_contact(
                store.uow(), name, title=title, email=email, company=company, met_via="interview"
            )

        def refused(error) -> None:
            self.saving = False
            message = error.message
            if then is not None:
                message += " (or clear this row to save without them)"
            self.show_error("new-person", message, focus=NEW_INPUTS.get(error.field))

        def added(contact: ContactRow) -> None:
            self._added(contact)
            if then is not None:
                then()

        run_repo(
            self,
            call,
            added,
            on_error=refused,
            # Within a save, a failure frees the Save button as a save's would.
            group="form-save" if then is not None else "add-person",
        )

    def _added(self, contact: ContactRow) -> None:
        panel = self.query_one("#panel", SelectionList)
        panel.add_option(Selection(panel_label(contact), contact.id, True))
        panel.highlighted = panel.option_count - 1
        for selector in ("#new-name", "#new-title", "#new-email"):
            self.query_one(selector, Input).value = ""
        self.query_one("#new-name", Input).focus()
        self.notify(f"{contact.name} added to the panel")

    def new_row_started(self) -> bool:
        """Something typed into the New row: a person meant for the panel."""
        return any(self.value(selector).strip() for selector in NEW_INPUTS.values())

    # --- how the dates read -----------------------------------------------------------

    def read_when(self, typed: str, views) -> str:
        """'Mon 23 Nov, 09:00' for 'monday 9:00' typed on Tuesday 24 November."""
        if not typed.strip():
            return ""
        settings, now = views.settings, views.now()
        starts = interview_start(typed, now, settings.zone, settings.date_order)
        today = local_date(now, settings)
        line = shown_moment(starts, today)
        if starts <= now:
            return line
        return f"{line}, later today" if starts.date() == today else f"{line}, still to come"

    def read_answer_by(self, typed: str, views) -> str:
        if not typed.strip():
            return ""
        settings = views.settings
        today = local_date(views.now(), settings)
        return shown_day(answer_day(typed, today, settings.date_order), today)

    # --- saving ------------------------------------------------------------------------

    def save(self) -> None:
        if self.new_row_started():
            # Typed into New, Add not pressed: they were on the panel and are thanked
            # like the rest. Added first; if they cannot be, nothing is saved.
            self.saving = True
            self.add_person(then=self._save_interview)
            return
        self._save_interview()

    def _save_interview(self) -> None:
        typed_when, typed_answer = self.value("#when"), self.value("#answer-by")
        typed_minutes = self.value("#minutes").strip()
        kind = str(self.query_one("#kind", Select).value)
        panel = list(self.query_one("#panel", SelectionList).selected)
        notes = self.query_one("#notes", TextArea).text
        aid = self.application.id

        def call(store):
            from db.write import interviews

            settings = store.views.settings
            now, order = store.views.now(), settings.date_order
            starts = interview_start(typed_when, now, settings.zone, order)
            answer_by = answer_day(typed_answer, local_date(now, settings), order)
            return interviews.log_interview(
                store.uow(),
                aid,
                starts,
                panel,
                minutes=interview_minutes(typed_minutes),
                kind=kind,
                answer_by=answer_by,
                notes=notes,
            )

        self.submit(call)


def interview_start(
    typed: str, now: dt.datetime, zone: dt.tzinfo, order: str = "dmy"
) -> dt.datetime:
    try:
        return past_moment(typed, now, zone, order)
    except DateNotUnderstood as exc:
        raise ValidationError("date", str(exc)) from None


def answer_day(typed: str, today: dt.date, order: str = "dmy") -> dt.date | None:
    """The day they said they would answer by: a weekday or '5 Dec' means the coming one."""
    if not typed.strip():
        return None
    try:
        return typed_day(typed, today, order, prefer="future")
    except DateNotUnderstood as exc:
        raise ValidationError("answer_by", str(exc)) from None


def interview_minutes(typed: str) -> int:
    if not typed.isdigit():
        raise ValidationError("minutes", "Length in whole minutes, such as 45 or 60")
    return int(typed)
