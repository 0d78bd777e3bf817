"""Change a mail proposal before accepting it: which application, which person, the
time (an interview's start, or when a note went out or a reply came), the stage."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from db.enums import Stage
from db.page_records import MailProposalRow
from tui.modals.form_dialog import FormDialog
from tui.safe import plain
from tui.worker import run_repo

NONE = 0
TIMED = ("sent", "reply", "interview", "moved")


class MailEditForm(FormDialog):
    """Returns what db.write.mail.accept did (MailAccepted), or None if cancelled."""

    FIELDS: ClassVar[dict[str, str]] = {
        "application": "mail-app",
        "contact": "mail-who",
        "starts_at": "mail-when",
        "date": "mail-when",
        "received_at": "mail-when",
        "stage": "mail-stage",
    }

    def __init__(self, row: MailProposalRow, zone) -> None:
        super().__init__()
        self.proposal = row
        self.zone = zone
        """The user's time zone: times are shown and read in it."""

    def heading(self):
        return plain(f"Accept with changes: {self.proposal.subject}")

    def fields(self) -> ComposeResult:
        r = self.proposal
        yield self.row_of("mail-app", "About", r.application_id)
        if r.kind in ("sent", "reply"):
            yield self.row_of("mail-who", "Person", r.contact_id)
        if r.kind in TIMED:
            at = r.starts_at if r.kind in ("interview", "moved") else r.sent_at
            label = "Starts" if r.kind in ("interview", "moved") else "When"
            shown = f"{at.astimezone(self.zone):%Y-%m-%d %H:%M}" if at else "2026-12-01 14:00"
            yield self.row(
                "mail-when",
                label,
                Input(placeholder=shown, id="mail-when", compact=True),
                hint="Empty: as the message says",
            )
        if r.kind == "stage":
            options = [(str(s), str(s)) for s in Stage]
            yield self.row(
                "mail-stage",
                "Stage",
                Select(
                    options,
                    value=r.stage or "rejected",
                    allow_blank=False,
                    id="mail-stage",
                    compact=True,
                ),
            )
        yield Static("Saving accepts the proposal with these changes.", classes="hint")

    def row_of(self, name: str, label: str, value: int | None):
        return self.row(
            name,
            label,
            Select(
                [("as proposed", value or NONE)],
                value=value or NONE,
                allow_blank=False,
                id=name,
                compact=True,
            ),
        )

    def on_mount(self) -> None:
        super().on_mount()

        def fetch(store):
            views = store.views
            return views.mail_applications(), views.contacts(limit=5000)

        run_repo(self, fetch, self._options, group="mail-edit-options", reads_only=True)

    def _options(self, data) -> None:
        apps, people = data
        pick = self.query_one("#mail-app", Select)
        pick.set_options(
            [("none: pick one", NONE)] + [(plain(f"{a.company} · {a.role}"), a.id) for a in apps]
        )
        pick.value = self.proposal.application_id or NONE
        if self.query("#mail-who"):
            who = self.query_one("#mail-who", Select)
            who.set_options(
                [("nobody", NONE)] + [(plain(f"{c.name} · {c.company}"), c.id) for c in people]
            )
            who.value = self.proposal.contact_id or NONE
        self._remember()

    def save(self) -> None:
        edits: dict = {}
        app = self.query_one("#mail-app", Select).value
        if app not in (NONE, Select.NULL):
            edits["application_id"] = int(app)
        if self.query("#mail-who"):
            who = self.query_one("#mail-who", Select).value
            if who not in (NONE, Select.NULL):
                edits["contact_id"] = int(who)
        if self.query("#mail-stage"):
            edits["stage"] = str(self.query_one("#mail-stage", Select).value)
        typed = self.value("#mail-when").strip() if self.query("#mail-when") else ""
        pid = self.proposal.id

        def call(store):
            from db.dates import DateNotUnderstood, past_moment
            from db.validation import ValidationError
            from db.write import mail, undo

            if typed:
                settings = store.views.settings
                try:
                    edits["starts_at"] = past_moment(
                        typed, store.views.now(), settings.zone, settings.date_order
                    )
                except DateNotUnderstood as exc:
                    raise ValidationError("starts_at", str(exc)) from None
            return undo.journaled(store.uow(), mail.accept, pid, **edits)

        self.submit(call)
