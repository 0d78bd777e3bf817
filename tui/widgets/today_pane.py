"""Today: what is overdue, what is due today, then the rest of the week."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.safe import Cell, cell
from tui.widgets.table_pane import TablePane

if TYPE_CHECKING:
    from db.cadence import Settings
    from db.records import DueList, FollowUpItem

KIND_LABEL = {
    "thank-you": "Thank-you",
    "check-in": "Check-in",
    "feedback request": "Feedback ask",
    "keep-warm": "Keep warm",
    "reference heads-up": "Ref. heads-up",
    "event follow-up": "After event",
    "custom": "Note",
}


class TodayPane(TablePane):
    """The triage list; its keys act on the highlighted follow-up."""

    TABLE_ID = "today-table"
    FOCUS_TABLE = True
    COLUMNS = (
        ("When", "when", 16),
        ("What", "kind", 13),
        ("Who", "who", 18),
        ("By", "channel", 6),
        ("About", "about", 60),
    )
    BORDER_TITLE = "2 Today"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e", "screen.open_note", "Open", id="open-note", tooltip="Write the note (or Enter)"
        ),
        Binding("s", "screen.mark_sent", "Sent", id="mark-sent", tooltip="Mark sent; plan next"),
        Binding("z", "screen.snooze", "Snooze", id="snooze", tooltip="Move to a later day"),
        Binding("x", "screen.skip", "Skip", id="skip", tooltip="Skip, with a reason"),
        Binding(
            "o",
            "screen.call_outcome",
            "Call",
            id="call-outcome",
            tooltip="Log a call: reached, voicemail, no answer",
        ),
    ]

    def compose(self) -> ComposeResult:
        # The table comes with the first data (see TablePane).
        yield Static("Loading…", id="today-summary")

    def on_nav_table_row_selected(self, event) -> None:
        """Enter on a row opens its note."""
        event.stop()
        self.screen.action_open_note()

    def show(self, due: DueList, now: dt.datetime, settings: Settings) -> None:
        # db.cadence is imported here, not before the first frame (~7 ms).
        from db.cadence import is_business_day, local_date

        rows = self.rows_for(due.all, lambda item: self._cells(item, now, settings), now, settings)
        self.table.replace_rows(rows, keep=None)
        summary = Text()
        overdue, due_today, later = due.totals
        summary.append(f"{overdue:,} overdue", "bold red" if overdue else "dim")
        summary.append("  ·  ")
        summary.append(f"{due_today:,} due today", "bold" if due_today else "dim")
        summary.append("  ·  ")
        summary.append(f"{later:,} later this week", "dim")
        shown, total = len(due.all), overdue + due_today + later
        self.border_subtitle = f"{shown} of {total:,} shown" if shown < total else ""
        if not is_business_day(local_date(now, settings)):
            summary.append("  ·  weekend: nothing falls due today", "dim")
        if not due.all:
            summary = Text("Nothing due this week. Log an interview with i in the pipeline.")
        self.query_one("#today-summary", Static).update(summary)

    @staticmethod
    def _cells(item: FollowUpItem, now: dt.datetime, settings: Settings) -> list[Cell]:
        from db.cadence import describe_due

        when = describe_due(item.due_at, now, settings)
        if when.startswith("today"):
            style = "bold yellow"
        elif item.due_at < now:
            style = "bold red"
        else:
            style = "dim"
        about = " · ".join(p for p in (item.company, item.role) if p) or "(no application)"
        return [
            cell(when, style),
            cell(KIND_LABEL.get(item.kind, item.kind)),
            cell(item.contact_name),
            cell(item.channel),
            cell(about, "dim"),
        ]
