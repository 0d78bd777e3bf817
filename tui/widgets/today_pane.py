"""Today: what is overdue, what is due today, then the rest of the week."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message

from tui.rows import today_cells
from tui.widgets.looks import Drawn, Look
from tui.widgets.table_pane import TablePane

if TYPE_CHECKING:
    from db.days import Settings
    from db.records import DueList, FollowUpItem
    from tui.widgets.nav_table import NavTable

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""English names whatever the locale, as tui.words.day writes them."""


class TodayPane(TablePane):
    """The triage list; its keys act on the highlighted follow-up."""

    TABLE_ID = "today-table"
    FOCUS_TABLE = True
    COLUMNS = (
        # (label, key, width, narrowest): Who and About give way on a narrow screen.
        ("When", "when", 16, 15),
        ("What", "kind", 13, 13),
        ("Who", "who", 18, 13),
        ("By", "channel", 6, 6),
        ("About", "about", 60, 12),
    )
    BORDER_TITLE = "1 Today"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e", "screen.open_note", "Open", id="open-note", tooltip="Write the note (or Enter)"
        ),
        Binding("s", "screen.mark_sent", "Sent", id="mark-sent", tooltip="Mark sent; plan next"),
        Binding("z", "screen.snooze", "Snooze", id="snooze", tooltip="Move to a later day"),
        Binding(
            "R",
            "screen.reschedule",
            "Reschedule",
            id="reschedule",
            tooltip="Another day, earlier or later, or another channel",
        ),
        Binding("x", "screen.skip", "Skip", id="skip", tooltip="Skip, with a reason"),
        Binding(
            "o",
            "screen.call_outcome",
            "Call",
            id="call-outcome",
            tooltip="Log a call: reached, voicemail, no answer",
        ),
    ]

    class FollowUpChosen(Message):
        """Enter (or a click) chose a follow-up: its note should open."""

        def __init__(self, item: FollowUpItem) -> None:
            super().__init__()
            self.item = item

    def compose(self) -> ComposeResult:
        # The table comes with the first data (see TablePane).
        yield Drawn("Loading…", id="today-summary")

    def on_nav_table_row_selected(self, event: NavTable.RowSelected) -> None:
        event.stop()
        item = self.record(int(event.key))
        if item is not None:
            self.post_message(self.FollowUpChosen(item))

    def show(self, due: DueList, now: dt.datetime, settings: Settings) -> None:
        # db.cadence is imported here, not before the first frame (~7 ms).
        from db.days import is_business_day, local_date

        rows = self.rows_for(due.all, today_cells, now, settings)
        self.table.replace_rows(rows, keep=None)
        overdue, due_today, later = due.totals
        shown, total = len(due.all), overdue + due_today + later
        self.titled(subtitle=f"{shown} of {total:,} shown" if shown < total else "")
        today = local_date(now, settings)
        weekend = not is_business_day(today)
        # The list runs a week ahead, into next week: its last day is named, never
        # "this week". On a weekend the rules plan nothing new, but a thank-you or a
        # snoozed follow-up can still fall due: the line says so only when none does.
        last_day = today + dt.timedelta(days=7)
        through = f"{WEEKDAYS[last_day.weekday()]} {last_day.day} {MONTHS[last_day.month - 1]}"
        nothing = not due.all  # the line keeps this, not the list it was read from

        def summary(look: Look) -> Text:
            if nothing:
                return Text(f"Nothing due by {through}. Log an interview with i in the pipeline.")
            text = Text()
            text.append(f"{overdue:,} overdue", look("overdue" if overdue else "muted"))
            text.append("  ·  ")
            if weekend and not due_today:
                text.append("nothing due today (weekend)", look("muted"))
            else:
                text.append(f"{due_today:,} due today", look("strong" if due_today else "muted"))
            text.append("  ·  ")
            text.append(f"{later:,} more by {through}", look("muted"))
            return text

        self.query_one("#today-summary", Drawn).draw(summary)
