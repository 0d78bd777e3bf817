"""Pipeline: the funnel and the applications, next follow-up first; searched as you
type, filtered by stage, sorted four ways, and the closed & archived ones on `h`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message

from db.records import PIPELINE_SORTS, PipelineView
from tui.rows import pipeline_cells
from tui.widgets.funnel import Funnel
from tui.widgets.table_pane import TablePane

if TYPE_CHECKING:
    from textual.widgets import Input

    from db.days import Settings
    from db.records import ApplicationRow, PipelineSummary
    from tui.widgets.nav_table import NavTable
    from tui.widgets.pipeline_search import PipelineSearch

SORT_LABEL = {
    "next": "next due",
    "touch": "last touch",
    "company": "company",
    "applied": "applied date",
}
"""How each order is named in the pane's subtitle."""


class PipelinePane(TablePane):
    """Applications still in play (or closed and archived); keys act on the highlighted one."""

    TABLE_ID = "pipeline-table"
    COLUMNS = (
        # (label, key, width, narrowest): Company and Role give way on a narrow screen.
        ("Company", "company", 18, 11),
        ("Role", "role", 18, 11),
        ("Stage", "stage", 12, 12),
        ("Next", "next", 16, 15),
        ("Last touch", "last", 12, 10),
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
        Binding(
            "slash",
            "search",
            "Search",
            id="pipeline-search",
            tooltip="Narrow the list to a company, role or person as you type",
            priority=True,  # the letters typed right after it are searched
        ),
        Binding("f", "filter_stage", "Filter", id="pipeline-filter", tooltip="One stage, or all"),
        Binding(
            "v",
            "next_sort",
            "Sort",
            id="pipeline-sort",
            tooltip="Next due, last touch, company, applied date",
        ),
        Binding(
            "h",
            "toggle_closed",
            "Closed",
            id="pipeline-closed",
            tooltip="Switch between active and closed & archived applications",
        ),
        Binding(
            "A",
            "screen.archive_application",
            "Archive",
            id="archive-application",
            tooltip="Archive it; in closed & archived, restore an archived one",
        ),
        Binding(
            "D",
            "screen.delete_application",
            "Delete",
            id="delete-application",
            tooltip="Delete it and its history, after saying what goes with it",
        ),
    ]

    class ApplicationChosen(Message):
        """Enter (or a click) chose an application: its details should open."""

        def __init__(self, application: ApplicationRow) -> None:
            super().__init__()
            self.application = application

    class MoreWanted(Message):
        """The cursor neared the last row loaded: the next page should follow."""

        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset
            """How many rows are loaded: the next page starts there."""

    class ViewChanged(Message):
        """Search, filter, order or active/closed changed: the list is to be read again."""

        def __init__(self, view: PipelineView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.total = 0
        self.loaded = 0
        self.view = PipelineView()
        """What the list shows: search, stage, order, active or closed."""
        self.counts: dict[str, int] = {}
        self._new_view = False

    def compose(self) -> ComposeResult:
        # As in Today, the table comes with the first data (see TablePane).
        yield Funnel("Loading…", id="funnel")
        # The search line (an Input) is mounted on the first `/`: its styles cost the
        # first frame ~10 ms for a line hidden until then.

    def show(self, summary: PipelineSummary, now: dt.datetime, settings: Settings) -> None:
        if summary.view != self.view:
            return  # read for a view since left: the one asked for now follows
        self.counts = summary.counts
        self.query_one(Funnel).show(summary.counts)
        rows = self.rows_for(summary.active, pipeline_cells, now, settings)
        # A new view starts at its top; the same view read again keeps the highlight.
        keep = None if self._new_view else self.table.selected_key
        self._new_view = False
        self.table.replace_rows(rows, keep=keep)
        self.total, self.loaded = summary.active_total, len(summary.active)
        self._label()

    def append(self, summary: PipelineSummary, now: dt.datetime, settings: Settings) -> None:
        """Add the next page below the rows already shown."""
        if summary.view != self.view:
            return
        self.table.append_rows(self.more_rows(summary.active, pipeline_cells, now, settings))
        self.loaded = self.table.row_count
        self._label()

    def _label(self) -> None:
        """Title: which applications; subtitle: how many and in what order."""
        view = self.view
        title = "2 Pipeline · closed & archived" if view.closed else "2 Pipeline"
        if view.stage:
            title += f" · {view.stage}"
        shown = (
            f"{self.loaded:,} of {self.total:,}"
            if self.total > self.loaded
            else f"{self.total:,} {'shown' if view.closed else 'active'}"
        )
        if view.search or view.stage:
            shown = f"{self.total:,} matching" if self.total <= self.loaded else shown
        self.titled(title, f"{shown} · by {SORT_LABEL[view.sort]}")

    # --- the view: search, filter, order, closed ------------------------------------

    def change_view(self, **changes) -> None:
        view = self.view._replace(**changes)
        if view == self.view:
            return
        self.view, self._new_view = view, True
        self.table.move_cursor(row=0)
        self.post_message(self.ViewChanged(view))

    @property
    def search_line(self) -> PipelineSearch | None:
        """The search line, once `/` has been pressed."""
        from tui.widgets.pipeline_search import PipelineSearch

        return self.query_one_optional(PipelineSearch)

    async def action_search(self) -> None:
        line = self.search_line
        if line is None:
            from tui.widgets.pipeline_search import PipelineSearch

            line = PipelineSearch(id="pipeline-search-input")
            # Awaited inside the key's action: the letters typed after `/` wait for it.
            await self.mount(line, after=self.query_one(Funnel))
        elif line.has_focus:
            raise SkipAction  # "/" typed into the search is text
        line.shown(True)
        self.screen.set_focus(line)  # at once: the next key typed is searched

    def search_done(self) -> None:
        """Enter keeps the search and goes back to the list; an empty one is hidden."""
        line = self.search_line
        if line is not None:
            line.shown(bool(line.value.strip()))
        self.screen.set_focus(self.table)  # at once: the next key acts on the list

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.change_view(search=event.value.strip())

    def action_filter_stage(self) -> None:
        from db import cadence
        from db.enums import Stage
        from tui.modals.stage_filter import ALL, StageFilter

        stages = [str(s) for s in (Stage if self.view.closed else cadence.ACTIVE_STAGES)]

        def chosen(stage: str | None) -> None:
            if stage is not None:
                self.change_view(stage=None if stage == ALL else stage)

        counts = {} if self.view.closed else self.counts
        self.app.push_screen(StageFilter(stages, self.view.stage, counts), chosen)

    def action_next_sort(self) -> None:
        sorts = PIPELINE_SORTS
        self.change_view(sort=sorts[(sorts.index(self.view.sort) + 1) % len(sorts)])

    def action_toggle_closed(self) -> None:
        from db import cadence

        # Closed & archived shows every stage; back in the active view, a closed stage's
        # filter is lifted.
        stage = self.view.stage
        if self.view.closed and stage not in [str(s) for s in cadence.ACTIVE_STAGES]:
            stage = None
        self.change_view(closed=not self.view.closed, stage=stage)

    # --- rows ------------------------------------------------------------------------

    def on_nav_table_row_selected(self, event: NavTable.RowSelected) -> None:
        event.stop()
        application = self.record(int(event.key))
        if application is not None:
            self.post_message(self.ApplicationChosen(application))

    def on_nav_table_row_highlighted(self, event: NavTable.RowHighlighted) -> None:
        if event.cursor_row >= self.table.row_count - 5 and self.loaded < self.total:
            self.post_message(self.MoreWanted(self.loaded))
