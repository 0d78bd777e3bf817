"""One application: what it is, who vouches for you, and everything that happened."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import arrow
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from db.days import Settings
from db.due import DueState, due_state
from db.enums import Status
from db.page_records import ApplicationDetail, TimelineEntry
from db.records import ApplicationRow, FollowUpItem
from db.text import clean_line
from tui.relative import describe_due
from tui.safe import Cell, cell
from tui.screens import read_back
from tui.screens.reloading import ReloadingScreen
from tui.screens.timeline_actions import TimelineActions
from tui.style_sheets import PAGES
from tui.widgets.footer import Footer
from tui.widgets.header import Header
from tui.widgets.looks import Drawn, Look
from tui.widgets.nav_table import NavTable
from tui.worker import run_repo

KIND_LOOK = {"stage": "strong", "interview": "primary", "follow-up": "", "reply": "success"}


class DetailScreen(TimelineActions, ReloadingScreen):
    """Header, references and the timeline of one application; keys act on it (those
    on a timeline row in tui.screens.timeline_actions)."""

    CSS_PATH = PAGES

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back", id="detail-back"),
        Binding("e", "edit", "Edit", id="detail-edit", tooltip="Company, role, source, notes"),
        Binding("i", "log_interview", "Interview", id="detail-interview", tooltip="With its panel"),
        Binding("r", "record_reply", "Reply", id="detail-reply", tooltip="They answered"),
        Binding("m", "move_stage", "Move to…", id="detail-move", tooltip="Pick a stage"),
        Binding("f", "add_reference", "Reference", id="detail-reference", tooltip="Who vouches"),
        Binding(
            "w",
            "addendum",
            "Addendum",
            id="detail-addendum",
            tooltip="One more short note after the interview: what you forgot, or a slip put right",
        ),
        Binding(
            "space",
            "read_back",
            "Read back",
            id="detail-read-back",
            tooltip="Show or hide the text of a sent note (or Enter)",
            show=False,
        ),
        Binding(
            "n",
            "new_follow_up",
            "Follow-up",
            id="detail-new-follow-up",
            tooltip="Plan a follow-up by hand: anyone, any kind, any channel",
        ),
        Binding(
            "b",
            "bring_back",
            "Bring back",
            id="detail-bring-back",
            tooltip="Plan the highlighted skipped follow-up again",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            id="detail-undo",
            show=False,  # the line after each action says "u to undo"
            tooltip="Take back the last stage move, send, snooze or skip done here",
        ),
    ]

    def __init__(self, application_id: int) -> None:
        super().__init__()
        self.application_id = application_id
        self.detail: ApplicationDetail | None = None
        self.now: dt.datetime | None = None
        self.settings: Settings | None = None
        self.reading: set[int] = set()
        """The sent follow-ups whose text the timeline shows."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="detail"):
            yield Drawn("Loading…", id="detail-header")
            yield Drawn("", id="detail-references")
            table = NavTable(id="timeline")
            table.add_column("When", key="when", width=17)
            table.add_column("Kind", key="kind", width=10)
            table.add_column("What happened (dim: still to come)", key="text")
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#timeline").focus()
        self.query_one("#detail").border_title = "Application"

    # --- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        aid = self.application_id

        def fetch(store):
            views = store.views
            detail = views.application_detail(aid)
            if detail is None:
                return None  # gone (another window deleted it): leave rather than retry
            return detail, views.settings, views.now()

        run_repo(self, fetch, self._show, group="detail-load", exclusive=True)

    def _show(self, data) -> None:
        if data is None:
            self.notify("That application no longer exists")
            self.app.pop_screen()
            return
        self.detail, settings, now = data
        self.now, self.settings = now, settings
        app = self.detail.application
        self.sub_title = clean_line(f"{app.company} · {app.role}")
        detail = self.detail
        self.query_one("#detail-header", Drawn).draw(lambda look: header(app, now, settings, look))
        self.query_one("#detail-references", Drawn).draw(lambda look: references(detail, look))
        self._draw_timeline()
        self.query_one("#detail").border_subtitle = f"{len(self.detail.timeline)} events"

    def _draw_timeline(self, keep: str | None = None) -> None:
        """The timeline's rows, each sent note being read back followed by its text."""
        detail, now, settings = self.detail, self.now, self.settings
        if detail is None or now is None or settings is None:
            return
        table = self.query_one(NavTable)
        sent = {f.id: f for f in detail.follow_ups if f.status == Status.SENT}
        width = read_back.text_width(table.size.width, 17 + 2 + 10 + 2)
        rows = []
        for i, entry in enumerate(detail.timeline):
            note = sent.get(entry.follow_up_id) if entry.follow_up_id is not None else None
            is_open = note is not None and note.id in self.reading
            rows.append((str(i), timeline_cells(entry, now, settings, note, is_open)))
            if is_open:
                rows += read_back.note_rows(str(i), note.subject, note.body, width, 3, 2)
        table.replace_rows(rows, keep=keep)

    def on_resize(self) -> None:
        if self.reading:  # the text is wrapped to the width
            self._draw_timeline(keep=self.query_one(NavTable).selected_key)

    # --- actions -------------------------------------------------------------------------

    def _after(self, result) -> None:
        """A dialog or action finished: say what it did, then everyone reloads."""
        if result is None:
            return
        from tui.screens.undoing import remember
        from tui.words import describe

        result, hint = remember(self.app, result)
        self.notify(describe(result, self.settings) + hint)
        self.app.data_changed()

    def _application(self) -> ApplicationRow | None:
        return self.detail.application if self.detail else None

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        from tui.modals.application_form import ApplicationForm

        if app := self._application():
            self.app.push_screen(ApplicationForm(app), self._after)

    def action_log_interview(self) -> None:
        from tui.modals.interview_form import InterviewForm

        if app := self._application():
            self.app.push_screen(InterviewForm(app), self._after)

    def action_record_reply(self) -> None:
        from tui.modals.reply_form import ReplyForm

        if app := self._application():
            self.app.push_screen(ReplyForm(app), self._after)

    def action_move_stage(self) -> None:
        from tui.modals.stage_picker import StagePicker

        app = self._application()
        if app is None:
            return

        def chosen(stage: str | None) -> None:
            if stage and stage != app.stage:
                from tui.screens.stage_moves import move_asking_first

                move_asking_first(self, app, stage, self.settings, self._write)

        self.app.push_screen(StagePicker(app.stage), chosen)

    def _write(self, call) -> None:
        """Run a write's `store -> result` call, then say what it did."""
        run_repo(self, call, self._after, group="write")

    def action_new_follow_up(self) -> None:
        from tui.modals.follow_up_form import NewFollowUpForm

        if app := self._application():
            self.app.push_screen(NewFollowUpForm(app), self._after)

    def action_undo(self) -> None:
        from tui.screens.undoing import not_undone, take_last, undo_call

        done = take_last(self.app)
        if done is not None:
            run_repo(
                self,
                undo_call(done),
                self._after,
                on_failure=lambda error: not_undone(self.app, done, error),
                group="write",
            )

    def action_add_reference(self) -> None:
        from tui.modals.contact_picker import ContactPicker

        app = self._application()
        if app is None or self.detail is None:
            return
        already = {c.id for c in self.detail.references}

        def chosen(contact_id: int | None) -> None:
            if contact_id is not None:
                from db.write import interviews

                run_repo(
                    self,
                    lambda store: interviews.add_reference(store.uow(), app.id, contact_id),
                    self._after,
                    group="write",
                )

        def picker(contacts) -> ContactPicker:
            people = [c for c in contacts if c.id not in already]
            return ContactPicker("Who will vouch for you?", people, met_via="reference")

        from tui.opening import open_when_read

        open_when_read(self, lambda store: store.views.contacts(limit=5000), picker, chosen)


