"""The cells of Today's and the Pipeline's rows, from their records: plain words, no
Textual, so that the first data's child process (tui/first_data.py) builds the first
frame's rows while this process imports Textual, and the panes build every later row
with the same functions.

A pane keeps each row's cells under a signature (the record, the minute, the
settings): the same signature, the same words (see TablePane.rows_for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING

from tui.cells import Cell, cell

if TYPE_CHECKING:
    from db.days import Settings
    from db.records import ApplicationRow, FollowUpItem

KIND_LABEL = {
    "thank-you": "Thank-you",
    "check-in": "Check-in",
    "application check-in": "App. check-in",
    "feedback request": "Feedback ask",
    "keep-warm": "Keep warm",
    "reference heads-up": "Ref. heads-up",
    "event follow-up": "After event",
    "addendum": "Addendum",
    "feedback thanks": "Feedback thx",
    "custom": "Note",
}

Memo = dict[str, tuple[tuple, list[Cell]]]
"""Row key (the record's id) -> (the row's signature, its cells)."""


def signature(record: Hashable, now: dt.datetime, *extra: Hashable) -> tuple:
    """What a row's cells are made from: its record, the minute ("today 09:00" and
    "2 days overdue" move no faster) and `extra` (the settings)."""
    return (record, now.replace(second=0, microsecond=0), *extra)


def today_cells(item: FollowUpItem, now: dt.datetime, settings: Settings) -> list[Cell]:
    from db.due import DueState, due_state
    from tui.about import about
    from tui.relative import describe_due

    state = due_state(item.due_at, now, settings)
    look = {DueState.OVERDUE: "overdue", DueState.TODAY: "due-today"}.get(state, "muted")
    return [
        cell(describe_due(item.due_at, now, settings), look),
        cell(KIND_LABEL.get(item.kind, item.kind)),
        cell(item.contact_name),
        cell(item.channel),
        cell(about(item), "muted"),
    ]


def pipeline_cells(app: ApplicationRow, now: dt.datetime, settings: Settings) -> list[Cell]:
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
    if app.archived and app.next_due is None:
        nxt = "archived"
    return [
        cell(app.company),
        cell(app.role),
        cell(app.stage, "muted" if app.archived else ""),
        cell(nxt, looks.get(state, "muted")),
        cell(last, "muted"),
    ]


def memo(
    records: Iterable[Hashable], cells: Callable[..., list[Cell]], now: dt.datetime, settings
) -> Memo:
    """Every record's row, built anew, as a pane keeps it."""
    return {
        str(r.id): (signature(r, now, settings), cells(r, now, settings))  # type: ignore[attr-defined]
        for r in records
    }


def first_rows(data) -> tuple[Memo, Memo]:
    """Today's and the Pipeline's rows for the first data (tui.first_data.MainData), as
    the panes would build them."""
    return (
        memo(data.due.all, today_cells, data.now, data.settings),
        memo(data.summary.active, pipeline_cells, data.now, data.settings),
    )
