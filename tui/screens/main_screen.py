"""The dashboard: Today, Pipeline and the Note editor, all from the keyboard."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.widgets import Static

from tui.first_data import PAGE, TodayData, fetch_main, fetch_today
from tui.messages import OpenFailed
from tui.screens.bars import Bars
from tui.screens.calls import note_context, note_saver, triage, warnings_for
from tui.screens.hand_actions import HandActions
from tui.screens.mail_waiting import MAIL_TIP, SHOWN_ACTION, MailWaiting
from tui.screens.pipeline_actions import PipelineActions
from tui.screens.pipeline_upkeep import PipelineUpkeep
from tui.screens.reloading import ReloadingScreen
from tui.widgets.looks import LookBook
from tui.widgets.pipeline_pane import PipelinePane
from tui.widgets.today_pane import TodayPane
from tui.worker import run_repo

if TYPE_CHECKING:
    from db.records import FollowUpItem
    from tui.widgets.note_editor import NoteEditor

NOT_SENT = "Not marked sent"
FIRST_DATA_WAIT = 0.25
"""Seconds the first frame may wait for data read while Textual started (it is nearly
always there already); without it, the panes say "Loading…" and the data follows."""


class MainScreen(Bars, MailWaiting, PipelineActions, HandActions, PipelineUpkeep, ReloadingScreen):
    """Orchestrates the three panes: loads data, runs actions, refreshes."""

    sub_title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)
    """The day's counts in the header. Screen's own repaints the whole screen when it
    changes (every pane and the footer, ~5 ms after each mark sent); the header is
    told through its watcher and redraws its title alone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: handled as the key arrives, before the keys typed after it are handed
        # to the widget that had the focus (see action_focus_pane).
        Binding("1", "pane_key('today')", "Today", id="focus-today", priority=True),
        Binding("2", "pane_key('pipeline')", "Pipeline", id="focus-pipeline", priority=True),
        Binding("3", "pane_key('editor')", "Note", id="focus-editor", priority=True),
        # M twice, one id: in the footer while mail waits for review (see MailWaiting).
        Binding("M", SHOWN_ACTION, "Mailbox", id="mail-review", tooltip=MAIL_TIP),
        Binding("M", "mail_review", "Mailbox", id="mail-review", tooltip=MAIL_TIP, show=False),
        Binding(
            "u",
            "undo",
            "Undo",
            id="undo",
            show=False,  # the line after each action says "u to undo"
            tooltip="Take back the last stage move, send, snooze or skip done here",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.settings = None
        self.now = None
        # Held rather than queried: a query walks the screen's whole tree (toasts and
        # footer keys too), ~1 ms each, and marking one sent asked for the editor 3 times.
        self.today = TodayPane(id="today")
        self.pipeline = PipelinePane(id="pipeline")
        self._resumed_once = False
        self.expect_bars()

    def compose(self) -> ComposeResult:
        # The first frame is the two panes, titled, saying "Loading…". Their tables mount
        # with the first data; the header, the note editor (hidden on most terminals
        # until a note is open) and the footer follow it, and two plain lines hold the
        # header's and footer's places meanwhile, so nothing moves when they arrive.
        yield LookBook()
        yield Static(self.app.title, id="header-slot", classes="bar-slot")
        with Horizontal(id="main"):
            with Vertical(id="lists"):
                yield self.today
                yield self.pipeline
        yield Static(id="footer-slot", classes="bar-slot")

    def on_mount(self) -> None:
        self.bars_at_the_latest()
        # Start-up holds every frame until it ends: data read while Textual started
        # (tui/first_data.py) and shown here is in the very first frame.
        first = self.app.first_data
        data = first.take(FIRST_DATA_WAIT) if first is not None else None
        if data is not None:
            if first.theme and first.theme in self.app.available_themes:
                self.app.theme = first.theme
            self.seen_generation = self.app.generation
            rows, first.rows = first.rows, None  # the panes keep them from here on
            if rows is not None:  # built in the child
                self.today.seed(rows[0])
                self.pipeline.seed(rows[1])
            self._show(data)

    def _on_screen_resume(self, event) -> None:
        # Runs before Screen's own handler, which styles every node again as a screen
        # resumes. At start-up they were styled as they mounted a moment before: 15
        # nodes styled twice cost ~9 ms of the first frame. Every later resume (back from
        # a page, a dialog or the editor) restyles as Textual does.
        if not self._resumed_once:
            self._resumed_once = True
            event.refresh_styles = False

    def on_descendant_focus(self) -> None:
        # The pane being worked in gets the room: writing widens the note editor.
        self._layout()
        if self.editor.has_focus_within:
            self.app.prepare_to_write()  # typing saves: the write side loads meanwhile

    def _layout(self) -> None:
        main = self.query_one("#main")
        main.set_class(self.editor.item is not None, "-has-note")
        main.set_class(self.editor.has_focus_within, "-writing")

    # --- loading -------------------------------------------------------------------

    def on_open_failed(self, event: OpenFailed) -> None:
        from rich.text import Text

        from db.text import clean_line

        reason = clean_line(f"Not loaded: {event.reason}")
        for line in self.query("#today-summary, #funnel"):
            line.draw(lambda look: Text(reason, look("error")))

    def on_screen_suspend(self) -> None:
        self.editor.flush()  # another screen covers this one: keep what was typed
        # A dialog, a form or a page over the dashboard: a write is near.
        self.app.prepare_to_write()

    def reload(self) -> None:
        run_repo(
            self, self._fetch(), self._show, group="main-load", exclusive=True, reads_only=True
        )

    def _fetch(self):
        """fetch_main for a worker, reading back every Pipeline page scrolled into so far
        (counted here, on the UI thread)."""
        return partial(
            fetch_main, pipeline_rows=max(PAGE, self.pipeline.loaded), view=self.pipeline.view
        )

    def _show(self, data) -> None:
        """Both lists and the header, from fetch_main's MainData."""
        self.pipeline.show(data.summary, data.now, data.settings)
        self._show_today(data.due, data.settings, data.now, data.mail)
        self.app.first_data_shown.set()
        self.bars_after_the_data()

    def _show_today(self, due, settings, now, mail) -> None:
        """Today and the header's counts."""
        self.settings, self.now = settings, now
        self.today.show(due, now, settings)
        overdue, due_today, _ = due.totals
        waiting = self.show_mail(mail)
        self.sub_title = f"{overdue:,} overdue · {due_today:,} due today" + waiting

    def reload_pipeline(self, rows: int | None = None) -> None:
        """The Pipeline alone, in its current view: `rows` of it (None: as many as are
        loaded). One group for every such read: a search typed key by key, or a write
        followed by a view change, shows only the last one asked for."""
        rows, view = rows or max(PAGE, self.pipeline.loaded), self.pipeline.view

        def fetch(store):
            return store.views.pipeline_summary(limit=rows, view=view)

        run_repo(
            self,
            fetch,
            lambda summary: self.pipeline.show(summary, self.now, self.settings),
            group="pipeline",
            exclusive=True,
            reads_only=True,
            title="Pipeline not updated",
        )

    def on_pipeline_pane_more_wanted(self, event: PipelinePane.MoreWanted) -> None:
        self.load_more_applications(event.offset)

    def load_more_applications(self, offset: int) -> None:
        view = self.pipeline.view

        def fetch(store):
            return store.views.pipeline_summary(limit=PAGE, offset=offset, view=view)

        run_repo(
            self,
            fetch,
            lambda s: self.pipeline.append(s, self.now, self.settings),
            group="more",
            exclusive=True,
        )

    def action_pane_key(self, pane: str) -> None:
        """1, 2, 3: to that pane, except in the note or a search, where a digit is text."""
        from textual.actions import SkipAction
        from textual.widgets import Input, TextArea

        if isinstance(self.focused, (Input, TextArea)):
            raise SkipAction
        self.action_focus_pane(pane)

    def action_focus_pane(self, pane: str) -> None:
        target = {"pipeline": "#pipeline-table", "today": "#today-table", "editor": "#note-body"}[
            pane
        ]
        found = self.query(target)
        widget = found.first() if found else None
        if widget is None or widget.disabled:
            self.notify("Open a follow-up from Today first (Enter)")
            return
        # At once, not through widget.focus() (which waits its turn behind keys already
        # typed): in "2/ion" typed in one burst, "/" and "ion" must reach the Pipeline,
        # not Today, where "o" opens the call dialog and "n" logs no answer.
        self.set_focus(widget)

    # --- the note ------------------------------------------------------------------

    def on_note_editor_edited(self, event: NoteEditor.Edited) -> None:
        editor, note = self.editor, event.note
        run_repo(
            self,
            lambda store: editor.write(note_saver(store), note),
            lambda _: editor.written(note),
            on_failure=partial(editor.failed, note),  # it reports, keeps and retries
            group=f"save-{note.follow_up_id}",
        )

    def on_today_pane_follow_up_chosen(self, event: TodayPane.FollowUpChosen) -> None:
        self._open_note(event.item.id)

    def action_open_note(self) -> None:
        self._open_note(self.today.selected_id)

    def _open_note(self, fid: int | None) -> None:
        if fid is not None:
            run_repo(self, note_context(fid), self._open_in_editor)

    async def _open_in_editor(self, context) -> None:
        await self.mount_bars()  # opened before the pause that mounts the editor
        if self._editor is None:  # quitting
            return
        self.editor.load(context, self.now, self.settings)
        self._layout()
        self.editor.body.focus()

    def _target_follow_up(self) -> int | None:
        """The note being edited when the editor has focus, else Today's highlight."""
        if self.editor.item is not None and self.editor.has_focus_within:
            return self.editor.item.id
        return self.today.selected_id

    def _follow_up(self, fid: int) -> FollowUpItem | None:
        """The record of follow-up `fid`: the note open in the editor, or Today's row."""
        if self.editor.item is not None and self.editor.item.id == fid:
            return self.editor.item
        return self.today.record(fid)

    def _who(self, fid: int) -> str:
        item = self._follow_up(fid)
        return item.contact_name if item is not None else "them"

    # --- triage --------------------------------------------------------------------

    def _act(self, call, fid: int | None = None, doing: str = "Not done") -> None:
        """Run a write (saving any unsent typing first) and read the lists back in the
        same worker: one trip off the UI thread, then report and show. An action on a
        follow-up (`fid`: from Today or the note) reads Today alone and the Pipeline
        follows (see _done); an action on an application reads both, as the Pipeline
        is where it was pressed. On failure nothing changes on screen and a
        notification says what was not done."""
        editor, pending = self.editor, self.editor.take_pending()
        fetch = fetch_today if fid is not None else self._fetch()

        def work(store):
            if pending:
                editor.write(note_saver(store), pending)
            return call(store), fetch(store)

        def failed(error: Exception) -> None:
            self.app.report_failure(error, "write", title=doing)
            if pending:
                editor.failed(pending, error)  # or `written`, if only the action failed

        run_repo(
            self, work, lambda out: self._done(*out, fid, pending), on_failure=failed, group="write"
        )

    def _done(self, result, data, fid: int | None, pending=None) -> None:
        """After a write: say what was done and show `data`: both lists (fetch_main's
        MainData), or Today alone (fetch_today's TodayData), with the Pipeline read
        again behind it (~5-8 ms of reading and drawing the row acted on no longer waits for)."""
        from tui.screens.undoing import remember
        from tui.words import describe

        if pending:
            self.editor.written(pending)
        result, hint = remember(self.app, result)
        severity = "warning" if getattr(result, "suggest_ghosted", False) else "information"
        self.notify(describe(result, data.settings) + hint, severity=severity)
        if fid is not None and self.editor.item is not None and self.editor.item.id == fid:
            self.editor.clear()
            self.today.table.focus()
            self._layout()
        self.seen_generation = self.app.bump_generation()
        if isinstance(data, TodayData):
            self._show_today(*data)
            self.reload_pipeline()
        else:
            self._show(data)

    def action_mark_sent(self) -> None:
        """Mark sent, after a second look when a guard has something to say."""
        fid = self._target_follow_up()
        if fid is None:
            return
        if self.editor.item is not None and self.editor.item.id == fid:
            warnings = self.editor.warnings_now()
            if warnings:
                self._ask_before_sending(fid, warnings)
            else:
                self._act(triage("mark_sent", fid), fid, NOT_SENT)
            return

        # From the list: check the stored note and, if all is well, send and read Today
        # back in the same trip off the UI thread.
        fetch = fetch_today

        def check_then_send(store):
            warnings = warnings_for(note_context(fid)(store))
            if warnings:
                return warnings, None, None
            return (), triage("mark_sent", fid)(store), fetch(store)

        def after(out) -> None:
            warnings, result, data = out
            if warnings:
                self._ask_before_sending(fid, warnings)
            else:
                self._done(result, data, fid)

        run_repo(self, check_then_send, after, group="write", title=NOT_SENT)

    def _ask_before_sending(self, fid: int, warnings) -> None:
        from tui.modals.confirm_dialog import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._act(triage("mark_sent", fid), fid, NOT_SENT)

        self.app.push_screen(
            ConfirmDialog(
                f"Before this goes to {self._who(fid)}",
                [w.message for w in warnings],
                yes="Mark sent anyway",
            ),
            answered,
        )

    def action_snooze(self) -> None:
        from tui.modals.snooze_dialog import SnoozeDialog

        fid = self._target_follow_up()
        if fid is None or self.now is None:
            return

        def chosen(choice) -> None:
            if choice is not None:
                self._act(triage("snooze", fid, choice), fid, "Not snoozed")

        self.app.push_screen(SnoozeDialog(self._who(fid), fid), chosen)

    def action_skip(self) -> None:
        from tui.modals.skip_dialog import SkipDialog

        fid = self._target_follow_up()
        if fid is None:
            return

        def chosen(reason) -> None:
            if reason:
                self._act(triage("skip", fid, reason), fid, "Not skipped")

        self.app.push_screen(SkipDialog(f"the follow-up with {self._who(fid)}"), chosen)

    def action_call_outcome(self) -> None:
        from tui.modals.call_outcome_dialog import CallOutcomeDialog

        fid = self._target_follow_up()
        if fid is None:
            return

        def chosen(outcome) -> None:
            if outcome:
                self._act(triage("log_call_outcome", fid, outcome), fid, "Call not logged")

        self.app.push_screen(CallOutcomeDialog(self._who(fid)), chosen)
