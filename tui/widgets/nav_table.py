"""A DataTable that also moves with j/k and keeps its place across reloads."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class NavTable(DataTable):
    """Row cursor, zebra stripes, vim keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, if any."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def replace_rows(self, rows, *, keep: str | None = None) -> None:
        """Swap every row, keeping the cursor on `keep` (by key) or at the same index."""
        index = self.cursor_row
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if not self.row_count:
            return
        if keep is not None and keep in self.rows:
            index = self.get_row_index(keep)
        self.move_cursor(row=min(index, self.row_count - 1), animate=False)
