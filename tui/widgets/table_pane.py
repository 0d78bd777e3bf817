"""A bordered pane around one NavTable that is created on first use.

The main screen's first frame shows each pane's border, title and "Loading…" line;
DataTable (its import, styles and first layout) costs more than that whole frame, so
the main screen mounts it just after that frame, or when data arrives, if sooner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.containers import Vertical

if TYPE_CHECKING:
    from tui.widgets.nav_table import NavTable


class TablePane(Vertical, can_focus=False):
    """Subclasses name their table's id and columns: (label, key, width)."""

    TABLE_ID: ClassVar[str]
    COLUMNS: ClassVar[tuple[tuple[str, str, int], ...]]
    FOCUS_TABLE: ClassVar[bool] = False
    """Take the focus when the table mounts, if nothing else has it."""

    @property
    def table(self) -> NavTable:
        found = self.query(f"#{self.TABLE_ID}")
        return found.first() if found else self._mount_table()

    def _mount_table(self) -> NavTable:
        from tui.widgets.nav_table import NavTable

        table = NavTable(id=self.TABLE_ID)
        for label, key, width in self.COLUMNS:
            table.add_column(label, key=key, width=width)
        self.mount(table)
        if self.FOCUS_TABLE and self.screen.focused is None:
            table.focus()
        return table

    @property
    def selected_id(self) -> int | None:
        return self.table.selected_id