def when(at: dt.datetime, now: dt.datetime, settings: Settings) -> str:
    """'Tue 24 Nov 14:00' this year, '3 Dec 2025 14:00' otherwise (17 columns at most)."""
    moment, today = arrow.get(at).to(settings.zone), arrow.get(now).to(settings.zone)
    return moment.format("ddd D MMM HH:mm" if moment.year == today.year else "D MMM YYYY HH:mm")


def header(app: ApplicationRow, now: dt.datetime, settings: Settings, look: Look) -> Text:
    """Company and role, stage, where it came from, when it was sent, the notes."""
    text = Text()
    text.append(clean_line(app.company), look("strong"))
    text.append("  ·  ")
    text.append(clean_line(app.role))
    text.append(f"   [{app.stage}]", look("primary"))
    if app.archived:
        text.append("  archived", look("muted"))
    facts = [
        ("source", app.source),
        ("location", app.location),
        ("applied", f"{app.applied_on:%a %d %b %Y}" if app.applied_on else ""),
    ]
    line = Text("\n")
    for label, value in facts:
        if value:
            line.append(f"{label} ", look("muted"))
            line.append(clean_line(value))
            line.append("   ")
    if app.next_due is not None:
        line.append("next ", look("muted"))
        due = describe_due(app.next_due, now, settings)
        late = due_state(app.next_due, now, settings) is DueState.OVERDUE
        line.append(f"{app.next_kind or 'follow-up'} {due}", look("overdue" if late else ""))
    text.append_text(line)
    if app.link:
        text.append("\nlink ", look("muted"))
        text.append(clean_line(app.link), look("link"))
    if app.notes.strip():
        text.append("\n")
        text.append(clean_line(app.notes), look("italic"))
    return text


def references(detail: ApplicationDetail, look: Look) -> Text:
    if not detail.references:
        return Text("No references yet: f adds someone who will vouch for you", look("muted"))
    text = Text("References: ", look("muted"))
    for index, person in enumerate(detail.references):
        if index:
            text.append(", ")
        text.append(clean_line(person.name), look("strong"))
        if person.title:
            text.append(f" ({clean_line(person.title)})")
    return text


def timeline_cells(
    entry: TimelineEntry,
    now: dt.datetime,
    settings: Settings,
    sent: FollowUpItem | None = None,
    is_open: bool = False,
) -> list[Cell]:
    """When (in the user's zone), what, and the literal text; what is still to come is
    dim; a sent note is marked as one to read back (▸), or being read (▾)."""
    look = "muted" if entry.at > now else ""
    mark = (read_back.OPEN if is_open else read_back.SHUT) if sent is not None else ""
    return [
        cell(when(entry.at, now, settings), look),
        cell(entry.kind, look or KIND_LOOK.get(entry.kind, "")),
        cell(mark + entry.text, look),
    ]
