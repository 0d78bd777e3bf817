"""A bordered pane around one NavTable that is created on first use.

The main screen's first frame shows each pane's border, title and "Loading…" line;
the table is mounted with the first data, so one layout and paint shows it filled.
Each row is keyed to the record it was drawn from, and the pane keeps the records:
code that needs a row's stage or person reads the record, never the cell's text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.containers import Vertical

if TYPE_CHECKING:
    from tui.widgets.nav_table import NavTable

Cells = Callable[[Hashable, dt.datetime, object], list]
"""`cells(record, now, settings)`: a row's cells (tui/rows.py)."""


class TablePane(Vertical, can_focus=False):
    """Subclasses name their table's id and columns: (label, key, width), or (label,
    key, width, narrowest) for a column that may give way on a narrow screen."""

    TABLE_ID: ClassVar[str]
    COLUMNS: ClassVar[tuple[tuple, ...]]
    FOCUS_TABLE: ClassVar[bool] = False
    """Take the focus when the table mounts, if nothing else has it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._table: NavTable | None = None
        self._memo: dict[str, tuple[tuple, list]] = {}
        """Row key -> (what the cells were made from, the cells); see rows_for."""
        self._records: dict[str, Hashable] = {}
        """Row key -> the record the row shows."""
        self._titles: tuple[str | None, str | None] = (self.BORDER_TITLE, None)
        """The border's title and subtitle as last set through `titled`."""

    def rows_for(
        self, records: Iterable[Hashable], cells: Cells, now: dt.datetime, settings
    ) -> list[tuple[str, list]]:
        """(id as the row key, cells) per record, reusing last time's cells for a record
        whose signature (tui.rows.signature: the record, the minute, the settings) has
        not changed. After an action most rows are unchanged, and NavTable draws again
        only the rows whose cells changed."""
        from tui.rows import signature

        previous, memo, rows, self._records = self._memo, {}, [], {}
        for record in records:
            row_key = str(record.id)  # type: ignore[attr-defined]
            made_from = signature(record, now, settings)
            hit = previous.get(row_key)
            row = (
                hit[1] if hit is not None and hit[0] == made_from else cells(record, now, settings)
            )
            memo[row_key] = (made_from, row)
            rows.append((row_key, row))
            self._records[row_key] = record
        self._memo = memo
        return rows

    def seed(self, memo: dict[str, tuple[tuple, list]]) -> None:
        """Rows built elsewhere (tui.rows.first_rows, in the first data's child), kept
        as if this pane had built them: rows_for uses those whose signature matches."""
        if not self._memo:
            self._memo = memo

    def more_rows(
        self, records: Iterable[Hashable], cells: Cells, now: dt.datetime, settings
    ) -> list[tuple[str, list]]:
        """(id, cells) per record of a further page, kept beside the rows shown."""
        rows = []
        for record in records:
            row_key = str(record.id)  # type: ignore[attr-defined]
            self._records.setdefault(row_key, record)
            rows.append((row_key, cells(record, now, settings)))
        return rows

    def record(self, record_id: int | None):
        """The record of the row keyed `record_id`, if it is shown."""
        return None if record_id is None else self._records.get(str(record_id))

    @property
    def selected(self):
        """The record of the highlighted row, if any."""
        return self.record(self.selected_id)

    @property
    def table(self) -> NavTable:
        return self._table if self._table is not None else self._mount_table()

    def _mount_table(self) -> NavTable:
        from tui.widgets.nav_table import NavTable

        self._table = table = NavTable(id=self.TABLE_ID)
        for label, key, width, *narrowest in self.COLUMNS:
            table.add_column(label, key=key, width=width, min_width=next(iter(narrowest), None))
        self.mount(table)
        if self.FOCUS_TABLE and self.screen.focused is None:
            table.focus()
        return table

    @property
    def selected_id(self) -> int | None:
        return self.table.selected_id

    def titled(self, title: str | None = None, subtitle: str | None = None) -> None:
        """Set the border's title and subtitle (None: as they are), only when they
        change: Textual redraws the whole pane on each set, even to the same words."""
        if title is not None and title != self._titles[0]:
            self.border_title = title
        if subtitle is not None and subtitle != self._titles[1]:
            self.border_subtitle = subtitle
        self._titles = (
            self._titles[0] if title is None else title,
            self._titles[1] if subtitle is None else subtitle,
        )
