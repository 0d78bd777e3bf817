"""Pipeline: the funnel and the active applications, next follow-up first."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable

from db.cadence import Settings, describe_due, describe_past
from db.records import ApplicationRow, PipelineSummary
from tui.safe import cell
from tui.widgets.funnel import Funnel
from tui.widgets.nav_table import NavTable

PAGE = 100


class PipelinePane(Vertical, can_focus=False):
    """Applications still in play; keys act on the highlighted one."""

    BORDER_TITLE = "1 Pipeline"
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
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.total = 0
        self.loaded = 0

    def compose(self) -> ComposeResult:
        yield Funnel("Loading…", id="funnel")
        table = NavTable(id="pipeline-table")
        table.add_column("Company", key="company", width=18)
        table.add_column("Role", key="role", width=18)
        table.add_column("Stage", key="stage", width=12)
        table.add_column("Next", key="next", width=16)
        table.add_column("Last touch", key="last", width=12)
        yield table

    @property
    def table(self) -> NavTable:
        return self.query_one(NavTable)

    @property
    def selected_id(self) -> int | None:
        return self.table.selected_id

    def show(self, summary: PipelineSummary, now: dt.datetime, settings: Settings) -> None:
        self.query_one(Funnel).show(summary.counts)
        rows = [(str(app.id), self._cells(app, now, settings)) for app in summary.active]
        self.table.replace_rows(rows, keep=self.table.selected_key)
        self.total, self.loaded = summary.active_total, len(summary.active)
        self.border_subtitle = (
            f"{self.loaded} of {self.total:,} shown"
            if self.total > self.loaded
            else f"{self.total} active"
        )

    def append(self, summary: PipelineSummary, now: dt.datetime, settings: Settings) -> None:
        """Add the next page below the rows already shown."""
        for app in summary.active:
            if str(app.id) not in self.table.rows:
                self.table.add_row(*self._cells(app, now, settings), key=str(app.id))
        self.loaded = self.table.row_count
        self.border_subtitle = f"{self.loaded:,} of {self.total:,} shown"

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row opens the application's details."""
        event.stop()
        self.screen.action_open_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.table.row_count - 5 and self.loaded < self.total:
            self.screen.load_more_applications(self.loaded)

    @staticmethod
    def _cells(app: ApplicationRow, now: dt.datetime, settings: Settings) -> list[Text]:
        last = describe_past(app.last_touch, now, settings) if app.last_touch else "—"
        if app.next_due is None:
            nxt, style = ("ghosted?" if app.suggest_ghosted else "—"), "dim"
        else:
            nxt = describe_due(app.next_due, now, settings)
            # As in Today: due today is yellow, an earlier day red.
            style = (
                "bold yellow"
                if nxt.startswith("today")
                else ("bold red" if app.next_due < now else "")
            )
        return [
            cell(app.company),
            cell(app.role),
            cell(app.stage),
            cell(nxt, style),
            cell(last, "dim"),
        ]
