"""Pipeline: the funnel and the active applications, next follow-up first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message

from tui.safe import Cell, cell
from tui.widgets.funnel import Funnel
from tui.widgets.table_pane import TablePane

if TYPE_CHECKING:
    from db.days import Settings
    from db.records import ApplicationRow, PipelineSummary
    from tui.widgets.nav_table import NavTable


class PipelinePane(TablePane):
    """Applications still in play; keys act on the highlighted one."""

    TABLE_ID = "pipeline-table"
    COLUMNS = (
        ("Company", "company", 18),
        ("Role", "role", 18),
        ("Stage", "stage", 12),
        ("Next", "next", 16),
        ("Last touch", "last", 12),
    )
    BORDER_TITLE = "2 Pipeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "d", "screen.open_detail", "Details", id="open-detail", tooltip="Timeline (or Enter)"
        ),
        Binding("a", "screen.add_application", "Add", id="add-application"),
        Binding("e", "screen.edit_application", "Edit", id="edit-application"),
        Binding(
            "greater_than_sign,right_square_bracket",
            "screen.stage_forward",
            "Stage→",
            id="stage-forward",
            tooltip="Move to the next stage",
        ),
        Binding(
            "less_than_sign,left_square_bracket",
            "screen.stage_back",
            "←Stage",
            id="stage-back",
            tooltip="Move back a stage",
        ),
        Binding("m", "screen.move_stage", "Move to…", id="move-stage"),
        Binding("i", "screen.log_interview", "Interview", id="log-interview"),
        Binding("r", "screen.record_reply", "Reply", id="record-reply"),
        Binding(
            "n",
            "screen.new_follow_up",
            "Follow-up",
            id="new-follow-up",
            tooltip="Plan a follow-up by hand: anyone, any kind, any channel",
        ),
    ]

    @dataclass
    class ApplicationChosen(Message):
        """Enter (or a click) chose an application: its details should open."""

        application: ApplicationRow

    @dataclass
    class MoreWanted(Message):
        """The cursor neared the last row loaded: the next page should follow."""

        offset: int
        """How many rows are loaded: the next page starts there."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.total = 0
        self.loaded = 0

    def compose(self) -> ComposeResult:
        # As in Today, the table comes with the first data (see TablePane).
        yield Funnel("Loading…", id="funnel")

    def show(self, summary: PipelineSummary, now: dt.datetime, settings: Settings) -> None:
        self.query_one(Funnel).show(summary.counts)
        rows = self.rows_for(
            summary.active, lambda app: self._cells(app, now, settings), now, settings
        )
        self.table.replace_rows(rows, keep=self.table.selected_key)
        self.total, self.loaded = summary.active_total, len(summary.active)
        self.border_subtitle = (
            f"{self.loaded} of {self.total:,} shown"
            if self.total > self.loaded
            else f"{self.total} active"
        )

    def append(self, summary: PipelineSummary, now: dt.datetime, settings: Settings) -> None:
        """Add the next page below the rows already shown."""
        self.table.append_rows(
            self.more_rows(summary.active, lambda app: self._cells(app, now, settings))
        )
        self.loaded = self.table.row_count
        self.border_subtitle = f"{self.loaded:,} of {self.total:,} shown"

    def on_nav_table_row_selected(self, event: NavTable.RowSelected) -> None:
        event.stop()
        application = self.record(int(event.key))
        if application is not None:
            self.post_message(self.ApplicationChosen(application))

    def on_nav_table_row_highlighted(self, event: NavTable.RowHighlighted) -> None:
        if event.cursor_row >= self.table.row_count - 5 and self.loaded < self.total:
            self.post_message(self.MoreWanted(self.loaded))

    @staticmethod
    def _cells(app: ApplicationRow, now: dt.datetime, settings: Settings) -> list[Cell]:
        # db.cadence is imported on first use, not before the first frame (~7 ms).
        from db.due import DueState, due_state
        from tui.relative import describe_due, describe_past

        last = describe_past(app.last_touch, now, settings) if app.last_touch else "—"
        state = due_state(app.next_due, now, settings, suggest_ghosted=app.suggest_ghosted)
        if app.next_due is None:
            nxt = "ghosted?" if state is DueState.GHOSTED else "—"
        else:
            nxt = describe_due(app.next_due, now, settings)
        # As in Today: due today and overdue stand out; nothing planned is muted.
        looks = {DueState.OVERDUE: "overdue", DueState.TODAY: "due-today", DueState.LATER: ""}
        return [
            cell(app.company),
            cell(app.role),
            cell(app.stage),
            cell(nxt, looks.get(state, "muted")),
            cell(last, "muted"),
        ]
