"""Record a reply from the company: it ends the pending check-ins for that application;
the day they said they would decide by plans the next one."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static, TextArea

from db.dates import DateNotUnderstood, past_moment, typed_day
from db.page_records import ContactRow
from db.records import ApplicationRow
from db.text import clean_line
from db.validation import ValidationError
from tui.modals.form_dialog import FormDialog
from tui.safe import plain
from tui.worker import run_repo

SOMEONE_ELSE = 0


def person_label(contact: ContactRow) -> Text:
    """'Dana Levi, Recruiter' as literal text (a Text, so typing a letter finds it)."""
    return Text(clean_line(", ".join(p for p in (contact.name, contact.title) if p)))


class ReplyForm(FormDialog):
    """Returns what interviews.record_response did (ReplyRecorded), or None if cancelled."""

    FIELDS: ClassVar[dict[str, str]] = {
        "received_at": "when",
        "contact": "who",
        "decide_by": "decide-by",
    }

    def __init__(self, application: ApplicationRow) -> None:
        super().__init__()
        self.application = application

    def heading(self):
        return plain(f"Reply from {self.application.company} · {self.application.role}")

    def fields(self) -> ComposeResult:
        yield self.row(
            "who",
            "From",
            Select(
                [("someone else", SOMEONE_ELSE)],
                value=SOMEONE_ELSE,
                allow_blank=False,
                id="who",
                compact=True,
            ),
        )
        yield self.row(
            "when",
            "When",
            Input(
                "now",
                placeholder="now, yesterday, today 14:00, 2026-11-20 9:30",
                id="when",
                compact=True,
            ),
        )
        yield self.row(
            "summary",
            "Summary",
            TextArea(id="summary", soft_wrap=True, tab_behavior="focus", compact=True),
        )
        yield self.row(
            "decide-by",
            "Decide by",
            Input(
                placeholder="if they said when they'd decide: friday, 4 Dec (optional)",
                id="decide-by",
                compact=True,
            ),
            hint="A check-in is planned the business day after it",
        )
        yield Static("Pending check-ins for this application end; thank-yous stay.", classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        company = self.application.company.casefold()

        def fetch(store):
            people = store.views.contacts(limit=5000)
            return [c for c in people if c.company.casefold() == company]

        run_repo(self, fetch, self._people, group="reply-people")
        self.query_one("#summary", TextArea).focus()

    def _people(self, people: list[ContactRow]) -> None:
        who = self.query_one("#who", Select)
        who.set_options([(person_label(c), c.id) for c in people] + [("someone else", 0)])
        if people:
            who.value = people[0].id
        self._remember()

    def save(self) -> None:
        who = self.query_one("#who", Select).value
        contact_id = None if who in (SOMEONE_ELSE, Select.NULL) else int(who)
        typed, typed_decide = self.value("#when"), self.value("#decide-by")
        summary = self.query_one("#summary", TextArea).text
        aid = self.application.id

        def call(store):
            from db.days import local_date
            from db.write import interviews

            now, settings = store.views.now(), store.views.settings
            received = received_at(typed, now, settings)
            decide_by = decide_day(typed_decide, local_date(now, settings), settings.date_order)
            return interviews.record_response(
                store.uow(), aid, summary, contact_id, received, decide_by=decide_by
            )

        self.submit(call)


def decide_day(typed: str, today: dt.date, order: str = "dmy") -> dt.date | None:
    """The day they said they would decide by: a weekday or '4 Dec' is the coming one."""
    if not typed.strip():
        return None
    try:
        return typed_day(typed, today, order, prefer="future")
    except DateNotUnderstood as exc:
        raise ValidationError("decide_by", str(exc)) from None


def received_at(typed: str, now: dt.datetime, settings) -> dt.datetime:
    try:
        when = past_moment(
            typed or "now", now, settings.zone, settings.date_order, default_time=dt.time(12)
        )
    except DateNotUnderstood as exc:
        raise ValidationError("received_at", str(exc)) from None
    if when > now + dt.timedelta(minutes=1):
        raise ValidationError("received_at", "That time is still to come")
    return when
