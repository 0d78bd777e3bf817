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

    @property
    def selected_id(self) -> int | None:
        """The highlighted row's key as a database id (rows are keyed by id)."""
        key = self.selected_key
        return int(key) if key else None

    def replace_rows(self, rows, *, keep: str | None = None) -> None:
        """Show `rows` ((key, cells) pairs), keeping the cursor on `keep` (by key) or at
        the same index. When rows only went away or changed in place (the usual case
        after marking one sent) the table is patched, not rebuilt: far less to redraw."""
        index = self.cursor_row
        rows = list(rows)
        old_keys = [key.value for key in self.rows]
        new_keys = [key for key, _ in rows]
        if not self._patch(old_keys, new_keys, rows):
            self.clear()
            for key, cells in rows:
                self.add_row(*cells, key=key)
        if not self.row_count:
            return
        if keep is not None and keep in self.rows:
            index = self.get_row_index(keep)
        self.move_cursor(row=min(index, self.row_count - 1), animate=False)

    def _patch(self, old_keys: list[str], new_keys: list[str], rows) -> bool:
        """Remove rows and update cells in place when the order is unchanged."""
        kept = set(new_keys)
        if [k for k in old_keys if k in kept] != new_keys or not old_keys:
            return False
        for key in old_keys:
            if key not in kept:
                self.remove_row(key)
        columns = list(self.columns)
        for key, cells in rows:
            for column, (old, new) in zip(
                columns, zip(self.get_row(key), cells, strict=True), strict=True
            ):
                if old != new:
                    self.update_cell(key, column, new)
        return True
